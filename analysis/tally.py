"""Dashboard queries: every aggregate is computed in the database, never from all raw rows.

Each function takes an engine and a `Filters` and returns a small DataFrame (or a few
numbers). The queries use the indexes declared in `analysis.store`, so they stay quick
when the store holds a million claims.

`counts`, `matrix`, `timeline`, `supporters` and `claims_count` read the summary tables
kept at write time (`store.cells`, `store.cell_months`, `store.article_counts`), so their
time does not grow with the number of claims. They fall back on the claims table, with the
same queries as before the summaries, where a summary cannot give the exact answer: a date
filter that cuts a month (and any date filter for `counts`), a confidence or outlet filter,
the distinct-article count of `counts` under an actor filter, and the few cells where
summing summary rows could count an article twice (see `_matrix_from_summary` and
`_timeline_from_summary`). The results are identical either way; tests/test_summary.py
compares the two paths.

The other reads (claim and article pages, export, camps, the camps network, periods and
stance changes) live in `analysis.queries`; their names are re-exported here, so
`tally.<name>` reaches every query.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date
from typing import Unpack

import pandas as pd
from sqlalchemy import case, distinct, func, select, tuple_
from sqlalchemy.engine import Engine

from analysis.queries.articles import (
    CONTEXT_CHARS,
    DATASET_COLUMNS,
    ArticleDetail,
    article_count,
    article_detail,
    article_filters,
    articles_count,
    articles_page,
    dataset_attributions,
    outlets,
    sample_articles,
    source_name,
    theaters,
    unknown_entities,
)
from analysis.queries.claims import (
    CLAIM_COLUMNS,
    Pick,
    claim_conditions,
    claims_page,
    pick_conditions,
)
from analysis.queries.export import EXPORT_COLUMNS, export_claims, matrix_csv
from analysis.queries.filters import (
    ASSERTED,
    OPPOSES,
    SUPPORTS,
    Filters,
    cell_conditions,
    conditions,
)
from analysis.queries.network import EDGE_COLUMNS, NODE_COLUMNS, Network, network
from analysis.queries.periods import (
    CHANGE_COLUMNS,
    PERIOD_COLUMNS,
    period_claims,
    periods,
    stance_changes,
)
from analysis.queries.places import PLACE_COLUMNS, evidence_places, place_claims
from analysis.queries.stances import camps
from analysis.store import (
    WITH_CLAIMS,
    WITH_OUTSIDE,
    articles,
    cell_months,
    cell_outlets,
    cells,
    claims,
)

__all__ = [
    "ASSERTED",
    "CHANGE_COLUMNS",
    "PERIOD_COLUMNS",
    "PLACE_COLUMNS",
    "CLAIM_COLUMNS",
    "CONTEXT_CHARS",
    "DATASET_COLUMNS",
    "EDGE_COLUMNS",
    "EXPORT_COLUMNS",
    "MATRIX_COLUMNS",
    "NODE_COLUMNS",
    "OPPOSES",
    "OUTLET_COLUMNS",
    "Pick",
    "SUPPORTS",
    "TIMELINE_COLUMNS",
    "ArticleDetail",
    "Counts",
    "Filters",
    "Network",
    "article_detail",
    "article_filters",
    "articles_count",
    "articles_page",
    "camps",
    "claims_count",
    "claims_page",
    "counts",
    "dataset_attributions",
    "evidence_places",
    "export_claims",
    "matrix",
    "matrix_csv",
    "matrix_network",
    "network",
    "outlet_alignments",
    "outlets",
    "period_claims",
    "place_claims",
    "periods",
    "sample_articles",
    "source_name",
    "stance_changes",
    "supporters",
    "theaters",
    "timeline",
    "unknown_entities",
]

MATRIX_COLUMNS = (
    "supporter",
    "target",
    "theater",
    "supports_articles",
    "opposes_articles",
    "net",
    "first",
    "last",
    "outlets",  # distinct named outlets of the cell's articles, both relations together
)
TIMELINE_COLUMNS = ("month", "supporter", "target", "relation", "articles")
OUTLET_COLUMNS = ("outlet", "supporter", "target", "supports_articles", "opposes_articles")


@dataclass(frozen=True)
class Counts:
    """Headline numbers for the filtered, asserted claims."""

    articles: int
    claims: int
    actors: int
    theaters: int
    first: date | None
    last: date | None


def _summary_source(f: Filters, *, months: bool = False):
    """The summary table that answers `f` (`cell_months`, dated months only, when `months`
    or a date filter asks for it, else `cells`) with its WHERE conditions; None when a date
    filter cuts a month (only the claims table knows the days), a confidence is asked
    for (the summaries count claims of every confidence) or outlets are chosen (the
    summaries count the articles of every outlet)."""
    if f.min_confidence > 0 or f.outlets:
        return None
    if not f.date_from and not f.date_to:
        t = cell_months.c if months else cells.c
        conds = [t.month != ""] if months else []
    elif (not f.date_from or f.date_from.day == 1) and (
        not f.date_to or f.date_to.day == monthrange(f.date_to.year, f.date_to.month)[1]
    ):
        t = cell_months.c
        conds = [t.month != ""]
        if f.date_from:
            conds.append(t.month >= f.date_from.isoformat()[:7])
        if f.date_to:
            conds.append(t.month <= f.date_to.isoformat()[:7])
    else:
        return None
    return t, conds + cell_conditions(t, f)


def counts(engine: Engine, f: Filters) -> Counts:
    """Distinct articles, claims, supporters and theaters, and the first and last claim date.

    From `cells` without a date filter; the distinct articles from `article_counts` (the
    counts of `article_theaters`) unless actors are chosen (then from the claims). With a
    date filter, from the claims. With `f.min_articles` > 1, only the claims of the cells
    the matrix keeps are counted."""
    if f.min_articles > 1:
        return _counts_of_cells(engine, f)
    source = _summary_source(f)
    if source is None or f.date_from or f.date_to:
        return _counts_from_claims(engine, f)
    t, conds = source
    stmt = select(
        func.coalesce(func.sum(t.claims), 0),
        func.count(distinct(t.supporter)),
        func.count(distinct(t.theater)),
        func.min(t.first),
        func.max(t.last),
    ).where(*conds)
    if f.actors:
        n_articles = select(func.count(distinct(claims.c.article_id))).where(*conditions(f))
    else:  # the articles of `article_theaters` on the filters' side, as counted there
        scope = WITH_CLAIMS if f.include_factions else WITH_OUTSIDE
        n_articles = article_count(f.theater or "", scope)
    with engine.connect() as conn:
        n_claims, actors, theaters_, first, last = conn.execute(stmt).one()
        n = conn.execute(n_articles).scalar_one() if n_claims else 0
    return Counts(n, n_claims, actors, theaters_, first, last)


def _counts_of_cells(engine: Engine, f: Filters) -> Counts:
    """The counts of the claims in the matrix's cells (those with `f.min_articles`)."""
    kept = matrix(engine, f)
    if kept.empty:
        return Counts(0, 0, 0, 0, None, None)
    keys = list(kept[["supporter", "target", "theater"]].itertuples(index=False, name=None))
    c = claims.c
    return _counts_from_claims(engine, f, tuple_(c.supporter, c.target, c.theater).in_(keys))


