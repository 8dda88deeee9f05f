"""The pages that fetch on a user's behalf, headless (AppTest) against the local test site:
the Upload page's URL box."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_support import site_fixture  # noqa: E402, F401  (a fixture)
from pages_support import empty_fixture, page  # noqa: E402, F401  (a fixture)


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
    at.main.button[0].click().run()
    assert not at.exception, at.exception
    report = at.main.dataframe[0].value.set_index("source")
    assert report.loc[site.url("/articles/one.html"), "status"] == "added"
    assert report.loc[site.url("/articles/one.html"), "title"] == "Story one"
    assert report.loc["file:///etc/passwd", "status"] == "failed"
    assert "'file:' URLs are not fetched" in report.loc["file:///etc/passwd", "reason"]
    assert report.loc[site.url("/error"), "reason"].endswith("http 500 (Internal Server Error)")
    said = [m.value for m in at.markdown]
    assert "**Turkey** → supports → **GNA** · Libya · political" in said

    at.main.button[0].click().run()  # the same addresses again: known, not fetched
    report = at.main.dataframe[0].value.set_index("source")
    assert report.loc[site.url("/articles/one.html"), "status"] == "duplicate"
    assert site.count("/articles/one.html") == 1
