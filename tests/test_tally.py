"""Dashboard queries, checked on a small hand-built store."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import insert

from analysis import store, tally
from analysis.tally import Filters

# (title, outlet, published, sample, text) — the text names every actor of its claims.
ARTICLES = [
    (
        "Turkey and Russia in Libya",
        "Daily A",
        date(2020, 1, 15),
        False,
        "Turkey backs the GNA. Russia backs the LNA. The Wagner Group was seen near Sirte.",
    ),
    (
        "Egypt and the LNA",
        "Daily B",
        date(2020, 2, 10),
        False,
        "Turkey sent drones to the GNA. Egypt supports the LNA. The LNA shelled GNA positions. "
        "Hemedti sent fighters.",
    ),
    (
        "Idlib offensive",
        "Daily A",
        date(2020, 3, 5),
        False,
        "Russia backs the Syrian government. Turkey opposes the Syrian government.",
    ),
    (
        "Russia turns",
        "Daily C",
        date(2020, 4, 20),
        False,
        "Russia condemned the LNA. Egypt denied arming the GNA. The Wagner Group left.",
    ),
    (
        "Sample: Turkey's support",
        "Sample Wire",
        date(2019, 12, 1),
        True,
        "Turkey backs the GNA. Turkey backs the GNA again.",
    ),
]

# (article index, sentence index, supporter, supporter_type, relation, target, theater, status)
CLAIMS = [
    (0, 0, "Turkey", "state", "supports", "GNA", "Libya", "asserted"),
    (0, 1, "Russia", "state", "supports", "LNA", "Libya", "asserted"),
    (1, 0, "Turkey", "state", "supports", "GNA", "Libya", "asserted"),
    (1, 1, "Egypt", "state", "supports", "LNA", "Libya", "asserted"),
    (1, 2, "LNA", "faction", "opposes", "GNA", "Libya", "asserted"),
    (2, 0, "Russia", "state", "supports", "Syrian government", "Syria", "asserted"),
    (2, 1, "Turkey", "state", "opposes", "Syrian government", "Syria", "asserted"),
    (3, 0, "Russia", "state", "opposes", "LNA", "Libya", "asserted"),
    (3, 1, "Egypt", "state", "supports", "GNA", "Libya", "negated"),
    (4, 0, "Turkey", "state", "supports", "GNA", "Libya", "asserted"),
    (4, 1, "Turkey", "state", "supports", "GNA", "Libya", "asserted"),
]

# (article index, text, actor or None)
MENTIONS = [
    (0, "Turkey", "Turkey"),
    (0, "Wagner Group", None),
    (1, "Hemedti", None),
    (3, "Wagner Group", None),
]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a test text; sentences end with '. '."""
    spans, start = [], 0
    while start < len(text):
        end = text.find(". ", start)
        end = len(text) if end == -1 else end + 1
        spans.append((start, end))
        start = end + 1
    return spans


def build_store(where) -> str:
    """Create a store at `where` (a file path or a URL) holding ARTICLES, CLAIMS and
    MENTIONS; return its URL. The articles get ids 1, 2, ... in order, as in a new store."""
    url = store.database_url(where)
    engine = store.open_store(url)
    with engine.begin() as conn:
        ids = {}
        for i, (title, outlet, published, sample, text) in enumerate(ARTICLES, start=1):
            ids[i - 1] = conn.execute(
                insert(store.articles)
                .values(
                    content_hash=f"hash{i}",
                    title=title,
                    url=f"https://example.org/{i}",
                    outlet=outlet,
                    published=published,
                    source=f"article{i}.txt",
                    text=text,
                    ingested_at=datetime(2024, 1, 1),
                    sample=sample,
                )
                .returning(store.articles.c.id)
            ).scalar_one()
            assert ids[i - 1] == i, "the articles of a new store are numbered from 1"
        for idx, sent, sup, sup_type, rel, tgt, theater, status in CLAIMS:
            _, _, published, _, text = ARTICLES[idx]
            start, end = sentences(text)[sent]
            tgt_text = tgt.split()[-1]
            s0 = text.index(sup, start)
            t0 = text.index(tgt_text, s0 + len(sup))
            conn.execute(
                insert(store.claims).values(
                    article_id=ids[idx],
                    supporter=sup,
                    supporter_type=sup_type,
                    relation=rel,
                    target=tgt,
                    theater=theater,
                    kind="unspecified",
                    sentence=text[start:end],
                    start=start,
                    end=end,
                    date=published,
                    month=published.strftime("%Y-%m"),
                    confidence=0.9,
                    status=status,
                    supporter_text=sup,
                    target_text=tgt_text,
                    sup_start=s0,
                    sup_end=s0 + len(sup),
                    tgt_start=t0,
                    tgt_end=t0 + len(tgt_text),
                )
            )
        for idx, text, actor in MENTIONS:
            start = ARTICLES[idx][4].index(text)
            conn.execute(
                insert(store.mentions).values(
                    article_id=ids[idx],
                    actor=actor,
                    label="state" if actor else "ORG",
                    text=text,
                    start=start,
                    end=start + len(text),
                )
            )
        store.rebuild_summaries(conn)  # the claims went in directly, not through the store
    engine.dispose()
    return url


