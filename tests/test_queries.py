"""The query layer over a small store: claims and articles pages with the sidebar's filters,
one article's detail, unknown names, sidebar lists, filters in the URL and the exports."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from analysis import store, tally
from analysis.tally import Filters

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_tally import engine_fixture  # noqa: E402, F401  (a fixture)


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


def add_unknown_names(engine, names: list[str], article_id: int = 1) -> None:
    with engine.begin() as conn:
        for text in names:
            conn.execute(
                insert(store.mentions).values(
                    article_id=article_id, actor=None, label="GPE", text=text, start=0, end=4
                )
            )


def test_unknown_names_leave_out_places_in_every_form(engine):
    # Tripolitania is a place only when the caller names it; Sirte is a town of the
    # gazetteer, known whatever the caller passes
    forms = [
        "Tripolitanias",
        "Tripolitania\u2019s",
        "Tripolitania province",
        "Libyas Tripolitania",
        "Tripolitanias Wagner",
    ]
    towns = ["Sirtes", "Sirte province"]
    add_unknown_names(engine, forms + towns)
    places = ("Tripolitania", "Libya")
    assert tally.unknown_entities(engine, limit=10, places=places)["text"].tolist() == [
        "Wagner Group",
        "Hemedti",
        "Tripolitanias Wagner",
    ]
    # the first page of 3 keeps 2 names, the next none; the third fills the limit
    assert tally.unknown_entities(engine, limit=3, places=places)["text"].tolist() == [
        "Wagner Group",
        "Hemedti",
        "Tripolitanias Wagner",
    ]
    assert len(tally.unknown_entities(engine, limit=10)) == 2 + len(forms)


def test_unknown_names_count_spellings_of_a_name_as_one(engine):
    add_unknown_names(engine, ["the wagner group", "Wagner-Group"], article_id=2)
    wagner = tally.unknown_entities(engine, limit=10).iloc[0]
    assert wagner["text"] == "Wagner Group"  # the first spelling by sort order
    assert (wagner["mentions"], wagner["articles"]) == (4, 3)
    assert len(wagner["contexts"]) == 3
    assert tally.unknown_entities(engine, limit=10)["text"].tolist() == ["Wagner Group", "Hemedti"]


def test_sidebar_lists(engine):
    assert tally.theaters(engine) == ["Libya", "Syria"]
    assert tally.supporters(engine) == ["Egypt", "Russia", "Turkey"]
    assert "LNA" in tally.supporters(engine, include_factions=True)
    assert tally.supporters(engine, theater="Syria") == ["Russia", "Turkey"]
    assert tally.sample_articles(engine) == 1
    assert tally.outlets(engine) == ["Daily A", "Daily B", "Daily C", "Sample Wire"]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(theater="Libya", actors=("Turkey", "Russia"), min_articles=2),
        Filters(date_from=date(2020, 1, 1), date_to=date(2020, 6, 30), include_factions=True),
        Filters(outlets=("Daily A", "Al Jazeera"), theater="Syria"),
    ],
)
def test_filters_round_trip_through_params(filters):
    assert Filters.from_params(filters.to_params()) == filters


def test_filters_from_bad_params():
    got = Filters.from_params({"date_from": "soon", "min_articles": "many", "actors": "Egypt"})
    assert got == Filters(actors=("Egypt",))
    assert Filters.from_params({"outlets": ["Daily A", ""]}) == Filters(outlets=("Daily A",))


def test_outlet_filter_narrows_claims_and_articles(engine):
    f = Filters(outlets=("Daily A", "Daily C"))
    claims = tally.claims_page(engine, f)
    assert set(claims["outlet"]) == {"Daily A", "Daily C"}
    assert len(claims) == tally.claims_count(engine, f) == 5
    assert tally.articles_page(engine, f=f)["title"].tolist() == [
        "Russia turns",
        "Idlib offensive",
        "Turkey and Russia in Libya",
    ]
    syria = Filters(outlets=("Daily A",), theater="Syria")
    assert tally.articles_page(engine, f=syria)["title"].tolist() == ["Idlib offensive"]


def test_export_claims_csv_and_json(engine):
    f = Filters(theater="Syria")
    csv_lines = tally.export_claims(engine, f, fmt="csv", batch=1).decode().splitlines()
    assert csv_lines[0].startswith("supporter,supporter_type,relation,target")
    assert len(csv_lines) == 3
    records = json.loads(tally.export_claims(engine, f, fmt="json"))
    assert {r["supporter"] for r in records} == {"Russia", "Turkey"}
    assert records[0]["date"] == "2020-03-05"


def test_export_names_each_claim_s_data_set(engine):
    a, c = store.articles.c, store.claims.c
    with engine.begin() as conn:
        russia = select(c.article_id).where(c.supporter == "Russia", c.theater == "Syria")
        conn.execute(store.articles.update().where(a.id.in_(russia)).values(dataset="fakes"))
        marked = set(conn.execute(select(a.title).where(a.dataset == "fakes")).scalars())
    records = json.loads(tally.export_claims(engine, Filters(), fmt="json"))
    assert marked and {r["dataset"] for r in records} == {"fakes", ""}
    assert all((r["dataset"] == "fakes") == (r["title"] in marked) for r in records)
    header = tally.export_claims(engine, Filters()).decode().splitlines()[0].split(",")
    assert header[-1] == "dataset"


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
