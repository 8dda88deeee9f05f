"""Public data sets: reading the FA-KES CSV, importing it into the store through the ingest
(bad rows, duplicates, re-import), the `import` command, and the attribution on the Articles
page. The CSV is a small one in the data set's format, written by each test."""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from analysis import datasets, store, tally
from analysis.__main__ import main
from analysis.datasets.base import DAY_FIRST, MONTH_FIRST, date_order, numeric_date
from analysis.errors import InputError
from analysis.ingest import import_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_support import site_fixture  # noqa: E402, F401  (a fixture)
from pages_support import no_model_fixture, page  # noqa: E402, F401  (fixtures)

FAKES = datasets.get("fakes")
HEADER = ["unit_id", "article_title", "article_content", "source", "date", "location", "labels"]
TWO_PARAGRAPHS = 'Turkey backs GNA.\n\nIts minister said "drones, too".'
ROWS = [
    ["101", "Drones for\nTripoli", TWO_PARAGRAPHS, "reuters", "4/15/2013", "idlib", "1"],
    ["102", "Cairo's line", "Egypt backs LNA.", "sana", "3/4/2013", "aleppo", "0"],
    ["103", "Bad date", "Russia backs LNA.", "nna", "31/31/2013", "homs", "1"],
    ["104", "Empty", "  \n ", "alarabiya", "4/16/2013", "homs", "1"],
    ["105", "The same again", TWO_PARAGRAPHS, "reuters", "4/15/2013", "idlib", "1"],
]


def write_csv(path, rows=ROWS, *, header=HEADER, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows([header, *rows])
    return path


@pytest.fixture
def fakes_csv(tmp_path):
    return write_csv(tmp_path / "FA-KES-Dataset.csv")


# -- reading --------------------------------------------------------------------------------


def test_reads_each_row_as_an_article_with_outlet_date_and_source(fakes_csv):
    result = FAKES.read(fakes_csv)
    first = result[0]
    assert [a.source for a in result] == ["fakes:101", "fakes:102", "fakes:105"]
    assert first.text == TWO_PARAGRAPHS  # the quoted newlines and quotes kept
    assert (first.outlet, first.date, first.date_source) == ("reuters", "2013-04-15", "metadata")
    assert first.title == "Drones for Tripoli"
    assert {a.dataset for a in result} == {"fakes"}
    assert first.meta["item"] == "row 1"


def test_rows_without_text_or_with_a_bad_date_are_named_with_their_reason(fakes_csv):
    assert FAKES.read(fakes_csv).errors == [
        "row 3 (unit_id 103): date '31/31/2013' has no month (both numbers are over 12)",
        "row 4 (unit_id 104): no text",
    ]


def test_short_and_long_rows(tmp_path):
    rows = [["1", "T", "Turkey backs GNA.", "trt", "5/6/2016"], ["2", "T", "x"], ROWS[1] + ["9"]]
    result = FAKES.read(write_csv(tmp_path / "f.csv", rows))
    assert [(a.source, a.date) for a in result] == [("fakes:1", "2016-05-06")]
    assert result.errors == [
        "row 2 (unit_id 2): no date",
        "row 3: more fields than the header has",
    ]


def test_limit_reads_the_first_rows_only(fakes_csv):
    result = FAKES.read(fakes_csv, limit=3)
    assert [a.source for a in result] == ["fakes:101", "fakes:102"]
    assert len(result.errors) == 1


def test_a_file_that_is_not_utf8_is_decoded(tmp_path):
    text = "Turkey\u2019s drones: Turkey backs GNA, says the minister \u2013 again."
    path = write_csv(tmp_path / "f.csv", [["7", "T", text, "trt", "5/6/2016", "", "1"]] * 1)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    assert FAKES.read(path)[0].text == text


def test_bytes_are_read_like_a_file(fakes_csv):
    result = FAKES.read(fakes_csv.read_bytes(), source="upload.csv")
    assert [a.source for a in result] == ["fakes:101", "fakes:102", "fakes:105"]


def test_a_header_without_the_columns_is_an_error_naming_them(tmp_path):
    path = write_csv(tmp_path / "f.csv", [["1", "x"]], header=["unit_id", "text"])
    with pytest.raises(InputError, match="lacks the columns article_title, article_content"):
        FAKES.read(path)


def test_a_file_with_no_usable_row_is_an_error(tmp_path):
    path = write_csv(tmp_path / "f.csv", [ROWS[3]])
    with pytest.raises(InputError, match="no usable articles: row 1 .*no text"):
        FAKES.read(path)


@pytest.mark.parametrize(
    ("value", "order", "expected", "ambiguous"),
    [
        ("4/15/2013", MONTH_FIRST, date(2013, 4, 15), False),
        ("15/4/2013", DAY_FIRST, date(2013, 4, 15), False),
        ("15/4/2013", MONTH_FIRST, date(2013, 4, 15), False),  # readable one way only
        ("3/4/2013", MONTH_FIRST, date(2013, 3, 4), True),
        ("3/4/2013", DAY_FIRST, date(2013, 4, 3), True),
        ("4/4/13", DAY_FIRST, date(2013, 4, 4), False),
        ("2016-07-01", DAY_FIRST, date(2016, 7, 1), False),
        ("12/25/2016 0:00", MONTH_FIRST, date(2016, 12, 25), False),
    ],
)
def test_numeric_dates_are_read_in_the_files_order(value, order, expected, ambiguous):
    assert numeric_date(value, order) == (expected, ambiguous)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "no date"),
        ("yesterday", "not written as day, month and year"),
        ("31/31/2013", "no month"),
        ("2/30/2013", "not a day of the calendar"),
        ("2/3/1066", "unlikely year"),
    ],
)
def test_values_that_are_not_days_are_refused(value, reason):
    with pytest.raises(ValueError, match=reason):
        numeric_date(value, MONTH_FIRST)


