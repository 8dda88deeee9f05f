"""Stored articles: pages and search, one article with its mentions and claims, the names
the knowledge base does not know, the theaters, outlets and sample articles the sidebar
needs, and the public data sets the articles came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.engine import Engine

from analysis.places import fold, is_town
from analysis.queries.claims import OWN_COLUMNS, read_frame
from analysis.queries.filters import ASSERTED, Filters, conditions
from analysis.store import (
    STORED,
    article_counts,
    articles,
    cell_outlets,
    claims,
    datasets,
    mentions,
)

CONTEXT_CHARS = 60
# Words naming the area around a place ("Homs province"): with a known place, no candidate.
PLACE_AREAS = ("province", "governorate", "countryside", "city", "suburbs", "outskirts")


@dataclass
class ArticleDetail:
    """One stored article with the actor mentions and claims found in it."""

    article: dict
    mentions: pd.DataFrame
    claims: pd.DataFrame


def article_search(search: str | None) -> list:
    if not search:
        return []
    pattern = f"%{search.strip()}%"
    a = articles.c
    return [or_(a.title.ilike(pattern), a.outlet.ilike(pattern), a.text.ilike(pattern))]


def article_filters(f: Filters | None) -> list:
    """Articles the sidebar's filters select: those of its outlets (any when none is
    chosen) with an asserted claim in its theater, dates, outside actors and confidence
    (faction-vs-faction claims count as well); every article of those outlets when the
    other filters are at their defaults. The minimum number of articles is a filter on
    matrix cells, not on articles."""
    if f is None:
        return []
    conds = [articles.c.outlet.in_(f.outlets)] if f.outlets else []
    if f.theater or f.actors or f.date_from or f.date_to or f.min_confidence > 0:
        claimed = replace(f, include_factions=True, outlets=())
        conds.append(articles.c.id.in_(select(claims.c.article_id).where(*conditions(claimed))))
    return conds


def source_name(source: str | None) -> str:
    """What an article's source shows: a web address as it is, a file by its name alone
    (the server's folders mean nothing to a reader and should not be shown)."""
    if not source or "://" in source:
        return source or ""
    return re.split(r"[\\/]", source.rstrip("\\/"))[-1] or source


def articles_page(
    engine: Engine,
    *,
    search: str | None = None,
    f: Filters | None = None,
    offset: int = 0,
    limit: int = 50,
) -> pd.DataFrame:
    """One page of stored articles (newest first) with their number of asserted claims;
    `search` matches title, outlet or text, case-insensitively; `f` narrows to the
    sidebar's selection (`article_filters`). Sources are shown by `source_name`."""
    a, c = articles.c, claims.c
    # Counted per shown row through ix_claims_article, not grouped over every claim.
    n_claims = (
        select(func.count()).where(c.article_id == a.id, c.status == ASSERTED).scalar_subquery()
    )
    stmt = (
        select(a.id, a.title, a.outlet, a.published, a.source, a.dataset, a.sample, n_claims)
        .where(*article_search(search), *article_filters(f))
        .order_by(a.published.desc(), a.id.desc())
        .offset(offset)
        .limit(limit)
    )
    columns = ("id", "title", "outlet", "published", "source", "dataset", "sample", "claims")
    df = read_frame(engine, stmt, columns)
    df["source"] = df["source"].map(source_name)
    return df


def article_count(theater: str, scope: str):
    """SELECT of one count of `article_counts` (0 when the row is absent): theater "" is
    every theater, `scope` one of store.STORED, WITH_CLAIMS, WITH_OUTSIDE."""
    t = article_counts.c
    row = select(t.articles).where(t.theater == theater, t.scope == scope).scalar_subquery()
    return select(func.coalesce(row, 0))


def articles_count(engine: Engine, *, search: str | None = None, f: Filters | None = None) -> int:
    """How many stored articles match `search` and the filters `f` (all when None); all of
    them from the kept count, as every page asks."""
    conds = [*article_search(search), *article_filters(f)]
    stmt = select(func.count()).select_from(articles).where(*conds)
    if not conds:
        stmt = article_count("", STORED)
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
    found = read_frame(
        engine,
        select(m.text, m.actor, m.label, m.start, m.end)
        .where(m.article_id == article_id)
        .order_by(m.start),
        ("text", "actor", "label", "start", "end"),
    )
    c = claims.c
    stmt = select(*[c[n] for n in OWN_COLUMNS]).where(c.article_id == article_id)
    stmt = stmt.order_by(c.start)
    return ArticleDetail(dict(row), found, read_frame(engine, stmt, OWN_COLUMNS))


def names_a_place(text: str, places: frozenset[str]) -> bool:
    """Whether the entity `text` names a place: one of `places` (folded, `places.fold`) or
    a town of the gazetteer, itself, as a possessive with or without the apostrophe
    ("Aleppo's", "Aleppos", as copy without apostrophes has it), with a word for its area
    ("Homs province"), or after another place's possessive ("Syrias Idlib")."""
    name = fold(text)
    for area in PLACE_AREAS:
        name = name.removesuffix(f" {area}")

    def place(words: str) -> bool:  # the apostrophe is folded away: "aleppos"
        return any(f in places or is_town(f) for f in {words, words.removesuffix("s")})

    first, _, rest = name.partition(" ")
    return place(name) or (bool(rest) and place(first) and place(rest))


def unknown_entities(
    engine: Engine, *, limit: int = 50, contexts: int = 3, places: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Entity names the knowledge base does not know (mentions with no actor), most
    frequent first, with a few snippets of surrounding text: candidates to add to the KB.
    Spellings differing only in case, hyphens or a leading "the" are counted as one name,
    shown in its first spelling by sort order. `places` (the theaters' place names and
    demonyms, any case) and the gazetteer's towns are not candidates, nor their
    possessives and areas (`names_a_place`): the names are read a page at a time until
    `limit` are kept."""
    m, a = mentions.c, articles.c
    known = frozenset(fold(p) for p in places)
    key = _name_key(m.text)
    stmt = (
        select(
            key,
            func.min(m.text),
            func.min(m.label),
            func.count(),
            func.count(distinct(m.article_id)),
        )
        .where(m.actor.is_(None))
        .group_by(key)
        .order_by(func.count(distinct(m.article_id)).desc(), func.count().desc(), key)
    )
    kept, offset = [], 0
    while True:
        page = read_frame(
            engine,
            stmt.limit(limit).offset(offset),
            ("key", "text", "label", "mentions", "articles"),
        )
        kept.append(page[~page["text"].map(lambda t: names_a_place(t, known))])
        if len(page) < limit or sum(map(len, kept)) >= limit:
            break
        offset += limit
    df = pd.concat(kept, ignore_index=True).head(limit)
    if df.empty:
        return df.assign(contexts=[])
    # The larger of the two as a CASE: a two-argument max() is SQLite's alone.
    start = case((m.start > CONTEXT_CHARS, m.start - CONTEXT_CHARS), else_=0)
    snippet = func.substr(a.text, start + 1, m.end + CONTEXT_CHARS - start)
    snippets = (
        select(key, snippet, m.id)
        .join_from(mentions, articles, m.article_id == a.id)
        .where(and_(m.actor.is_(None), key.in_(df["key"].tolist())))
        .order_by(key, m.id)
    )
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for name, context, _ in conn.execute(snippets):
            bucket = found.setdefault(name, [])
            if len(bucket) < contexts:
                bucket.append(" ".join(context.split()))
    df["contexts"] = [found.get(k, []) for k in df["key"]]
    return df.drop(columns="key")


def _name_key(text):
    """One SQL key for the spellings of a name that differ only in case, a hyphen for a
    space or a leading "the" ("al-Qaeda", "Al Qaeda"; "the Local Coordination Committees")."""
    low = func.replace(func.lower(text), "-", " ")
    return case((low.like("the %"), func.substr(low, 5)), else_=low)


def theaters(engine: Engine) -> list[str]:
    """The theaters that have claims, sorted. The sidebar asks on every page, so the
    claims' theater index is walked from one theater to the next (a recursive query, one
    step per theater) rather than read whole, which PostgreSQL would do for DISTINCT."""
    c = claims.c
    walk = select(func.min(c.theater).label("theater")).cte("walk", recursive=True)
    following = select(func.min(c.theater)).where(c.theater > walk.c.theater).scalar_subquery()
    walk = walk.union_all(select(following).where(walk.c.theater.is_not(None)))
    stmt = select(walk.c.theater).where(walk.c.theater.is_not(None)).order_by(walk.c.theater)
    with engine.connect() as conn:
        return [t for (t,) in conn.execute(stmt) if t]


def outlets(engine: Engine) -> list[str]:
    """The outlets of the stored articles that have claims, sorted (articles without an
    outlet left out), from the summary `cell_outlets`: the sidebar asks on every page, and
    its size does not grow with the articles."""
    t = cell_outlets.c
    stmt = select(t.outlet).distinct().where(t.outlet != "")
    with engine.connect() as conn:
        return sorted(o for (o,) in conn.execute(stmt))


def sample_articles(engine: Engine) -> int:
    """How many stored articles come from the bundled sample corpus."""
    stmt = select(func.count()).select_from(articles).where(articles.c.sample.is_(True))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


DATASET_COLUMNS = ("name", "title", "citation", "license", "url", "imported_at", "articles")


def dataset_attributions(engine: Engine) -> pd.DataFrame:
    """The public data sets the store holds articles of, by name, with the attribution their
    licences ask for (`store.datasets`, written at each import)."""
    d = datasets.c
    stmt = select(*[d[n] for n in DATASET_COLUMNS]).where(d.articles > 0).order_by(d.name)
    return read_frame(engine, stmt, DATASET_COLUMNS)
