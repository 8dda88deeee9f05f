"""The Camps network page (AppTest): the graph follows the sidebar, and an edge, clicked or
chosen, lists its claims."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_support import (  # noqa: E402, F401  (fixtures)
    chart_data,
    filled_fixture,
    no_model_fixture,
    page,
)


def _nodes(at) -> set[str]:
    data = chart_data(at, "network")
    return {n for t in data if t["name"] in ("factions", "outside actors") for n in t["text"]}


def _edges(at) -> set[tuple]:
    data = chart_data(at, "network")
    return {tuple(c[:3]) for t in data if "click" in t["name"] for c in t["customdata"]}


def test_network_draws_the_store_s_camps(filled, no_model):
    at = page("network")
    assert not at.exception, at.exception
    assert _nodes(at) == {"Egypt", "GNA", "LNA", "Russia", "Syrian government", "Turkey"}
    assert ("Russia", "LNA", "opposes") in _edges(at)
    assert ("Turkey", "Syrian government", "opposes") in _edges(at)


def test_network_follows_the_sidebar(filled, no_model):
    at = page("network")
    at.sidebar.selectbox(key="theater").set_value("Syria").run()
    assert _nodes(at) == {"Russia", "Syrian government", "Turkey"}
    at = page("network", factions=True, theater="Libya")
    assert ("LNA", "GNA", "opposes") in _edges(at)


def test_choosing_an_edge_lists_its_claims(filled, no_model):
    at = page("network", edge="Russia → opposes → LNA")
    assert not at.exception, at.exception
    assert at.subheader[0].value == "1 claim"
    evidence = [m.value for m in at.markdown if m.value.startswith(">")]
    assert len(evidence) == 1 and "**Russia** condemned the **LNA**" in evidence[0]
    assert not [m for m in at.markdown if " → opposes → " in m.value]  # the edge names it


def test_without_an_edge_the_page_says_to_click_one(filled, no_model):
    at = page("network")
    assert not at.subheader
    assert any("middle of an edge" in c.value for c in at.caption)


def test_an_edge_the_filters_no_longer_draw_is_dropped(filled, no_model):
    at = page("network", edge="Russia → opposes → LNA")
    at.sidebar.selectbox(key="theater").set_value("Syria").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="edge").value is None
    assert not at.subheader


def test_a_clicked_edge_is_chosen_and_lists_its_claims(filled, no_model, monkeypatch):
    from dashboard import state

    monkeypatch.setattr(state, "picked_edge", lambda event: ("Turkey", "GNA", "supports"))
    at = page("network")
    assert at.selectbox(key="edge").value == "Turkey → supports → GNA"
    assert at.subheader[0].value == "4 claims"
    # choosing another edge by hand wins over the click already followed
    at.selectbox(key="edge").set_value("Egypt → supports → LNA").run()
    assert at.subheader[0].value == "1 claim"


def test_the_layout_is_not_placed_again_when_an_edge_is_chosen(filled, no_model, monkeypatch):
    from analysis.queries import network

    placed = []
    layout = network._layout
    monkeypatch.setattr(network, "_layout", lambda *a: placed.append(1) or layout(*a))
    at = page("network")
    at.selectbox(key="edge").set_value("Egypt → supports → LNA").run()
    assert at.subheader[0].value == "1 claim"
    assert len(placed) == 1  # the rerun read the cached network


def test_picked_edge_reads_the_selected_midpoint():
    from dashboard import state

    mid = {"customdata": ["Turkey", "GNA", "supports", 3, "Libya"]}
    node = {"customdata": ["Libya"]}
    event = SimpleNamespace(selection=SimpleNamespace(points=[node, mid]))
    assert state.picked_edge(event) == ("Turkey", "GNA", "supports")
    assert state.picked_edge(SimpleNamespace(selection=SimpleNamespace(points=[node]))) is None
    assert state.picked_edge(None) is None
