"""Hostile content in a real browser: a stored article whose title, text, outlet and URL
hold <script>, <img onerror=...> and javascript: links is shown as plain text on every
page that shows it; no dialog opens, no script runs, no injected element exists.

Run alone with `python -m pytest -m browser tests/test_hostile_browser.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import (  # noqa: E402, F401  (a fixture)
    CHROMIUM,
    browser_fixture,
    choose_option,
    dashboard,
    open_page,
)

from analysis.models import Article, Claim, Extraction, Mention
from analysis.store import add_article, count_articles, open_store, stats, write_transaction

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAIT = 60_000  # milliseconds allowed for a page element to appear
ANALYSE_WAIT = 300_000  # milliseconds allowed for an upload's analysis (loads the model)

# Each payload, if it ever ran, would set window.__pwned and open a dialog.
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
LINK = "[click me](javascript:window.__pwned=3;alert(3))"
ANCHOR = '<a href="javascript:alert(4)" id="injected">open</a>'
SENTENCE = f"Turkey backs GNA {SCRIPT} {IMG} {LINK} {ANCHOR}."
TITLE = f"Drones {SCRIPT} {IMG}"
TEXT = f"TRIPOLI, June 14, 2020 - {SENTENCE}\n\nA second paragraph with {ANCHOR} in it."
LEAKS = """() => ({
    pwned: window.__pwned === undefined ? null : window.__pwned,
    imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
    scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
    links: document.querySelectorAll('a[href^="javascript:" i], #injected').length,
})"""
CLEAN = {"pwned": None, "imgs": 0, "scripts": 0, "links": 0}

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def hostile_store(path: Path) -> None:
    """A store holding one article whose every user-given field is hostile, with a claim
    quoting it and the two actors it names."""
    engine = open_store(path)
    start = TEXT.index(SENTENCE)
    sup, tgt = start + SENTENCE.index("Turkey"), start + SENTENCE.index("GNA")
    claim = Claim(
        source=f"upload {IMG}.txt",
        supporter="Turkey",
        supporter_type="state",
        relation="supports",
        target="GNA",
        theater="Libya",
        kind="political",
        sentence=SENTENCE,
        start=start,
        end=start + len(SENTENCE),
        date="2020-06-14",
        alleged=False,
        confidence=0.9,
        supporter_text="Turkey",
        target_text="GNA",
        sup_start=sup,
        sup_end=sup + 6,
        tgt_start=tgt,
        tgt_end=tgt + 3,
    )
    mentions = [Mention("Turkey", sup, sup + 6, "state", "Turkey")]
    mentions.append(Mention("GNA", tgt, tgt + 3, "faction", "GNA"))
    article = Article(
        text=TEXT,
        source=f"upload {IMG}.txt",
        title=TITLE,
        date="2020-06-14",
        date_source="dateline",
        url="javascript:window.__pwned=5;alert(5)",
        outlet=f"<b onmouseover=alert(6)>Outlet</b> {SCRIPT}",
    )
    with write_transaction(engine) as conn:
        add_article(conn, article, Extraction([claim], mentions), extractor_version="hostile")
    engine.dispose()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile-store") / "hostile.db"
    hostile_store(path)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory, db):
    with dashboard(db, tmp_path_factory.mktemp("hostile")) as base:
        yield base


@pytest.fixture
def tab(browser):
    """A page that records every dialog (and dismisses it, so nothing hangs)."""
    tab = browser.new_page()
    tab.dialogs = []

    def on_dialog(dialog) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    tab.close()


def assert_inert(tab) -> None:
    tab.wait_for_load_state("networkidle")
    assert tab.dialogs == []
    assert tab.evaluate(LEAKS) == CLEAN


def test_overview_shows_the_hostile_store_inertly(server, tab):
    open_page(tab, server, "overview", "Overview")
    tab.get_by_test_id("stPlotlyChart").first.wait_for(timeout=WAIT)
    assert_inert(tab)


def test_alignments_evidence_is_plain_text(server, tab):
    open_page(tab, server, "alignments", "Alignments")
    tab.get_by_text("Evidence sentences").click()
    evidence = tab.get_by_test_id("stExpander")
    evidence.get_by_text("alert(1)", exact=False).first.wait_for(timeout=WAIT)
    shown = evidence.inner_text()
    assert "<script>" in shown and "onerror=" in shown and "javascript:" in shown
    assert_inert(tab)


def test_article_page_shows_title_and_text_as_plain_text(server, tab):
    open_page(tab, server, "articles", "Articles")
    chooser = tab.get_by_test_id("stMain").get_by_test_id("stSelectbox")
    tab.get_by_test_id("stDataFrame").first.wait_for(timeout=WAIT)
    choose_option(tab, chooser.filter(has_text="Read an article"), TITLE)
    tab.get_by_role("heading", name="Claims found").wait_for(timeout=WAIT)
    body = tab.inner_text("body")
    assert "<script>window.__pwned=1;alert(1)</script>" in body
    assert '<a href="javascript:alert(4)" id="injected">' in body
    assert_inert(tab)


def _upload_text(place: str) -> str:
    return (
        f"Drones for {place}\n\nTRIPOLI, May 12, 2020 - The United Arab Emirates supplied "
        f"drones to the Libyan National Army near {place}, according to a United Nations "
        "report. Turkey sent military advisers to the Government of National Accord.\n"
    )


def test_two_sessions_uploading_at_once_store_each_article_once(server, browser, db, tmp_path):
    """Two browser sessions analyse uploads at the same moment, one file in both."""
    shared = tmp_path / "shared.txt"
    shared.write_text(_upload_text("Sirte"))
    own = [tmp_path / "first.txt", tmp_path / "second.txt"]
    own[0].write_text(_upload_text("Misrata"))
    own[1].write_text(_upload_text("Gharyan"))
    engine = open_store(db)
    before = count_articles(engine), stats(engine)["claims"]
    tabs = [browser.new_page(), browser.new_page()]
    try:
        for tab, mine in zip(tabs, own, strict=True):
            open_page(tab, server, "upload", "Upload articles")
            tab.locator("input[type=file]").set_input_files([str(shared), str(mine)])
            tab.get_by_text(mine.name).first.wait_for(timeout=WAIT)
        for tab in tabs:
            tab.get_by_role("button", name="Analyse").click()
        for tab in tabs:
            tab.get_by_role("heading", name="Report").wait_for(timeout=ANALYSE_WAIT)
            assert tab.get_by_test_id("stException").count() == 0, tab.inner_text("body")
    finally:
        for tab in tabs:
            tab.close()
    assert count_articles(engine) == before[0] + 3
    with engine.connect() as conn:
        texts = [row[0] for row in conn.exec_driver_sql("SELECT text FROM articles").all()]
    assert sum("Sirte" in text for text in texts) == 1
    assert stats(engine)["claims"] > before[1]
    with engine.connect() as conn:
        repeated = conn.exec_driver_sql(
            "SELECT count(*) FROM (SELECT 1 FROM claims GROUP BY article_id, supporter, target,"
            ' relation, start, "end", status HAVING count(*) > 1)'
        ).scalar()
    assert repeated == 0
    engine.dispose()
