"""End to end: a sample article carrying the facts of the project's seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.__main__ import main

pytestmark = pytest.mark.model

ARTICLE = Path(__file__).parent / "data" / "turkey_russia_2020.txt"


@pytest.fixture(scope="module")
def found():
    from analysis.extract import Extractor
    from analysis.loaders import load_path

    extractor = Extractor.load()
    (article,) = load_path(str(ARTICLE))
    return extractor.extract(article)


def test_expected_alignments_are_found(found):
    got = {(c.supporter, c.relation, c.target, c.theater) for c in found.claims}
    expected = {
        ("Turkey", "supports", "GNA", "Libya"),
        ("Russia", "supports", "LNA", "Libya"),
        ("United Arab Emirates", "supports", "LNA", "Libya"),
        ("Egypt", "supports", "LNA", "Libya"),
        ("Russia", "supports", "Syrian government", "Syria"),
        ("Turkey", "supports", "Syrian opposition", "Syria"),
        ("GNA", "opposes", "LNA", "Libya"),
        ("LNA", "opposes", "GNA", "Libya"),
    }
    assert expected <= got


def test_no_claim_from_cairo_initiative_or_turkish_russian_deal(found):
    for claim in found.claims:
        assert "Cairo" not in claim.sentence or claim.supporter != "Egypt", claim
        assert "deal" not in claim.sentence, claim
    assert not any(c.supporter == "Egypt" and c.target == "GNA" for c in found.claims)
    assert not any({c.supporter, c.target} == {"Turkey", "Russia"} for c in found.claims)


def test_article_date_comes_from_dateline(found):
    assert {c.date for c in found.claims} <= {"2020-06-16", "2020-06-09"}


def test_cli_prints_contract_jsonl(capsys):
    assert main(["extract", str(ARTICLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows and all(row["source"] == str(ARTICLE) for row in rows)
    assert {"supporter", "target", "sentence", "start", "end"} <= set(rows[0])
    text = ARTICLE.read_text(encoding="utf-8")
    for row in rows:
        assert text[row["start"] : row["end"]] == row["sentence"]


def test_cli_reports_unreadable_file_and_goes_on(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(missing), str(ARTICLE)]) == 1
    out, err = capsys.readouterr()
    assert str(missing) in err
    assert out.strip()  # the readable file was still processed


def test_cli_table_format(capsys):
    assert main(["extract", "--format", "table", str(ARTICLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["supporter", "relation", "target"]
    assert any(line.split()[:3] == ["Turkey", "supports", "GNA"] for line in lines[1:])
    assert lines[0].split()[-3:] == ["when", "phase", "alleged"]


def test_cli_table_shows_when_the_act_held(tmp_path, capsys):
    path = tmp_path / "since.txt"
    path.write_text("Russia has armed Haftar's forces since 2019.", encoding="utf-8")
    path2 = tmp_path / "meta.json"
    path2.write_text(
        json.dumps({"title": "t", "date": "2020-05-01", "text": path.read_text()}),
        encoding="utf-8",
    )
    assert main(["extract", "--format", "table", str(path2)]) == 0
    row = capsys.readouterr().out.splitlines()[1].split()
    assert row[:3] == ["Russia", "supports", "LNA"]
    assert "2019-01-01..2020-05-01" in row and "active" in row


def test_cli_reads_json_list(tmp_path, capsys):
    path = tmp_path / "two.json"
    path.write_text(
        json.dumps(
            [
                {"title": "a", "date": "2020-01-05", "text": "Turkey sent drones to the GNA."},
                {"title": "b", "date": "2015-10-01", "text": "Russia backs Assad's forces."},
            ]
        ),
        encoding="utf-8",
    )
    assert main(["extract", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["supporter"], r["target"], r["date"]) for r in rows] == [
        ("Turkey", "GNA", "2020-01-05"),
        ("Russia", "Syrian government", "2015-10-01"),
    ]


def test_cli_names_a_skipped_foreign_file(tmp_path, capsys):
    french = tmp_path / "depeche.txt"
    french.write_text(
        "La Turquie a livré des drones au gouvernement de Tripoli, d'après un rapport publié "
        "jeudi par les experts des Nations unies. Les troupes du maréchal Haftar reçoivent "
        "l'appui de la Russie et des Émirats arabes unis depuis plusieurs années.",
        encoding="utf-8",
    )
    assert main(["extract", str(french), str(ARTICLE)]) == 0  # skipping is not a failure
    out, err = capsys.readouterr()
    assert f"skipped: {french}: not English (language 'fr'" in err
    assert out.strip()  # the English file was still processed
