"""Claims with their evidence: pages of them for the views, and the frame reader every
query of this package shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict, Unpack

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from analysis.models import MENTION_OFFSETS, RELATION_FIELDS, TIME_FIELDS
from analysis.queries.filters import Filters, conditions
from analysis.store import articles, claims

# The columns of a claim's article that come with it.
ARTICLE_COLUMNS = ("title", "outlet", "url", "published")
CLAIM_COLUMNS = (
    "id",
    "article_id",
    *RELATION_FIELDS,
    "date",
    "alleged",
    "confidence",
    *TIME_FIELDS,
    "status",
    "sentence",
    "supporter_text",
    "target_text",
    *MENTION_OFFSETS,
    "start",
    *ARTICLE_COLUMNS,
)

# The columns of CLAIM_COLUMNS that the claims table holds itself.
OWN_COLUMNS = CLAIM_COLUMNS[: -len(ARTICLE_COLUMNS)]


def read_frame(engine: Engine, stmt, columns: Sequence[str]) -> pd.DataFrame:
    """The rows of `stmt` as a DataFrame with `columns`."""
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


class Pick(TypedDict, total=False):
    """Claims of one matrix cell, or part of one: a supporter, target and relation (each
    None or left out for any)."""

    supporter: str | None
    target: str | None
    relation: str | None


def pick_conditions(t, pick: Pick) -> list:
    """The conditions of `pick` on the columns `t` of the claims or a summary table."""
    return [t[name] == value for name, value in pick.items() if value]


def claim_conditions(f: Filters, pick: Pick) -> list:
    """Asserted claims matching the filters `f` and the cell `pick`."""
    return conditions(f) + pick_conditions(claims.c, pick)


def claims_page(
    engine: Engine, f: Filters, *, offset: int = 0, limit: int = 50, **pick: Unpack[Pick]
) -> pd.DataFrame:
    """One page of asserted claims with their article's title, outlet, url and date,
    newest first."""
    stmt = claims_select(claim_conditions(f, pick))
    return read_frame(engine, stmt.offset(offset).limit(limit), CLAIM_COLUMNS)


def claims_select(conds: list):
    c, a = claims.c, articles.c
    cols = [c[name] for name in OWN_COLUMNS] + [a[name] for name in ARTICLE_COLUMNS]
    return (
        select(*cols)
        .join_from(claims, articles, c.article_id == a.id)
        .where(*conds)
        .order_by(c.date.desc(), c.id.desc())
    )