def _counts_from_claims(engine: Engine, f: Filters, *extra) -> Counts:
    c = claims.c
    stmt = select(
        func.count(distinct(c.article_id)),
        func.count(),
        func.count(distinct(c.supporter)),
        func.count(distinct(c.theater)),
        func.min(c.date),
        func.max(c.date),
    ).where(*conditions(f), *extra)
    with engine.connect() as conn:
        row = conn.execute(stmt).one()
    return Counts(*row)


def matrix(engine: Engine, f: Filters) -> pd.DataFrame:
    """One row per supporter→target cell: distinct supporting and opposing articles.

    `net` is supports_articles - opposes_articles; a cell is kept when at least
    `f.min_articles` distinct articles back either relation.
    """
    source = _summary_source(f)
    if source is None:
        rows = _matrix_from_claims(engine, f)
    else:
        rows = _matrix_from_summary(engine, f, *source)
    df = pd.DataFrame(rows, columns=[n for n in MATRIX_COLUMNS if n not in ("net", "outlets")])
    df.insert(5, "net", df["supports_articles"] - df["opposes_articles"])
    counted = _outlets_per_cell(
        engine, f, summary=source is not None and not f.date_from and not f.date_to
    )
    df["outlets"] = [
        counted.get(key, 0)
        for key in zip(df["supporter"], df["target"], df["theater"], strict=True)
    ]
    return df


def matrix_network(engine: Engine, f: Filters) -> Network:
    """The camps network (`network`) of the matrix under `f`, as one query, so that the
    dashboard caches the layout with the matrix instead of placing the nodes on every
    rerun."""
    return network(matrix(engine, f))


