"""Every page in Streamlit's dark theme, in a real browser: it renders without an error, the
page is dark, and each chart is drawn (Plotly follows the theme). Screenshots go to
tests/output/dark_*.png for a look. Run alone with `python -m pytest -m browser -k dark`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import (  # noqa: E402, F401  (a fixture)
    CHROMIUM,
    ROOT,
    browser_fixture,
    dashboard,
    open_page,
)
from test_browser import PAGES  # noqa: E402
from test_tally import build_store  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api")
OUTPUT = ROOT / "tests" / "output"
CHARTS = {"overview", "alignments", "network", "timeline", "map"}


@pytest.fixture(scope="module")
def dark(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dark")
    with dashboard(build_store(tmp / "dark.db"), tmp, "--theme.base", "dark") as base:
        yield base


def _luminance(rgb: str) -> float:
    """Relative brightness (0 black, 1 white) of a CSS "rgb(r, g, b)" colour."""
    r, g, b = (int(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_is_readable_in_the_dark_theme(dark, browser, path):
    tab = browser.new_page()
    open_page(tab, dark, path, PAGES[path])
    app = tab.get_by_test_id("stApp")
    background = app.evaluate("e => getComputedStyle(e).backgroundColor")
    text = tab.get_by_role("heading", name=PAGES[path]).first.evaluate(
        "e => getComputedStyle(e).color"
    )
    assert _luminance(background) < 0.25 < _luminance(text)  # light text on a dark page
    if path in CHARTS:
        tab.locator(".main-svg").first.wait_for(state="attached", timeout=60_000)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(OUTPUT / f"dark_{path}.png"), full_page=True)
    tab.close()