def test_the_date_order_follows_the_dates_that_can_be_read_one_way():
    assert date_order(["15/4/2013", "3/4/2013", "20/1/2014"]) == DAY_FIRST
    assert date_order(["4/15/2013", "3/4/2013"]) == MONTH_FIRST
    assert date_order(["3/4/2013"]) == MONTH_FIRST  # nothing decides: month first


def test_an_ambiguous_date_in_a_day_first_file_is_read_day_first(tmp_path):
    rows = [["1", "a", "Turkey backs GNA.", "trt", "25/4/2016", "", "1"]]
    rows += [["2", "b", "Egypt backs LNA.", "trt", "3/4/2016", "", "1"]]
    result = FAKES.read(write_csv(tmp_path / "f.csv", rows))
    assert [a.date for a in result] == ["2016-04-25", "2016-04-03"]
    assert result[1].meta["flags"] == ["date-order-dmy"]


def test_unknown_data_set_names_the_known_ones():
    with pytest.raises(InputError, match=r"unknown data set \(known: fakes\)"):
        datasets.get("nope")


def test_a_data_set_is_read_from_a_url_through_the_guarded_fetch(site, fakes_csv):
    site.files["FA-KES-Dataset.csv"] = (fakes_csv.read_bytes(), "text/csv")
    result = datasets.read(FAKES, site.url("/files/FA-KES-Dataset.csv"))
    assert [a.source for a in result] == ["fakes:101", "fakes:102", "fakes:105"]
    assert site.count("/files/FA-KES-Dataset.csv") == 1


def test_a_data_set_url_is_refused_like_any_fetch(monkeypatch):
    monkeypatch.delenv("CONFLICT_TRACKER_FETCH_ALLOW", raising=False)
    with pytest.raises(InputError, match=r"127\.0\.0\.1 is a loopback address"):
        datasets.read(FAKES, "http://127.0.0.1:9/FA-KES-Dataset.csv")


# -- the project's pool: the data set's articles as JSON lines --------------------------------

POOL_LINES = [
    {"id": "fakes-201", "title": "Drones", "date": "2016-05-06", "outlet": "trt", "url": "",
     "text": "Turkey backs the Syrian rebels."},
    "not json {",
    {"title": "No id", "date": "2016-05-06", "outlet": "trt", "text": "Iran backs Assad."},
    {"id": "fakes-204", "title": "Bad day", "date": "someday", "outlet": "sana",
     "text": "BEIRUT, May 3 (Reuters) - Russia backs Assad."},
    {"id": "fakes-205", "title": "Empty", "date": "2016-05-07", "outlet": "nna", "text": " "},
    {"id": "fakes-206", "title": "Cairo", "date": "2017-01-02", "outlet": "ahram", "url": "",
     "text": "Egypt backs the LNA."},
]  # fmt: skip


