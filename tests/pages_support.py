"""What the AppTest page tests share: stores for the dashboard, a guard against loading
the language model, and a runner for one page (import the fixtures to use them)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the views import the top-level `dashboard` package
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_tally import build_store  # noqa: E402

TIMEOUT = 60


@pytest.fixture(name="filled")
def filled_fixture(db, monkeypatch):
    """A store of the small test corpus, used by the dashboard (on each back-end)."""
    url = build_store(db)
    monkeypatch.setenv(store.DB_ENV, url)
    monkeypatch.setenv("CONFLICT_TRACKER_NO_SAMPLE", "1")
    return url


@pytest.fixture(name="empty")
def empty_fixture(db, monkeypatch):
    """An empty store, used by the dashboard, with the sample corpus switched off."""
    monkeypatch.setenv(store.DB_ENV, store.database_url(db))
    monkeypatch.setenv("CONFLICT_TRACKER_NO_SAMPLE", "1")


@pytest.fixture(name="no_model")
def no_model_fixture(monkeypatch):
    """Fail the test if any page loads the language model."""
    from dashboard import state

    def refuse(*args, **kwargs):
        raise AssertionError("the extractor was loaded while only rendering a page")

    monkeypatch.setattr(state, "extractor", refuse)


def page(name: str = "overview", **state) -> AppTest:
    """Run dashboard.py (sidebar included) on page `name`, with `state` in session state."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if name != "overview":
        at.switch_page(f"dashboard/views/{name}.py").run()
    return at


def analyse(at: AppTest) -> AppTest:
    """Click the upload page's Analyse button, let its background job finish, run again."""
    from dashboard import jobs

    at.main.button[0].click().run()
    if "upload_job" not in at.session_state:  # it ended before the page drew its status
        return at
    job = jobs.get(at.session_state["upload_job"])
    assert job is not None and job.wait(TIMEOUT), "the upload job did not finish"
    return at.run()


def chart_spec(at: AppTest, key: str) -> dict:
    """The Plotly figure (data and layout) of the page's chart whose key contains `key`."""
    import json

    chart = next(e for e in at.main.get("plotly_chart") if e.proto.id and key in e.proto.id)
    return json.loads(chart.proto.spec)


def chart_data(at: AppTest, key: str) -> dict:
    return chart_spec(at, key)["data"]
