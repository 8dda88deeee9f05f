"""The article store: SQLite (WAL) through SQLAlchemy by default, any SQLAlchemy URL allowed.

One database holds articles, the actor mentions found in them and the claims extracted
from them, plus summary tables of the asserted claims (kept in the same transactions as the
claims) that the dashboard reads. The schema carries a version number, checked whenever a
store is opened.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    create_engine,
    delete,
    distinct,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from analysis.errors import StoreError
from analysis.models import Article, Claim, Extraction, Mention

SCHEMA_VERSION = 2
DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "tracker.db"
DB_ENV = "CONFLICT_TRACKER_DB"

metadata = MetaData()

meta_table = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("outlet", String(255), nullable=False, default=""),
    Column("published", Date, nullable=True),
    Column("date_source", String(32), nullable=True),
    Column("source", Text, nullable=False, default=""),
    Column("language", String(16), nullable=False, default="en"),
    Column("flags", String(255), nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
    Column("extractor_version", String(32), nullable=False, default=""),
    Column("sample", Boolean, nullable=False, default=False),
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_sample", articles.c.sample)  # the sidebar's sample-corpus notice

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("actor", String(128), nullable=True),  # canonical actor, None if unknown to KB
    Column("label", String(32), nullable=False),  # actor type, or spaCy NER label
    Column("text", String(255), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("ix_mentions_article", mentions.c.article_id)
Index("ix_mentions_actor", mentions.c.actor)
Index("ix_mentions_unknown", mentions.c.actor, mentions.c.text)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False, default=""),
    Column("supporter", String(128), nullable=False),
    Column("supporter_type", String(32), nullable=False),
    Column("relation", String(16), nullable=False),
    Column("target", String(128), nullable=False),
    Column("theater", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("date", Date, nullable=True),
    Column("month", String(7), nullable=True),  # "YYYY-MM" of date, for timelines
    Column("alleged", Boolean, nullable=False, default=False),
    Column("confidence", Float, nullable=False),
    Column("status", String(16), nullable=False, default="asserted"),
    Column("rule", String(64), nullable=False, default=""),
    Column("grp", String(128), nullable=False, default=""),
    Column("supporter_text", String(255), nullable=False, default=""),
    Column("target_text", String(255), nullable=False, default=""),
    Column("sup_start", Integer, nullable=False, default=-1),
    Column("sup_end", Integer, nullable=False, default=-1),
    Column("tgt_start", Integer, nullable=False, default=-1),
    Column("tgt_end", Integer, nullable=False, default=-1),
    Column("extractor_version", String(32), nullable=False, default=""),
)
Index(
    "ix_claims_cell",
    claims.c.status,
    claims.c.theater,
    claims.c.supporter,
    claims.c.target,
    claims.c.relation,
)
Index("ix_claims_theater_date", claims.c.theater, claims.c.date)
Index("ix_claims_month", claims.c.theater, claims.c.month)
Index("ix_claims_article", claims.c.article_id)
# Newest-first claim pages read this index backwards and stop after one page.
Index("ix_claims_status_date", claims.c.status, claims.c.date)

# -- summary tables ---------------------------------------------------------------------------
# The dashboard's aggregates kept as claims are written, so that reading them does not grow
# with the store. Only asserted claims count. A "cell" is (theater, supporter, supporter_type,
# target, relation); `articles` is the number of distinct articles with at least one claim in
# it. Each article adds each of its distinct cells once, and its removal takes the same back.
CELL_KEY = ("theater", "supporter", "supporter_type", "target", "relation")


def _cell_columns() -> list[Column]:
    return [
        Column("theater", String(64), primary_key=True),
        Column("supporter", String(128), primary_key=True),
        Column("supporter_type", String(32), primary_key=True),
        Column("target", String(128), primary_key=True),
        Column("relation", String(16), primary_key=True),
    ]


def _count_columns() -> list[Column]:
    return [
        Column("articles", Integer, nullable=False, default=0),
        Column("claims", Integer, nullable=False, default=0),
        Column("first", Date, nullable=True),
        Column("last", Date, nullable=True),
    ]


cells = Table(
    "cells",
    metadata,
    *_cell_columns(),
    *_count_columns(),
    # Articles whose claims in this cell fall in more than one month ("" for undated): while
    # it is 0, the cell's months can be summed to count distinct articles over a period.
    Column("multi_month", Integer, nullable=False, default=0),
)
cell_months = Table(
    "cell_months",
    metadata,
    *_cell_columns(),
    Column("month", String(7), primary_key=True),  # "YYYY-MM", "" for undated claims
    *_count_columns(),
    # Articles of this row that also add to another row with the same supporter, target,
    # relation and month (another theater or supporter type): while it is 0 for every row
    # summed, a timeline across theaters counts each article once.
    Column("shared", Integer, nullable=False, default=0),
)
# One row per article and theater where it has asserted claims, split by whether the
# supporter is an outside actor (not a faction): the distinct-article count of `counts`.
article_theaters = Table(
    "article_theaters",
    metadata,
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("theater", String(64), primary_key=True),
    Column("outside", Boolean, primary_key=True),
)
Index(
    "ix_article_theaters_side",
    article_theaters.c.outside,
    article_theaters.c.theater,
    article_theaters.c.article_id,
)
Index("ix_article_theaters_theater", article_theaters.c.theater, article_theaters.c.article_id)
# Distinct articles over every theater: a walk of an index ordered by article, no sorting.
Index("ix_article_theaters_outside", article_theaters.c.outside, article_theaters.c.article_id)
Index("ix_article_theaters_article", article_theaters.c.article_id)
SUMMARY_TABLES = (cells, cell_months, article_theaters)


def database_url(db: str | os.PathLike | None = None) -> str:
    """Resolve where the store lives: explicit argument, then $CONFLICT_TRACKER_DB, then default.

    A value containing "://" is taken as an SQLAlchemy URL, anything else as a file path.
    """
    value = str(db) if db else os.environ.get(DB_ENV) or str(DEFAULT_DB)
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


# -- opening and checking -------------------------------------------------------------------

DATA_VERSION_KEY = "data_version"
STORE_ID_KEY = "store_id"


def _migrate_1_to_2(conn: Connection) -> None:
    """Version 2 adds the summary tables (filled from the claims) and two claim/article
    indexes that later version-1 stores may lack."""
    for index in (*claims.indexes, *articles.indexes):
        if index.name in {"ix_claims_status_date", "ix_articles_sample"}:
            index.create(conn, checkfirst=True)
    for table in SUMMARY_TABLES:
        table.create(conn, checkfirst=True)
    rebuild_summaries(conn)


# Migrations: MIGRATIONS[n] upgrades a store at schema version n to version n + 1, inside the
# transaction that opens the store.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_1_to_2}


def describe_url(url: str) -> str:
    """How to name a store in a message: the file path for SQLite, else the URL sans password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

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
        state = _schema_state(conn, where)
    if state == "current":
        return
    if state == "empty" and not create:
        raise _no_store(where)
    with write_transaction(engine) as conn:
        state = _schema_state(conn, where)  # another process may have got there first
        if state == "empty":
            metadata.create_all(conn)
            conn.execute(
                insert(meta_table),
                [
                    {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                    {"key": DATA_VERSION_KEY, "value": "0"},
                    {"key": STORE_ID_KEY, "value": uuid.uuid4().hex},
                ],
            )
        elif state != "current":
            _migrate(conn, int(state), where)


def _schema_state(conn: Connection, where: str) -> str:
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


def _migrate(conn: Connection, version: int, where: str) -> None:
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
    _bump(conn)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes: committed on success, rolled back on any error.

    SQLite takes its write lock at the start (BEGIN IMMEDIATE), so a read followed by a write
    cannot be overtaken by another writer, and a busy store is waited for, not failed on.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn


def _bump(conn: Connection) -> None:
    """Count one more change to the data; `store_version` reads the count."""
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


# -- writing --------------------------------------------------------------------------------

_UNIFY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def normalise_text(text: str) -> str:
    """Text as compared for duplicates: NFKC, quotes and dashes unified, casefolded,
    whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_UNIFY).casefold()
    return " ".join(text.split())


def content_hash(text: str) -> str:
    """The duplicate key of an article: sha256 of its normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def to_date(value: str | date | None) -> date | None:
    """An ISO date string (or date) as a date; None when absent or not a valid date."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def existing_hashes(conn: Connection, hashes: list[str]) -> set[str]:
    """Which of `hashes` are already stored."""
    found: set[str] = set()
    for i in range(0, len(hashes), 500):
        chunk = hashes[i : i + 500]
        found.update(
            conn.execute(
                select(articles.c.content_hash).where(articles.c.content_hash.in_(chunk))
            ).scalars()
        )
    return found


def add_article(
    conn: Connection,
    article: Article,
    extraction: Extraction,
    *,
    extractor_version: str,
    sample: bool = False,
) -> int | None:
    """Store one article with its claims and mentions; its id, or None if already stored.

    Call inside a transaction (`write_transaction`), one per article, so that an article is
    stored whole or not at all. The UNIQUE content hash settles races between two ingests.
    """
    digest = content_hash(article.text)
    if existing_hashes(conn, [digest]):
        return None
    flags = ",".join(article.meta.get("flags", ()))[:255]
    row = {
        "content_hash": digest,
        "title": article.title or "",
        "url": article.url or "",
        "outlet": (article.outlet or "")[:255],
        "published": to_date(article.date),
        "date_source": article.date_source if to_date(article.date) else None,
        "source": article.source or "",
        "language": article.language or "en",
        "flags": flags,
        "text": article.text,
        "ingested_at": datetime.now(UTC).replace(tzinfo=None),
        "extractor_version": extractor_version,
        "sample": sample,
    }
    article_id = conn.execute(_insert_new_article(conn, row)).scalar_one_or_none()
    if article_id is None:
        return None
    _insert_findings(conn, article_id, extraction, extractor_version)
    _bump(conn)
    return article_id


def _insert_new_article(conn: Connection, row: dict):
    """INSERT that does nothing on a duplicate hash (SQLite, PostgreSQL) and returns the id."""
    name = conn.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        return insert(articles).values(row).returning(articles.c.id)
    return (
        dialect_insert(articles)
        .values(row)
        .on_conflict_do_nothing(index_elements=["content_hash"])
        .returning(articles.c.id)
    )


def _insert_findings(
    conn: Connection, article_id: int, extraction: Extraction, extractor_version: str
) -> None:
    claim_rows = [_claim_row(article_id, c, extractor_version) for c in extraction.claims]
    claim_rows += [_claim_row(article_id, c, extractor_version) for c in extraction.rejected]
    if claim_rows:
        conn.execute(insert(claims), claim_rows)
        _update_summaries(conn, article_id, claim_rows, sign=1)
    mention_rows = [_mention_row(article_id, m) for m in extraction.mentions]
    if mention_rows:
        conn.execute(insert(mentions), mention_rows)


def _claim_row(article_id: int, claim: Claim, extractor_version: str) -> dict:
    day = to_date(claim.date)
    return {
        "article_id": article_id,
        "source": claim.source or "",
        "supporter": claim.supporter,
        "supporter_type": claim.supporter_type,
        "relation": claim.relation,
        "target": claim.target,
        "theater": claim.theater,
        "kind": claim.kind,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "date": day,
        "month": day.isoformat()[:7] if day else None,
        "alleged": bool(claim.alleged),
        "confidence": float(claim.confidence),
        "status": claim.status,
        "rule": claim.rule,
        "grp": claim.group,
        "supporter_text": claim.supporter_text[:255],
        "target_text": claim.target_text[:255],
        "sup_start": claim.sup_start,
        "sup_end": claim.sup_end,
        "tgt_start": claim.tgt_start,
        "tgt_end": claim.tgt_end,
        "extractor_version": extractor_version,
    }


def _mention_row(article_id: int, mention: Mention) -> dict:
    return {
        "article_id": article_id,
        "actor": mention.actor,
        "label": mention.label,
        "text": mention.text[:255],
        "start": mention.start,
        "end": mention.end,
    }


def replace_findings(
    conn: Connection, article_id: int, extraction: Extraction, *, extractor_version: str
) -> bool:
    """Replace an article's claims and mentions; False if the article is no longer stored."""
    found = conn.execute(
        update(articles)
        .where(articles.c.id == article_id)
        .values(extractor_version=extractor_version)
    ).rowcount
    if not found:
        return False
    delete_claims(conn, article_id)
    conn.execute(delete(mentions).where(mentions.c.article_id == article_id))
    _insert_findings(conn, article_id, extraction, extractor_version)
    _bump(conn)
    return True


def delete_claims(conn: Connection, article_id: int) -> None:
    """Delete an article's claims and take its contribution out of the summary tables.

    Every delete of claims goes through here, so that the summaries stay exact."""
    c = claims.c
    old = (
        conn.execute(
            select(c.status, *[c[k] for k in CELL_KEY], c.date, c.month).where(
                c.article_id == article_id, c.status == "asserted"
            )
        )
        .mappings()
        .all()
    )
    conn.execute(delete(claims).where(c.article_id == article_id))
    if old:
        _update_summaries(conn, article_id, old, sign=-1)


# -- summary tables -------------------------------------------------------------------------


def _summarise(rows) -> tuple[dict, dict, set]:
    """One article's contribution: {cell: [claims, first, last, multi_month]},
    {cell + (month,): [claims, first, last, shared]} and its (theater, outside) pairs."""
    by_cell: dict[tuple, list] = {}
    by_month: dict[tuple, list] = {}
    months: dict[tuple, set] = {}
    sides: set[tuple[str, bool]] = set()
    for row in rows:
        if row["status"] != "asserted":
            continue
        key = tuple(row[k] for k in CELL_KEY)
        day, month = to_date(row["date"]), row["month"] or ""
        for stats, k in ((by_cell, key), (by_month, (*key, month))):
            entry = stats.setdefault(k, [0, None, None, 0])
            entry[0] += 1
            if day is not None:
                entry[1] = day if entry[1] is None else min(entry[1], day)
                entry[2] = day if entry[2] is None else max(entry[2], day)
        months.setdefault(key, set()).add(month)
        sides.add((row["theater"], row["supporter_type"] != "faction"))
    for key, found in months.items():
        by_cell[key][3] = int(len(found) > 1)
    groups: dict[tuple, int] = {}
    for _, supporter, _, target, relation, month in by_month:
        group = (supporter, target, relation, month)
        groups[group] = groups.get(group, 0) + 1
    for (_, supporter, _, target, relation, month), entry in by_month.items():
        entry[3] = int(groups[(supporter, target, relation, month)] > 1)
    return by_cell, by_month, sides


def _update_summaries(conn: Connection, article_id: int, rows, *, sign: int) -> None:
    """Add (sign=1) or take away (sign=-1) one article's claims `rows` in the summaries.

    Taking away runs after the claims are deleted, so that first/last dates are recomputed
    without them."""
    by_cell, by_month, sides = _summarise(rows)
    month_key = (*CELL_KEY, "month")
    for key, (n, first, last, shared) in by_month.items():
        _change(
            conn,
            cell_months,
            dict(zip(month_key, key, strict=True)),
            n,
            first,
            last,
            "shared",
            shared,
            sign,
        )
    for key, (n, first, last, multi) in by_cell.items():
        _change(
            conn,
            cells,
            dict(zip(CELL_KEY, key, strict=True)),
            n,
            first,
            last,
            "multi_month",
            multi,
            sign,
        )
    t = article_theaters
    if sign > 0:
        if sides:
            conn.execute(
                insert(t),
                [{"article_id": article_id, "theater": th, "outside": o} for th, o in sides],
            )
    else:
        conn.execute(delete(t).where(t.c.article_id == article_id))


def _change(conn, table, key: dict, n: int, first, last, extra: str, flag: int, sign: int):
    t = table.c
    where = [t[k] == v for k, v in key.items()]
    values = {
        "articles": t.articles + sign,
        "claims": t.claims + sign * n,
        extra: t[extra] + sign * flag,
    }
    if sign > 0:
        if first is not None:
            values["first"] = case(
                (t.first.is_(None), first), (t.first > first, first), else_=t.first
            )
            values["last"] = case(
                (t["last"].is_(None), last), (t["last"] < last, last), else_=t["last"]
            )
        if not conn.execute(update(table).where(*where).values(values)).rowcount:
            row = {**key, "articles": 1, "claims": n, "first": first, "last": last, extra: flag}
            conn.execute(insert(table).values(row))
        return
    conn.execute(update(table).where(*where).values(values))
    left = conn.execute(select(t.claims, t.first, t["last"]).where(*where)).first()
    if left is None:
        return
    if left.claims <= 0:
        conn.execute(delete(table).where(*where))
    elif first is not None and (left.first == first or left.last == last):
        conn.execute(
            update(table)
            .where(*where)
            .values(dict(zip(("first", "last"), _bounds(conn, key), strict=True)))
        )


def _bounds(conn: Connection, key: dict) -> tuple:
    """First and last date of a summary row, from the rows under it: a cell's months, or
    the claims of a cell-month."""
    if "month" not in key:
        m = cell_months.c
        return conn.execute(
            select(func.min(m.first), func.max(m["last"])).where(
                *[m[k] == v for k, v in key.items()]
            )
        ).one()
    c = claims.c
    conds = [c.status == "asserted", *[c[k] == key[k] for k in CELL_KEY]]
    conds.append(c.month == key["month"] if key["month"] else c.month.is_(None))
    return conn.execute(select(func.min(c.date), func.max(c.date)).where(*conds)).one()


def rebuild_summaries(conn: Connection) -> None:
    """Refill the summary tables from the claims, one GROUP BY each: for the schema
    migration and for stores whose claims were written directly (tests, benchmarks)."""
    c = claims.c
    keys = [c[k] for k in CELL_KEY]
    month = func.coalesce(c.month, "").label("month")
    for table in SUMMARY_TABLES:
        conn.execute(delete(table))
    asserted = c.status == "asserted"

    per = (
        select(
            *keys,
            func.count().label("n"),
            func.min(c.date).label("f"),
            func.max(c.date).label("l"),
            func.count(distinct(month)).label("m"),
        )
        .where(asserted)
        .group_by(*keys, c.article_id)
        .subquery()
    )
    pk = [per.c[k] for k in CELL_KEY]
    conn.execute(
        insert(cells).from_select(
            [*CELL_KEY, "articles", "claims", "first", "last", "multi_month"],
            select(
                *pk,
                func.count(),
                func.sum(per.c.n),
                func.min(per.c.f),
                func.max(per.c.l),
                func.sum(case((per.c.m > 1, 1), else_=0)),
            ).group_by(*pk),
        )
    )

    am = (
        select(
            *keys,
            month,
            c.article_id,
            func.count().label("n"),
            func.min(c.date).label("f"),
            func.max(c.date).label("l"),
        )
        .where(asserted)
        .group_by(*keys, month, c.article_id)
        .cte("am")
    )
    group = ("article_id", "supporter", "target", "relation", "month")
    multi = (
        select(*[am.c[k] for k in group])
        .group_by(*[am.c[k] for k in group])
        .having(func.count() > 1)
        .subquery()
    )
    mk = [am.c[k] for k in (*CELL_KEY, "month")]
    joined = am.outerjoin(multi, and_(*[am.c[k] == multi.c[k] for k in group]))
    conn.execute(
        insert(cell_months).from_select(
            [*CELL_KEY, "month", "articles", "claims", "first", "last", "shared"],
            select(
                *mk,
                func.count(),
                func.sum(am.c.n),
                func.min(am.c.f),
                func.max(am.c.l),
                func.sum(case((multi.c.article_id.is_not(None), 1), else_=0)),
            )
            .select_from(joined)
            .group_by(*mk),
        )
    )
    conn.execute(
        insert(article_theaters).from_select(
            ["article_id", "theater", "outside"],
            select(c.article_id, c.theater, c.supporter_type != "faction")
            .where(asserted)
            .distinct(),
        )
    )


# -- reading --------------------------------------------------------------------------------


def row_article(row) -> Article:
    """A stored article (a row mapping of `articles`) as an Article for re-extraction."""
    return Article(
        text=row["text"],
        source=row["source"],
        title=row["title"],
        date=row["published"].isoformat() if row["published"] else None,
        date_source=row["date_source"],
        url=row["url"],
        outlet=row["outlet"],
        language=row["language"],
        meta={"article_id": row["id"]},
    )


def _where(engine: Engine) -> str:
    return describe_url(engine.url.render_as_string(hide_password=False))


def count_articles(engine: Engine) -> int:
    with store_errors(_where(engine)), engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(articles)).scalar_one()


