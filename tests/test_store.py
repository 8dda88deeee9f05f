"""The article store: round trip, duplicates, atomicity, schema versions, reanalysis."""

from __future__ import annotations

import re
from datetime import date

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import DataError, OperationalError

from analysis import store, tally
from analysis.errors import StoreError
from analysis.ingest import ingest_articles, reanalyze
from analysis.models import Article
from analysis.store import (
    add_article,
    content_hash,
    open_store,
    store_version,
    write_transaction,
)
from tests.store_support import made_before_alembic

TEXT = "TRIPOLI, June 14, 2020 - Turkey backs GNA. Russia opposes GNA in the east."


def _article(text: str = TEXT, **kw) -> Article:
    return Article(text=text, source=kw.pop("source", "a.txt"), **kw)


def _add(engine, extractor, article: Article, **kw) -> int | None:
    with write_transaction(engine) as conn:
        return add_article(
            conn, article, extractor.extract(article), extractor_version=extractor.version, **kw
        )


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_round_trip_stores_article_claims_and_mentions(engine, fake_extractor):
    article = _article(title="Drones", date="2020-06-14", date_source="dateline", outlet="X")
    article_id = _add(engine, fake_extractor, article, sample=True)
    with engine.connect() as conn:
        row = conn.execute(select(store.articles)).mappings().one()
        claim_rows = conn.execute(select(store.claims).order_by(store.claims.c.start)).mappings()
        claim_rows = claim_rows.all()
        mention_count = conn.execute(select(func.count()).select_from(store.mentions)).scalar()
    assert row["id"] == article_id
    assert (row["title"], row["published"], row["date_source"]) == (
        "Drones",
        date(2020, 6, 14),
        "dateline",
    )
    assert row["sample"] is True and row["extractor_version"] == "fake-1"
    assert row["content_hash"] == content_hash(TEXT)
    assert [(c["supporter"], c["relation"], c["target"]) for c in claim_rows] == [
        ("Turkey", "supports", "GNA"),
        ("Russia", "opposes", "GNA"),
    ]
    first = claim_rows[0]
    assert first["date"] == date(2020, 6, 14) and first["month"] == "2020-06"
    assert first["grp"] == "fake-1-group" and first["sentence"] == "Turkey backs GNA"
    assert TEXT[first["sup_start"] : first["sup_end"]] == "Turkey"
    assert mention_count == len(fake_extractor.extract(article).mentions)


@pytest.mark.parametrize(
    "variant",
    [
        TEXT,
        "  " + TEXT.replace(" ", "\n  ") + "\n",
        TEXT.upper(),
        TEXT.replace(" - ", " \u2014 "),
    ],
    ids=["same", "whitespace", "case", "dash"],
)
def test_duplicate_text_is_stored_once(engine, fake_extractor, variant):
    assert _add(engine, fake_extractor, _article()) is not None
    assert _add(engine, fake_extractor, _article(variant)) is None
    assert _count(engine, store.articles) == 1
    assert _count(engine, store.claims) == 2


def test_content_hash_unifies_quotes():
    assert content_hash("Haftar\u2019s \u201cforces\u201d") == content_hash('haftar\'s "forces"')


def test_unique_constraint_catches_a_race(engine, fake_extractor, monkeypatch):
    _add(engine, fake_extractor, _article())
    monkeypatch.setattr(store.writes, "existing_hashes", lambda conn, hashes: set())
    assert _add(engine, fake_extractor, _article()) is None
    assert _count(engine, store.articles) == 1 and _count(engine, store.claims) == 2


def _fail_third_write(monkeypatch, error: Exception) -> None:
    """Make the third article's claim insert raise `error`, after its mentions went in."""
    real = store.writes._insert_findings
    calls = []

    def flaky(conn, article_id, extraction, version):
        calls.append(article_id)
        real(conn, article_id, extraction, version)
        if len(calls) == 3:
            raise error

    monkeypatch.setattr(store.writes, "_insert_findings", flaky)


def _orphans(engine) -> int:
    with engine.connect() as conn:
        return sum(
            conn.execute(
                select(func.count())
                .select_from(table)
                .where(table.c.article_id.not_in(select(store.articles.c.id)))
            ).scalar()
            for table in (store.claims, store.mentions)
        )


def _stored_texts(engine) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(select(store.articles.c.text).order_by("id")).scalars().all()


REPORTS = [Article(text=f"Turkey backs GNA, report {i}.", source=f"{i}.txt") for i in range(5)]


def test_store_failure_mid_batch_keeps_earlier_articles_whole(engine, fake_extractor, monkeypatch):
    _fail_third_write(monkeypatch, OperationalError("INSERT", {}, Exception("disk I/O error")))
    with pytest.raises(StoreError, match="disk I/O error"):
        ingest_articles(engine, REPORTS, extractor=fake_extractor)
    assert _stored_texts(engine) == [REPORTS[0].text, REPORTS[1].text]
    assert _count(engine, store.claims) == 2
    assert _orphans(engine) == 0


