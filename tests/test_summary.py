"""The summary tables: kept exact as claims are written and replaced, migrated into version-1
stores, and giving the dashboard queries the same results as the claims table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import delete, inspect, select, text

from analysis import store, tally
from analysis.models import Article, Claim, Extraction
from analysis.queries import periods
from analysis.store import add_article, open_store, replace_findings, write_transaction
from analysis.tally import Filters
from tests.store_support import made_before_alembic

# (supporter, supporter_type, relation, target, theater, claim date, status), per article.
# They cover what makes summing summary rows tricky: claims of one article and cell in two
# months (Turkey → GNA in article 2), one article in two theaters for the same pair (US →
# ISIS), one supporter with two types in one theater (Syrian government), both relations
# of a cell in one article (Russia → LNA), undated claims, and claims not asserted.
ARTICLES = {
    "one": (
        "2020-01-15",
        [
            ("Turkey", "state", "supports", "GNA", "Libya", "2020-01-15", "asserted"),
            ("Turkey", "state", "supports", "GNA", "Libya", "2020-01-15", "asserted"),
            ("Russia", "state", "supports", "LNA", "Libya", "2020-01-15", "asserted"),
            ("Egypt", "state", "supports", "GNA", "Libya", "2020-01-15", "negated"),
        ],
    ),
    "two": (
        "2020-02-10",
        [
            ("Turkey", "state", "supports", "GNA", "Libya", "2020-01-28", "asserted"),
            ("Turkey", "state", "supports", "GNA", "Libya", "2020-02-10", "asserted"),
            ("LNA", "faction", "opposes", "GNA", "Libya", "2020-02-10", "asserted"),
            ("Turkey", "state", "opposes", "LNA", "Libya", "2020-02-10", "asserted"),
        ],
    ),
    "three": (
        "2020-03-05",
        [
            ("United States", "state", "opposes", "ISIS", "Syria", "2020-03-05", "asserted"),
            ("United States", "state", "opposes", "ISIS", "Libya", "2020-03-05", "asserted"),
            ("Russia", "state", "supports", "Syrian government", "Syria", "2020-03-05", "asserted"),
        ],
    ),
    "undated": (
        None,
        [
            ("Turkey", "state", "supports", "GNA", "Libya", None, "asserted"),
            ("Russia", "state", "opposes", "LNA", "Libya", None, "asserted"),
        ],
    ),
    "five": (
        "2020-03-20",
        [
            ("Syrian government", "faction", "opposes", "ISIS", "Syria", "2020-03-20", "asserted"),
            ("Syrian government", "state", "opposes", "ISIS", "Syria", "2020-03-20", "asserted"),
            ("Russia", "state", "opposes", "LNA", "Libya", "2020-03-20", "asserted"),
            ("Russia", "state", "supports", "LNA", "Libya", "2020-03-20", "asserted"),
        ],
    ),
    "six": (
        "2020-04-02",
        [
            ("Russia", "state", "opposes", "LNA", "Libya", "2020-04-02", "asserted"),
            ("United States", "state", "opposes", "ISIS", "Syria", "2020-04-02", "asserted"),
            ("Turkey", "state", "supports", "GNA", "Libya", "2020-04-02", "hypothetical"),
        ],
    ),
}

# Re-analysis: article two loses its Turkey → GNA claims and gains Qatar → GNA; article six
# (which holds the last dates of Russia → LNA and US → ISIS) loses every claim.
REANALYSED = {
    "two": [
        ("Qatar", "state", "supports", "GNA", "Libya", "2020-02-10", "asserted"),
        ("LNA", "faction", "opposes", "GNA", "Libya", "2020-02-10", "asserted"),
    ],
    "six": [],
}

FILTERS = [
    Filters(),
    Filters(theater="Libya"),
    Filters(theater="Syria", include_factions=True),
    Filters(include_factions=True),
    Filters(actors=("Turkey", "Russia")),
    Filters(actors=("Nobody",)),
    Filters(min_articles=2),
    Filters(min_articles=2, include_factions=True),
    Filters(min_articles=3, theater="Libya"),
    Filters(min_articles=4, theater="Libya"),
    Filters(date_from=date(2020, 1, 1), date_to=date(2020, 2, 29)),
    Filters(date_from=date(2020, 2, 1), include_factions=True),
    Filters(date_to=date(2020, 3, 31), min_articles=2, actors=("Russia", "Turkey")),
    Filters(date_from=date(2020, 1, 20), date_to=date(2020, 3, 10)),  # cuts two months
    # The summaries know no outlet: these must be counted from the claims.
    Filters(outlets=("Wire",)),
    Filters(outlets=("Daily",), include_factions=True, theater="Syria"),
    Filters(outlets=("Wire", "Daily"), min_articles=2, date_from=date(2020, 2, 1)),
]
# The outlet of each article (the others have none).
OUTLETS = {"one": "Wire", "two": "Wire", "three": "Daily", "five": "Daily", "six": "Wire"}
PICKS = [
    {},
    {"supporter": "Turkey"},
    {"supporter": "Russia", "target": "LNA", "relation": "opposes"},
]


def _extraction(rows) -> Extraction:
    found = [
        Claim(
            source="test",
            supporter=sup,
            supporter_type=sup_type,
            relation=rel,
            target=tgt,
            theater=theater,
            kind="unspecified",
            sentence=f"{sup} {rel} {tgt}",
            start=0,
            end=10,
            date=day,
            alleged=False,
            confidence=0.9,
            status=status,
        )
        for sup, sup_type, rel, tgt, theater, day, status in rows
    ]
    return Extraction(
        claims=[c for c in found if c.status == "asserted"],
        mentions=[],
        rejected=[c for c in found if c.status != "asserted"],
    )


def _add_all(engine) -> dict[str, int]:
    ids = {}
    for name, (day, rows) in ARTICLES.items():
        article = Article(
            text=f"Article {name}.", source=f"{name}.txt", date=day, outlet=OUTLETS.get(name, "")
        )
        with write_transaction(engine) as conn:
            ids[name] = add_article(conn, article, _extraction(rows), extractor_version="t-1")
    return ids


def _reanalyse(engine, ids: dict[str, int]) -> None:
    with write_transaction(engine) as conn:
        for name, rows in REANALYSED.items():
            replace_findings(conn, ids[name], _extraction(rows), extractor_version="t-2")


@pytest.fixture
def ids(engine) -> dict[str, int]:
    return _add_all(engine)


def _tables(engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in store.SUMMARY_TABLES
        }


def _rebuilt(engine) -> dict[str, list[tuple]]:
    with write_transaction(engine) as conn:
        store.rebuild_summaries(conn)
    return _tables(engine)


def _results(engine) -> list:
    out = []
    for f in FILTERS:
        out += [tally.counts(engine, f), tally.matrix(engine, f), tally.timeline(engine, f)]
        out.append(tally.periods(engine, f))
        out += [tally.claims_count(engine, f, **pick) for pick in PICKS]
    for theater in (None, "Libya", "Syria"):
        for include_factions in (False, True):
            out.append(tally.supporters(engine, theater=theater, include_factions=include_factions))
    return out


def _from_claims(engine, monkeypatch) -> list:
    """The same results through the claims-table queries only."""
    with monkeypatch.context() as patch:
        patch.setattr(tally, "_summary_source", lambda f, **kw: None)
        patch.setattr(periods, "_evidence_from_summary", periods._evidence_from_claims)
        return _results(engine)


def _assert_same(found: list, expected: list) -> None:
    assert len(found) == len(expected)
    for i, (a, b) in enumerate(zip(found, expected, strict=True)):
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, obj=f"result {i}")
        else:
            assert a == b, f"result {i}"


def test_write_time_summaries_equal_a_rebuild(engine, ids):
    assert _tables(engine)["cells"], "no cells written"
    assert _tables(engine) == _rebuilt(engine)


def test_summaries_stay_exact_through_reanalysis(engine, ids):
    _reanalyse(engine, ids)
    assert _tables(engine) == _rebuilt(engine)


def test_duplicate_insert_changes_no_summary(engine, ids):
    before = _tables(engine)
    day, rows = ARTICLES["one"]
    article = Article(text="Article one.", source="again.txt", date=day)
    with write_transaction(engine) as conn:
        assert add_article(conn, article, _extraction(rows), extractor_version="t-1") is None
    assert _tables(engine) == before


def test_removal_recomputes_first_and_last(engine, ids):
    _reanalyse(engine, ids)
    c = store.cells.c
    with engine.connect() as conn:
        first, last = conn.execute(
            select(c.first, c["last"]).where(
                c.supporter == "Russia", c.target == "LNA", c.relation == "opposes"
            )
        ).one()
    assert (first, last) == (date(2020, 3, 20), date(2020, 3, 20))


@pytest.mark.parametrize("stage", ["written", "reanalysed", "duplicates"])
def test_summary_results_equal_claims_results(engine, ids, monkeypatch, stage):
    if stage == "reanalysed":
        _reanalyse(engine, ids)
    if stage == "duplicates":
        _add_all(engine)  # every article again: all duplicates, nothing changes
    _assert_same(_results(engine), _from_claims(engine, monkeypatch))


def test_queries_read_the_summaries(engine, ids):
    with engine.begin() as conn:  # claims gone behind the store's back: the summaries remain
        conn.execute(delete(store.claims))
    assert tally.claims_count(engine, Filters()) == 16
    assert set(tally.matrix(engine, Filters())["supporter"]) == {
        "Russia",
        "Syrian government",
        "Turkey",
        "United States",
    }
    assert tally.supporters(engine, theater="Syria") == [
        "Russia",
        "Syrian government",
        "United States",
    ]


def test_article_totals_read_the_kept_counts(engine, ids):
    """The Overview's and the Articles page's totals come from `article_counts`: with the
    rows they count gone behind the store's back, they stay as they were."""
    sides = [
        Filters(theater=theater, include_factions=factions)
        for theater in (None, "Libya", "Syria")
        for factions in (False, True)
    ]
    before = [tally.counts(engine, f).articles for f in sides]
    assert before == [6, 6, 6, 6, 3, 3] and tally.articles_count(engine) == len(ARTICLES)
    with engine.begin() as conn:
        for table in (store.article_theaters, store.mentions, store.claims, store.articles):
            conn.execute(delete(table))
    assert [tally.counts(engine, f).articles for f in sides] == before
    assert tally.articles_count(engine) == len(ARTICLES)
    assert tally.articles_count(engine, search="Article") == 0  # a search reads the articles


