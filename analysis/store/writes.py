"""Writing articles with their claims and mentions, one transaction per article.

Every write of claims goes through here, so that the summary tables stay exact and the
data version (a cache key for the dashboard) moves with each change.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from analysis.models import CLAIM_FIELDS, Article, Claim, Extraction, Mention
from analysis.store.engine import bump
from analysis.store.schema import CELL_KEY, CLAIM_COLUMN, articles, claims, datasets, mentions
from analysis.store.summaries import count_stored_article, update_summaries
from analysis.text import fold_for_duplicates, to_date


def content_hash(text: str) -> str:
    """The duplicate key of an article: sha256 of its normalised text."""
    return hashlib.sha256(fold_for_duplicates(text).encode("utf-8")).hexdigest()


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


def existing_urls(conn: Connection, urls: list[str]) -> set[str]:
    """Which of `urls` are already stored as an article's address (`articles.url`)."""
    found: set[str] = set()
    wanted = sorted({u for u in urls if u})
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found.update(
            conn.execute(select(articles.c.url).where(articles.c.url.in_(chunk))).scalars()
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
        "dataset": (article.dataset or "")[:64],
    }
    article_id = conn.execute(_insert_new_article(conn, row)).scalar_one_or_none()
    if article_id is None:
        return None
    count_stored_article(conn)
    _insert_findings(conn, article_id, extraction, extractor_version)
    bump(conn)
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
        update_summaries(conn, article_id, claim_rows, sign=1)
    mention_rows = [_mention_row(article_id, m) for m in extraction.mentions]
    if mention_rows:
        conn.execute(insert(mentions), mention_rows)


def _claim_row(article_id: int, claim: Claim, extractor_version: str) -> dict:
    """A claim as a row of `claims`: each field in its column, normalised for storage."""
    row = {CLAIM_COLUMN.get(name, name): getattr(claim, name) for name in CLAIM_FIELDS}
    day = to_date(claim.date)
    row.update(
        article_id=article_id,
        source=claim.source or "",
        date=day,
        month=day.isoformat()[:7] if day else None,
        event_start=to_date(claim.event_start),
        event_end=to_date(claim.event_end),
        alleged=bool(claim.alleged),
        confidence=float(claim.confidence),
        supporter_text=claim.supporter_text[:255],
        target_text=claim.target_text[:255],
        extractor_version=extractor_version,
    )
    return row


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
    bump(conn)
    return True


def delete_claims(conn: Connection, article_id: int) -> None:
    """Delete an article's claims and take its contribution out of the summary tables.

    Every delete of claims goes through here, so that the summaries stay exact."""
    c = claims.c
    old = (
        conn.execute(
            select(
                c.status,
                *[c[k] for k in CELL_KEY],
                c.date,
                c.month,
                c.phase,
                c.event_start,
                c.event_end,
            ).where(c.article_id == article_id, c.status == "asserted")
        )
        .mappings()
        .all()
    )
    conn.execute(delete(claims).where(c.article_id == article_id))
    if old:
        update_summaries(conn, article_id, old, sign=-1)


def record_dataset(
    conn: Connection, *, name: str, title: str, citation: str, license: str, url: str
) -> int:
    """Write (or rewrite) the `datasets` row of an imported data set: the attribution its
    licence asks for, the time of this import and how many stored articles came from it.
    Returns that count. Call it in the import's transaction after its articles are stored.
    """
    count = conn.execute(
        select(func.count()).select_from(articles).where(articles.c.dataset == name)
    ).scalar_one()
    row = {
        "title": title,
        "citation": citation,
        "license": license[:128],
        "url": url,
        "imported_at": datetime.now(UTC).replace(tzinfo=None),
        "articles": count,
    }
    found = conn.execute(update(datasets).where(datasets.c.name == name).values(row)).rowcount
    if not found:
        conn.execute(insert(datasets).values(name=name, **row))
    bump(conn)
    return count