@pytest.fixture(name="engine")
def engine_fixture(db):
    """A store of the small test corpus (the tally and query tests read it)."""
    eng = store.open_store(build_store(db))
    yield eng
    eng.dispose()


def cell(df: pd.DataFrame, supporter: str, target: str) -> dict:
    rows = df[(df["supporter"] == supporter) & (df["target"] == target)]
    assert len(rows) == 1, f"{supporter}→{target}: {len(rows)} rows"
    return rows.iloc[0].to_dict()


def test_matrix_counts_distinct_articles_per_relation(engine):
    df = tally.matrix(engine, Filters())
    turkey = cell(df, "Turkey", "GNA")
    assert (turkey["supports_articles"], turkey["opposes_articles"], turkey["net"]) == (3, 0, 3)
    russia = cell(df, "Russia", "LNA")
    assert (russia["supports_articles"], russia["opposes_articles"], russia["net"]) == (1, 1, 0)
    assert (russia["first"], russia["last"]) == (date(2020, 1, 15), date(2020, 4, 20))
    assert list(df.columns) == list(tally.MATRIX_COLUMNS)


def test_matrix_ignores_negated_claims(engine):
    df = tally.matrix(engine, Filters())
    assert df[(df["supporter"] == "Egypt") & (df["target"] == "GNA")].empty


def test_matrix_theater_filter(engine):
    df = tally.matrix(engine, Filters(theater="Syria"))
    assert set(df["theater"]) == {"Syria"}
    assert cell(df, "Turkey", "Syrian government")["net"] == -1


SYRIA_T = "Turkey→Syrian government"


@pytest.mark.parametrize(
    ("min_articles", "cells"),
    [
        (
            1,
            {
                "Turkey→GNA",
                "Russia→LNA",
                "Egypt→LNA",
                "Russia→Syrian government",
                "Turkey→Syrian government",
            },
        ),
        (2, {"Turkey→GNA", "Russia→LNA"}),
        (3, {"Turkey→GNA"}),
        (4, set()),
    ],
)
def test_matrix_min_articles(engine, min_articles, cells):
    df = tally.matrix(engine, Filters(min_articles=min_articles))
    got = {f"{s}→{t}" for s, t in zip(df["supporter"], df["target"], strict=True)}
    assert got == cells


def test_matrix_factions_only_when_asked(engine):
    assert "LNA" not in set(tally.matrix(engine, Filters())["supporter"])
    df = tally.matrix(engine, Filters(include_factions=True))
    assert cell(df, "LNA", "GNA")["net"] == -1


def test_matrix_date_range(engine):
    f = Filters(date_from=date(2020, 1, 1), date_to=date(2020, 2, 29))
    df = tally.matrix(engine, f)
    assert cell(df, "Turkey", "GNA")["supports_articles"] == 2  # the 2019 sample is out
    assert set(df["supporter"]) == {"Turkey", "Russia", "Egypt"}
    assert cell(df, "Russia", "LNA")["opposes_articles"] == 0


def test_matrix_actor_filter(engine):
    df = tally.matrix(engine, Filters(actors=("Egypt",)))
    assert set(df["supporter"]) == {"Egypt"}


def test_counts(engine):
    got = tally.counts(engine, Filters())
    assert (got.articles, got.claims, got.actors, got.theaters) == (5, 9, 3, 2)
    assert (got.first, got.last) == (date(2019, 12, 1), date(2020, 4, 20))


def test_counts_keep_only_the_cells_the_matrix_shows(engine):
    """With min_articles=2 only Turkey→GNA (3 articles) and Russia→LNA (2) remain: the
    headline numbers count their claims, supporters and articles, not the whole store."""
    f = Filters(min_articles=2)
    got = tally.counts(engine, f)
    assert (got.articles, got.claims, got.actors, got.theaters) == (4, 6, 2, 1)
    assert got.actors == tally.matrix(engine, f)["supporter"].nunique()
    assert (got.first, got.last) == (date(2019, 12, 1), date(2020, 4, 20))
    nothing = tally.counts(engine, Filters(min_articles=50))
    assert (nothing.articles, nothing.claims, nothing.actors, nothing.first) == (0, 0, 0, None)


