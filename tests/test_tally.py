"""Dashboard queries, checked on a small hand-built store."""

from __future__ import annotations

import json
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


def build_store(path) -> str:
    """Create a store at `path` holding ARTICLES, CLAIMS and MENTIONS; return its URL."""
    url = store.database_url(path)
    engine = store.open_store(url)
    with engine.begin() as conn:
        for i, (title, outlet, published, sample, text) in enumerate(ARTICLES, start=1):
            conn.execute(
                insert(store.articles).values(
                    id=i,
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
            )
        for idx, sent, sup, sup_type, rel, tgt, theater, status in CLAIMS:
            _, _, published, _, text = ARTICLES[idx]
            start, end = sentences(text)[sent]
            tgt_text = tgt.split()[-1]
            s0 = text.index(sup, start)
            t0 = text.index(tgt_text, s0 + len(sup))
            conn.execute(
                insert(store.claims).values(
                    article_id=idx + 1,
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
                    article_id=idx + 1,
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


@pytest.fixture
def engine(tmp_path):
    eng = store.open_store(build_store(tmp_path / "tally.db"))
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


def test_stance_changes_finds_sign_flip(engine):
    changes = tally.stance_changes(tally.timeline(engine, Filters()))
    assert changes.to_dict("records") == [
        {"month": "2020-04", "supporter": "Russia", "target": "LNA", "net": -1, "previous": 1}
    ]


def test_stance_changes_skip_zero_months():
    df = pd.DataFrame(
        [
            ("2020-01", "A", "X", "supports", 2),
            ("2020-02", "A", "X", "supports", 1),
            ("2020-02", "A", "X", "opposes", 1),
            ("2020-03", "A", "X", "supports", 1),
        ],
        columns=tally.TIMELINE_COLUMNS,
    )
    assert tally.stance_changes(df).empty


def test_claims_page_joins_article_and_pages(engine):
    f = Filters()
    total = tally.claims_count(engine, f, supporter="Turkey", target="GNA")
    assert total == 4
    first = tally.claims_page(engine, f, supporter="Turkey", target="GNA", limit=3)
    rest = tally.claims_page(engine, f, supporter="Turkey", target="GNA", offset=3, limit=3)
    assert (len(first), len(rest)) == (3, 1)
    assert first.iloc[0]["title"] == "Egypt and the LNA"  # newest first
    assert rest.iloc[0]["outlet"] == "Sample Wire"
    assert set(first["id"]).isdisjoint(rest["id"])


def test_claims_page_relation_filter(engine):
    got = tally.claims_page(engine, Filters(), supporter="Russia", relation="opposes")
    assert got["target"].tolist() == ["LNA"]
    assert got.iloc[0]["sentence"] == "Russia condemned the LNA."


def test_articles_page_search_and_claim_counts(engine):
    assert tally.articles_count(engine) == 5
    page = tally.articles_page(engine, search="wagner", limit=10)
    assert page["title"].tolist() == ["Russia turns", "Turkey and Russia in Libya"]
    assert page["claims"].tolist() == [1, 2]  # the negated claim is not counted
    assert tally.articles_count(engine, search="wagner") == 2


@pytest.mark.parametrize(
    ("f", "titles"),
    [
        (Filters(), 5),
        (Filters(theater="Syria"), ["Idlib offensive"]),
        (Filters(actors=("Egypt",)), ["Egypt and the LNA"]),  # the other Egypt claim is negated
        (Filters(date_from=date(2020, 3, 1)), ["Russia turns", "Idlib offensive"]),
        (Filters(theater="Yemen"), []),
    ],
)
def test_articles_follow_the_sidebar_filters(engine, f, titles):
    page = tally.articles_page(engine, f=f, limit=10)
    if isinstance(titles, int):
        assert len(page) == titles
    else:
        assert page["title"].tolist() == titles
    assert tally.articles_count(engine, f=f) == len(page)


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("/srv/tracker/uploads/tmpk3j9/report.txt", "report.txt"),
        ("C:\\Users\\desk\\feed.jsonl", "feed.jsonl"),
        ("https://example.org/news/1", "https://example.org/news/1"),
        ("pasted text", "pasted text"),
    ],
)
def test_articles_page_shows_a_file_name_not_a_server_path(engine, source, shown):
    with engine.begin() as conn:
        conn.execute(store.articles.update().where(store.articles.c.id == 1).values(source=source))
    page = tally.articles_page(engine, search="Turkey and Russia")
    assert page["source"].tolist() == [shown]
    assert tally.source_name(source) == shown


def test_article_detail(engine):
    detail = tally.article_detail(engine, 4)
    assert detail.article["title"] == "Russia turns"
    assert detail.mentions["text"].tolist() == ["Wagner Group"]
    assert sorted(detail.claims["status"]) == ["asserted", "negated"]
    assert tally.article_detail(engine, 999) is None


def test_unknown_entities_with_contexts(engine):
    got = tally.unknown_entities(engine, limit=10)
    assert got["text"].tolist() == ["Wagner Group", "Hemedti"]
    wagner = got.iloc[0]
    assert (wagner["mentions"], wagner["articles"]) == (2, 2)
    assert any("seen near Sirte" in c for c in wagner["contexts"])
    assert len(tally.unknown_entities(engine, limit=1)) == 1


def test_sidebar_lists(engine):
    assert tally.theaters(engine) == ["Libya", "Syria"]
    assert tally.supporters(engine) == ["Egypt", "Russia", "Turkey"]
    assert "LNA" in tally.supporters(engine, include_factions=True)
    assert tally.supporters(engine, theater="Syria") == ["Russia", "Turkey"]
    assert tally.sample_articles(engine) == 1


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(theater="Libya", actors=("Turkey", "Russia"), min_articles=2),
        Filters(date_from=date(2020, 1, 1), date_to=date(2020, 6, 30), include_factions=True),
    ],
)
def test_filters_round_trip_through_params(filters):
    assert Filters.from_params(filters.to_params()) == filters


