"""Claims with their evidence: pages of them for the views, and the frame reader every
query of this package shares."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from analysis.models import MENTION_OFFSETS, RELATION_FIELDS
from analysis.queries.filters import Filters, conditions
from analysis.store import articles, claims

CLAIM_COLUMNS = (
    "id",
    "article_id",
    *RELATION_FIELDS,
    "date",
    "alleged",
    "confidence",
    "status",
    "sentence",
    "supporter_text",
    "target_text",
    *MENTION_OFFSETS,
    "start",
    "title",
    "outlet",
    "url",
    "published",
)


def read_frame(engine: Engine, stmt, columns: Sequence[str]) -> pd.DataFrame:
    """The rows of `stmt` as a DataFrame with `columns`."""
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def claim_conditions(
    f: Filters, supporter: str | None, target: str | None, relation: str | None
) -> list:
    conds = conditions(f)
    if supporter:
        conds.append(claims.c.supporter == supporter)
    if target:
        conds.append(claims.c.target == target)
    if relation:
        conds.append(claims.c.relation == relation)
    return conds


def claims_page(
    engine: Engine,
    f: Filters,
    *,
    supporter: str | None = None,
    target: str | None = None,
    relation: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> pd.DataFrame:
    """One page of asserted claims with their article's title, outlet, url and date,
    newest first."""
    stmt = claims_select(claim_conditions(f, supporter, target, relation))
    return read_frame(engine, stmt.offset(offset).limit(limit), CLAIM_COLUMNS)


def claims_select(conds: list):
    c, a = claims.c, articles.c
    cols = [c[name] for name in CLAIM_COLUMNS[:20]] + [a.title, a.outlet, a.url, a.published]
    return (
        select(*cols)
        .join_from(claims, articles, c.article_id == a.id)
        .where(*conds)
        .order_by(c.date.desc(), c.id.desc())
    )
