"""Connecting to the store: where it lives, the SQLite settings, write transactions, and the
data version that caches key on."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Integer, String, cast, create_engine, event, func, select, update
from sqlalchemy.engine import Connection, Engine

from analysis.config import DEFAULT_DB, settings
from analysis.store.schema import DATA_VERSION_KEY, STORE_ID_KEY, meta_table


def database_url(db: str | os.PathLike | None = None) -> str:
    """Resolve where the store lives: explicit argument, then $CONFLICT_TRACKER_DB, then default.

    A value containing "://" is taken as an SQLAlchemy URL, anything else as a file path.
    """
    value = str(db) if db else settings().db or str(DEFAULT_DB)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a generous busy timeout."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


# The key of the PostgreSQL advisory lock that writers take (any constant the tracker owns).
WRITE_LOCK = 0x7472_6B72  # "trkr"
# How long a writer waits for another one on PostgreSQL, as SQLite's busy timeout does.
LOCK_TIMEOUT = "30s"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes: committed on success, rolled back on any error.

    Writers take turns, so that a read followed by a write cannot be overtaken by another
    writer (the summary tables are read, then updated) and a busy store is waited for, not
    failed on. SQLite takes its write lock at the start (BEGIN IMMEDIATE); PostgreSQL takes
    an advisory lock held to the end of the transaction, waiting at most LOCK_TIMEOUT.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(select(func.set_config("lock_timeout", LOCK_TIMEOUT, True)))
            conn.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))
        yield conn


def bump(conn: Connection) -> None:
    """Count one more change to the data; `store_version` reads the count.."""
    conn.execute(
        update(meta_table)
        .where(meta_table.c.key == DATA_VERSION_KEY)
        .values(value=cast(cast(meta_table.c.value, Integer) + 1, String))
    )


def store_version(engine: Engine) -> str:
    """A token that changes whenever articles or claims change: a cache key for queries."""
    with engine.connect() as conn:
        rows = dict(
            conn.execute(
                select(meta_table.c.key, meta_table.c.value).where(
                    meta_table.c.key.in_((STORE_ID_KEY, DATA_VERSION_KEY))
                )
            ).all()
        )
    return f"{rows.get(STORE_ID_KEY, '')[:12]}-{rows.get(DATA_VERSION_KEY, '0')}"
