"""Opening a store: resolve where it is, check it can be used, create or migrate its schema."""

from __future__ import annotations

import os

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from analysis.errors import StoreError
from analysis.store.engine import database_url, make_engine, write_transaction
from analysis.store.faults import describe_url, sqlite_path, store_error
from analysis.store.migrations import create_schema, migrate, schema_state


def open_store(db: str | os.PathLike | None = None, *, create: bool = True) -> Engine:
    """Open the store at `db` (see `database_url`), creating or migrating its schema.

    With `create=False` a missing store is an error instead of being created. A store whose
    schema is newer than this program, or that is not a tracker store at all, is refused.
    """
    url = database_url(db)
    where = describe_url(url)
    path = sqlite_path(url)
    if path is not None:
        if path.is_dir():
            raise StoreError(f"store {where} is a folder, not a database file")
        if not path.exists() and not create:
            raise _no_store(where)
        if path.exists() and create and not os.access(path, os.W_OK):
            raise StoreError(f"store {where} is read-only; check its permissions")
    try:
        engine = make_engine(url)
    except (OSError, SQLAlchemyError) as err:
        raise StoreError(f"store {where} cannot be created: {err}") from None
    try:
        _prepare(engine, where, create=create)
    except StoreError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as err:
        engine.dispose()
        raise store_error(where, err) from None
    return engine


def _no_store(where: str) -> StoreError:
    return StoreError(f"no store at {where}; add articles first with `python -m analysis ingest`")


def _prepare(engine: Engine, where: str, *, create: bool) -> None:
    # A read first, so that opening a current store takes no write lock.
    with engine.connect() as conn:
        state = schema_state(conn, where)
    if state == "current":
        return
    if state == "empty" and not create:
        raise _no_store(where)
    with write_transaction(engine) as conn:
        state = schema_state(conn, where)  # another process may have got there first
        if state == "empty":
            create_schema(conn)
        elif state != "current":
            migrate(conn, int(state), where)
