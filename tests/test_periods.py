"""Event time in the store and the periods read from it: a claim's event time and phase are
stored and upgraded into older stores, and the Timeline's periods and changes follow the
rules of analysis/queries/periods.py."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from analysis import store, tally
from analysis.models import Article, Claim, Extraction
from analysis.queries.filters import Filters
from analysis.store import add_article, open_store, write_transaction
from tests.claims_support import stored_claim
from tests.store_support import made_before_alembic

US, OPP, GOV = "United States", "Syrian opposition", "Syrian government"
# article: (article date, supporter, relation, target, phase, event_start, event_end)
ARTICLES = {
    "a": ("2013-05-01", US, "supports", OPP, "active", "2013-01-01", "2013-12-31"),
    "b": ("2014-06-01", US, "supports", OPP, "active", "2014-06-01", "2014-06-01"),
    "c": ("2017-07-20", US, "supports", OPP, "ended", "2017-07-20", "2017-07-20"),
    "d": ("2019-03-01", US, "supports", OPP, "active", "2019-03-01", "2019-03-01"),
    "e": ("2012-01-10", "Turkey", "supports", GOV, "active", "2012-01-10", "2012-01-10"),
    "f": ("2016-02-01", "Turkey", "opposes", GOV, "active", "2016-02-01", "2016-02-01"),
    "g": ("2016-04-01", "Turkey", "opposes", GOV, "active", "2015-01-01", "2016-04-01"),
    # evidence of both relations within weeks: mixed, not a change
    "h": ("2018-01-01", "Russia", "supports", "SDF", "active", "2018-01-01", "2018-01-01"),
    "i": ("2018-02-01", "Russia", "opposes", "SDF", "active", "2018-02-01", "2018-02-01"),
    "j": ("2018-03-01", "Russia", "supports", "SDF", "active", "2018-03-01", "2018-03-01"),
    # an ending with no evidence before it
    "k": ("2020-05-01", "Qatar", "supports", OPP, "ended", "2020-05-01", "2020-05-01"),
}


def _claim(name: str) -> Claim:
    day, sup, rel, tgt, phase, start, end = ARTICLES[name]
    return stored_claim(name, sup, rel, tgt, date=day, phase=phase, event_start=start,
                        event_end=end, time_precision="day", time_source="sentence")  # fmt: skip


@pytest.fixture
def filled(db):
    engine = open_store(db)
    for name, row in ARTICLES.items():
        article = Article(text=f"article {name}", source=name, title=f"Title {name}", date=row[0])
        extraction = Extraction(claims=[_claim(name)], mentions=[])
        with write_transaction(engine) as conn:
            add_article(conn, article, extraction, extractor_version="t")
    yield engine
    engine.dispose()


def _periods(engine, **gaps):
    df = tally.periods(engine, Filters(), gaps={"Syria": gaps.get("months", 18)})
    return [
        (r.supporter, r.target, r.relation, str(r.start), str(r.end), r.evidence, r.closed_by)
        for r in df.itertuples()
    ]


def test_event_time_and_phase_are_stored(filled):
    with filled.connect() as conn:
        row = conn.execute(
            select(
                store.claims.c.phase, store.claims.c.event_start, store.claims.c.event_end
            ).where(store.claims.c.source == "c")
        ).one()
    assert row == ("ended", date(2017, 7, 20), date(2017, 7, 20))


def test_periods_open_close_by_gap_and_by_ending(filled):
    found = _periods(filled)
    us = [p for p in found if p[0] == "United States"]
    assert us == [
        # 2013 and mid-2014 are within 18 months: one period; it lapses before 2017
        ("United States", "Syrian opposition", "supports", "2013-01-01", "2014-06-30", 2, "lapsed"),
        # the ending in 2017 stands alone (no evidence within a gap before it)
        ("United States", "Syrian opposition", "supports", "2017-07-01", "2017-07-01", 1, "ended"),
        # the newest evidence of the selection is in 2020: 2019 is within a gap of it
        ("United States", "Syrian opposition", "supports", "2019-03-01", "2019-03-31", 1, "open"),
    ]


def test_a_longer_gap_joins_evidence_and_the_ending_closes_it(filled):
    us = [p for p in _periods(filled, months=48) if p[0] == "United States"]
    assert us[0] == (
        "United States",
        "Syrian opposition",
        "supports",
        "2013-01-01",
        "2017-07-01",
        3,
        "ended",
    )
    assert us[1][3] == "2019-03-01"


def test_changes_are_endings_resumptions_and_turns(filled):
    changes = tally.stance_changes(tally.periods(filled, Filters(), gaps={"Syria": 48}))
    found = {(r.when.isoformat(), r.supporter, r.change) for r in changes.itertuples()}
    assert found == {
        ("2017-07-01", "United States", "supports ended"),
        ("2019-03-01", "United States", "supports resumed"),
        ("2015-01-01", "Turkey", "supports → opposes"),
        ("2020-05-01", "Qatar", "supports ended"),
    }
    # Russia → SDF: both relations within weeks is mixed evidence, not a change
    assert "Russia" not in set(changes["supporter"])


def test_periods_name_their_first_and_last_article(filled):
    df = tally.periods(filled, Filters(), gaps={"Syria": 48})
    first = df[(df.supporter == "United States")].iloc[0]
    assert (first.first_title, first.last_title) == ("Title a", "Title c")


def test_periods_follow_the_filters(filled):
    df = tally.periods(filled, Filters(actors=("Turkey",)), gaps={"Syria": 18})
    assert set(df["supporter"]) == {"Turkey"}
    assert tally.periods(filled, Filters(theater="Libya")).empty


def _make_v2(engine) -> None:
    """Turn a current store back into a version-2 store: no event-time columns."""
    with engine.begin() as conn:
        for name in store.migrations.TIME_COLUMNS:
            conn.execute(text(f"ALTER TABLE claims DROP COLUMN {name}"))
        made_before_alembic(conn, 2)


def test_version_2_store_is_migrated_and_dated_by_its_articles(db, filled):
    _make_v2(filled)
    filled.dispose()
    migrated = open_store(db)
    with migrated.connect() as conn:
        names = {c["name"] for c in inspect(conn).get_columns("claims")}
        rows = conn.execute(
            select(
                store.claims.c.source,
                store.claims.c.phase,
                store.claims.c.event_start,
                store.claims.c.event_end,
                store.claims.c.time_source,
            ).order_by(store.claims.c.source)
        ).all()
    assert set(store.migrations.TIME_COLUMNS) <= names
    # until re-analysis, each claim is dated by its article and counted as active
    assert rows[0] == ("a", "active", date(2013, 5, 1), date(2013, 5, 1), "article")
    assert not tally.periods(migrated, Filters()).empty
    migrated.dispose()


def test_a_period_lists_the_claims_behind_it(filled):
    found = tally.period_claims(
        filled,
        Filters(),
        supporter=US,
        target=OPP,
        theater="Syria",
        relation="supports",
        start=date(2013, 6, 1),
        end=date(2017, 7, 20),
    )
    # a's event time (all 2013) meets the period; d (2019) does not; the ending c is listed
    assert sorted(found["title"]) == ["Title a", "Title b", "Title c"]
    assert set(found["phase"]) == {"active", "ended"}


@pytest.mark.model
def test_reanalysis_fills_the_event_time_of_a_migrated_store(db, extractor):
    from analysis.ingest import ingest_articles, reanalyze

    engine = open_store(db)
    text = "Russia has armed Haftar's forces since 2019, officials in Tripoli said."
    ingest_articles(
        engine, [Article(text=text, source="x", date="2020-05-01")], extractor=extractor
    )
    _make_v2(engine)
    engine.dispose()
    engine = open_store(db)
    query = select(store.claims.c.event_start, store.claims.c.time_source)
    with engine.connect() as conn:
        assert conn.execute(query).all() == [(date(2020, 5, 1), "article")]
    assert reanalyze(engine, extractor) == 1
    with engine.connect() as conn:
        assert conn.execute(query).all() == [(date(2019, 1, 1), "sentence")]
    engine.dispose()


def test_export_carries_event_time_and_phase(filled):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(tally.export_claims(filled, Filters()).decode())))
    ending = next(r for r in rows if r["title"] == "Title c")
    assert (ending["phase"], ending["event_start"], ending["event_end"]) == (
        "ended",
        "2017-07-20",
        "2017-07-20",
    )
    assert {"time_precision", "time_source"} <= set(rows[0])


def test_evidence_counts_reports_not_claims(db):
    from dataclasses import replace

    engine = open_store(db)
    one = _claim("b")  # United States → opposition, 2014-06-01
    same_day = replace(one, start=20, end=30)  # a second sentence dating the same act
    other_day = replace(one, start=40, end=50, event_start="2014-03-01", event_end="2014-03-01")
    found = Extraction(claims=[one, same_day, other_day], mentions=[])
    with write_transaction(engine) as conn:
        add_article(
            conn, Article(text="x", source="b", date="2014-06-01"), found, extractor_version="t"
        )
    (row,) = tally.periods(engine, Filters()).itertuples()
    assert (row.evidence, row.claims) == (2, 3)
    engine.dispose()


def _event_rows(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(store.cell_events)))


def test_the_event_summary_is_kept_exact_through_reanalysis(filled):
    from dataclasses import replace

    written = _event_rows(filled)
    assert any(r[5] == "ended" for r in written)  # phase is part of the key
    with write_transaction(filled) as conn:
        store.rebuild_summaries(conn, store.schema.EVENT_TABLES)
    assert _event_rows(filled) == written
    # article c's ending becomes plain support: the period no longer closes there
    with filled.connect() as conn:
        c_id = conn.execute(
            select(store.articles.c.id).where(store.articles.c.source == "c")
        ).scalar_one()
    with write_transaction(filled) as conn:
        store.replace_findings(
            conn,
            c_id,
            Extraction([replace(_claim("c"), phase="active")], []),
            extractor_version="t2",
        )
    after = _event_rows(filled)
    with write_transaction(filled) as conn:
        store.rebuild_summaries(conn, store.schema.EVENT_TABLES)
    assert _event_rows(filled) == after
    changes = tally.stance_changes(tally.periods(filled, Filters(), gaps={"Syria": 48}))
    assert "supports ended" not in set(changes[changes.supporter == US]["change"])
