"""Dashboard queries: every aggregate is computed in the database, never from all raw rows.

Each function takes an engine and a `Filters` and returns a small DataFrame (or a few
numbers). The queries use the indexes declared in `analysis.store`, so they stay quick
when the store holds a million claims. `camps` and `stance_changes` are pure pandas
over the (already aggregated) results.

`counts`, `matrix`, `timeline`, `supporters` and `claims_count` read the summary tables
kept at write time (`store.cells`, `store.cell_months`, `store.article_theaters`), so their
time does not grow with the number of claims. They fall back on the claims table, with the
same queries as before the summaries, where a summary cannot give the exact answer: a date
filter that cuts a month (and any date filter for `counts`), the distinct-article count of
`counts` under an actor filter, and the few cells where summing summary rows could count
an article twice (see `_matrix_from_summary` and `_timeline_from_summary`). The results
are identical either way; tests/test_summary.py compares the two paths.
"""

from __future__ import annotations

import io
import json
from calendar import monthrange
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
from sqlalchemy import and_, case, distinct, func, or_, select, tuple_
from sqlalchemy.engine import Engine

from analysis.models import MENTION_OFFSETS, RELATION_FIELDS
from analysis.store import article_theaters, articles, cell_months, cells, claims, mentions

ASSERTED = "asserted"
SUPPORTS = "supports"
OPPOSES = "opposes"
MATRIX_COLUMNS = (
    "supporter",
    "target",
    "theater",
    "supports_articles",
    "opposes_articles",
    "net",
    "first",
    "last",
)
TIMELINE_COLUMNS = ("month", "supporter", "target", "relation", "articles")
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
CONTEXT_CHARS = 60


@dataclass(frozen=True)
class Filters:
    """What the dashboard's sidebar selects. `theater=None` means every theater.

    `min_articles` is the least number of distinct articles a supporter→target cell needs
    to be shown; `include_factions` keeps claims whose supporter is itself a local faction
    (faction-vs-faction hostility), which are left out by default. `min_confidence` drops
    claims the extractor is less sure of (the relation model's below its probability).
    """

    theater: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    actors: tuple[str, ...] = field(default_factory=tuple)
    min_articles: int = 1
    include_factions: bool = False
    min_confidence: float = 0.0

    def to_params(self) -> dict[str, str | list[str]]:
        """The filters as URL query parameters; defaults are left out to keep links short."""
        params: dict[str, str | list[str]] = {}
        if self.theater:
            params["theater"] = self.theater
        if self.date_from:
            params["date_from"] = self.date_from.isoformat()
        if self.date_to:
            params["date_to"] = self.date_to.isoformat()
        if self.actors:
            params["actors"] = list(self.actors)
        if self.min_articles > 1:
            params["min_articles"] = str(self.min_articles)
        if self.include_factions:
            params["factions"] = "true"
        if self.min_confidence > 0:
            params["min_confidence"] = f"{self.min_confidence:g}"
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, str | Sequence[str]]) -> Filters:
        """Read filters back from query parameters; malformed values fall back to defaults."""

        def last(name: str) -> str:
            value = params.get(name) or ""
            return value if isinstance(value, str) else (list(value) or [""])[-1]

        actors = params.get("actors") or ()
        actors = (actors,) if isinstance(actors, str) else tuple(actors)
        min_articles = last("min_articles")
        return cls(
            theater=last("theater") or None,
            date_from=_parse_date(last("date_from")),
            date_to=_parse_date(last("date_to")),
            actors=tuple(a for a in actors if a),
            min_articles=max(1, int(min_articles)) if min_articles.isdigit() else 1,
            include_factions=last("factions").lower() == "true",
            min_confidence=_parse_confidence(last("min_confidence")),
        )


@dataclass(frozen=True)
class Counts:
    """Headline numbers for the filtered, asserted claims."""

    articles: int
    claims: int
    actors: int
    theaters: int
    first: date | None
    last: date | None


