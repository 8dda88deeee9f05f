"""Database errors as a user reads them: which store, and what to do about it.

SQLite's errors carry no kind, only a message, so its faults are told apart by the words in
them; PostgreSQL's carry an SQLSTATE code, whose class says whose fault it is.
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


# PostgreSQL's SQLSTATE codes (or their two-character classes) that are the store's fault,
# with what a user can do about each. A longer code is looked up before its class.
_PG_FAULTS = {
    "08": "cannot be reached; check that the server runs and the URL's host and port",
    "28": "refused the login; check the user and password in the URL",
    "3D000": "does not exist on the server; create the database first (createdb)",
    "25006": "is read-only; connect as a user or to a server that may write",
    "42501": "refuses this user the change; grant the user rights on the tracker's tables",
    "53100": "cannot be written: the server's disk is full",
    "53": "cannot be written: the server is out of resources",
    "55P03": "is locked by another process; try again when it has finished",
    "40": "is busy with another writer; try again when it has finished",
    "57": "is shutting down or restarting; try again when the server is back",
    "58": "cannot be used: the server reports a system error",
    "XX": "cannot be used: the server reports an internal error (is the database damaged?)",
}
# Words of a failed PostgreSQL connection, which comes without an SQLSTATE.
_PG_CONNECT_FAULTS = (
    ("authentication failed", "28"),
    ('role "', "28"),
    ("does not exist", "3D000"),
)


def _sqlstate(err: BaseException) -> str | None:
    """PostgreSQL's SQLSTATE of a driver error ("08" for a connection that failed before
    the server could give one), None for SQLite's errors."""
    orig = getattr(err, "orig", None) or err
    if not type(orig).__module__.startswith("psycopg"):
        return None
    code = getattr(orig, "sqlstate", None)
    if code:
        return code
    text = str(orig).lower()
    return next((code for words, code in _PG_CONNECT_FAULTS if words in text), "08")


def _pg_reason(code: str) -> str | None:
    return _PG_FAULTS.get(code) or _PG_FAULTS.get(code[:2])


def is_store_fault(err: BaseException) -> bool:
    """Whether a database error is the store's (locked, read-only, full, corrupt, out of
    reach), so that no further article can be written either, rather than one article's
    data refused."""
    if isinstance(err, OperationalError):
        return True
    code = _sqlstate(err)
    if code is not None:
        return _pg_reason(code) is not None
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
    code = _sqlstate(err)
    if code is not None:
        first_line = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        return StoreError(f"store {where} {_pg_reason(code) or 'cannot be used'} ({first_line})")
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
