"""The knowledge base's files: a tiny knowledge base written for each test, refused with
its file and line when malformed, and extended to a new theater by data alone."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from analysis.errors import KnowledgeBaseError
from analysis.kb import (
    ACTOR_COLUMNS,
    ALIAS_COLUMNS,
    DATA_DIR,
    ELSEWHERE_COLUMNS,
    THEATER_COLUMNS,
    load_kb,
)

THEATERS = [",".join(THEATER_COLUMNS), "Libya,2011-02-15,18,Libya;Tripoli,"]
ACTORS = [
    "# a comment line",
    ",".join(ACTOR_COLUMNS),
    "GNA,faction,Libya,,Tripoli government",
    "Turkey,state,,,Turkey",
]
ALIASES = [",".join(ALIAS_COLUMNS), "Ankara,Turkey,metonym,,,,,", "GNA,GNA,abbreviation,,,,,exact"]


def _write_kb(folder, *, theaters=THEATERS, actors=ACTORS, aliases=ALIASES):
    folder.mkdir(exist_ok=True)
    for name, lines in (("theaters", theaters), ("actors", actors), ("aliases", aliases)):
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_tiny_kb_loads(tmp_path):
    kb = load_kb(_write_kb(tmp_path / "kb"))
    assert kb.resolve("ankara").actor == "Turkey"
    assert kb.factions("Libya") == ["GNA"]


@pytest.mark.parametrize(
    ("file", "bad_line", "message"),
    [
        ("aliases", "Ankara,Turkye,metonym,,,,,", "unknown actor 'Turkye'"),
        ("aliases", "Ankara,Turkey,capital,,,,,", "unknown kind 'capital'"),
        ("aliases", "Ankara,Turkey,metonym,,2014-13-01,,,", "not a valid date"),
        ("aliases", "Ankara,Turkey,metonym,,2014/01/01,,,", "not a YYYY-MM-DD date"),
        ("aliases", "Ankara,Turkey,metonym,,2020-01-01,2019-01-01,,", "is not before"),
        ("aliases", "Ankara,Turkey,metonym,,2020-01-01,2020-01-01,,", "is not before"),
        ("aliases", "Ankara,Turkey,metonym,,,,Mars,", "unknown theater 'Mars'"),
        ("aliases", "Ankara,Turkey,metonym,,,,", "expected 8 columns, got 7"),
        ("aliases", "ANKARA,Turkey,metonym,,,,,", "duplicate of line 2"),
        ("aliases", "Ankara,Turkey,metonym,,,,,fuzzy", "match must be"),
        ("aliases", "Cairo talks,-,name,,,,,", "a blocker has actor '-'"),
        ("actors", "Egypt,country,,,Egypt", "unknown type 'country'"),
        ("actors", "SDF,faction,Syria,,Syrian Democratic Forces", "unknown theater 'Syria'"),
        ("actors", "LNA,faction,,,Libyan National Army", "needs at least one theater"),
        ("actors", "Turkey,state,,,again", "listed twice"),
        ("actors", "Egypt,state,,state,Egypt", "only for factions"),
        ("theaters", "Libya,,,Benghazi,", "listed twice"),
        ("theaters", "Sudan,April 2023,,Khartoum,", "not a YYYY-MM-DD day"),
        ("theaters", "Sudan,,a year,Khartoum,", "not a whole number of months"),
    ],
)
def test_validation_names_file_and_line(tmp_path, file, bad_line, message):
    files = {"theaters": list(THEATERS), "actors": list(ACTORS), "aliases": list(ALIASES)}
    files[file].append(bad_line)
    folder = _write_kb(tmp_path / "kb", **files)
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb(folder)
    text = str(err.value)
    assert f"{folder / (file + '.csv')}:{len(files[file])}:" in text
    assert message in text


def test_wrong_header_is_an_error(tmp_path):
    folder = _write_kb(tmp_path / "kb", aliases=["alias,actor,kind", "Ankara,Turkey,metonym"])
    with pytest.raises(KnowledgeBaseError, match=r"aliases\.csv:1: header must be"):
        load_kb(folder)


def test_missing_file_is_an_error(tmp_path):
    folder = _write_kb(tmp_path / "kb")
    (folder / "actors.csv").unlink()
    with pytest.raises(KnowledgeBaseError, match=r"actors\.csv: file not found"):
        load_kb(folder)


# -- places of wars the tracker does not follow ---------------------------------------------


def test_places_elsewhere_are_optional_and_read_when_given(tmp_path):
    assert load_kb(_write_kb(tmp_path / "without")).elsewhere == {}
    folder = _write_kb(tmp_path / "with")
    (folder / "elsewhere.csv").write_text(
        f"{','.join(ELSEWHERE_COLUMNS)}\nTunisia,in Tunisia;Sfax;Gabes,Tunisia Airlines\n",
        encoding="utf-8",
    )
    place = load_kb(folder).elsewhere["Tunisia"]
    assert place.keywords == ("in Tunisia", "Sfax", "Gabes")
    assert place.blockers == ("Tunisia Airlines",)
    assert "Mosul" in load_kb().elsewhere["Iraq"].keywords  # the bundled file


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("Tunisia,Ankara;Sfax,", "'Ankara' is an actor's name"),
        ("Tunisia,Sfax;tripoli,", "'tripoli' is already a keyword of Libya"),
        ("Libya,Sfax,", "place 'Libya' is empty, a theater's name or listed twice"),
        ("Tunisia,,", "place 'Tunisia' has no keywords"),
    ],
)
def test_bad_place_elsewhere_is_refused_with_its_line(tmp_path, bad_line, message):
    folder = _write_kb(tmp_path / "kb")
    path = folder / "elsewhere.csv"
    path.write_text(f"{','.join(ELSEWHERE_COLUMNS)}\n{bad_line}\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb(folder)
    assert f"{path}:2:" in str(err.value)
    assert message in str(err.value)


# -- a new theater is data only -----------------------------------------------------------------


def test_new_theater_by_data_only(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(DATA_DIR, folder)
    with open(folder / "theaters.csv", "a", encoding="utf-8") as fh:
        fh.write("Mali,2012-01-17,12,Mali;Malian;Bamako;Kidal;Timbuktu;Gao,\n")
    with open(folder / "actors.csv", "a", encoding="utf-8") as fh:
        fh.write("Malian junta,faction,Mali,,Military government in Bamako\n")
        fh.write("JNIM,faction,Mali,,Jama'at Nusrat al-Islam wal-Muslimin\n")
    with open(folder / "aliases.csv", "a", encoding="utf-8") as fh:
        fh.write("# Mali\n")
        fh.write("Malian junta,Malian junta,name,,,,,\n")
        fh.write("Bamako,Malian junta,metonym,,2020-08-18,,Mali,\n")
        fh.write("JNIM,JNIM,abbreviation,,,,,exact\n")
        fh.write("Jama'at Nusrat al-Islam wal-Muslimin,JNIM,name,,,,,\n")
    kb = load_kb(folder)
    assert kb.is_faction("JNIM") and kb.is_faction("Malian junta")
    assert kb.factions("Mali") == ["Malian junta", "JNIM"]
    assert kb.resolve("Bamako", day=date(2022, 1, 1), theater="Mali").actor == "Malian junta"
    assert kb.resolve("Wagner", theater="Mali").actor == "Wagner Group"
    assert "Mali" in kb.theaters and "Kidal" in kb.theaters["Mali"].keywords