def _make_v1(engine) -> None:
    """Turn a current store back into a version-1 store: no summary tables, no newer indexes."""
    with engine.begin() as conn:
        for table in store.SUMMARY_TABLES:
            table.drop(conn)
        conn.execute(text("DROP INDEX ix_claims_status_date"))
        conn.execute(text("DROP INDEX ix_articles_sample"))
        made_before_alembic(conn, 1)


def test_version_1_store_is_migrated(db, engine, ids, monkeypatch):
    expected = _from_claims(engine, monkeypatch)
    written = _tables(engine)
    _make_v1(engine)
    engine.dispose()
    migrated = open_store(db)
    with migrated.connect() as conn:
        version = conn.execute(
            select(store.meta_table.c.value).where(store.meta_table.c.key == "schema_version")
        ).scalar()
        names = set(inspect(conn).get_table_names())
        indexes = {i["name"] for i in inspect(conn).get_indexes("claims")}
        indexes |= {i["name"] for i in inspect(conn).get_indexes("articles")}
    assert version == str(store.SCHEMA_VERSION) == "6"
    assert {"cells", "cell_months", "article_theaters", "article_counts"} <= names
    assert {"ix_claims_status_date", "ix_articles_sample"} <= indexes
    assert _tables(migrated) == written
    _assert_same(_results(migrated), expected)
    migrated.dispose()


@pytest.mark.parametrize(
    ("query", "f", "recounted"),
    [
        ("matrix", Filters(include_factions=True), [("Syrian government", "ISIS", "Syria")]),
        ("matrix", Filters(min_articles=4, theater="Libya"), [("Russia", "LNA", "Libya")]),
        (
            "matrix",
            Filters(date_from=date(2020, 1, 1), date_to=date(2020, 2, 29)),
            [("Turkey", "GNA", "Libya")],
        ),
        ("timeline", Filters(), [("2020-03", "United States", "ISIS", "opposes")]),
    ],
)
def test_cells_a_summary_cannot_count_are_recounted(engine, ids, monkeypatch, query, f, recounted):
    calls = []
    name = f"_{query}_from_claims"
    real = getattr(tally, name)

    def spy(engine, f, *, only=None):
        calls.append(only)
        return real(engine, f, only=only)

    monkeypatch.setattr(tally, name, spy)
    getattr(tally, query)(engine, f)
    assert calls == [recounted]
