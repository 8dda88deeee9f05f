"""The filtered claims as CSV or JSON, and the matrix as CSV, for the export view."""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from analysis.queries.claims import CLAIM_COLUMNS, claims_select
from analysis.queries.filters import Filters, conditions
from analysis.store import articles, claims

_SHOWN = [n for n in CLAIM_COLUMNS if n not in {"id", "article_id", "start"}]
# Each claim's finer group (GNU, HoR, Syrian National Army, ...) follows its target.
_AFTER = _SHOWN.index("target") + 1
# Each claim's article's public data set ("" for none): its licence asks that anything
# published from those articles credits it (`dataset_attributions`).
EXPORT_COLUMNS = tuple([*_SHOWN[:_AFTER], "group", *_SHOWN[_AFTER:], "dataset"])


def export_claims(engine: Engine, f: Filters, *, fmt: str = "csv", batch: int = 5000) -> bytes:
    """Every asserted claim matching `f` (with its group), with its article's title,
    outlet, url, date and data set, as CSV or JSON bytes. Rows are streamed from the
    database `batch` at a time."""
    if fmt not in {"csv", "json"}:
        raise ValueError(f"unknown export format {fmt!r}; use 'csv' or 'json'")
    out = io.StringIO()
    records: list[dict] = []
    header = True
    with engine.connect() as conn:
        stmt = claims_select(conditions(f)).add_columns(claims.c.grp, articles.c.dataset)
        result = conn.execution_options(yield_per=batch).execute(stmt)
        for rows in result.partitions():
            columns = [*CLAIM_COLUMNS, "group", "dataset"]
            page = pd.DataFrame([tuple(r) for r in rows], columns=columns)
            page = page[list(EXPORT_COLUMNS)]
            if fmt == "csv":
                page.to_csv(out, index=False, header=header)
                header = False
            else:
                records.extend(_json_records(page))
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1).encode()
    if header:  # no rows at all: still give the header line
        pd.DataFrame(columns=list(EXPORT_COLUMNS)).to_csv(out, index=False)
    return out.getvalue().encode()


def _json_records(df: pd.DataFrame) -> list[dict]:
    records = df.astype(object).where(df.notna(), None).to_dict("records")
    return [{k: _jsonable(v) for k, v in row.items()} for row in records]


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def matrix_csv(matrix_df: pd.DataFrame) -> bytes:
    """The supporter×target matrix as CSV bytes."""
    return matrix_df.to_csv(index=False).encode()
