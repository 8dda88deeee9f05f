"""Feeds: added, listed and removed in the store; polled from the local test site (RSS and
Atom, ETag and 304, entries already stored skipped without a fetch), each feed failing on
its own; `feeds` and `watch` on the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analysis import cli, feeds
from analysis.__main__ import main
from analysis.config import FETCH_TIMEOUT_ENV
from analysis.errors import InputError
from analysis.feeds import add_feed, list_feeds, parse_interval, poll_all, remove_feed

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_support import site_fixture  # noqa: E402, F401  (a fixture)


def rows(engine) -> dict[str, feeds.Feed]:
    return {feed.url: feed for feed in list_feeds(engine)}


# -- the list -------------------------------------------------------------------------------


def test_a_feed_is_added_listed_and_removed(engine):
    feed = add_feed(engine, " https://news.example/rss.xml ", theater="libya")
    assert (feed.url, feed.theater, feed.last_poll) == (
        "https://news.example/rss.xml",
        "Libya",
        None,
    )
    add_feed(engine, "https://other.example/atom.xml")
    assert [f.url for f in list_feeds(engine)] == [feed.url, "https://other.example/atom.xml"]
    remove_feed(engine, str(feed.id))
    remove_feed(engine, "https://other.example/atom.xml")
    assert list_feeds(engine) == []


@pytest.mark.parametrize(
    ("url", "theater", "said"),
    [
        ("file:///etc/passwd", "", "'file:' URLs are not fetched"),
        ("ftp://news.example/feed", "", "'ftp:' URLs are not fetched"),
        ("https://news.example/rss.xml", "Narnia", "unknown theater 'Narnia' (known: Libya"),
    ],
)
def test_a_bad_feed_is_refused_with_its_reason(engine, url, theater, said):
    with pytest.raises(InputError) as caught:
        add_feed(engine, url, theater=theater)
    assert said in str(caught.value)
    assert list_feeds(engine) == []


def test_a_feed_is_listed_once(engine):
    add_feed(engine, "https://news.example/rss.xml")
    with pytest.raises(InputError, match="this feed is already listed"):
        add_feed(engine, "https://news.example/rss.xml")


def test_removing_an_unknown_feed_says_so(engine):
    with pytest.raises(InputError, match="no such feed"):
        remove_feed(engine, "7")


# -- polling --------------------------------------------------------------------------------


def test_a_round_ingests_the_entries_of_rss_and_atom_feeds(site, engine, fake_extractor):
    add_feed(engine, site.url("/rss.xml"), theater="Libya")
    add_feed(engine, site.url("/atom.xml"))
    lines = []
    results = poll_all(engine, extractor=fake_extractor, log=lines.append)
    assert [(r.status, r.new, r.claims) for r in results] == [("ok", 2, 2), ("ok", 1, 1)]
    assert lines == [
        f"{site.url('/rss.xml')}: 2 entries, 2 new (2 claims), 0 known",
        f"{site.url('/atom.xml')}: 1 entries, 1 new (1 claim), 0 known",
    ]
    rss = rows(engine)[site.url("/rss.xml")]
    assert (rss.title, rss.last_status, rss.last_new, rss.total_new) == (
        "Test Wire: Libya",
        "ok",
        2,
        2,
    )
    assert (rss.etag, rss.theater) == ('"v1"', "Libya") and rss.last_poll is not None
    assert site.count("/robots.txt") == 1  # one fetcher for the round


def test_an_unchanged_feed_answers_304_and_nothing_is_fetched(site, engine, fake_extractor):
    add_feed(engine, site.url("/rss.xml"))
    poll_all(engine, extractor=fake_extractor)
    [again] = poll_all(engine, extractor=fake_extractor)
    assert (again.status, again.new) == ("unchanged", 0)
    feed = rows(engine)[site.url("/rss.xml")]
    assert (feed.last_status, feed.last_new, feed.total_new) == ("unchanged", 0, 2)
    assert site.count("/articles/one.html") == 1


def test_entries_already_stored_are_skipped_without_a_fetch(site, engine, fake_extractor):
    add_feed(engine, site.url("/rss.xml"))
    poll_all(engine, extractor=fake_extractor)
    site.version, site.rss_items = 2, ["three", "one", "two"]  # one new story on top
    [result] = poll_all(engine, extractor=fake_extractor)
    assert (result.status, result.new, result.known) == ("ok", 1, 2)
    assert site.count("/articles/one.html") == site.count("/articles/two.html") == 1
    assert rows(engine)[site.url("/rss.xml")].total_new == 3


def test_a_failing_feed_fails_alone_and_the_round_goes_on(
    site, engine, fake_extractor, monkeypatch
):
    monkeypatch.setenv(FETCH_TIMEOUT_ENV, "1")  # the stalling feed times out soon
    add_feed(engine, site.url("/error"))
    add_feed(engine, site.url("/articles/one.html"))  # a page, not a feed
    add_feed(engine, site.url("/stall"))
    add_feed(engine, site.url("/rss.xml"))
    results = poll_all(engine, extractor=fake_extractor)
    assert [r.status for r in results] == ["failed", "failed", "failed", "ok"]
    stored = rows(engine)
    assert (
        stored[site.url("/error")].last_error
        == "the server answered http 500 (Internal Server Error)"
    )
    assert stored[site.url("/articles/one.html")].last_error.startswith("not an RSS or Atom feed")
    assert stored[site.url("/rss.xml")].last_new == 2
    # and it keeps failing on its own in the next round
    again = poll_all(engine, extractor=fake_extractor)
    assert [r.status for r in again] == ["failed", "failed", "failed", "unchanged"]


def test_an_entry_that_fails_is_named_on_its_feed(site, engine, fake_extractor):
    site.rss_items = ["one", "missing"]
    add_feed(engine, site.url("/rss.xml"))
    [result] = poll_all(engine, extractor=fake_extractor)
    assert (result.status, result.new) == ("ok", 1)
    assert result.error == (
        f"1 of 2 entries failed: {site.url('/articles/missing.html')}: "
        "the server answered http 404 (Not Found)"
    )


def test_an_extractor_crash_fails_the_feed_not_the_round(site, engine, monkeypatch, fake_extractor):
    add_feed(engine, site.url("/rss.xml"))
    add_feed(engine, site.url("/atom.xml"))
    real = feeds.read_feed

    def broken(url, answer):
        if url.endswith("/rss.xml"):
            raise RuntimeError("parser exploded")
        return real(url, answer)

    monkeypatch.setattr(feeds, "read_feed", broken)
    results = poll_all(engine, extractor=fake_extractor)
    assert [(r.status, r.error) for r in results] == [
        ("failed", "RuntimeError: parser exploded"),
        ("ok", ""),
    ]


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("45", 45), (" 2M ", 120)]
)
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "soon", "5d", "-1m"])
def test_a_bad_interval_is_refused(text):
    with pytest.raises(ValueError, match="not an interval"):
        parse_interval(text)


def test_watch_polls_in_rounds_until_interrupted(site, engine, fake_extractor):
    add_feed(engine, site.url("/rss.xml"))
    lines, waits = [], []

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        feeds.watch(engine, extractor=fake_extractor, interval=60, log=lines.append, sleep=sleep)
    assert len(lines) == 2 and lines[1].endswith("unchanged")
    assert all(0 < w <= 60 for w in waits)


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def fake_cli(monkeypatch, make_extractor):
    monkeypatch.setattr(cli, "_load_extractor", lambda model: make_extractor("fake-cli"))


def test_feeds_commands(tmp_path, capsys):
    db = str(tmp_path / "t.db")
    assert (
        main(["feeds", "add", "https://news.example/rss.xml", "--theater", "Syria", "--db", db])
        == 0
    )
    assert capsys.readouterr().out == "added feed 1: https://news.example/rss.xml (Syria)\n"
    assert main(["feeds", "add", "file:///etc/passwd", "--db", db]) == 1
    assert "'file:' URLs are not fetched" in capsys.readouterr().err
    assert main(["feeds", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "1  https://news.example/rss.xml  theater: Syria  never polled" in out
    assert main(["feeds", "remove", "https://news.example/rss.xml", "--db", db]) == 0
    assert "removed feed 1" in capsys.readouterr().out
    assert main(["feeds", "remove", "1", "--db", db]) == 1
    assert main(["feeds", "list", "--db", db]) == 0
    assert "no feeds" in capsys.readouterr().out


def test_watch_once_logs_one_line_per_feed(site, tmp_path, capsys, fake_cli):
    db = str(tmp_path / "t.db")
    main(["feeds", "add", site.url("/rss.xml"), "--db", db])
    main(["feeds", "add", site.url("/error"), "--db", db])
    capsys.readouterr()
    assert main(["watch", "--once", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(f"{site.url('/rss.xml')}: 2 entries, 2 new (2 claims), 0 known")
    assert lines[1].endswith(
        f"{site.url('/error')}: failed: the server answered http 500 (Internal Server Error)"
    )
    main(["feeds", "list", "--db", db])
    assert "ok, 2 new last time, 2 in all" in capsys.readouterr().out


def test_watch_stops_cleanly_on_ctrl_c(site, tmp_path, capsys, monkeypatch, fake_cli):
    db = str(tmp_path / "t.db")
    main(["feeds", "add", site.url("/rss.xml"), "--db", db])

    def interrupt(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(feeds.time, "sleep", interrupt)
    assert main(["watch", "--interval", "30s", "--db", db]) == 0
    captured = capsys.readouterr()
    assert "2 new" in captured.out
    assert "stopped: the articles stored so far are kept" in captured.err


def test_watch_refuses_a_bad_interval(tmp_path, capsys):
    assert main(["watch", "--interval", "soon", "--db", str(tmp_path / "t.db")]) == 1
    assert "not an interval" in capsys.readouterr().err
