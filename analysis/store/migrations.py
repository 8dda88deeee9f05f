"""Creating a store's schema, or upgrading an older one, inside the transaction that opens it.

SCHEMA_VERSION is the version this program writes and reads. MIGRATIONS[n] upgrades a store
at schema version n to version n + 1; `schema_state` tells an empty store, a current one and
one that needs migrating apart, and refuses the rest.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateColumn

from analysis.errors import StoreError
from analysis.store.engine import bump
from analysis.store.schema import (
    DATA_VERSION_KEY,
    EVENT_TABLES,
    REPORT_TABLES,
    SOURCE_TABLES,
    STORE_ID_KEY,
    articles,
    claims,
    meta_table,
    metadata,
)
from analysis.store.summaries import rebuild_summaries

SCHEMA_VERSION = 5


def create_schema(conn: Connection) -> None:
    """Create every table of an empty store and its meta rows: the schema version, a data
    version of 0 and a store id (together the dashboard's cache key)."""
    metadata.create_all(conn)
    conn.execute(
        insert(meta_table),
        [
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": DATA_VERSION_KEY, "value": "0"},
            {"key": STORE_ID_KEY, "value": uuid.uuid4().hex},
        ],
    )


def _migrate_1_to_2(conn: Connection) -> None:
    """Version 2 adds the summary tables (filled from the claims) and two claim/article
    indexes that later version-1 stores may lack."""
    for index in (*claims.indexes, *articles.indexes):
        if index.name in {"ix_claims_status_date", "ix_articles_sample"}:
            index.create(conn, checkfirst=True)
    for table in REPORT_TABLES:
        table.create(conn, checkfirst=True)
    rebuild_summaries(conn, REPORT_TABLES)


# The columns version 3 added to `claims` (event time and phase).
TIME_COLUMNS = ("phase", "event_start", "event_end", "time_precision", "time_source")


def _add_columns(conn: Connection, table, names) -> None:
    """Add the named columns of `table` that the stored table lacks (each has a server
    default, so a filled table takes it)."""
    present = {col["name"] for col in inspect(conn).get_columns(table.name)}
    for name in names:
        if name not in present:
            ddl = CreateColumn(table.c[name]).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")


def _migrate_2_to_3(conn: Connection) -> None:
    """Version 3 adds each claim's event time and phase. A stored claim is dated by its
    article until re-analysis (`python -m analysis reanalyze`) reads the time from its
    sentence."""
    _add_columns(conn, claims, TIME_COLUMNS)
    c = claims.c
    conn.execute(
        update(claims)
        .where(c.date.is_not(None), c.time_source == "")
        .values(event_start=c.date, event_end=c.date, time_precision="day", time_source="article")
    )


def _migrate_3_to_4(conn: Connection) -> None:
    """Version 4 adds `cell_events`, the Timeline's summary of claims by event time, and
    `cell_outlets`, the matrix's outlets per cell, both filled from the claims."""
    for table in EVENT_TABLES:
        table.create(conn, checkfirst=True)
    rebuild_summaries(conn, EVENT_TABLES)


def _migrate_4_to_5(conn: Connection) -> None:
    """Version 5 adds the sources of articles: the `feeds` the watch loop polls, the public
    `datasets` imported (with their attribution), each article's `dataset`, and an index on
    `articles.url` so that a fetched page is recognised by its canonical URL."""
    _add_columns(conn, articles, ("dataset",))
    for table in SOURCE_TABLES:
        table.create(conn, checkfirst=True)
    for index in articles.indexes:
        if index.name == "ix_articles_url":
            index.create(conn, checkfirst=True)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
}


def schema_state(conn: Connection, where: str) -> str:
    """ "empty", "current", or the older schema version (as text) that needs migrating."""
    tables = set(inspect(conn).get_table_names())
    if "meta" not in tables:
        if tables:
            names = ", ".join(sorted(tables)[:5])
            raise StoreError(
                f"store {where} is a database but not a tracker store (tables: {names})"
            )
        return "empty"
    found = conn.execute(
        select(meta_table.c.value).where(meta_table.c.key == "schema_version")
    ).scalar()
    try:
        version = int(found)
    except (TypeError, ValueError):
        raise StoreError(f"store {where} has an unreadable schema version {found!r}") from None
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"store {where} has schema version {version}, newer than this program supports "
            f"({SCHEMA_VERSION}); upgrade the tracker or choose another --db"
        )
    if version < 1:
        raise StoreError(f"store {where} has an unknown schema version {version}")
    return "current" if version == SCHEMA_VERSION else str(version)


def migrate(conn: Connection, version: int, where: str) -> None:
    for step in range(version, SCHEMA_VERSION):
        migration = MIGRATIONS.get(step)
        if migration is None:
            raise StoreError(
                f"store {where} has schema version {version} and no migration from {step}"
            )
        migration(conn)
    metadata.create_all(conn)  # tables added by later versions
    conn.execute(
        update(meta_table)
        .where(meta_table.c.key == "schema_version")
        .values(value=str(SCHEMA_VERSION))
    )
    bump(conn)
