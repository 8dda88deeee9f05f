"""Articles from web addresses: fetched from the local test site, read as HTML, stored under
their canonical address, and reported item by item beside files (`ingest URL...`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from analysis import cli, store
from analysis.__main__ import main
from analysis.ingest import ingest_paths, ingest_urls

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_support import SENTENCES, site_fixture  # noqa: E402, F401  (a fixture)


def stored(engine) -> dict[str, dict]:
    """The stored articles by canonical address."""
    with engine.connect() as conn:
        rows = conn.execute(select(store.articles)).mappings().all()
    return {row["url"]: dict(row) for row in rows}


def by_source(report) -> dict[str, tuple[str, str]]:
    return {item.source: (item.status, item.reason) for item in report.items}


def test_fetched_articles_are_stored_with_their_address_outlet_and_date(
    site, engine, fake_extractor
):
    urls = [site.url("/articles/one.html"), site.url("/articles/two.html")]
    report = ingest_urls(engine, urls, extractor=fake_extractor)
    assert (report.added, report.claims, report.failed) == (2, 2, 0)
    one = stored(engine)[site.url("/articles/one.html")]
    assert (one["title"], one["outlet"], str(one["published"])) == (
        "Story one",
        "Test Wire",
        "2020-05-12",
    )
    assert one["source"] == site.url("/articles/one.html")
    assert SENTENCES["one"] in one["text"] and "Home" not in one["text"]  # the menu left out


def test_a_stored_address_is_a_duplicate_without_a_fetch(site, engine, fake_extractor):
    ingest_urls(engine, [site.url("/articles/one.html")], extractor=fake_extractor)
    again = site.url("/articles/one.html?utm_source=feed&utm_medium=rss#top")
    report = ingest_urls(engine, [again], extractor=fake_extractor)
    assert by_source(report) == {
        again: ("duplicate", f"already in the store (as {site.base}/articles/one.html)")
    }
    assert site.count("/articles/one.html") == 1


def test_the_same_address_twice_in_one_batch_is_fetched_once(site, engine, fake_extractor):
    url = site.url("/articles/one.html")
    report = ingest_urls(engine, [url, url + "#comments"], extractor=fake_extractor)
    assert [i.status for i in report.items] == ["duplicate", "added"]  # settled items first
    assert report.items[0].reason == "same address as an earlier item here"
    assert site.count("/articles/one.html") == 1


def test_a_page_naming_a_stored_canonical_address_is_a_duplicate(site, engine, fake_extractor):
    ingest_urls(engine, [site.url("/articles/one.html")], extractor=fake_extractor)
    report = ingest_urls(engine, [site.url("/alias.html")], extractor=fake_extractor)
    assert report.items[0].status == "duplicate"
    assert report.items[0].reason.startswith("already in the store")
    assert fake_extractor.seen == [fake_extractor.seen[0]]  # extracted once, for the first


def test_a_canonical_address_on_another_site_is_ignored(site, engine, fake_extractor):
    ingest_urls(engine, [site.url("/foreign-canonical.html")], extractor=fake_extractor)
    assert list(stored(engine)) == [site.url("/foreign-canonical.html")]


def test_without_a_site_name_the_outlet_is_the_host(site, engine, fake_extractor):
    ingest_urls(engine, [site.url("/plain.html")], extractor=fake_extractor)
    assert stored(engine)[site.url("/plain.html")]["outlet"] == "127.0.0.1"


def test_each_address_that_fails_is_named_with_its_reason(site, engine, fake_extractor):
    urls = [
        site.url("/error"),
        site.url("/data.json"),
        "file:///etc/passwd",
        site.url("/loop"),
        site.url("/articles/two.html"),
    ]
    report = ingest_urls(engine, urls, extractor=fake_extractor)
    results = by_source(report)
    assert results[site.url("/error")] == (
        "failed",
        "the server answered http 500 (Internal Server Error)",
    )
    assert results[site.url("/data.json")] == ("failed", "not an HTML page (application/json)")
    assert results["file:///etc/passwd"][1].startswith("refused: 'file:' URLs are not fetched")
    assert results[site.url("/loop")][1].startswith("too many redirects")
    assert results[site.url("/articles/two.html")][0] == "added"


def test_files_and_addresses_go_in_together(site, engine, fake_extractor, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Qatar\n\nUAE backs LNA.")
    report = ingest_paths(
        engine, [str(path), site.url("/articles/one.html")], extractor=fake_extractor
    )
    assert (report.added, report.claims) == (2, 2)


def test_the_command_line_ingests_addresses(site, tmp_path, capsys, monkeypatch, make_extractor):
    monkeypatch.setattr(cli, "_load_extractor", lambda model: make_extractor("fake-cli"))
    db = str(tmp_path / "t.db")
    code = main(["ingest", site.url("/articles/one.html"), site.url("/error"), "--db", db])
    out = capsys.readouterr().out
    assert code == 1
    assert "added: 1 article (1 claim found)" in out
    assert f"  {site.url('/error')}: the server answered http 500" in out


def test_the_command_line_refuses_a_local_address_by_default(tmp_path, capsys, use_fake):
    code = main(["ingest", "http://127.0.0.1:9/x.html", "--db", str(tmp_path / "t.db")])
    out = capsys.readouterr().out
    assert code == 1
    assert "http://127.0.0.1:9/x.html: refused: 127.0.0.1 is a loopback address" in out


@pytest.mark.model
def test_the_real_model_finds_the_claim_of_a_fetched_article(site, engine, extractor):
    report = ingest_urls(engine, [site.url("/articles/one.html")], extractor=extractor)
    assert report.added == 1 and report.claims >= 1
    with engine.connect() as conn:
        pairs = {
            (r.supporter, r.relation, r.target)
            for r in conn.execute(select(store.claims).where(store.claims.c.status == "asserted"))
        }
    assert ("Turkey", "supports", "GNA") in pairs
