"""Every dashboard page renders headless (streamlit.testing.v1.AppTest) on a small store
and on an empty one; the filters change what the figures show."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the views import the top-level `dashboard` package
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_support import (  # noqa: E402, F401  (fixtures)
    TIMEOUT,
    analyse,
    chart_data,
    chart_spec,
    empty_fixture,
    filled_fixture,
    no_model_fixture,
    page,
)

PAGES = [
    "overview",
    "alignments",
    "network",
    "timeline",
    "map",
    "articles",
    "upload",
    "sources",
    "actors",
    "export",
]


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_on_small_store(filled, no_model, name):
    at = page(name)
    assert not at.exception, at.exception
    assert at.title[0].value


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_on_empty_store(empty, no_model, name):
    at = page(name)
    assert not at.exception, at.exception


def test_dashboard_shows_sidebar_and_overview(filled, no_model):
    at = page()
    assert not at.exception, at.exception
    assert at.sidebar.selectbox(key="theater").options[:3] == ["All theaters", "Libya", "Syria"]
    assert at.sidebar.multiselect(key="actors").options == ["Egypt", "Russia", "Turkey"]
    assert [m.value for m in at.metric][:2] == ["5", "9"]
    assert any("Sample corpus" in i.value for i in at.sidebar.info)


def test_theater_filter_changes_the_figures(filled, no_model):
    at = page()
    before = chart_data(at, "overview_heatmap")[0]
    assert set(before["x"]) == {"GNA", "LNA", "Syrian government"}
    at.sidebar.selectbox(key="theater").set_value("Syria").run()
    after = chart_data(at, "overview_heatmap")[0]
    assert set(after["x"]) == {"Syrian government"}


@pytest.mark.parametrize(
    ("name", "key"), [("overview", "overview_heatmap"), ("alignments", "heatmap")]
)
def test_matrix_rows_say_factions_when_hostility_is_included(filled, no_model, name, key):
    rows = {
        factions: chart_spec(page(name, factions=factions), key)["layout"]["yaxis"]["title"]["text"]
        for factions in (False, True)
    }
    assert rows == {False: "Outside actor", True: "Outside actor or faction"}


def test_filters_in_session_reach_the_page(filled, no_model):
    at = page("timeline", theater="Libya", factions=True)
    bars = [t for t in chart_data(at, "timeline_bars") if t["type"] == "bar"]
    assert "LNA → GNA" in {t["name"] for t in bars}
    assert all("Syrian" not in t["name"] for t in bars)


def test_empty_dashboard_says_no_data(empty, no_model):
    at = page()
    assert not at.exception, at.exception
    annotations = chart_data(at, "overview_heatmap")
    assert annotations == []


def test_alignments_picking_a_pair_lists_its_claims(filled, no_model):
    at = page("alignments", pick_supporter="Russia", pick_target="LNA")
    assert at.subheader[0].value == "2 claims"
    evidence = [m.value for m in at.markdown if m.value.startswith(">")]
    assert any("**Russia** condemned the **LNA**" in e for e in evidence)
    assert any("Daily C" in e and "[link](<https://example.org/4>)" in e for e in evidence)
    # the pair holds both relations: each quote is named by its claim
    named = [m.value for m in at.markdown if m.value.startswith("**Russia** → ")]
    assert sorted(n.split(" → ")[1] for n in named) == ["opposes", "supports"]


def test_articles_page_searches(filled, no_model):
    at = page("articles")
    at.text_input(key="article_search").input("Wagner").run()
    assert at.caption[0].value == "2 articles"


def test_articles_page_follows_the_sidebar(filled, no_model):
    at = page("articles", theater="Syria")
    assert not at.exception, at.exception
    assert at.caption[0].value == "1 articles"
    assert at.main.dataframe[0].value["title"].tolist() == ["Idlib offensive"]


def test_outside_actor_picker_follows_the_theater_and_lists_no_faction(filled, no_model):
    at = page(theater="Syria")
    assert not at.exception, at.exception
    assert at.sidebar.multiselect(key="actors").options == ["Russia", "Turkey"]
    hostile = page(factions=True)
    assert hostile.sidebar.multiselect(key="actors").options == ["Egypt", "Russia", "Turkey"]


def test_an_actor_chosen_before_the_theater_changed_stays_chosen(filled, no_model):
    at = page(theater="Syria", actors=["Egypt"])
    assert not at.exception, at.exception
    picker = at.sidebar.multiselect(key="actors")
    assert (picker.options, picker.value) == (["Egypt", "Russia", "Turkey"], ["Egypt"])


def test_a_linked_actor_outside_the_linked_theater_stays_chosen(filled, no_model):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["theater"] = "Syria"
    at.query_params["actors"] = "Egypt"
    at.run()
    assert not at.exception, at.exception
    assert at.sidebar.multiselect(key="actors").value == ["Egypt"]


def test_actors_page_lists_unknown_names(filled, no_model):
    at = page("actors")
    assert not at.exception, at.exception
    table = at.dataframe[-1].value
    assert table["text"].tolist()[:2] == ["Wagner Group", "Hemedti"]


def test_unknown_names_leave_out_the_theaters_place_names(filled, no_model):
    from sqlalchemy import insert

    engine = store.open_store(filled)
    with engine.begin() as conn:
        for article_id in (1, 2, 3, 4):
            for text in ("Libya", "Benghazi", "Syrian"):
                conn.execute(
                    insert(store.mentions).values(
                        article_id=article_id, actor=None, label="GPE", text=text, start=0, end=3
                    )
                )
    engine.dispose()
    at = page("actors")
    assert not at.exception, at.exception
    assert at.dataframe[-1].value["text"].tolist() == ["Wagner Group", "Hemedti"]


def test_camps_table_shows_the_backers_in_full(filled, no_model):
    import json

    at = page()
    camps = at.main.dataframe[-1]
    assert "backers" in camps.value.columns
    assert json.loads(camps.proto.columns)["backers"]["width"] == "large"


def test_upload_page_has_the_uploader_but_loads_no_model(filled, no_model):
    at = page("upload")
    assert not at.exception, at.exception
    assert "20 MB" in at.caption[0].value
    assert at.get("file_uploader")


class TinyExtractor:
    """Stands in for the language model: every article yields "Qatar supports the GNA"."""

    version = "test"

    def extract(self, article):
        from analysis.models import Claim, Extraction, Mention

        text = article.text
        if "Qatar" not in text or "GNA" not in text:
            return Extraction([], [])
        sup, tgt = text.index("Qatar"), text.index("GNA")
        claim = Claim(
            source=article.source,
            supporter="Qatar",
            supporter_type="state",
            relation="supports",
            target="GNA",
            theater="Libya",
            kind="funding",
            sentence=text,
            start=0,
            end=len(text),
            date=article.date,
            alleged=False,
            confidence=0.9,
            supporter_text="Qatar",
            target_text="GNA",
            sup_start=sup,
            sup_end=sup + 5,
            tgt_start=tgt,
            tgt_end=tgt + 3,
        )
        return Extraction([claim], [Mention("Qatar", sup, sup + 5, "state", "Qatar")])

    def extract_many(self, articles, *, batch_size=32):
        for article in articles:
            yield article, self.extract(article)


def test_upload_reports_each_file_and_shows_new_claims(filled, monkeypatch):
    from dashboard import state

    monkeypatch.setattr(state, "extractor", lambda: TinyExtractor())
    at = page("upload")
    text = b"Qatar funds the GNA <script>alert(1)</script> [x](javascript:alert(1))."
    at.get("file_uploader")[0].set_value(
        [("qatar.txt", text, "text/plain"), ("broken.pdf", b"not a pdf", "application/pdf")]
    )
    at.text_area[0].input("Qatar funds the GNA.")
    analyse(at)
    assert not at.exception, at.exception
    report = at.main.dataframe[0].value.set_index("source")
    assert report.loc["qatar.txt", "status"] == "added"
    assert report.loc["broken.pdf", "status"] == "failed"
    assert report.loc["pasted text", "status"] == "added"
    assert at.subheader[1].value == "2 new claims"
    evidence = [m.value for m in at.markdown if m.value.startswith(">")]
    assert any("**Qatar** funds the **GNA** \\<script\\>" in e for e in evidence)
    assert all("](javascript" not in e for e in evidence)
    assert any("(alignments?theater=Libya&actors=Qatar)" in m.value for m in at.markdown)

    analyse(at)  # the same texts again: duplicates, nothing new
    report = at.main.dataframe[0].value.set_index("source")
    assert report.loc["qatar.txt", "status"] == "duplicate"


def test_upload_names_each_new_claim(filled, monkeypatch):
    from dashboard import state

    monkeypatch.setattr(state, "extractor", lambda: TinyExtractor())
    at = page("upload")
    at.text_area[0].input("Qatar funds the GNA.")
    analyse(at)
    assert not at.exception, at.exception
    said = [m.value for m in at.markdown]
    assert "**Qatar** → supports → **GNA** · Libya · funding" in said


def test_upload_leads_to_the_filtered_alignments_view(filled, monkeypatch):
    from dashboard import state

    monkeypatch.setattr(state, "extractor", lambda: TinyExtractor())
    at = page("upload")
    at.text_area[0].input("Qatar funds the GNA.")
    analyse(at)
    next(b for b in at.main.button if b.label.startswith("Show them")).click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Alignments"
    assert at.sidebar.selectbox(key="theater").value == "Libya"
    assert at.sidebar.multiselect(key="actors").value == ["Qatar"]
    assert at.subheader[0].value == "1 claim"


def test_a_pick_outside_the_new_theater_is_dropped(filled, no_model):
    at = page("alignments", pick_supporter="Egypt", pick_target="LNA")
    assert at.subheader[0].value == "1 claim"
    at.sidebar.selectbox(key="theater").set_value("Syria").run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "2 claims"


def test_picked_cell_reads_the_selected_point():
    from types import SimpleNamespace

    from dashboard import state

    point = {"x": "GNA", "customdata": ["Turkey", "GNA", 3, 0, "", ""]}
    event = SimpleNamespace(selection=SimpleNamespace(points=[point]))
    assert state.picked_cell(event) == ("Turkey", "GNA")
    assert state.picked_cell(SimpleNamespace(selection=SimpleNamespace(points=[]))) is None
    assert state.picked_cell(None) is None


def test_first_start_fills_an_empty_store_with_the_sample(empty, monkeypatch):
    from dashboard import state

    monkeypatch.delenv("CONFLICT_TRACKER_NO_SAMPLE")
    monkeypatch.setattr(state, "extractor", lambda: TinyExtractor())
    at = page()
    assert not at.exception, at.exception
    assert int(at.metric[0].value) == 0  # the stand-in extractor finds no claim in it
    assert any("Sample corpus" in i.value for i in at.sidebar.info)
    at = page("articles")
    assert int(at.caption[0].value.split()[0]) > 0


def test_article_text_is_escaped_with_actors_marked(filled):
    from analysis import store, tally
    from dashboard import render

    engine = store.open_store(filled)
    detail = tally.article_detail(engine, 1)
    text = render.article_markdown(detail)
    assert "*Wagner Group*" in text and "**Turkey** backs the GNA\\." in text
    assert render.escape_markdown("<b>[x](javascript:y)</b> $1 :red[z]") == (
        "\\<b\\>\\[x\\]\\(javascript\\:y\\)\\</b\\> \\$1 \\:red\\[z\\]"
    )
    engine.dispose()


def test_a_bad_store_is_an_error_message_not_a_traceback(tmp_path, monkeypatch):
    bad = tmp_path / "not-a-store.db"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv(store.DB_ENV, str(bad))
    monkeypatch.setenv("CONFLICT_TRACKER_NO_SAMPLE", "1")
    at = page()
    assert not at.exception, at.exception
    assert "not-a-store.db" in at.error[0].value


def test_articles_page_shows_one_article_with_its_actors(filled, no_model):
    at = page("articles")
    at.selectbox(key="article").select(4).run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Russia turns"
    assert any("*Wagner Group*" in m.value for m in at.markdown)
    assert sorted(at.main.dataframe[-1].value["status"]) == ["asserted", "negated"]