def _outlets_per_cell(engine: Engine, f: Filters, *, summary: bool) -> dict[tuple, int]:
    """Distinct named outlets per (supporter, target, theater): from `cell_outlets` when the
    filters allow (no date range, confidence or outlet filter), else from the claims."""
    if summary:
        t = cell_outlets.c
        stmt = select(t.supporter, t.target, t.theater, func.count(distinct(t.outlet)))
        stmt = stmt.where(*cell_conditions(t, f), t.outlet != "")
        stmt = stmt.group_by(t.supporter, t.target, t.theater)
    else:
        c, a = claims.c, articles.c
        stmt = (
            select(c.supporter, c.target, c.theater, func.count(distinct(a.outlet)))
            .join_from(claims, articles, c.article_id == a.id)
            .where(*conditions(f), a.outlet != "")
            .group_by(c.supporter, c.target, c.theater)
        )
    with engine.connect() as conn:
        return {(s, t, th): n for s, t, th, n in conn.execute(stmt)}


def _matrix_from_summary(engine: Engine, f: Filters, t, conds: list) -> list[tuple]:
    """Matrix rows from `cells` (or `cell_months` for whole months), where sums of summary
    rows are exact; the other cells are recounted from the claims. A cell is recounted when
    one relation comes from two supporter types, when its months are summed and an article
    has claims in two of them (`cells.multi_month`), or when `min_articles` falls between
    the bounds of its distinct articles over both relations (max and sum of the two)."""
    is_sup, is_opp = t.relation == SUPPORTS, t.relation == OPPOSES
    stmt = (
        select(
            t.supporter,
            t.target,
            t.theater,
            func.sum(case((is_sup, t.articles), else_=0)),
            func.sum(case((is_opp, t.articles), else_=0)),
            func.min(t.first),
            func.max(t.last),
            func.count(distinct(case((is_sup, t.supporter_type)))),
            func.count(distinct(case((is_opp, t.supporter_type)))),
        )
        .where(*conds)
        .group_by(t.supporter, t.target, t.theater)
        .order_by(t.theater, t.supporter, t.target)
    )
    with engine.connect() as conn:
        found = conn.execute(stmt).all()
        spanning: set[tuple] = set()
        if t is cell_months.c:
            k, k_conds = _summary_source(replace(f, date_from=None, date_to=None))
            spanning = set(
                conn.execute(
                    select(k.supporter, k.target, k.theater)
                    .where(*k_conds, k.multi_month > 0)
                    .distinct()
                ).all()
            )
    rows, recount = [], []
    for sup_name, tgt, theater, sup, opp, first, last, sup_types, opp_types in found:
        key = (sup_name, tgt, theater)
        if sup + opp < f.min_articles:
            continue
        ambiguous = max(sup, opp) < f.min_articles
        if ambiguous or sup_types > 1 or opp_types > 1 or key in spanning:
            recount.append(key)
        else:
            rows.append((sup_name, tgt, theater, sup, opp, first, last))
    if recount:
        rows += _matrix_from_claims(engine, f, only=recount)
        rows.sort(key=lambda r: (r[2], r[0], r[1]))
    return rows


def _matrix_from_claims(engine: Engine, f: Filters, *, only: list[tuple] | None = None):
    """The matrix from the claims table (all cells, or the (supporter, target, theater)
    cells `only`)."""
    c = claims.c
    conds = conditions(f)
    if only is not None:
        conds.append(tuple_(c.supporter, c.target, c.theater).in_(only))
    sup = func.count(distinct(case((c.relation == SUPPORTS, c.article_id))))
    opp = func.count(distinct(case((c.relation == OPPOSES, c.article_id))))
    stmt = (
        select(
            c.supporter,
            c.target,
            c.theater,
            sup.label("supports_articles"),
            opp.label("opposes_articles"),
            func.min(c.date),
            func.max(c.date),
        )
        .where(*conds)
        .group_by(c.supporter, c.target, c.theater)
        .having(func.count(distinct(c.article_id)) >= f.min_articles)
        .order_by(c.theater, c.supporter, c.target)
    )
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt)]


