"""Reading the store for the command line and for re-extraction: counts and stored articles."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from analysis.models import Article
from analysis.store.faults import describe_engine, store_errors
from analysis.store.schema import articles, claims, mentions


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
        dataset=row["dataset"],
        meta={"article_id": row["id"]},
    )


def count_articles(engine: Engine) -> int:
    with store_errors(describe_engine(engine)), engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(articles)).scalar_one()


def stats(engine: Engine) -> dict:
    """Counts for `python -m analysis stats`: articles, claims by status, mentions, theaters."""
    with store_errors(describe_engine(engine)), engine.connect() as conn:

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
