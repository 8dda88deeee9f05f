"""The Sources view's work: the feeds as a table, adding and removing one, and a round of
polling with the new claims it found. Feed titles and errors come from outside: they are
shown as table cells or escaped markdown only."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import feeds
from analysis.errors import InputError
from analysis.tally import Filters
from dashboard import render, state, uploads

FEED_COLUMNS = ["url", "theater", "title", "last poll", "status", "error", "new last time"]
FEED_COLUMNS += ["total new"]
POLL_COLUMNS = ["url", "status", "entries", "new", "claims", "known", "error"]


@dataclass
class PollSummary:
    """A round of polling as the page shows it: one row per feed, the new asserted claims
    and filters that show them."""

    feeds: pd.DataFrame
    new: int
    claims: pd.DataFrame
    filters: Filters


def feed_table() -> pd.DataFrame:
    """Every feed with its last poll, one row each."""
    rows = [
        (
            f.url,
            f.theater,
            f.title,
            f.last_poll.strftime("%Y-%m-%d %H:%M") if f.last_poll else "never",
            f.last_status,
            f.last_error,
            f.last_new,
            f.total_new,
        )
        for f in feeds.list_feeds(state.engine())
    ]
    return pd.DataFrame(rows, columns=FEED_COLUMNS)


def add(url: str, theater: str) -> tuple[bool, str]:
    """Add a feed: (done, what to say as escaped markdown)."""
    try:
        feed = feeds.add_feed(state.engine(), url, theater=theater)
    except InputError as err:
        return False, render.escape_markdown(str(err))
    return True, f"Added {render.escape_markdown(feed.url)}"


def remove(url: str) -> str:
    """Remove a feed; what to say, as escaped markdown."""
    feed = feeds.remove_feed(state.engine(), url)
    return f"Removed {render.escape_markdown(feed.url)}; its articles stay"


def poll_now() -> PollSummary:
    """Poll every feed once (the model is loaded only for new entries)."""
    results = feeds.poll_all(state.engine(), extractor=state.extractor)
    table = pd.DataFrame(
        [(r.url, r.status, r.entries, r.new, r.claims, r.known, r.error) for r in results],
        columns=POLL_COLUMNS,
    )
    added = [i for r in results for i in r.article_ids]
    return PollSummary(table, len(added), *uploads.new_claims(added))
