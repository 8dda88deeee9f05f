"""The pages that fetch on a user's behalf, headless (AppTest) against the local test site:
the Upload page's URL box."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_support import site_fixture  # noqa: E402, F401  (a fixture)
from pages_support import analyse, empty_fixture, no_model_fixture, page  # noqa: E402, F401


def use_fake_model(monkeypatch, make_extractor) -> None:
    from dashboard import state

    fake = make_extractor("fake-page")
    monkeypatch.setattr(state, "extractor", lambda: fake)


def url_box(at):
    return next(t for t in at.text_area if t.label == "Article URLs (one a line)")


def test_upload_page_fetches_the_urls_of_its_box(site, empty, monkeypatch, make_extractor):
    use_fake_model(monkeypatch, make_extractor)
    at = page("upload")
    lines = [site.url("/articles/one.html"), "", "file:///etc/passwd", site.url("/error")]
    url_box(at).input("\n".join(lines))
    analyse(at)
    assert not at.exception, at.exception
    report = at.main.dataframe[0].value.set_index("source")
    assert report.loc[site.url("/articles/one.html"), "status"] == "added"
    assert report.loc[site.url("/articles/one.html"), "title"] == "Story one"
    assert report.loc["file:///etc/passwd", "status"] == "failed"
    assert "'file:' URLs are not fetched" in report.loc["file:///etc/passwd", "reason"]
    assert report.loc[site.url("/error"), "reason"].endswith("http 500 (Internal Server Error)")
    said = [m.value for m in at.markdown]
    assert "**Turkey** → supports → **GNA** · Libya · political" in said

    analyse(at)  # the same addresses again: known, not fetched
    report = at.main.dataframe[0].value.set_index("source")
    assert report.loc[site.url("/articles/one.html"), "status"] == "duplicate"
    assert site.count("/articles/one.html") == 1


# -- the Sources page ------------------------------------------------------------------------


def feeds_table(at):
    return at.main.dataframe[0].value.set_index("url")


def test_sources_page_adds_polls_and_removes_feeds(site, empty, monkeypatch, make_extractor):
    use_fake_model(monkeypatch, make_extractor)
    at = page("sources")
    assert not at.exception, at.exception
    at.text_input(key="feed_url").input(site.url("/rss.xml"))
    at.selectbox(key="feed_theater").set_value("Libya")
    next(b for b in at.button if b.label == "Add feed").click().run()
    at.text_input(key="feed_url").input(site.url("/error"))
    next(b for b in at.button if b.label == "Add feed").click().run()
    assert not at.exception, at.exception
    listed = feeds_table(at)
    assert list(listed.index) == [site.url("/rss.xml"), site.url("/error")]
    assert listed.loc[site.url("/rss.xml"), "theater"] == "Libya"
    assert listed.loc[site.url("/rss.xml"), "last poll"] == "never"

    next(b for b in at.button if b.label == "Poll now").click().run()
    assert not at.exception, at.exception
    listed = feeds_table(at)
    assert listed.loc[site.url("/rss.xml"), "status"] == "ok"
    assert listed.loc[site.url("/rss.xml"), "new last time"] == 2
    assert listed.loc[site.url("/error"), "status"] == "failed"
    assert listed.loc[site.url("/error"), "error"].endswith("http 500 (Internal Server Error)")
    assert [s.value for s in at.subheader] == ["2 new articles", "2 new claims"]
    said = [m.value for m in at.markdown]
    assert "**Turkey** → supports → **GNA** · Libya · political" in said

    at.selectbox(key="feed_remove").set_value(site.url("/error"))
    next(b for b in at.button if b.label == "Remove feed").click().run()
    assert list(feeds_table(at).index) == [site.url("/rss.xml")]


def test_sources_page_refuses_a_bad_feed_with_its_reason(empty, no_model):
    at = page("sources")
    at.text_input(key="feed_url").input("file:///etc/passwd")
    next(b for b in at.button if b.label == "Add feed").click().run()
    assert not at.exception, at.exception
    assert "URLs are not fetched" in at.error[0].value
    assert feeds_table(at).empty