def test_refused_article_fails_alone(engine, fake_extractor, monkeypatch):
    _fail_third_write(monkeypatch, DataError("INSERT", {}, Exception("value too long")))
    report = ingest_articles(engine, REPORTS, extractor=fake_extractor)
    assert [item.status for item in report.items] == ["added"] * 2 + ["failed"] + ["added"] * 2
    assert "value too long" in report.items[2].reason
    assert REPORTS[2].text not in _stored_texts(engine)
    assert _count(engine, store.articles) == 4 and _count(engine, store.claims) == 4
    assert _orphans(engine) == 0


def test_store_version_changes_on_write(engine, fake_extractor):
    before = store_version(engine)
    _add(engine, fake_extractor, _article())
    after = store_version(engine)
    assert before != after
    _add(engine, fake_extractor, _article())  # a duplicate changes nothing
    assert store_version(engine) == after


def test_reopening_a_current_store_keeps_its_data(db, engine, fake_extractor):
    _add(engine, fake_extractor, _article())
    again = open_store(db)
    assert _count(again, store.articles) == 1
    assert store_version(again) == store_version(engine)


def test_newer_schema_is_refused(db, engine):
    with engine.begin() as conn:
        conn.execute(
            update(store.meta_table)
            .where(store.meta_table.c.key == "schema_version")
            .values(value="999")
        )
    supported = rf"\({store.SCHEMA_VERSION}\)"
    where = re.escape(store.describe_url(store.database_url(db)))
    with pytest.raises(StoreError, match=where + r".*schema version 999.*" + supported):
        open_store(db)


def _versions(engine) -> tuple[str, str | None]:
    """The meta table's schema version and the Alembic revision the store records."""
    with engine.connect() as conn:
        meta = conn.execute(
            select(store.meta_table.c.value).where(store.meta_table.c.key == "schema_version")
        ).scalar()
        stamped = MigrationContext.configure(conn).get_current_revision()
    return meta, stamped


def test_new_store_records_the_newest_revision(engine):
    assert _versions(engine) == (str(store.SCHEMA_VERSION), store.revision(store.SCHEMA_VERSION))


def test_revisions_are_one_per_schema_version(engine):
    with engine.connect() as conn:
        script = ScriptDirectory.from_config(store.migrations.alembic_config(conn))
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert chain == [store.revision(n) for n in range(1, store.SCHEMA_VERSION + 1)]
    assert script.get_current_head() == store.revision(store.SCHEMA_VERSION)


def test_current_store_made_before_alembic_is_stamped_and_kept(db, engine, fake_extractor):
    _add(engine, fake_extractor, _article())
    with engine.begin() as conn:
        made_before_alembic(conn, store.SCHEMA_VERSION)
    engine.dispose()
    reopened = open_store(db)
    assert _versions(reopened) == (str(store.SCHEMA_VERSION), "v6")
    assert _count(reopened, store.articles) == 1 and _count(reopened, store.claims) == 2
    reopened.dispose()


def test_version_that_disagrees_with_the_revision_is_refused(db, engine):
    with engine.begin() as conn:  # the meta table set back by hand, the revision kept
        conn.execute(
            update(store.meta_table)
            .where(store.meta_table.c.key == "schema_version")
            .values(value="4")
        )
    with pytest.raises(StoreError, match="schema version 4 but records migration 'v6'"):
        open_store(db)


def _migrated_from(db, engine, version: int, *statements: str):
    """The store turned back into one of schema `version` (by `statements`), made before
    Alembic, then opened again: upgraded."""
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
        made_before_alembic(conn, version)
    engine.dispose()
    return open_store(db)


def test_version_4_store_gains_the_sources_of_articles(db, engine, fake_extractor):
    _add(engine, fake_extractor, _article())
    migrated = _migrated_from(
        db,
        engine,
        4,
        "DROP TABLE feeds",
        "DROP TABLE datasets",
        "DROP INDEX ix_articles_url",
        "ALTER TABLE articles DROP COLUMN dataset",
    )
    with migrated.connect() as conn:
        found = inspect(conn)
        tables = set(found.get_table_names())
        indexes = {index["name"] for index in found.get_indexes("articles")}
        datasets = conn.execute(select(store.articles.c.dataset)).scalars().all()
    assert {"feeds", "datasets"} <= tables
    assert "ix_articles_url" in indexes
    assert datasets == [""]  # the stored article kept, from no data set
    assert _versions(migrated) == ("6", "v6")
    migrated.dispose()