def test_filters_from_bad_params():
    got = Filters.from_params({"date_from": "soon", "min_articles": "many", "actors": "Egypt"})
    assert got == Filters(actors=("Egypt",))


def test_export_claims_csv_and_json(engine):
    f = Filters(theater="Syria")
    csv_lines = tally.export_claims(engine, f, fmt="csv", batch=1).decode().splitlines()
    assert csv_lines[0].startswith("supporter,supporter_type,relation,target")
    assert len(csv_lines) == 3
    records = json.loads(tally.export_claims(engine, f, fmt="json"))
    assert {r["supporter"] for r in records} == {"Russia", "Turkey"}
    assert records[0]["date"] == "2020-03-05"


def test_export_of_nothing_keeps_the_header(engine):
    got = tally.export_claims(engine, Filters(theater="Yemen")).decode().splitlines()
    assert got == [",".join(tally.EXPORT_COLUMNS)]


def test_matrix_csv(engine):
    text = tally.matrix_csv(tally.matrix(engine, Filters())).decode()
    assert text.splitlines()[0] == ",".join(tally.MATRIX_COLUMNS)


def test_min_confidence_drops_less_certain_claims_everywhere(engine):
    from sqlalchemy import update

    with engine.begin() as conn:
        conn.execute(
            update(store.claims)
            .where(store.claims.c.supporter == "Egypt")
            .values(confidence=0.5, rule="model")
        )
    everything, sure = Filters(), Filters(min_confidence=0.6)
    assert "Egypt" in set(tally.matrix(engine, everything)["supporter"])
    assert "Egypt" not in set(tally.matrix(engine, sure)["supporter"])
    assert "Egypt" not in set(tally.timeline(engine, sure)["supporter"])
    assert tally.counts(engine, sure).claims < tally.counts(engine, everything).claims
    assert tally.claims_count(engine, sure, supporter="Egypt") == 0


@pytest.mark.parametrize(
    ("value", "expected"), [("0.7", 0.7), ("1", 1.0), ("2", 0.0), ("high", 0.0), ("", 0.0)]
)
def test_min_confidence_in_the_url(value, expected):
    f = Filters.from_params({"min_confidence": value})
    assert f.min_confidence == expected
    assert Filters.from_params(f.to_params()) == f


def test_export_keeps_each_claims_group(engine):
    """The README says a claim keeps its finer group (GNU, HoR, ...): the export has it."""
    c = store.claims.c
    with engine.begin() as conn:
        conn.execute(store.claims.update().where(c.supporter == "Russia").values(grp="Wagner"))
    f = Filters(theater="Syria")
    records = json.loads(tally.export_claims(engine, f, fmt="json"))
    assert {(r["supporter"], r["group"]) for r in records} == {("Russia", "Wagner"), ("Turkey", "")}
    header = tally.export_claims(engine, f).decode().splitlines()[0].split(",")
    assert header[:5] == ["supporter", "supporter_type", "relation", "target", "group"]
