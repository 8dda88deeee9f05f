"""The Map in a real browser: the country outlines come from the dashboard itself (no CDN),
and a clicked town lists its claims. Run alone with `python -m pytest -m browser -k map`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import CHROMIUM, browser_fixture, dashboard  # noqa: E402, F401  (a fixture)
from test_map import fill_evidence  # noqa: E402

from analysis import store  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api")
OUTLINES = Path(__file__).resolve().parent.parent / "static" / "topojson" / "world_50m.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("map")
    engine = store.open_store(tmp / "map.db")
    fill_evidence(engine)
    engine.dispose()
    with dashboard(tmp / "map.db", tmp) as base:
        yield base


def test_map_draws_local_outlines_and_a_town_lists_its_claims(server, browser):
    if not OUTLINES.exists():
        pytest.skip("map outlines not installed (python scripts/map_outlines.py)")
    tab = browser.new_page()
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.goto(f"{server}/map")
    tab.get_by_role("heading", name="Map").first.wait_for(timeout=60_000)
    point = tab.locator(".scattergeo path.point").first
    point.wait_for(state="attached", timeout=60_000)
    tab.locator(".countries path").first.wait_for(state="attached", timeout=60_000)
    assert any(url.endswith("/app/static/topojson/world_50m.json") for url in fetched)
    assert not any("cdn.plot.ly" in url for url in fetched)
    # the opposing markers are Tal Abyad's (two claims) and Qamishli's, which stands alone
    marker = tab.locator(".scattergeo").nth(1).locator("path.point").nth(1)
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.get_by_text("Al Qāmishlī: 1 claim that opposes").wait_for(timeout=60_000)
    tab.close()
