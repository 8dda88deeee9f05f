"""The store's tables: articles, mentions, claims, the summary tables and the meta table.

The summary tables hold the dashboard's aggregates of asserted claims; `summaries.py` keeps
them exact as claims are written and deleted.
"""

from __future__ import annotations

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
)

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
    # The public data set an article was imported from (a `datasets` row), "" otherwise.
    Column("dataset", String(64), nullable=False, default="", server_default=""),
    # The Articles page, newest first; the id makes the order whole (see ix_claims_status_date).
    Index("ix_articles_published", "published", "id"),
    # A fetched article's canonical URL: the same page is not fetched and stored twice.
    Index("ix_articles_url", "url"),
    Index("ix_articles_sample", "sample"),  # the sidebar's sample-corpus notice
)

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
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_actor", "actor"),
    Index("ix_mentions_unknown", "actor", "text"),
)

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
    # When the stated act held (analysis.models.Claim); schema version 3 added these, with
    # server defaults so that the columns can be added to a filled table.
    Column("phase", String(16), nullable=False, default="active", server_default="active"),
    Column("event_start", Date, nullable=True),
    Column("event_end", Date, nullable=True),
    Column("time_precision", String(8), nullable=False, default="", server_default=""),
    Column("time_source", String(16), nullable=False, default="", server_default=""),
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
    Index("ix_claims_cell", "status", "theater", "supporter", "target", "relation"),
    Index("ix_claims_theater_date", "theater", "date"),
    Index("ix_claims_month", "theater", "month"),
    Index("ix_claims_article", "article_id"),
    # Newest-first claim pages read this index backwards and stop after one page; with the
    # id in it the order is whole (PostgreSQL keeps equal keys in no useful order, so with
    # (status, date) alone it sorted every claim of the newest day first).
    Index("ix_claims_status_date", "status", "date", "id"),
)
# The claim field each column of `claims` stores, where the two names differ ("group" is an
# SQL keyword). The other claim columns: article_id, month (of date), extractor_version.
CLAIM_COLUMN = {"group": "grp"}

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
    Index("ix_article_theaters_side", "outside", "theater", "article_id"),
    Index("ix_article_theaters_theater", "theater", "article_id"),
    # Distinct articles over every theater: a walk of an index ordered by article, no sorting.
    Index("ix_article_theaters_outside", "outside", "article_id"),
    Index("ix_article_theaters_article", "article_id"),
)
# One row per cell, phase and event time (first and last day, as `analysis.queries.periods`
# reads a claim: its event bounds, one standing for the other, else its date; claims with no
# day at all are not here): the Timeline's periods. `evidence` is the number of distinct
# articles with a claim there; `first_id` and `last_id` are the lowest and highest of them.
EVENT_KEY = (*CELL_KEY, "phase", "ev_start", "ev_end")
cell_events = Table(
    "cell_events",
    metadata,
    *_cell_columns(),
    Column("phase", String(16), primary_key=True),
    Column("ev_start", Date, primary_key=True),
    Column("ev_end", Date, primary_key=True),
    Column("evidence", Integer, nullable=False, default=0),
    Column("claims", Integer, nullable=False, default=0),
    Column("first_id", Integer, nullable=False),
    Column("last_id", Integer, nullable=False),
)
# One row per cell and outlet (the article's outlet, "" when unknown): how many distinct
# articles of that outlet have a claim in the cell; the matrix's count of distinct outlets.
cell_outlets = Table(
    "cell_outlets",
    metadata,
    *_cell_columns(),
    Column("outlet", String(255), primary_key=True),
    Column("articles", Integer, nullable=False, default=0),
)
# How many articles (schema version 6), so that no page counts millions of rows: scope
# "stored" (theater "") counts every stored article; "claims" those with an asserted claim
# in the theater (theater "": in any), "outside" those with an asserted claim of an
# outside actor there. The counts of `article_theaters`, kept as articles are written.
article_counts = Table(
    "article_counts",
    metadata,
    Column("theater", String(64), primary_key=True),
    Column("scope", String(16), primary_key=True),
    Column("articles", Integer, nullable=False, default=0),
)
# The summaries of schema version 2 (months of report), of version 4 (event time, outlets)
# and of version 6 (article counts).
REPORT_TABLES = (cells, cell_months, article_theaters)
EVENT_TABLES = (cell_events, cell_outlets)
COUNT_TABLES = (article_counts,)
SUMMARY_TABLES = (*REPORT_TABLES, *EVENT_TABLES, *COUNT_TABLES)

# -- sources ---------------------------------------------------------------------------------
# News feeds the watch loop polls (schema version 5). `etag` and `modified` are the validators
# of the last answer, sent back so that an unchanged feed costs one short reply; the `last_*`
# columns describe the last poll for the Sources page.
feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("theater", String(64), nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("added_at", DateTime, nullable=False),
    Column("etag", String(255), nullable=False, default=""),
    Column("modified", String(64), nullable=False, default=""),
    Column("last_poll", DateTime, nullable=True),
    Column("last_status", String(16), nullable=False, default=""),  # ok, unchanged, failed
    Column("last_error", Text, nullable=False, default=""),
    Column("last_new", Integer, nullable=False, default=0),  # articles added by the last poll
    Column("total_new", Integer, nullable=False, default=0),
)
# Public data sets imported into the store (schema version 5), with the attribution their
# licence asks for; `articles.dataset` names the row an article came from.
datasets = Table(
    "datasets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("citation", Text, nullable=False, default=""),
    Column("license", String(128), nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("imported_at", DateTime, nullable=False),
    Column("articles", Integer, nullable=False, default=0),
)
SOURCE_TABLES = (feeds, datasets)

DATA_VERSION_KEY = "data_version"
STORE_ID_KEY = "store_id"