def stats(engine: Engine) -> dict:
    """Counts for `python -m analysis stats`: articles, claims by status, mentions, theaters."""
    with store_errors(_where(engine)), engine.connect() as conn:

        def count(table, *where) -> int:
            return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

        by_status = dict(
            conn.execute(select(claims.c.status, func.count()).group_by(claims.c.status)).all()
        )
        by_theater = dict(
            conn.execute(
                select(claims.c.theater, func.count())
                .where(claims.c.status == "asserted")
                .group_by(claims.c.theater)
                .order_by(func.count().desc())
            ).all()
        )
        first, last = conn.execute(
            select(func.min(articles.c.published), func.max(articles.c.published))
        ).one()
        versions = dict(
            conn.execute(
                select(articles.c.extractor_version, func.count()).group_by(
                    articles.c.extractor_version
                )
            ).all()
        )
        return {
            "articles": count(articles),
            "sample_articles": count(articles, articles.c.sample.is_(True)),
            "undated_articles": count(articles, articles.c.published.is_(None)),
            "first_date": first.isoformat() if first else None,
            "last_date": last.isoformat() if last else None,
            "claims": sum(by_status.values()),
            "claims_by_status": by_status,
            "asserted_by_theater": by_theater,
            "mentions": count(mentions),
            "unknown_mentions": count(mentions, mentions.c.actor.is_(None)),
            "extractor_versions": versions,
        }