@dataclass
class ArticleDetail:
    """One stored article with the actor mentions and claims found in it."""

    article: dict
    mentions: pd.DataFrame
    claims: pd.DataFrame


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _parse_confidence(value: str) -> float:
    """A confidence between 0 and 1 from a URL value; anything else is 0 (no filter)."""
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if 0.0 <= number <= 1.0 else 0.0


def _conditions(f: Filters) -> list:
    """WHERE conditions shared by every claim query: asserted claims matching the filters."""
    c = claims.c
    conds = [c.status == ASSERTED]
    if f.theater:
        conds.append(c.theater == f.theater)
    if f.date_from:
        conds.append(c.date >= f.date_from)
    if f.date_to:
        conds.append(c.date <= f.date_to)
    if f.actors:
        conds.append(c.supporter.in_(f.actors))
    if not f.include_factions:
        conds.append(c.supporter_type != "faction")
    if f.min_confidence > 0:
        conds.append(c.confidence >= f.min_confidence)
    return conds


def _frame(engine: Engine, stmt, columns: Sequence[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def _summary_source(f: Filters, *, months: bool = False):
    """The summary table that answers `f` (`cell_months`, dated months only, when `months`
    or a date filter asks for it, else `cells`) with its WHERE conditions; None when a date
    filter cuts a month (only the claims table knows the days) or a confidence is asked
    for (the summaries count claims of every confidence)."""
    if f.min_confidence > 0:
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
    if f.theater:
        conds.append(t.theater == f.theater)
    if f.actors:
        conds.append(t.supporter.in_(f.actors))
    if not f.include_factions:
        conds.append(t.supporter_type != "faction")
    return t, conds


def counts(engine: Engine, f: Filters) -> Counts:
    """Distinct articles, claims, supporters and theaters, and the first and last claim date.

    From `cells` without a date filter; the distinct articles from `article_theaters`
    unless actors are chosen (then from the claims). With a date filter, from the claims."""
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
    a = article_theaters.c
    if f.actors:
        n_articles = select(func.count(distinct(claims.c.article_id))).where(*_conditions(f))
    else:
        sides = [a.theater == f.theater] if f.theater else []
        if not f.include_factions:
            sides.append(a.outside.is_(True))
        n_articles = select(func.count(distinct(a.article_id))).where(*sides)
    with engine.connect() as conn:
        n_claims, actors, theaters_, first, last = conn.execute(stmt).one()
        n = conn.execute(n_articles).scalar_one() if n_claims else 0
    return Counts(n, n_claims, actors, theaters_, first, last)


def _counts_from_claims(engine: Engine, f: Filters) -> Counts:
    c = claims.c
    stmt = select(
        func.count(distinct(c.article_id)),
        func.count(),
        func.count(distinct(c.supporter)),
        func.count(distinct(c.theater)),
        func.min(c.date),
        func.max(c.date),
    ).where(*_conditions(f))
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
    df = pd.DataFrame(rows, columns=[n for n in MATRIX_COLUMNS if n != "net"])
    df.insert(5, "net", df["supports_articles"] - df["opposes_articles"])
    return df


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
    conds = _conditions(f)
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


def camps(matrix_df: pd.DataFrame) -> pd.DataFrame:
    """Per theater, the outside actors grouped by the faction each backs most on net.

    Returns columns theater, faction, backers (list of actor names, strongest first) and
    net (the summed net evidence of those backers). Actors with no positive net are left out.
    """
    columns = ["theater", "faction", "backers", "net"]
    backing = matrix_df[matrix_df["net"] > 0] if not matrix_df.empty else matrix_df
    if backing.empty:
        return pd.DataFrame(columns=columns)
    best = (
        backing.sort_values(["net", "target"], ascending=[False, True])
        .drop_duplicates(["theater", "supporter"])
        .sort_values(["theater", "target", "net"], ascending=[True, True, False])
    )
    grouped = best.groupby(["theater", "target"], sort=True).agg(
        backers=("supporter", list), net=("net", "sum")
    )
    out = grouped.reset_index().rename(columns={"target": "faction"})
    return out.sort_values(["theater", "net"], ascending=[True, False], ignore_index=True)[columns]


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
    conds = [*_conditions(f), c.month.is_not(None)]
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


def stance_changes(timeline_df: pd.DataFrame) -> pd.DataFrame:
    """Months in which an actor's net stance toward a target changes sign.

    Net per month is supporting minus opposing articles; months with a net of zero
    do not reset the stance. Returns month, supporter, target, net, previous.
    """
    columns = ["month", "supporter", "target", "net", "previous"]
    if timeline_df.empty:
        return pd.DataFrame(columns=columns)
    signed = timeline_df.assign(
        net=timeline_df["articles"].where(timeline_df["relation"] == SUPPORTS, 0)
        - timeline_df["articles"].where(timeline_df["relation"] == OPPOSES, 0)
    )
    monthly = (
        signed.groupby(["supporter", "target", "month"], as_index=False)["net"]
        .sum()
        .sort_values(["supporter", "target", "month"])
    )
    monthly = monthly[monthly["net"] != 0].copy()
    monthly["previous"] = monthly.groupby(["supporter", "target"])["net"].shift()
    flips = monthly[
        monthly["previous"].notna() & ((monthly["net"] > 0) != (monthly["previous"] > 0))
    ]
    out = flips.astype({"previous": int})[columns]
    return out.sort_values(["month", "supporter", "target"], ignore_index=True)


def _claim_conditions(
    f: Filters, supporter: str | None, target: str | None, relation: str | None
) -> list:
    conds = _conditions(f)
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
    stmt = _claims_select(_claim_conditions(f, supporter, target, relation))
    return _frame(engine, stmt.offset(offset).limit(limit), CLAIM_COLUMNS)


def _claims_select(conds: list):
    c, a = claims.c, articles.c
    cols = [c[name] for name in CLAIM_COLUMNS[:20]] + [a.title, a.outlet, a.url, a.published]
    return (
        select(*cols)
        .join_from(claims, articles, c.article_id == a.id)
        .where(*conds)
        .order_by(c.date.desc(), c.id.desc())
    )


def claims_count(
    engine: Engine,
    f: Filters,
    *,
    supporter: str | None = None,
    target: str | None = None,
    relation: str | None = None,
) -> int:
    """How many claims `claims_page` pages through: a sum over the summary tables unless
    a date filter cuts a month."""
    source = _summary_source(f)
    if source is None:
        stmt = select(func.count()).where(*_claim_conditions(f, supporter, target, relation))
    else:
        t, conds = source
        picked = {"supporter": supporter, "target": target, "relation": relation}
        conds += [t[name] == value for name, value in picked.items() if value]
        stmt = select(func.coalesce(func.sum(t.claims), 0)).where(*conds)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def _article_search(search: str | None) -> list:
    if not search:
        return []
    pattern = f"%{search.strip()}%"
    a = articles.c
    return [or_(a.title.ilike(pattern), a.outlet.ilike(pattern), a.text.ilike(pattern))]


def articles_page(
    engine: Engine, *, search: str | None = None, offset: int = 0, limit: int = 50
) -> pd.DataFrame:
    """One page of stored articles (newest first) with their number of asserted claims;
    `search` matches title, outlet or text, case-insensitively."""
    a, c = articles.c, claims.c
    # Counted per shown row through ix_claims_article, not grouped over every claim.
    n_claims = (
        select(func.count()).where(c.article_id == a.id, c.status == ASSERTED).scalar_subquery()
    )
    stmt = (
        select(a.id, a.title, a.outlet, a.published, a.source, a.sample, n_claims)
        .where(*_article_search(search))
        .order_by(a.published.desc(), a.id.desc())
        .offset(offset)
        .limit(limit)
    )
    columns = ("id", "title", "outlet", "published", "source", "sample", "claims")
    return _frame(engine, stmt, columns)


def articles_count(engine: Engine, *, search: str | None = None) -> int:
    """How many stored articles match `search` (all of them when None)."""
    stmt = select(func.count()).select_from(articles).where(*_article_search(search))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def article_detail(engine: Engine, article_id: int) -> ArticleDetail | None:
    """The article's fields (text included), its mentions in text order, and all its
    claims (negated and hypothetical ones too, with their status); None if absent."""
    with engine.connect() as conn:
        row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    m = mentions.c
    found = _frame(
        engine,
        select(m.text, m.actor, m.label, m.start, m.end)
        .where(m.article_id == article_id)
        .order_by(m.start),
        ("text", "actor", "label", "start", "end"),
    )
    c = claims.c
    names = CLAIM_COLUMNS[:20]
    stmt = select(*[c[n] for n in names]).where(c.article_id == article_id).order_by(c.start)
    return ArticleDetail(dict(row), found, _frame(engine, stmt, names))


def unknown_entities(engine: Engine, *, limit: int = 50, contexts: int = 3) -> pd.DataFrame:
    """Entity names the knowledge base does not know (mentions with no actor), most
    frequent first, with a few snippets of surrounding text: candidates to add to the KB."""
    m, a = mentions.c, articles.c
    stmt = (
        select(
            m.text,
            func.min(m.label),
            func.count(),
            func.count(distinct(m.article_id)),
        )
        .where(m.actor.is_(None))
        .group_by(m.text)
        .order_by(func.count(distinct(m.article_id)).desc(), func.count().desc(), m.text)
        .limit(limit)
    )
    df = _frame(engine, stmt, ("text", "label", "mentions", "articles"))
    if df.empty:
        return df.assign(contexts=[])
    start = func.max(m.start - CONTEXT_CHARS, 0)
    snippet = func.substr(a.text, start + 1, m.end + CONTEXT_CHARS - start)
    snippets = (
        select(m.text, snippet, m.id)
        .join_from(mentions, articles, m.article_id == a.id)
        .where(and_(m.actor.is_(None), m.text.in_(df["text"].tolist())))
        .order_by(m.text, m.id)
    )
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for text, context, _ in conn.execute(snippets):
            bucket = found.setdefault(text, [])
            if len(bucket) < contexts:
                bucket.append(" ".join(context.split()))
    df["contexts"] = [found.get(t, []) for t in df["text"]]
    return df


def theaters(engine: Engine) -> list[str]:
    """The theaters that have claims, sorted."""
    stmt = select(claims.c.theater).distinct().order_by(claims.c.theater)
    with engine.connect() as conn:
        return [t for (t,) in conn.execute(stmt) if t]


def supporters(
    engine: Engine, *, theater: str | None = None, include_factions: bool = False
) -> list[str]:
    """The supporters that have asserted claims (outside actors only unless
    `include_factions`), sorted; for the sidebar's actor choice."""
    f = Filters(theater=theater, include_factions=include_factions)
    source = _summary_source(f)
    if source is None:
        c = claims.c
        stmt = select(c.supporter).distinct().where(*_conditions(f)).order_by(c.supporter)
    else:
        t, conds = source
        stmt = select(t.supporter).distinct().where(*conds).order_by(t.supporter)
    with engine.connect() as conn:
        return [s for (s,) in conn.execute(stmt)]


def sample_articles(engine: Engine) -> int:
    """How many stored articles come from the bundled sample corpus."""
    stmt = select(func.count()).select_from(articles).where(articles.c.sample.is_(True))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


EXPORT_COLUMNS = tuple(n for n in CLAIM_COLUMNS if n not in {"id", "article_id", "start"})


def export_claims(engine: Engine, f: Filters, *, fmt: str = "csv", batch: int = 5000) -> bytes:
    """Every asserted claim matching `f`, with its article's title, outlet, url and date,
    as CSV or JSON bytes. Rows are streamed from the database `batch` at a time."""
    if fmt not in {"csv", "json"}:
        raise ValueError(f"unknown export format {fmt!r}; use 'csv' or 'json'")
    out = io.StringIO()
    records: list[dict] = []
    header = True
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=batch).execute(_claims_select(_conditions(f)))
        for rows in result.partitions():
            page = pd.DataFrame([tuple(r) for r in rows], columns=list(CLAIM_COLUMNS))
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