def test_version_5_store_gains_its_article_counts_and_page_index(db, engine, fake_extractor):
    _add(engine, fake_extractor, _article())
    _add(engine, fake_extractor, _article("Quiet text with no claim at all."))
    with engine.connect() as conn:
        kept = sorted(tuple(r) for r in conn.execute(select(store.article_counts)))
    migrated = _migrated_from(
        db,
        engine,
        5,
        "DROP TABLE article_counts",
        "DROP INDEX ix_claims_status_date",  # the two indexes as version 5 had them
        "CREATE INDEX ix_claims_status_date ON claims (status, date)",
        "DROP INDEX ix_articles_published",
        "CREATE INDEX ix_articles_published ON articles (published)",
    )
    with migrated.connect() as conn:
        counted = sorted(tuple(r) for r in conn.execute(select(store.article_counts)))
        index = {
            i["name"]: i["column_names"]
            for table in ("claims", "articles")
            for i in inspect(conn).get_indexes(table)
        }
    assert index["ix_claims_status_date"] == ["status", "date", "id"]
    assert index["ix_articles_published"] == ["published", "id"]
    assert ("", "stored", 2) in counted
    assert counted == kept  # the migration counts what the writes counted
    assert tally.articles_count(migrated) == 2
    assert _versions(migrated) == ("6", "v6")
    migrated.dispose()


def test_missing_migration_is_refused(db, engine, monkeypatch):
    current = store.SCHEMA_VERSION
    monkeypatch.setattr(store.migrations, "SCHEMA_VERSION", current + 1)
    with pytest.raises(StoreError, match=f"no migration from {current}"):
        open_store(db)


def test_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database. " * 200)
    with pytest.raises(StoreError, match=r"notes\.db is not a readable SQLite database"):
        open_store(path)


def test_database_of_another_program_is_refused(db):
    other = store.make_engine(store.database_url(db))
    with other.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE recipes (name TEXT)")
    other.dispose()
    with pytest.raises(StoreError, match="not a tracker store"):
        open_store(db)


def test_missing_store_without_create_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_empty_database_without_create_is_an_error(db):
    with pytest.raises(StoreError, match="no store at"):
        open_store(db, create=False)
    reopened = open_store(db)  # nothing was left behind that would stop its creation
    assert store.count_articles(reopened) == 0
    reopened.dispose()


@pytest.mark.sqlite_only("file permissions")
def test_read_only_store_is_refused(db, engine, monkeypatch):
    monkeypatch.setattr(store.opening.os, "access", lambda path, mode: False)
    with pytest.raises(StoreError, match="read-only"):
        open_store(db)


def test_database_url_prefers_argument_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(store.DB_ENV, str(tmp_path / "env.db"))
    assert store.database_url().endswith("env.db")
    assert store.database_url(tmp_path / "arg.db").endswith("arg.db")
    assert store.database_url("postgresql://u:p@host/db") == "postgresql://u:p@host/db"
    assert store.describe_url("postgresql://u:secret@host/db") == "postgresql://u:***@host/db"


@pytest.mark.sqlite_only("a PRAGMA of SQLite's")
def test_store_uses_wal(engine):
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_reanalyze_replaces_claims_and_mentions(engine, fake_extractor, make_extractor):
    for i in range(3):
        _add(engine, fake_extractor, _article(f"Turkey backs GNA ({i}). Egypt backs LNA."))
    before = store_version(engine)
    newer = make_extractor("fake-2")
    seen = []
    assert reanalyze(engine, newer, batch_size=2, progress=lambda d, t: seen.append((d, t))) == 3
    with engine.connect() as conn:
        groups = set(conn.execute(select(store.claims.c.grp)).scalars())
        versions = set(conn.execute(select(store.articles.c.extractor_version)).scalars())
    assert groups == {"fake-2-group"} and versions == {"fake-2"}
    assert _count(engine, store.claims) == 6
    assert _count(engine, store.mentions) == 3 * len(
        newer.extract(_article(newer.seen[0])).mentions
    )
    assert seen == [(0, 3), (2, 3), (3, 3)]
    assert store_version(engine) != before


def test_stats_counts(engine, fake_extractor):
    _add(engine, fake_extractor, _article(date="2020-06-14"), sample=True)
    _add(engine, fake_extractor, _article("Egypt backs LNA."))
    counts = store.stats(engine)
    assert counts["articles"] == 2 and counts["sample_articles"] == 1
    assert counts["undated_articles"] == 1 and counts["first_date"] == "2020-06-14"
    assert counts["claims"] == 3 and counts["asserted_by_theater"] == {"Libya": 3}


def test_locked_store_is_reported(db_path, monkeypatch, fake_extractor):
    import sqlite3

    def quick_pragmas(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    monkeypatch.setattr(store.engine, "_sqlite_pragmas", quick_pragmas)
    engine = open_store(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="is locked by another process"):
            ingest_articles(engine, REPORTS[:1], extractor=fake_extractor)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        engine.dispose()


def test_waiting_writer_on_postgresql_is_reported_as_locked(pg_url, monkeypatch, fake_extractor):
    """Writers take turns through an advisory lock; one kept waiting too long is told the
    store is locked, as on SQLite."""
    engine = open_store(pg_url)
    monkeypatch.setattr(store.engine, "LOCK_TIMEOUT", "50ms")
    holder = store.make_engine(pg_url)
    try:
        with (
            write_transaction(holder),
            pytest.raises(StoreError, match="is locked by another process"),
        ):
            ingest_articles(engine, REPORTS[:1], extractor=fake_extractor)
    finally:
        holder.dispose()
    assert ingest_articles(engine, REPORTS[:1], extractor=fake_extractor).added == 1
    engine.dispose()