@pytest.fixture
def pool_jsonl(tmp_path):
    import json

    path = tmp_path / "articles.jsonl"
    lines = [line if isinstance(line, str) else json.dumps(line) for line in POOL_LINES]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_pool_s_json_lines_are_read_with_their_unit_ids(pool_jsonl):
    result = FAKES.read(pool_jsonl)
    assert [(a.source, a.outlet, a.date, a.title) for a in result] == [
        ("fakes:201", "trt", "2016-05-06", "Drones"),
        ("fakes:206", "ahram", "2017-01-02", "Cairo"),
    ]
    assert {(a.dataset, a.date_source) for a in result} == {("fakes", "metadata")}
    assert result[1].meta["item"] == "line 11"  # blank lines between records are counted
    assert result.errors == [
        "line 3: not valid JSON (Expecting value, column 1)",
        "line 5: no id",
        "line 7 (id fakes-204): date 'someday' is not a day",  # not the dateline's day
        "line 9 (id fakes-205): text is empty or not a string",
    ]
    assert len(FAKES.read(pool_jsonl, limit=3)) == 1


def test_the_bundled_pool_is_read_whole():
    from analysis import corpus

    if not corpus.pool_available():
        pytest.skip(f"the FA-KES pool is not at {corpus.pool_dir()} (set ${corpus.POOL_ENV})")
    result = FAKES.read(corpus.pool_dir() / "articles.jsonl")
    assert (len(result), result.errors) == (544, [])
    assert len({a.source for a in result}) == 544


# -- the store ------------------------------------------------------------------------------


def test_import_stores_articles_with_their_data_set_outlet_and_date(
    engine, fakes_csv, fake_extractor
):
    done = import_dataset(engine, FAKES, str(fakes_csv), extractor=fake_extractor)
    report = done.report
    assert (report.added, report.duplicates, report.failed, done.stored) == (2, 1, 2, 2)
    assert [i.reason for i in report.failures] == FAKES.read(fakes_csv).errors
    duplicate = next(i for i in report.items if i.status == "duplicate")
    assert duplicate.source == "fakes:105 (row 5)"
    a = store.articles.c
    with engine.connect() as conn:
        rows = conn.execute(select(store.articles).order_by(a.id)).mappings().all()
        (row,) = conn.execute(select(store.datasets)).mappings().all()
    assert [(r["source"], r["outlet"], r["published"], r["dataset"]) for r in rows] == [
        ("fakes:101", "reuters", date(2013, 4, 15), "fakes"),
        ("fakes:102", "sana", date(2013, 3, 4), "fakes"),
    ]
    assert store.row_article(rows[0]).dataset == "fakes"
    assert (row["name"], row["articles"], row["url"]) == ("fakes", 2, FAKES.url)
    assert row["citation"] == FAKES.citation and "CC BY 4.0" in row["license"]


def test_importing_again_adds_nothing_and_reports_duplicates(engine, fakes_csv, fake_extractor):
    import_dataset(engine, FAKES, str(fakes_csv), extractor=fake_extractor)
    version = store.store_version(engine)
    done = import_dataset(engine, FAKES, str(fakes_csv), extractor=fake_extractor)
    assert (done.report.added, done.report.duplicates, done.stored) == (0, 3, 2)
    assert store.count_articles(engine) == 2
    assert store.store_version(engine) != version  # the attribution row was rewritten


def test_other_ingests_leave_the_data_set_empty(engine, tmp_path, fake_extractor):
    from analysis.ingest import ingest_paths

    (tmp_path / "a.txt").write_text("Turkey backs GNA.")
    ingest_paths(engine, [tmp_path / "a.txt"], extractor=fake_extractor)
    with engine.connect() as conn:
        assert conn.execute(select(store.articles.c.dataset)).scalar_one() == ""
    assert tally.dataset_attributions(engine).empty


