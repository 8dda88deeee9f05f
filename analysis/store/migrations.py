"""Creating a store's schema, or upgrading an older one, inside the transaction that opens it.

SCHEMA_VERSION is the version this program writes and reads. Upgrades are Alembic revisions
in `revisions/versions/`, one per schema version ("v1" ... "v6"), run on the connection that
opens the store, on SQLite and PostgreSQL alike; no alembic.ini is needed. The meta table's
`schema_version` moves in step with them (the dashboard's cache and older programs read
it). `schema_state` tells an empty store, a current one and one that needs migrating apart,
and refuses the rest.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateColumn

from analysis.errors import StoreError
from analysis.store.engine import bump
from analysis.store.schema import (
    DATA_VERSION_KEY,
    STORE_ID_KEY,
    meta_table,
    metadata,
)

SCHEMA_VERSION = 6
REVISIONS = Path(__file__).with_name("revisions")
# Alembic's own table: the revision a store is at.
VERSION_TABLE = "alembic_version"


def revision(version: int) -> str:
    """The Alembic revision of schema version `version`."""
    return f"v{version}"


def alembic_config(conn: Connection) -> Config:
    """Alembic's settings, built here rather than read from an alembic.ini: the revisions
    of this package, run on `conn`."""
    config = Config()
    config.set_main_option("script_location", str(REVISIONS))
    config.attributes["connection"] = conn
    return config


def create_schema(conn: Connection) -> None:
    """Create every table of an empty store and its meta rows: the schema version, a data
    version of 0 and a store id (together the dashboard's cache key); the store is stamped
    at the newest revision, as nothing needs upgrading."""
    metadata.create_all(conn)
    conn.execute(
        insert(meta_table),
        [
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": DATA_VERSION_KEY, "value": "0"},
            {"key": STORE_ID_KEY, "value": uuid.uuid4().hex},
        ],
    )
    command.stamp(alembic_config(conn), revision(SCHEMA_VERSION))


def set_schema_version(conn: Connection, version: int) -> None:
    """Record in the meta table the schema version a revision has brought the store to."""
    conn.execute(
        update(meta_table).where(meta_table.c.key == "schema_version").values(value=str(version))
    )


# The columns version 3 added to `claims` (event time and phase).
TIME_COLUMNS = ("phase", "event_start", "event_end", "time_precision", "time_source")


def add_columns(conn: Connection, table, names) -> None:
    """Add the named columns of `table` that the stored table lacks (each has a server
    default, so a filled table takes it)."""
    present = {col["name"] for col in inspect(conn).get_columns(table.name)}
    for name in names:
        if name not in present:
            ddl = CreateColumn(table.c[name]).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")


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
    if version == SCHEMA_VERSION and VERSION_TABLE in tables:
        return "current"
    return str(version)  # older, or current but made before Alembic: to be stamped


def migrate(conn: Connection, version: int, where: str) -> None:
    """Upgrade a store at schema `version` to SCHEMA_VERSION with Alembic. A store made
    before Alembic (no revision recorded) is first stamped at its version; one whose
    recorded revision disagrees with its version is refused rather than guessed at."""
    config = alembic_config(conn)
    script = ScriptDirectory.from_config(config)
    known = {rev.revision for rev in script.walk_revisions()}
    for step in range(version, SCHEMA_VERSION):
        if revision(step + 1) not in known:
            raise StoreError(
                f"store {where} has schema version {version} and no migration from {step}"
            )
    stamped = MigrationContext.configure(conn).get_current_revision()
    if stamped is None:
        command.stamp(config, revision(version))
    elif stamped != revision(version):
        raise StoreError(
            f"store {where} has schema version {version} but records migration {stamped!r}; "
            "its meta table or alembic_version table was changed by hand"
        )
    command.upgrade(config, revision(SCHEMA_VERSION))
    set_schema_version(conn, SCHEMA_VERSION)
    bump(conn)
