"""Database errors as a user reads them: which store, and what to do about it.

The driver's errors carry no kind, only a message, so faults are told apart by the words
SQLite and PostgreSQL use in them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from analysis.errors import StoreError


def describe_url(url: str) -> str:
    """How to name a store in a message: the file path for SQLite, else the URL sans password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite:///"):
        return None
    rest = url.removeprefix("sqlite:///").split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


_STORE_FAULTS = ("not a database", "malformed", "locked", "busy", "readonly", "read-only")
_STORE_FAULTS += ("permission denied", "unable to open", "disk")


def is_store_fault(err: BaseException) -> bool:
    """Whether a database error is the store's (locked, read-only, full, corrupt), so that
    no further article can be written either, rather than one article's data refused."""
    if isinstance(err, OperationalError):
        return True
    text = str(getattr(err, "orig", None) or err).lower()
    return any(fault in text for fault in _STORE_FAULTS)


@contextmanager
def store_errors(where: str) -> Iterator[None]:
    """Turn database errors raised inside the block into a StoreError naming the store."""
    try:
        yield
    except SQLAlchemyError as err:
        raise store_error(where, err) from None


def store_error(where: str, err: BaseException) -> StoreError:
    """Turn a database driver error into a StoreError with a reason a user can act on."""
    orig = getattr(err, "orig", None) or err
    text = str(orig).lower()
    if "not a database" in text or "malformed" in text:
        reason = "is not a readable SQLite database (the file is corrupt or of another kind)"
    elif "locked" in text or "busy" in text:
        reason = "is locked by another process; try again when it has finished"
    elif "readonly" in text or "read-only" in text or "permission denied" in text:
        reason = "is read-only; check the file's permissions or choose another --db"
    elif "unable to open" in text:
        reason = "cannot be opened (missing folder or no permission)"
    elif "disk" in text and "full" in text:
        reason = "cannot be written: the disk is full"
    else:
        reason = f"cannot be used: {orig}"
    return StoreError(f"store {where} {reason}")


def describe_engine(engine: Engine) -> str:
    """How to name the store behind `engine` in a message (see `describe_url`)."""
    return describe_url(engine.url.render_as_string(hide_password=False))
