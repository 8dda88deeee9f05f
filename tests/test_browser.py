"""The dashboard in a real browser: start `streamlit run dashboard.py` on a small store,
open every page in headless Chromium, upload an article and find its claims in the
alignments view. Screenshots go to tests/output/; the README's are taken on the sample corpus.

Run alone with `python -m pytest -m browser`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import (  # noqa: E402, F401  (a fixture)
    CHROMIUM,
    ROOT,
    browser_fixture,
    choose_option,
    dashboard,
    open_page,
)
from test_tally import build_store  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OUTPUT = ROOT / "tests" / "output"
PAGES = {
    "overview": "Overview",
    "alignments": "Alignments",
    "network": "Camps network",
    "timeline": "Timeline",
    "map": "Map",
    "articles": "Articles",
    "upload": "Upload articles",
    "sources": "Sources",
    "actors": "Actors",
    "export": "Export",
}
UPLOAD = (
    "Emirati drones for Haftar\n\n"
    "TRIPOLI, May 12, 2020 - The United Arab Emirates supplied drones to the Libyan National "
    "Army, according to a United Nations report. Turkey sent military advisers to the "
    "Government of National Accord.\n"
)
ANALYSE_WAIT = 300_000  # milliseconds allowed for the first upload (loads the model)

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    with dashboard(build_store(tmp / "browser.db"), tmp) as base:
        yield base


@pytest.fixture
def tab(browser):
    tab = browser.new_page()
    yield tab
    tab.close()


def screenshot(tab, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("path", list(PAGES))
def test_page_opens(server, tab, path):
    open_page(tab, server, path, PAGES[path])
    if path in {"overview", "alignments", "network", "timeline"}:
        tab.get_by_test_id("stPlotlyChart").first.wait_for(timeout=60_000)
        tab.wait_for_timeout(1000)  # let plotly finish drawing before the screenshot
    screenshot(tab, path)


def test_filters_live_in_the_url(server, tab):
    open_page(tab, server, "overview?theater=Syria", "Overview")
    tab.get_by_text("Theater: Syria").wait_for(timeout=60_000)


def test_uploaded_article_reaches_the_alignments_view(server, tab, tmp_path):
    article = tmp_path / "emirati_drones.txt"
    article.write_text(UPLOAD)
    open_page(tab, server, "upload", PAGES["upload"])
    tab.locator("input[type=file]").set_input_files(str(article))
    tab.get_by_text("emirati_drones.txt").first.wait_for()
    tab.get_by_role("button", name="Analyse").click()
    heading = tab.get_by_role("heading", name=re.compile(r"^\d+ new claims"))
    heading.wait_for(timeout=ANALYSE_WAIT)
    screenshot(tab, "upload_report")
    assert tab.get_by_test_id("stException").count() == 0, tab.inner_text("body")
    assert int(heading.inner_text().split()[0]) > 0, "the extractor found no claim in the upload"
    tab.get_by_role("button", name="Show them in the alignments view").click()
    tab.get_by_role("heading", name="Alignments").first.wait_for(timeout=60_000)
    tab.get_by_text("Evidence sentences").click()
    tab.get_by_test_id("stExpander").get_by_text("supplied drones").first.wait_for(timeout=60_000)
    assert "theater=Libya" in tab.url
    screenshot(tab, "alignments_after_upload")


def test_clicking_a_heatmap_cell_lists_its_claims(server, tab):
    open_page(tab, server, "alignments", PAGES["alignments"])
    total = tab.get_by_role("heading", name=re.compile(r"^\d+ claims"))
    before = total.inner_text()
    cell = tab.get_by_test_id("stPlotlyChart").first.locator(".scatterlayer .point").first
    cell.wait_for(state="attached", timeout=60_000)
    box = cell.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.wait_for_function(
        "before => ![...document.querySelectorAll('h3')].some(h => h.innerText === before)",
        arg=before,
        timeout=60_000,
    )
    assert tab.get_by_test_id("stExpander").get_by_text("Egypt").count() > 0
    screenshot(tab, "alignments_cell")


def test_clicking_a_timeline_bar_lists_its_claims(server, tab):
    open_page(tab, server, "timeline", PAGES["timeline"])
    bar = tab.get_by_test_id("stPlotlyChart").nth(1).locator(".barlayer path").first
    bar.wait_for(state="attached", timeout=60_000)
    tab.get_by_text("Click a bar to list the claims behind it.").wait_for(timeout=60_000)
    bar.scroll_into_view_if_needed()  # below the periods and the changes
    box = bar.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.get_by_text(re.compile(r" → .*, \d{4}-\d{2}$")).first.wait_for(timeout=60_000)
    assert tab.get_by_text("Click a bar to list the claims behind it.").count() == 0
    screenshot(tab, "timeline_bar")


def test_clicking_a_period_lists_its_claims(server, tab):
    open_page(tab, server, "timeline", PAGES["timeline"])
    period = tab.get_by_test_id("stPlotlyChart").first.locator(".barlayer path").first
    period.wait_for(state="attached", timeout=60_000)
    hint = "Click a period or a marker to list the claims behind it."
    tab.get_by_text(hint).wait_for(timeout=60_000)
    period.scroll_into_view_if_needed()
    box = period.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    title = re.compile(r" → (supports|opposes) → .*, (Libya|Syria|Yemen)$")
    tab.get_by_text(title).first.wait_for(timeout=60_000)
    assert tab.get_by_text(hint).count() == 0
    screenshot(tab, "timeline_period")


def test_clicking_a_network_edge_lists_its_claims(server, tab):
    open_page(tab, server, "network", PAGES["network"])
    hint = "Click the dot in the middle of an edge to list the claims behind it."
    tab.get_by_text(hint).wait_for(timeout=60_000)
    # the first points drawn are the edges' midpoints (the nodes come after them)
    mid = tab.get_by_test_id("stPlotlyChart").first.locator(".scatterlayer .point").first
    mid.wait_for(state="attached", timeout=60_000)
    box = mid.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.get_by_role("heading", name=re.compile(r"^\d+ claims?$")).wait_for(timeout=60_000)
    assert tab.get_by_text(hint).count() == 0
    assert "edge=" in tab.url  # the chosen edge is in the link
    edge = tab.url.split("edge=")[1].split("+")[0]  # the clicked edge's supporter
    screenshot(tab, "network_edge")
    tab.get_by_test_id("stExpander").get_by_text(edge).first.wait_for(timeout=60_000)


def test_an_outlet_filter_narrows_the_network_and_its_claims(server, tab):
    open_page(tab, server, "network", PAGES["network"])
    mids = tab.get_by_test_id("stPlotlyChart").first.locator(".scatterlayer .point")
    mids.first.wait_for(state="attached", timeout=60_000)
    outlets = tab.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
    choose_option(tab, outlets.filter(has_text="Outlets"), "Daily C")
    tab.keyboard.press("Escape")  # close the list of outlets
    tab.wait_for_url(re.compile(r"outlets=Daily\+C"), timeout=60_000)
    # Daily C reports one alignment: Russia opposes the LNA (one midpoint, two nodes)
    tab.wait_for_function(
        "() => document.querySelectorAll('.scatterlayer .point').length === 3",
        timeout=60_000,
    )
    box = mids.first.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.get_by_role("heading", name=re.compile(r"^1 claim$")).wait_for(timeout=60_000)
    assert "Russia+%E2%86%92+opposes+%E2%86%92+LNA" in tab.url
    tab.get_by_test_id("stExpander").get_by_text("Daily C").first.wait_for(timeout=60_000)
    screenshot(tab, "network_outlet")
