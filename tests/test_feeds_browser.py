"""The Sources page in a real browser: add a feed of the local test site, poll it once and
find the new claims on the page and in the alignments view (the dashboard loads the real
model for them).

Run alone with `python -m pytest tests/test_feeds_browser.py`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import CHROMIUM, browser_fixture, dashboard, open_page  # noqa: E402, F401
from http_support import SENTENCES, site_fixture  # noqa: E402, F401  (fixtures)
from test_browser import ANALYSE_WAIT, screenshot  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api")


@pytest.fixture
def server(site, tmp_path):
    """The dashboard on an empty store, allowed to fetch from the test site (the `site`
    fixture has put it on the allow-list of the environment the server inherits)."""
    with dashboard(tmp_path / "feeds.db", tmp_path) as base:
        yield base


def test_a_feed_added_and_polled_on_the_sources_page_gives_claims(server, site, browser):
    tab = browser.new_page()
    try:
        open_page(tab, server, "sources", "Sources")
        tab.get_by_label("Feed URL").fill(site.url("/rss.xml"))
        tab.get_by_role("button", name="Add feed").click()
        tab.get_by_text(re.compile(r"^Added http://127\.0\.0\.1")).wait_for(timeout=60_000)
        tab.get_by_role("button", name="Poll now").click()
        heading = tab.get_by_role("heading", name=re.compile(r"^\d+ new articles"))
        heading.wait_for(timeout=ANALYSE_WAIT)
        assert tab.get_by_test_id("stException").count() == 0, tab.inner_text("body")
        assert heading.inner_text().startswith("2 new articles")
        claims = tab.get_by_role("heading", name=re.compile(r"^\d+ new claims"))
        assert int(claims.inner_text().split()[0]) >= 2, tab.inner_text("body")
        tab.get_by_text(SENTENCES["one"][:30]).first.wait_for(timeout=60_000)
        assert site.count("/articles/one.html") == site.count("/articles/two.html") == 1
        screenshot(tab, "sources_after_poll")

        tab.get_by_role("button", name="Show them in the alignments view").click()
        tab.get_by_role("heading", name="Alignments").first.wait_for(timeout=60_000)
        tab.get_by_text("Evidence sentences").click()
        evidence = tab.get_by_test_id("stExpander")
        evidence.get_by_text("backs GNA forces").first.wait_for(timeout=60_000)
        assert "theater=Libya" in tab.url
    finally:
        tab.close()