def timeline(engine: Engine, f: Filters) -> pd.DataFrame:
    """Distinct articles per month, supporter, target and relation (claims without a date
    are left out). Cells below `f.min_articles` over the whole period are dropped."""
    source = _summary_source(f, months=True)
    if source is None:
        rows = _timeline_from_claims(engine, f)
    else:
        rows = _timeline_from_summary(engine, f, *source)
    df = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    if f.min_articles > 1 and not df.empty:
        cells = matrix(engine, f)[["supporter", "target"]].drop_duplicates()
        df = df.merge(cells, on=["supporter", "target"])
    return df


def _timeline_from_summary(engine: Engine, f: Filters, m, conds: list) -> list[tuple]:
    """Timeline rows from `cell_months`. A row sums the theaters and supporter types of a
    supporter, target, relation and month; where two of them share an article
    (`cell_months.shared`), that row is recounted from the claims."""
    stmt = (
        select(
            m.month,
            m.supporter,
            m.target,
            m.relation,
            func.sum(m.articles),
            func.count(),
            func.max(m.shared),
        )
        .where(*conds)
        .group_by(m.month, m.supporter, m.target, m.relation)
        .order_by(m.month, m.supporter, m.target, m.relation)
    )
    with engine.connect() as conn:
        found = conn.execute(stmt).all()
    rows = [tuple(r[:5]) for r in found if r[5] == 1 or r[6] == 0]
    recount = [tuple(r[:4]) for r in found if r[5] > 1 and r[6] > 0]
    if recount:
        rows += _timeline_from_claims(engine, f, only=recount)
        rows.sort(key=lambda r: r[:4])
    return rows


def _timeline_from_claims(engine: Engine, f: Filters, *, only: list[tuple] | None = None):
    """The timeline from the claims table (all rows, or the (month, supporter, target,
    relation) rows `only`)."""
    c = claims.c
    conds = [*conditions(f), c.month.is_not(None)]
    if only is not None:
        conds.append(tuple_(c.month, c.supporter, c.target, c.relation).in_(only))
    stmt = (
        select(c.month, c.supporter, c.target, c.relation, func.count(distinct(c.article_id)))
        .where(*conds)
        .group_by(c.month, c.supporter, c.target, c.relation)
        .order_by(c.month, c.supporter, c.target, c.relation)
    )
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt)]


def claims_count(engine: Engine, f: Filters, **pick: Unpack[Pick]) -> int:
    """How many claims `claims_page` pages through: a sum over the summary tables unless
    a date filter cuts a month."""
    source = _summary_source(f)
    if source is None:
        stmt = select(func.count()).where(*claim_conditions(f, pick))
    else:
        t, conds = source
        stmt = select(func.coalesce(func.sum(t.claims), 0)).where(*conds, *pick_conditions(t, pick))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def supporters(
    engine: Engine, *, theater: str | None = None, include_factions: bool = False
) -> list[str]:
    """The supporters that have asserted claims (outside actors only unless
    `include_factions`), sorted; for the sidebar's actor choice."""
    f = Filters(theater=theater, include_factions=include_factions)
    source = _summary_source(f)
    if source is None:
        c = claims.c
        stmt = select(c.supporter).distinct().where(*conditions(f)).order_by(c.supporter)
    else:
        t, conds = source
        stmt = select(t.supporter).distinct().where(*conds).order_by(t.supporter)
    with engine.connect() as conn:
        return [s for (s,) in conn.execute(stmt)]


def outlet_alignments(engine: Engine, f: Filters) -> pd.DataFrame:
    """Which outlets report which alignments: per outlet and supporter→target pair, the
    distinct articles saying the supporter supports and opposes the target. Only the pairs
    the matrix keeps under `f.min_articles` are counted. Always from the claims (the
    summaries do not know outlets)."""
    c, a = claims.c, articles.c
    sup = func.count(distinct(case((c.relation == SUPPORTS, c.article_id))))
    opp = func.count(distinct(case((c.relation == OPPOSES, c.article_id))))
    stmt = (
        select(a.outlet, c.supporter, c.target, sup, opp)
        .join_from(claims, articles, c.article_id == a.id)
        .where(*conditions(f))
        .group_by(a.outlet, c.supporter, c.target)
        .order_by(a.outlet, c.supporter, c.target)
    )
    with engine.connect() as conn:
        df = pd.DataFrame([tuple(r) for r in conn.execute(stmt)], columns=list(OUTLET_COLUMNS))
    if f.min_articles > 1 and not df.empty:
        kept = matrix(engine, f)[["supporter", "target"]].drop_duplicates()
        df = df.merge(kept, on=["supporter", "target"])
    return df