def test_counts_empty_selection(engine):
    got = tally.counts(engine, Filters(theater="Yemen"))
    assert (got.articles, got.claims, got.first) == (0, 0, None)


def test_camps_group_backers_by_faction(engine):
    got = tally.camps(tally.matrix(engine, Filters()))
    libya = got[got["theater"] == "Libya"].set_index("faction")
    assert libya.loc["GNA", "backers"] == ["Turkey"]
    assert libya.loc["LNA", "backers"] == ["Egypt"]  # Russia's net toward the LNA is zero
    syria = got[got["theater"] == "Syria"].set_index("faction")
    assert syria.loc["Syrian government", "backers"] == ["Russia"]


def test_camps_of_empty_matrix():
    assert tally.camps(pd.DataFrame(columns=list(tally.MATRIX_COLUMNS))).empty


def test_timeline_rows(engine):
    df = tally.timeline(engine, Filters(theater="Libya"))
    assert list(df.columns) == list(tally.TIMELINE_COLUMNS)
    rows = set(df.itertuples(index=False, name=None))
    assert ("2019-12", "Turkey", "GNA", "supports", 1) in rows  # two claims, one article
    assert ("2020-04", "Russia", "LNA", "opposes", 1) in rows
    assert all(s != "LNA" for s in df["supporter"])


def test_outlet_filter_counts_only_that_outlet_s_articles(engine):
    f = Filters(outlets=("Daily A",))
    df = tally.matrix(engine, f)
    assert cell(df, "Turkey", "GNA")["supports_articles"] == 1  # of 3 in all outlets
    assert cell(df, "Russia", "LNA")["opposes_articles"] == 0  # that was Daily C
    counts = tally.counts(engine, f)
    assert (counts.articles, counts.claims) == (2, 4)
    assert tally.claims_count(engine, f, supporter="Turkey") == 2
    assert set(tally.timeline(engine, f)["month"]) == {"2020-01", "2020-03"}
    assert tally.counts(engine, Filters(outlets=("Nobody",))).claims == 0


def test_outlet_alignments_count_each_outlet_s_articles_per_pair(engine):
    df = tally.outlet_alignments(engine, Filters())
    assert list(df.columns) == list(tally.OUTLET_COLUMNS)
    rows = {(r.outlet, r.supporter, r.target): r for r in df.itertuples(index=False)}
    assert (rows[("Daily A", "Turkey", "GNA")].supports_articles) == 1
    assert (rows[("Sample Wire", "Turkey", "GNA")].supports_articles) == 1  # two claims
    russia = rows[("Daily C", "Russia", "LNA")]
    assert (russia.supports_articles, russia.opposes_articles) == (0, 1)
    assert ("Daily B", "Egypt", "GNA") not in rows  # negated


def test_outlet_alignments_follow_the_filters(engine):
    syria = tally.outlet_alignments(engine, Filters(theater="Syria"))
    assert set(syria["outlet"]) == {"Daily A"}
    kept = tally.outlet_alignments(engine, Filters(min_articles=2))
    assert set(zip(kept["supporter"], kept["target"], strict=True)) == {
        ("Turkey", "GNA"),
        ("Russia", "LNA"),
    }
    daily_b = tally.outlet_alignments(engine, Filters(outlets=("Daily B",)))
    assert set(daily_b["outlet"]) == {"Daily B"}


def test_matrix_counts_the_distinct_outlets_of_each_cell(engine):
    df = tally.matrix(engine, Filters()).set_index(["supporter", "target"])
    # Turkey → GNA: three articles from Daily A, Daily B and the sample wire
    assert df.loc[("Turkey", "GNA"), ["supports_articles", "outlets"]].tolist() == [3, 3]
    # Russia → LNA: one supporting (Daily A) and one opposing (Daily C) article
    assert df.loc[("Russia", "LNA"), "outlets"] == 2
    # a date range reads the claims and still counts outlets
    dated = tally.matrix(engine, Filters(date_from=date(2020, 1, 1), date_to=date(2020, 6, 30)))
    assert dated.set_index(["supporter", "target"]).loc[("Turkey", "GNA"), "outlets"] == 2
