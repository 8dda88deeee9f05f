"""The Timeline page: periods as swimlanes on a date axis, the changes between them, and the
claims behind a clicked period (the click itself is in tests/test_browser.py)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from analysis import store
from tests.claims_support import store_article, stored_claim

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_support import (  # noqa: E402, F401  (fixtures)
    chart_data,
    filled_fixture,
    no_model_fixture,
    page,
)


def _add_ending(url: str) -> None:
    """Article six: 'Turkey halted its support for the GNA' in 2021 (the store's Turkey →
    GNA evidence is from early 2020)."""
    text = "Turkey halted its support for the GNA in March."
    claim = stored_claim("six", "Turkey", "supports", "GNA", theater="Libya", sentence=text,
                         date="2021-06-01", phase="ended", event_start="2021-03-01",
                         event_end="2021-03-31", time_precision="month",
                         time_source="sentence")  # fmt: skip
    engine = store.open_store(url)
    store_article(engine, "six", [claim], date="2021-06-01", title="Ankara halts")
    engine.dispose()


def test_timeline_draws_periods_of_the_selected_theater(filled, no_model):
    at = page("timeline", theater="Libya", factions=True)
    assert not at.exception, at.exception
    traces = chart_data(at, "period_lanes")
    lanes = {y for t in traces if t["type"] == "bar" for y in t["y"]}
    assert {"Turkey → GNA", "Russia → LNA", "LNA → GNA"} <= lanes
    assert all("Syrian" not in lane for lane in lanes)
    supports = next(t for t in traces if t["name"] == "supports")
    assert supports["orientation"] == "h"


def test_stance_changes_list_an_ending(filled, no_model):
    _add_ending(filled)
    at = page("timeline", theater="Libya")
    assert not at.exception, at.exception
    changes = at.main.dataframe[0].value
    row = changes[changes["supporter"] == "Turkey"].iloc[0]
    assert (row["target"], row["change"], str(row["when"])[:7]) == (
        "GNA",
        "supports ended",
        "2021-03",
    )
    marks = [t for t in chart_data(at, "period_lanes") if t["type"] == "scatter"]
    assert marks and marks[0]["y"] == ["Turkey → GNA"]


def test_without_changes_the_page_says_so(filled, no_model):
    at = page("timeline", theater="Syria")
    assert not at.exception, at.exception
    assert any("No support or opposition ended" in i.value for i in at.main.info)


def test_picked_period_reads_the_selected_point():
    from dashboard import state

    data = ["Turkey", "GNA", "Libya", "supports", "2020-01-15", "2020-06-01", 3, "lapsed"]
    event = SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": data}]))
    picked = state.picked_period(event)
    assert picked == ("Turkey", "GNA", "Libya", "supports", date(2020, 1, 15), date(2020, 6, 1))
    # a monthly bar's point (supporter, target, month) is not a period
    bar = SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": ["A", "B", "2020-01"]}]))
    assert state.picked_period(bar) is None
    assert state.picked_period(None) is None
