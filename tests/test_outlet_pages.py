"""Outlets in the dashboard (AppTest): the sidebar's outlet filter, in the URL and on every
page, the Alignments page's outlets × alignments chart, and the outlet in claim tables."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_support import (  # noqa: E402, F401  (fixtures)
    ROOT,
    TIMEOUT,
    chart_data,
    filled_fixture,
    no_model_fixture,
    page,
)


def test_sidebar_offers_the_stored_outlets(filled, no_model):
    at = page()
    outlets = at.sidebar.multiselect(key="outlets")
    assert outlets.options == ["Daily A", "Daily B", "Daily C", "Sample Wire"]
    assert outlets.value == []


def test_outlet_filter_narrows_the_headline_numbers(filled, no_model):
    at = page()
    assert [m.value for m in at.metric][:2] == ["5", "9"]
    at.sidebar.multiselect(key="outlets").set_value(["Daily A"]).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.metric][:2] == ["2", "4"]


def test_a_link_restores_the_outlet_filter(filled, no_model):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["outlets"] = ["Daily A", "Daily C"]
    at.run()
    assert not at.exception, at.exception
    assert at.sidebar.multiselect(key="outlets").value == ["Daily A", "Daily C"]
    assert [m.value for m in at.metric][:2] == ["3", "5"]


def test_alignments_show_which_outlets_report_which_alignments(filled, no_model):
    assert not [c for c in page("alignments").get("plotly_chart") if "outlet" in c.proto.id]
    at = page("alignments", tab="By outlet")  # read only when its tab is open
    heat = chart_data(at, "outlet_heatmap")[0]
    assert heat["y"] == ["Daily A", "Daily B", "Daily C", "Sample Wire"]
    assert "Russia → LNA" in heat["x"]
    at = page("alignments", tab="By outlet", outlets=["Daily C"])
    heat = chart_data(at, "outlet_heatmap")[0]
    assert (heat["y"], heat["x"], heat["text"]) == (["Daily C"], ["Russia → LNA"], [["+0 −1"]])


def test_claim_tables_show_the_outlet(filled, no_model):
    at = page("alignments", pick_supporter="Turkey", pick_target="GNA", outlets=["Sample Wire"])
    assert at.subheader[0].value == "2 claims"
    table = at.dataframe[0].value
    assert list(table["outlet"]) == ["Sample Wire", "Sample Wire"]


def test_articles_page_follows_the_outlet_filter(filled, no_model):
    at = page("articles", outlets=["Daily B"])
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["title"]) == ["Egypt and the LNA"]
