"""The article store: SQLite (WAL) through SQLAlchemy by default, or PostgreSQL (both tested).

One database holds articles, the actor mentions found in them and the claims extracted
from them, plus summary tables of the asserted claims (kept in the same transactions as the
claims) that the dashboard reads. The schema carries a version number, checked whenever a
store is opened.

The package's modules, lowest first: `schema` (the tables), `engine` (connecting, write
transactions, the data version), `faults` (database errors as messages), `summaries` (the
summary tables), `writes` (articles, claims, mentions), `migrations` and `opening` (opening a
store, creating or upgrading its schema; the upgrades are the Alembic revisions in
`revisions/`), `reading` (counts and stored articles). Everything
callers use is importable from `analysis.store`.
"""

from analysis.config import DB_ENV, DEFAULT_DB
from analysis.store.engine import (
    bump,
    database_url,
    make_engine,
    store_version,
    write_transaction,
)
from analysis.store.faults import (
    describe_engine,
    describe_url,
    is_store_fault,
    sqlite_path,
    store_error,
    store_errors,
)
from analysis.store.migrations import SCHEMA_VERSION, revision
from analysis.store.opening import open_store
from analysis.store.reading import count_articles, row_article, stats
from analysis.store.schema import (
    CELL_KEY,
    DATA_VERSION_KEY,
    STORE_ID_KEY,
    SUMMARY_TABLES,
    article_counts,
    article_theaters,
    articles,
    cell_events,
    cell_months,
    cell_outlets,
    cells,
    claims,
    datasets,
    feeds,
    mentions,
    meta_table,
    metadata,
)
from analysis.store.summaries import STORED, WITH_CLAIMS, WITH_OUTSIDE, rebuild_summaries
from analysis.store.writes import (
    add_article,
    content_hash,
    delete_claims,
    existing_hashes,
    existing_urls,
    record_dataset,
    replace_findings,
)
from analysis.text import to_date

__all__ = [
    "CELL_KEY",
    "DATA_VERSION_KEY",
    "DB_ENV",
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "STORED",
    "STORE_ID_KEY",
    "SUMMARY_TABLES",
    "WITH_CLAIMS",
    "WITH_OUTSIDE",
    "add_article",
    "article_counts",
    "article_theaters",
    "articles",
    "bump",
    "cell_events",
    "cell_months",
    "cell_outlets",
    "cells",
    "claims",
    "content_hash",
    "count_articles",
    "database_url",
    "datasets",
    "delete_claims",
    "describe_engine",
    "describe_url",
    "existing_hashes",
    "existing_urls",
    "feeds",
    "is_store_fault",
    "make_engine",
    "mentions",
    "meta_table",
    "metadata",
    "open_store",
    "rebuild_summaries",
    "record_dataset",
    "replace_findings",
    "revision",
    "row_article",
    "sqlite_path",
    "stats",
    "store_error",
    "store_errors",
    "store_version",
    "to_date",
    "write_transaction",
]
