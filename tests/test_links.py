"""Links into the dashboard: a URL restores the view (theater, dates, filters, the picked
cell), and values a link cannot mean are said, not silently dropped."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_support import (  # noqa: E402, F401  (fixtures)
    ROOT,
    TIMEOUT,
    filled_fixture,
    no_model_fixture,
    page,
)


def test_a_link_reproduces_the_view(filled, no_model):
    from datetime import date

    from analysis.tally import Filters

    wanted = Filters(theater="Libya", date_from=date(2020, 1, 1), actors=("Turkey",))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in wanted.to_params().items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    assert at.sidebar.selectbox(key="theater").value == "Libya"
    assert at.sidebar.date_input(key="date_from").value == date(2020, 1, 1)
    assert at.sidebar.multiselect(key="actors").value == ["Turkey"]
    assert [m.value for m in at.metric][:2] == ["2", "2"]


def test_month_filters_narrow_to_one_month_within_the_sidebar_range():
    from analysis.tally import Filters
    from dashboard import state

    f = Filters(theater="Libya", date_from=date(2020, 1, 15))
    narrowed = state.month_filters(f, "2020-01")
    assert (narrowed.date_from, narrowed.date_to) == (date(2020, 1, 15), date(2020, 1, 31))
    assert state.month_filters(Filters(), "2020-02").date_to == date(2020, 2, 29)


def test_min_confidence_slider_filters_the_headline_numbers(filled, no_model):
    at = page()
    before = [m.value for m in at.metric][:2]
    at.sidebar.slider(key="min_confidence").set_value(1.0).run()
    assert not at.exception, at.exception
    after = [m.value for m in at.metric][:2]
    assert after != before
    linked = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    linked.query_params["min_confidence"] = "1.0"
    linked.run()
    assert linked.sidebar.slider(key="min_confidence").value == 1.0
    assert [m.value for m in linked.metric][:2] == after


def test_min_articles_in_the_url_narrows_the_headline_numbers(filled, no_model):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["min_articles"] = "2"
    at.run()
    assert not at.exception, at.exception
    assert [m.value for m in at.metric][:3] == ["4", "6", "2"]  # Turkey→GNA and Russia→LNA


def _linked(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_linked_theater_in_another_case_is_recognised(filled, no_model):
    at = _linked(theater="libya")
    assert at.sidebar.selectbox(key="theater").value == "Libya"
    assert not at.sidebar.warning


def test_an_unknown_linked_theater_is_said_not_silently_dropped(filled, no_model):
    at = _linked(theater="Narnia")
    assert at.sidebar.selectbox(key="theater").value == "All theaters"
    assert "Narnia" in at.sidebar.warning[0].value


def test_from_after_to_is_said(filled, no_model):
    at = _linked(date_from="2020-05-01", date_to="2020-01-01")
    assert "after" in at.sidebar.warning[0].value


def test_a_link_restores_the_selected_cell(filled, no_model):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["pick_supporter"] = "Egypt"
    at.query_params["pick_target"] = "LNA"
    at.run()
    at.switch_page("dashboard/views/alignments.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="pick_supporter").value == "Egypt"
    assert at.subheader[0].value == "1 claim"