def reanalyze(
    engine: Engine,
    extractor,
    *,
    batch_size: int = 50,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Re-extract every stored article with `extractor`, replacing its claims and mentions.

    One transaction per batch, so an interrupted run leaves each article either old or new,
    never half-done. Articles go through `ingest.extract_articles`, so a non-English one
    stays without claims and a very long one is extracted in parts; an article the
    extractor fails on keeps its old findings. Returns how many articles were re-analysed.
    """
    with store_errors(_where(engine)):
        return _reanalyze(engine, extractor, batch_size=batch_size, progress=progress)


def _reanalyze(engine: Engine, extractor, *, batch_size: int, progress) -> int:
    from analysis.ingest import extract_articles  # ingest imports this module

    with engine.connect() as conn:
        ids = list(conn.execute(select(articles.c.id).order_by(articles.c.id)).scalars())
    total, done = len(ids), 0
    if progress:
        progress(0, total)
    version = str(getattr(extractor, "version", ""))
    for i in range(0, total, batch_size):
        with engine.connect() as conn:
            rows = (
                conn.execute(
                    select(articles)
                    .where(articles.c.id.in_(ids[i : i + batch_size]))
                    .order_by(articles.c.id)
                )
                .mappings()
                .all()
            )
        batch = [row_article(row) for row in rows]
        results = list(extract_articles(extractor, batch, batch_size=min(batch_size, 32)))
        with write_transaction(engine) as conn:
            for article, extraction in results:
                if isinstance(extraction, Exception):  # keep the old findings of this one
                    continue
                done += replace_findings(
                    conn, article.meta["article_id"], extraction, extractor_version=version
                )
        if progress:
            progress(min(i + batch_size, total), total)
    return done
