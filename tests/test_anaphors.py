"""Generic names for a faction named before ("the militants"): data/anaphors.csv and the
anaphor_resolver component. Sentences written for these tests."""

from __future__ import annotations

import pytest

from analysis.errors import KnowledgeBaseError
from analysis.extract.anaphors import load_anaphors
from analysis.kb import load_kb
from tests.extract_support import claims, triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the head noun, two sentences on
            "Islamic State fighters overran the town in the spring. Residents fled south. "
            "The militants later launched suicide attacks against the SDF.",
            ("ISIS", "opposes", "SDF"),
        ),
        (  # a container noun read by its modifier
            "Nusra Front units entered the valley at dawn. "
            "The jihadist group then attacked regime troops near the border.",
            ("HTS", "opposes", "Syrian government"),
        ),
        (  # "rebels" names the Syrian opposition only in Syria; in Yemen it is read back
            "The Houthis took the port of Hodeidah. Saudi warplanes bombed the rebels overnight.",
            ("Saudi Arabia", "opposes", "Houthis"),
        ),
        (  # a chain: the second anaphor takes the first one's faction
            "ISIS fighters crossed the Euphrates near Raqqa. Later the militants regrouped in "
            "the desert. Farmers left their fields. US aircraft struck the militants on Friday.",
            ("United States", "opposes", "ISIS"),
        ),
    ],
)
def test_a_definite_generic_name_stands_for_the_faction_named_before(extractor, text, expected):
    assert expected in triples(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        # two factions the word allows in the nearest sentence: no guess
        "Nusra Front and ISIS fighters moved into Idlib province. "
        "US aircraft struck the jihadists on Friday.",
        # an army is not what "militants" calls anyone
        "The Syrian army advanced in Aleppo. US aircraft struck the militants on Friday.",
        # named too long before
        "ISIS fighters crossed the Euphrates near Raqqa. Farmers left. Markets closed. "
        "Schools shut. US aircraft struck the militants on Friday.",
        # a plural container noun names the kind, not the group named before
        "ISIS fighters crossed the Euphrates near Raqqa. "
        "US aircraft struck the jihadist groups in the region on Friday.",
        # a name inside the phrase makes it a name of its own, not a generic one
        "ISIS fighters crossed the Euphrates near Raqqa. "
        "US aircraft struck the Raqqa extremist group on Friday.",
        # not definite: any militants, not the ones named
        "ISIS fighters crossed the Euphrates near Raqqa. "
        "US aircraft struck militants in another province.",
    ],
)
def test_a_generic_name_without_one_clear_antecedent_stays_unread(extractor, text):
    assert ("United States", "opposes", "ISIS") not in triples(extractor, text)
    assert ("United States", "opposes", "HTS") not in triples(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "The Syrian army continued its operations in Jobar and attacked the terrorists.",
        "Army units killed dozens of terrorists in the countryside of Daraa.",
        "Army units targeted positions of terrorist organizations east of Hama.",
    ],
)
def test_terrorists_no_group_is_named_for_are_the_opposition_in_syria(extractor, text):
    """State media's "terrorists", with no group named in reach, are the armed opposition:
    the theater's usual reading (anaphors.csv, column unnamed)."""
    (claim,) = claims(extractor, text)
    assert (claim.supporter, claim.relation, claim.target) == (
        "Syrian government",
        "opposes",
        "Syrian opposition",
    )
    assert "terrorist" in claim.target_text


@pytest.mark.parametrize(
    "text",
    [
        # a group named just before: a bare plural does not guess it is that group either
        "ISIS fighters attacked the airport in Deir Ezzor. Army units killed dozens of terrorists.",
        # a definite phrase takes the group named before
        "Nusra Front fighters shelled the town. Army units then struck the terrorists.",
        # not in Syria
        "Turkish troops killed dozens of terrorists in southeastern Turkey.",
        # one indefinite terrorist is anyone
        "Army units in Hama killed a terrorist.",
        # Turkish and coalition copy: its terrorists are the Kurdish militias or IS
        "Turkish forces killed 20 terrorists in northern Syria on Sunday.",
        "Coalition aircraft struck a terrorist headquarters near Raqqa, killing 12 terrorists.",
    ],
)
def test_the_usual_reading_needs_no_named_group_and_the_theater(extractor, text):
    assert ("Syrian opposition") not in {c.target for c in claims(extractor, text)}


def test_a_named_faction_wins_over_the_generic_reading(extractor):
    text = "ISIS fighters entered Idlib. US aircraft struck the Nusra militants on Friday."
    found = triples(extractor, text)
    assert ("United States", "opposes", "HTS") in found
    assert ("United States", "opposes", "ISIS") not in found


def test_a_claim_read_through_an_anaphor_is_less_sure(extractor):
    named = claims(extractor, "Russian jets struck ISIS positions near Palmyra.")
    through = claims(
        extractor,
        "ISIS fighters held Palmyra. Russian jets struck the militants' positions nearby.",
    )
    assert named and through
    assert through[0].confidence == pytest.approx(named[0].confidence - 0.1)
    assert through[0].target_text == "the militants"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Militant,ISIS,,", "one lower-case lemma"),
        ("militant,,,", "names no faction"),
        ("militant,Atlantis,,", "not a faction, non-state or intergovernmental actor"),
        ("militant,Turkey,,", "not a faction, non-state or intergovernmental actor"),
        ("militant,ISIS,,\nmilitant,HTS,,", "listed twice"),
        ("militant,ISIS,Atlantis:ISIS,Russia", "must be theater:faction"),
        ("militant,ISIS,Syria:Turkey,Russia", "must be theater:faction"),
        ("militant,ISIS,Syria,Russia", "must be theater:faction"),
        ("militant,ISIS,Syria:ISIS,", "given together"),
        ("militant,ISIS,,Russia", "given together"),
        ("militant,ISIS,Syria:ISIS,Russia;Atlantis", "'Atlantis' is not in actors.csv"),
    ],
)
def test_bad_anaphor_rows_name_file_and_line(tmp_path, row, message):
    (tmp_path / "anaphors.csv").write_text(
        f"# comment\nword,actors,unnamed,unnamed_with\n{row}\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeBaseError, match=rf"anaphors.csv:\d: .*{message}"):
        load_anaphors(tmp_path, load_kb())


def test_the_coalition_stands_for_the_us_led_coalition_named_before(extractor):
    text = (
        "The US-led coalition has carried out thousands of strikes in Syria. "
        "The coalition said its jets struck IS positions near Raqqa on Monday."
    )
    assert ("Global Coalition against ISIS", "opposes", "ISIS") in triples(extractor, text)


def test_a_coalition_of_rebel_groups_is_not_the_us_led_one(extractor):
    text = (
        "A newly formed coalition of rebel groups attacked the town. "
        "The coalition said it had struck IS positions near Raqqa."
    )
    assert not any(s == "Global Coalition against ISIS" for s, _, _ in triples(extractor, text))


def test_coalition_jets_are_the_us_led_coalition_in_syria(extractor):
    text = "On Monday coalition jets struck IS positions near Raqqa in Syria."
    assert ("Global Coalition against ISIS", "opposes", "ISIS") in triples(extractor, text)
