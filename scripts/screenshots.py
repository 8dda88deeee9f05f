"""Regenerate the README's screenshots from the bundled sample corpus.

    python scripts/screenshots.py            # writes docs/screenshots/*.png

Ingests the sample corpus into a temporary store (the spaCy model is loaded once), starts
`streamlit run dashboard.py` on it, and photographs each view in headless Chromium at the
size the README shows. Needs the dev set-up (`./scripts/setup.sh --dev`: Playwright and
Debian's chromium).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import chromium, dashboard  # noqa: E402

from analysis import store  # noqa: E402
from analysis.extract import Extractor  # noqa: E402
from analysis.ingest import ensure_sample_corpus  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
# (file name, page path with its URL filters, heading to wait for, chart that must be drawn)
VIEWS = [
    ("overview", "", "Overview", ".heatmaplayer"),  # the default page is at the root
    ("network", "network", "Camps network", ".scatterlayer path"),
    ("timeline", "timeline?theater=Syria", "Timeline", ".barlayer path"),
    ("map", "map", "Map", ".scattergeo path.point"),
]
WINDOW = {"width": 1400, "height": 1100}


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="tracker-shots-"))
    db = work / "sample.db"
    engine = store.open_store(db)
    ensure_sample_corpus(engine, Extractor.load(announce=True))
    engine.dispose()
    OUT.mkdir(parents=True, exist_ok=True)
    with dashboard(db, work) as base, chromium(work / "profile") as context:
        tab = context.new_page()
        tab.set_viewport_size(WINDOW)
        for name, path, heading, drawn in VIEWS:
            tab.goto(f"{base}/{path}")
            tab.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
            tab.locator(drawn).first.wait_for(state="attached", timeout=60_000)
            tab.wait_for_load_state("networkidle")
            tab.wait_for_timeout(1500)  # let Plotly finish its transitions
            tab.screenshot(path=str(OUT / f"{name}.png"))
            print(f"{OUT / name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
