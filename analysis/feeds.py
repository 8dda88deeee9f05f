"""News feeds (RSS and Atom) kept in the store and polled for new articles.

A poll fetches the feed through the safe fetch (`analysis.fetch`), sending back the
validators of the last answer (ETag, Last-Modified) so that an unchanged feed costs one
short reply (304: "unchanged"). The entries' links are ingested as web addresses
(`analysis.ingest`): one already stored is skipped without a fetch. Each feed's poll is
recorded on its row (status, error, articles added) for the Sources page. A feed that
fails records its error and the round goes on with the next; only a store that cannot be
written stops a round, since no feed could be recorded then.

`feedparser` reads the feed from the bytes fetched here; it is never handed an address, so
it never fetches anything itself.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from analysis import fetch
from analysis.errors import InputError, StoreError
from analysis.fetch import Fetcher, FetchError
from analysis.ingest import IngestReport, ingest_urls
from analysis.pipeline import ExtractorSource
from analysis.store import describe_engine, feeds, store_errors, write_transaction

MAX_ENTRIES = 50  # entries read per poll, in the feed's order (newest first, as feeds list)
OK, UNCHANGED, FAILED = "ok", "unchanged", "failed"
INTERVAL_UNITS = {"s": 1, "m": 60, "h": 3600}
ERROR_CHARS = 1000  # of a poll's error kept on the feed's row


@dataclass
class Feed:
    """A feed as stored, with what its last poll did."""

    id: int
    url: str
    theater: str
    title: str
    added_at: datetime
    last_poll: datetime | None
    last_status: str
    last_error: str
    last_new: int
    total_new: int
    etag: str = ""
    modified: str = ""


@dataclass
class PollResult:
    """One feed's poll: `status` is "ok", "unchanged" or "failed"; `new` articles added,
    `claims` found in them, `known` entries already stored, `error` why the feed (or some
    of its entries) failed."""

    url: str
    status: str
    new: int = 0
    claims: int = 0
    known: int = 0
    entries: int = 0
    error: str = ""
    article_ids: list[int] = field(default_factory=list)  # the articles added

    def line(self) -> str:
        """The one log line `watch` prints for this feed."""
        if self.status == FAILED:
            return f"{self.url}: failed: {self.error}"
        if self.status == UNCHANGED:
            return f"{self.url}: unchanged"
        said = (
            f"{self.url}: {self.entries} entries, {self.new} new "
            f"({self.claims} claim{'' if self.claims == 1 else 's'}), {self.known} known"
        )
        return f"{said}; {self.error}" if self.error else said


# -- the list of feeds ----------------------------------------------------------------------


def add_feed(engine: Engine, url: str, *, theater: str = "") -> Feed:
    """Add a feed to poll; InputError for an address that is not http(s), one already
    listed, or a theater the knowledge base does not know. Nothing is fetched here."""
    url = url.strip()
    fetch.check_url(url)
    theater = _theater(url, theater)
    row = {"url": url, "theater": theater, "added_at": _now()}
    with store_errors(describe_engine(engine)):
        try:
            with write_transaction(engine) as conn:
                conn.execute(insert(feeds).values(row))
        except IntegrityError:  # the feeds' addresses are unique
            raise InputError(url, "this feed is already listed") from None
    return next(f for f in list_feeds(engine) if f.url == url)


def _theater(url: str, theater: str) -> str:
    """The knowledge base's name of `theater` (any case), "" for none."""
    from analysis.kb import load_kb

    if not theater.strip():
        return ""
    names = {name.lower(): name for name in load_kb().theaters}
    found = names.get(theater.strip().lower())
    if found is None:
        known = ", ".join(sorted(names.values()))
        raise InputError(url, f"unknown theater '{theater.strip()}' (known: {known})")
    return found


def list_feeds(engine: Engine) -> list[Feed]:
    """Every feed, in the order they were added."""
    with store_errors(describe_engine(engine)), engine.connect() as conn:
        rows = conn.execute(select(feeds).order_by(feeds.c.id)).mappings().all()
    return [Feed(**dict(row)) for row in rows]


def remove_feed(engine: Engine, key: str | int) -> Feed:
    """Remove a feed named by its address or its number; its articles stay in the store.
    InputError if no feed is so named."""
    shown = str(key).strip()
    found = [f for f in list_feeds(engine) if shown in (f.url, str(f.id))]
    if not found:
        raise InputError(shown, "no such feed (see `feeds list`)")
    with store_errors(describe_engine(engine)), write_transaction(engine) as conn:
        conn.execute(delete(feeds).where(feeds.c.id == found[0].id))
    return found[0]


# -- polling --------------------------------------------------------------------------------


