"""Text as feeds and pages deliver it: names with their punctuation stripped, page
furniture (related headlines, tag lists, credits) blanked without moving offsets, and places
named by the side that holds them.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_support import triples  # noqa: E402

from analysis.extract.text import clean_text, header_breaks  # noqa: E402
from analysis.models import Article  # noqa: E402

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Irans advisers helped Assads forces retake Aleppo.",
            ("Iran", "supports", "Syrian government"),
        ),
        (
            "Army units repelled an attack by ISIS near Homs.",
            ("ISIS", "opposes", "Syrian government"),
        ),
    ],
)
def test_names_as_stripped_copy_writes_them(extractor, text, expected):
    assert expected in triples(extractor, text, day="2016-06-16")


@pytest.mark.parametrize(
    "tail",
    [
        " Reporting by A. Writer; Editing by B. Editor Our Standards:The Thomson Reuters Trust"
        " Principles.",
        " Source TRTWorld and agencies",
        " ... 0 0 Tags Damascus Russia Community standardsDiscussion Comment via FacebookComment"
        " via Sputnik News",
    ],
)
def test_page_furniture_is_blanked_without_moving_offsets(tail):
    from analysis.extract import clean_text

    body = "Russia backs the Syrian government."
    cleaned = clean_text(body + tail)
    assert len(cleaned) == len(body + tail)
    assert cleaned.startswith(body)
    assert cleaned[len(body) :].strip() in ("", "...", "... 0 0")


def test_boilerplate_row_with_an_unquoted_comma_is_refused(tmp_path):
    from analysis.errors import KnowledgeBaseError
    from analysis.extract.text import boilerplate_patterns

    path = tmp_path / "boilerplate.csv"
    path.write_text("# note\npattern,what\nfine,ok\nx{0,3},a note\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"boilerplate.csv:4: .*quote a pattern"):
        boilerplate_patterns(path)


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        (  # a reporting clause that ends the sentence gets its comma back
            "Jets struck a town held by the group a monitoring group said.",
            "Jets struck a town held by the group,a monitoring group said.",
        ),
        (
            "Rebels shelled Aleppo state media said on Monday.",
            "Rebels shelled Aleppo,state media said on Monday.",
        ),
        ("The army advanced he said.", "The army advanced,he said."),
        # not inside the sentence, nor after a comma already there
        (
            "Rami Abdel Rahman the Observatory said the army advanced.",
            "Rami Abdel Rahman the Observatory said the army advanced.",
        ),
        ("The army advanced, the Observatory said.", "The army advanced, the Observatory said."),
    ],
)
def test_restores_the_comma_before_a_closing_reporting_clause(text, cleaned):
    assert clean_text(text) == cleaned


def test_comma_row_without_its_gap_group_is_refused(tmp_path):
    from analysis.errors import KnowledgeBaseError
    from analysis.extract.text import comma_patterns

    path = tmp_path / "commas.csv"
    path.write_text("pattern,what\n(?P<gap> )x,ok\n y,no gap\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"commas.csv, line 3: .*no group 'gap'"):
        comma_patterns(path)


SPUTNIK_RELATED = (
    " ... 12 Related Turkish Army Shells Kurdish Positions Near Afrin Iran Sends More"
    " Advisers to Assad Tags Daesh Syria Community standardsDiscussion Comment via"
    " FacebookComment via Sputnik News"
)


def test_related_headlines_give_no_claims(extractor):
    body = "Russia backs the Syrian government."
    assert triples(extractor, body + SPUTNIK_RELATED) == triples(extractor, body)
    from analysis.extract import clean_text

    assert clean_text(body + SPUTNIK_RELATED).strip() == body


@pytest.mark.parametrize(
    "lead",
    [
        "At least 10 people were killed in Aleppo.",
        "The Syrian army shelled the town.",
        "Fifteen civilians died in the raid.",
    ],
)
def test_tag_list_between_standfirst_and_lead_is_blanked(lead):
    from analysis.extract import clean_text

    standfirst = "12 August 2016 Civilians were killed in Aleppo on Friday."
    tags = "Tags Syria Turkey Kurds YPG Islamic State Syrian Observatory for Human Rights"
    text = f"{standfirst} {tags} {lead}"
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)
    assert cleaned.startswith(standfirst) and cleaned.endswith(lead)
    assert cleaned[len(standfirst) : -len(lead)].strip() == ""


def test_tag_list_without_a_clear_lead_is_left_whole():
    """No word that opens a lead within reach: the lead must not be eaten, so nothing goes."""
    from analysis.extract import clean_text

    text = (
        "Civilians died. Tags Syria Idlib Russia Bashar Assad Airstrikes on a rebel-held"
        " village killed 12 people and hit a clinic."
    )
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rebels shelled government-controlled districts of Aleppo.",
            ("Syrian opposition", "opposes", "Syrian government"),
        ),
        (
            "Russian jets struck an opposition-held neighbourhood in Idlib.",
            ("Russia", "opposes", "Syrian opposition"),
        ),
        (
            "Turkish artillery shelled Kurdish-held villages near Afrin.",
            ("Turkey", "opposes", "SDF"),
        ),
        (
            "Russian strikes targeting areas held by the rebels killed ten people.",
            ("Russia", "opposes", "Syrian opposition"),
        ),
        (
            "Russian jets bombed villages controlled by the Islamic State in Syria.",
            ("Russia", "opposes", "ISIS"),
        ),
    ],
)
def test_a_place_named_by_its_holder_stands_for_the_holder(extractor, text, expected):
    assert expected in triples(extractor, text, day="2016-08-01")


@pytest.mark.parametrize(
    "text",
    [
        "A Britain-based monitoring group said the regime clashed with the rebels near Hama.",
        "The UK-based watchdog reported fighting between Assad's forces and ISIS in Palmyra.",
        "A Turkey-based opposition outlet said government troops shelled Douma.",
    ],
)
def test_a_name_that_only_locates_is_not_an_actor(extractor, text):
    result = extractor.extract(Article(text=text, source="t", date="2016-03-01"))
    named = {m.actor for m in result.mentions}
    assert not named & {"United Kingdom", "Turkey"}
    assert all(c.supporter not in ("United Kingdom", "Turkey") for c in result.claims)


def test_a_spelling_of_daesh_used_by_turkish_media(extractor):
    found = triples(extractor, "Turkish jets bombed Daish in Syria.", day="2016-10-01")
    assert ("Turkey", "opposes", "ISIS") in found


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        (  # a weekday date, a headline, a credit, the lead
            "Thursday 25 Aug 2016 Regime pounds Kurdish positions Monitor AFP Syrian jets "
            "bombed the city. More.",
            ["Regime pounds", "AFP Syrian", "Syrian jets"],
        ),
        (
            "Published February 18 2015 The Syrian army has captured several villages. More.",
            ["The Syrian army"],
        ),
        (  # a state agency's dateline after its headline
            "Six killed in rocket attacks on Aleppo city 6 October 2016 Aleppo SANA-Terrorist "
            "groups fired shells on the city. More.",
            ["6 October", "Aleppo SANA", "SANA-Terrorist", "Terrorist groups"],
        ),
        ("Russia backs Assad, Reuters reported on May 3 2016. More.", []),
        ("Rebels told AFP Saturday that they had won. More.", []),
        ("Moscow said on 3 May 2016 Russia would stay. More.", []),  # the date is governed
        ("Rebels attacked. Published 3 May 2016 Rebels fled.", []),  # after the header
    ],
)
def test_header_dates_and_credits_end_sentences(text, starts):
    breaks = header_breaks(text)
    assert len(breaks) == len(starts)
    assert [text[i : i + len(s)] for i, s in zip(breaks, starts, strict=True)] == starts


def test_a_headline_run_into_the_lead_no_longer_hides_its_claim(extractor):
    text = (
        "Friday 19 Aug 2016 Syria regime pounds Kurdish positions for second day AFP Syrian "
        "regime warplanes bombarded the northeastern city of Hasakeh on Friday targeting "
        "positions held by Kurdish forces a monitor said. More."
    )
    claims = extractor.extract(Article(text=text, source="t", date="2016-08-19")).claims
    found = {(c.supporter, c.relation, c.target, c.sentence[:22]) for c in claims}
    assert ("Syrian government", "opposes", "SDF", "Syrian regime warplane") in found


@pytest.mark.parametrize(
    ("text", "title", "starts"),
    [
        (  # the header repeats the title with nothing between it and the lead
            "Jets pound Idlib for a third day Monitor Russian jets struck Idlib. More.",
            "Jets pound Idlib for a third day Monitor",
            ["Russian jets"],
        ),
        (  # after a date, the title starts a sentence too
            "Sunday 4 Jun 2017 Jets pound Idlib again Russian jets struck Idlib. More.",
            "Jets pound Idlib again",
            ["Jets pound", "Russian jets"],
        ),
        (  # a title that is the start of a longer sentence is not cut off it
            "Russia backs Assad forces in Hama, officials said. More.",
            "Russia backs Assad",
            [],
        ),
        ("Jets pound Idlib Russian jets struck Idlib. More.", "Idlib", []),  # too short
        (  # after the header
            "Russian jets struck Idlib. Jets pound Idlib again Rebels fled.",
            "Jets pound Idlib again",
            [],
        ),
    ],
)
def test_a_repeated_title_is_a_sentence_of_its_own(text, title, starts):
    breaks = header_breaks(text, title)
    assert [text[i : i + len(s)] for i, s in zip(breaks, starts, strict=True)] == starts
    assert len(breaks) == len(starts)


def test_the_claim_of_a_lead_run_into_its_title_quotes_the_lead(extractor):
    title = "Strikes in Syria kill 20 jihadists Monitor"
    text = (
        f"{title} US-led air strikes killed 20 Islamic State fighters near Raqqa on Friday "
        "a monitor said. More."
    )
    article = Article(text=text, title=title, source="t", date="2016-08-19")
    claims = extractor.extract(article).claims
    found = {(c.supporter, c.relation, c.target, c.sentence[:18]) for c in claims}
    assert ("Global Coalition against ISIS", "opposes", "ISIS", "US-led air strikes") in found


def test_sources_and_outlets_are_no_unknown_names(extractor):
    """The monitor, its director, the civil defence and outlets are known not to be actors
    (blocker rows): the list of names the knowledge base lacks leaves them out, and they
    take no part in a claim."""
    text = (
        "The war in Syria goes on. Rebels attacked the army, the Observatory said, and Rami"
        " Abdel Rahman told Al-Manar that the White Helmets and the Local Coordination"
        " Committees counted the dead."
    )
    result = extractor.extract(Article(text=text, source="t", date="2016-06-01"))
    unknown = {m.text for m in result.mentions if m.actor is None}
    assert not unknown & {
        "Observatory",
        "Rami Abdel Rahman",
        "Al-Manar",
        "the White Helmets",
        "White Helmets",
        "the Local Coordination Committees",
        "Local Coordination Committees",
    }
    assert {(c.supporter, c.relation, c.target) for c in result.claims} == {
        ("Syrian opposition", "opposes", "Syrian government")
    }