def test_an_unreadable_file_stores_nothing(engine, tmp_path, fake_extractor):
    with pytest.raises(InputError, match="no such file"):
        import_dataset(engine, FAKES, str(tmp_path / "absent.csv"), extractor=fake_extractor)
    assert tally.dataset_attributions(engine).empty and store.count_articles(engine) == 0


# -- the command line -----------------------------------------------------------------------


def test_import_command_prints_the_summary_and_the_attribution(
    tmp_path, fakes_csv, capsys, use_fake
):
    db = tmp_path / "t.db"
    assert main(["import", "fakes", str(fakes_csv), "--db", str(db)]) == 1  # two bad rows
    out = capsys.readouterr().out
    assert "data set: fakes, 2 articles in the store" in out
    assert "added: 2 articles (2 claims found)" in out
    assert "duplicates skipped: 1" in out and "failed: 2" in out
    assert f"  {fakes_csv}: row 4 (unit_id 104): no text" in out
    assert "attribution (required by the licence): Fatima K. Abu Salem" in out

    assert main(["import", "fakes", str(fakes_csv), "--db", str(db), "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "added: 0 articles" in out and "duplicates skipped: 2" in out


def test_import_command_reads_the_pool_s_json_lines(tmp_path, pool_jsonl, capsys, use_fake):
    assert main(["import", "fakes", str(pool_jsonl), "--db", str(tmp_path / "t.db")]) == 1
    out = capsys.readouterr().out
    assert "data set: fakes, 2 articles in the store" in out and "failed: 4" in out
    assert "attribution (required by the licence): Fatima K. Abu Salem" in out


def test_import_list_names_the_data_sets(capsys):
    assert main(["import", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("fakes: FA-KES: A Fake News Dataset around the Syrian War (")
    assert "https://doi.org/10.5281/zenodo.2607278" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["import", "fakes"], 2, "give a data set and its file"),
        (["import", "nope", "x.csv"], 1, "nope: unknown data set (known: fakes)"),
        (["import", "fakes", "absent.csv"], 1, "absent.csv: no such file"),
    ],
)
def test_import_command_errors(tmp_path, capsys, use_fake, argv, code, message):
    assert main([*argv, "--db", str(tmp_path / "t.db")]) == code
    assert message in capsys.readouterr().err


# -- the Articles page ----------------------------------------------------------------------


@pytest.fixture
def imported(tmp_path, monkeypatch, fakes_csv, fake_extractor):
    """A store holding the test CSV's articles, used by the dashboard."""
    db = tmp_path / "pages.db"
    engine = store.open_store(db)
    import_dataset(engine, FAKES, str(fakes_csv), extractor=fake_extractor)
    engine.dispose()
    monkeypatch.setenv(store.DB_ENV, str(db))
    monkeypatch.setenv("CONFLICT_TRACKER_NO_SAMPLE", "1")


def _credited(name: str, lead: str):
    """Page `name`, checked to show the data set's attribution once, after `lead`."""
    at = page(name)
    assert not at.exception, at.exception
    (shown,) = [m.value for m in at.markdown if m.value.startswith(lead)]
    assert "**FA\\-KES\\: A Fake News Dataset around the Syrian War**" in shown
    assert "Creative Commons Attribution 4\\.0" in shown
    assert "(<https://doi.org/10.5281/zenodo.2607278>)" in shown
    return at


def test_articles_page_shows_the_attribution_of_each_data_set(imported, no_model):
    at = _credited("articles", "Articles from a public data set:")
    assert set(at.main.dataframe[0].value["dataset"]) == {"fakes"}


def test_an_article_from_a_data_set_carries_its_attribution(imported, no_model):
    at = page("articles")
    at.selectbox(key="article").select(1).run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("From the data set **FA\\-KES") for c in at.caption)


def test_the_export_page_credits_the_data_sets_of_the_claims(imported, no_model):
    _credited("export", "Claims whose `dataset` column is set")


def test_the_attribution_is_escaped_markdown():
    from dashboard import render

    shown = render.dataset_attribution(
        {
            "name": "x",
            "title": "[a](javascript:b)",
            "citation": "<b>c</b>",
            "license": "",
            "url": "javascript:alert(1)",
        }
    )
    assert shown == "**\\[a\\]\\(javascript\\:b\\)** · \\<b\\>c\\</b\\>"