def poll_all(
    engine: Engine,
    *,
    extractor: ExtractorSource,
    fetcher: Fetcher | None = None,
    log: Callable[[str], None] | None = None,
) -> list[PollResult]:
    """One round: poll every feed in turn, each on its own (a failing feed is recorded and
    the next is polled), logging one line per feed. Raises StoreError only when the store
    cannot be written."""
    results = []
    own = fetcher is None
    fetcher = fetcher or Fetcher()  # one per round: robots.txt read once per site
    try:
        for feed in list_feeds(engine):
            result = poll_feed(engine, feed, extractor=extractor, fetcher=fetcher)
            results.append(result)
            if log:
                log(result.line())
    finally:
        if own:
            fetcher.close()
    return results


def poll_feed(
    engine: Engine, feed: Feed, *, extractor: ExtractorSource, fetcher: Fetcher
) -> PollResult:
    """Poll one feed, ingest its new entries and record the poll on its row."""
    validators = {}
    if feed.etag:
        validators["If-None-Match"] = feed.etag
    if feed.modified:
        validators["If-Modified-Since"] = feed.modified
    title = feed.title
    try:
        answer = fetcher.get(feed.url, headers=validators)
        if answer.status == 304:
            result = PollResult(feed.url, UNCHANGED)
        else:
            title, links = read_feed(feed.url, answer)
            report = ingest_urls(engine, links, extractor=extractor, fetcher=fetcher)
            result = _result(feed.url, links, report)
            feed.etag = answer.headers.get("etag", "")[:255]
            feed.modified = answer.headers.get("last-modified", "")[:64]
    except StoreError:
        raise
    except InputError as err:
        result = PollResult(feed.url, FAILED, error=err.reason)
    except Exception as err:  # a feed must never stop the round, whatever breaks in it
        result = PollResult(feed.url, FAILED, error=f"{type(err).__name__}: {err}")
    _record(engine, feed, result, title)
    return result


def read_feed(url: str, answer: fetch.Fetched) -> tuple[str, list[str]]:
    """The feed's title and its entries' links (absolute, at most MAX_ENTRIES); InputError
    when the bytes are not an RSS or Atom feed."""
    import feedparser

    headers = {"content-type": answer.headers.get("content-type", "")}
    headers["content-location"] = answer.final_url  # for relative links
    parsed = feedparser.parse(answer.content, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise FetchError(url, "not a feed", f"not an RSS or Atom feed{detail}")
    links = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = (entry.get("link") or "").strip()
        if link:
            links.append(urljoin(answer.final_url, link))
    return str(parsed.feed.get("title", "")).strip(), list(dict.fromkeys(links))


def _result(url: str, links: list[str], report: IngestReport) -> PollResult:
    failures = report.failures
    error = ""
    if failures:
        first = "; ".join(f"{i.source}: {i.reason}" for i in failures[:3])
        more = f" (and {len(failures) - 3} more)" if len(failures) > 3 else ""
        error = f"{len(failures)} of {len(links)} entries failed: {first}{more}"
    return PollResult(
        url,
        OK,
        new=report.added,
        claims=report.claims,
        known=report.duplicates,
        entries=len(links),
        error=error,
        article_ids=[i.article_id for i in report.items if i.status == "added" and i.article_id],
    )


def _record(engine: Engine, feed: Feed, result: PollResult, title: str) -> None:
    values = {
        "title": title,
        "last_poll": _now(),
        "last_status": result.status,
        "last_error": result.error[:ERROR_CHARS],
        "last_new": result.new,
        "total_new": feed.total_new + result.new,
        "etag": feed.etag,
        "modified": feed.modified,
    }
    with store_errors(describe_engine(engine)), write_transaction(engine) as conn:
        conn.execute(update(feeds).where(feeds.c.id == feed.id).values(values))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# -- watching -------------------------------------------------------------------------------


def parse_interval(text: str) -> float:
    """Seconds in "30s", "15m", "1h" (a bare number is seconds); ValueError otherwise."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text.lower())
    if not found or float(found[1]) <= 0:
        raise ValueError(f"not an interval: {text!r} (write 30s, 15m or 1h)")
    return float(found[1]) * INTERVAL_UNITS[found[2] or "s"]


def watch(
    engine: Engine,
    *,
    extractor: ExtractorSource,
    interval: float,
    once: bool = False,
    log: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """Poll every feed, then again every `interval` seconds (counted from the start of a
    round), until interrupted; one round only when `once`."""
    while True:
        started = time.monotonic()
        poll_all(engine, extractor=extractor, log=log)
        if once:
            return
        (sleep or time.sleep)(max(0.0, interval - (time.monotonic() - started)))
