"""Sentence-by-sentence tests of claim extraction: (sentence, expected claims) tables.

Every sentence here was written for these tests, modelled on wire-service phrasing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analysis.models import CONTRACT_FIELDS, Article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_support import claims, rule_triples, triples  # noqa: E402

pytestmark = pytest.mark.model


POSITIVE = [
    # active voice
    ("Turkey supports the GNA.", {("Turkey", "supports", "GNA")}),
    ("Egypt has long backed Khalifa Haftar.", {("Egypt", "supports", "LNA")}),
    (
        "The United Arab Emirates armed the Libyan National Army.",
        {("United Arab Emirates", "supports", "LNA")},
    ),
    # coordination and "along with"
    (
        "Russia, along with the United Arab Emirates and Egypt, backs the LNA.",
        {
            ("Russia", "supports", "LNA"),
            ("United Arab Emirates", "supports", "LNA"),
            ("Egypt", "supports", "LNA"),
        },
    ),
    (
        "Qatar and Turkey backed the rebels fighting Assad.",
        {
            ("Qatar", "supports", "Syrian opposition"),
            ("Turkey", "supports", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),  # "rebels fighting Assad"
        },
    ),
    # two clauses in one sentence
    (
        "Russia backs Syria's Bashar al Assad's forces, while Turkey supports opposition fighters.",
        {("Russia", "supports", "Syrian government"), ("Turkey", "supports", "Syrian opposition")},
    ),
    # passive voice and participles
    (
        "The LNA is backed by the United Arab Emirates.",
        {("United Arab Emirates", "supports", "LNA")},
    ),
    (
        "Haftar's forces, backed by Egypt and Russia, advanced on the capital.",
        {("Egypt", "supports", "LNA"), ("Russia", "supports", "LNA")},
    ),
    # relative clauses
    (
        "Haftar, who is supported by Egypt, rejected the proposal.",
        {("Egypt", "supports", "LNA")},
    ),
    (
        "Turkey, which backs the GNA, sent a delegation to Moscow.",
        {("Turkey", "supports", "GNA")},
    ),
    # compound modifiers
    ("Fighting resumed near the Turkey-backed GNA's positions.", {("Turkey", "supports", "GNA")}),
    ("Ankara-backed rebels seized the town.", {("Turkey", "supports", "Syrian opposition")}),
    (
        "The UN-backed government in Tripoli appealed for calm.",
        {("United Nations", "supports", "GNA")},
    ),
    # nominalisations
    ("Russia's support for Haftar has grown.", {("Russia", "supports", "LNA")}),
    ("Turkish military aid to the GNA arrived by sea.", {("Turkey", "supports", "GNA")}),
    ("Egypt's backing of the LNA is no secret.", {("Egypt", "supports", "LNA")}),
    (
        "Ankara stepped up its support for the Government of National Accord.",
        {("Turkey", "supports", "GNA")},
    ),
    # transfer verbs
    ("Turkey sent armed drones to the GNA.", {("Turkey", "supports", "GNA")}),
    (
        "Iran supplied the Houthis with ballistic missiles.",
        {("Iran", "supports", "Houthis")},
    ),
    # agent nouns
    ("Egypt, a key backer of Haftar, hosted the talks.", {("Egypt", "supports", "LNA")}),
    ("Russia is Assad's most important ally.", {("Russia", "supports", "Syrian government")}),
    # hostility
    (
        "Russian warplanes struck rebel positions in Idlib.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    ("Turkey launched an offensive against the SDF.", {("Turkey", "opposes", "SDF")}),
    ("Israeli jets struck Hezbollah targets near Damascus.", set()),
    # a descriptor written without its hyphen, as stripped copy writes it
    (
        "Russian warplanes continue to target opposition controlled hospitals.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "The United States imposed sanctions on the Syrian government.",
        {("United States", "opposes", "Syrian government")},
    ),
    (
        "Clashes between the GNA and the LNA killed dozens.",
        {("GNA", "opposes", "LNA"), ("LNA", "opposes", "GNA")},
    ),
    # Damascus acting, not the city
    ("Damascus sent fighters to support Haftar.", {("Syrian government", "supports", "LNA")}),
    # in support of / on behalf of
    (
        "Wagner Group mercenaries fought alongside the LNA.",
        {("Wagner Group", "supports", "LNA")},
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), POSITIVE, ids=[s[:40] for s, _ in POSITIVE])
def test_positive_sentence(extractor, sentence, expected):
    assert triples(extractor, sentence) == expected


NEGATIVE = [
    "Egypt denied arming the LNA.",
    "We did not find the Cairo statement correct, so we would not support it.",
    "Cairo threatened to intervene militarily if the GNA advanced on Sirte.",
    "The GNA urged Turkey to send more troops.",
    "He said the Cairo initiative, supported by Egypt's President Abdel-Fattah al-Sisi, was "
    "stillborn.",
    "A Turkish-Russian deal produced a ceasefire in Idlib.",
    "Turkey and Russia have made joint efforts for a ceasefire in Libya.",
    "Russian Foreign Minister Sergei Lavrov met his Turkish counterpart in Ankara.",
    "The United Nations said Libya's warring sides had begun new ceasefire talks.",
    "Washington does not support any side in the Libyan conflict.",
    "Italy would consider training the GNA coast guard.",
    "Protesters gathered in Tripoli, Lebanon, to denounce the government.",
    "Iraqi Kurdish Peshmerga forces received weapons from Germany.",
    "The Syrian Observatory for Human Rights reported heavy shelling.",
    "Israeli missiles struck the outskirts of Damascus overnight.",
    "Foreign ministers met in Damascus to discuss refugee returns.",
    "Turkish troops clashed with Kurdish fighters of the PKK in northern Iraq.",
    "Egypt's Sisi met Turkey's Erdogan in Cairo to discuss trade.",
    "Washington warned Moscow against supplying weapons to the LNA.",
    "The United States called on Russia to stop supporting Haftar.",
    "France has denied backing Haftar but hosted him in Paris.",
    "Erdogan said Turkey would send troops to Libya if the GNA asked for them.",
    "Iran's foreign minister said Tehran had never sent weapons to the Houthis.",
]


@pytest.mark.parametrize("sentence", NEGATIVE, ids=[s[:40] for s in NEGATIVE])
def test_negative_sentence_gives_no_claim(extractor, sentence):
    assert triples(extractor, sentence) == set()


def test_denial_is_kept_as_rejected(extractor):
    result = extractor.extract(Article(text="Egypt denied arming the LNA.", date="2020-01-01"))
    assert [(c.supporter, c.status) for c in result.rejected] == [("Egypt", "negated")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia reportedly sent fighter jets to the LNA.",
        "According to UN experts, the UAE supplied weapons to Haftar's forces.",
        "Egypt was accused of arming the LNA.",
        "The GNA accused the United Arab Emirates of arming the LNA.",
        # a clause that is the content of "proof" or "evidence" is the speaker's charge
        "Tripoli called the cargo proof that the UAE arms the LNA.",
        "The GNA called the crash evidence that Russia supplies the LNA with jets.",
    ],
)
def test_hedged_claim_is_alleged(extractor, sentence):
    found = claims(extractor, sentence)
    assert found, sentence
    assert all(c.alleged for c in found)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Turkey sent armed drones to the GNA.", "weapons"),
        ("Qatar funded the rebels.", "funding"),
        ("The United States trained the SDF.", "training"),
        ("Turkey deployed troops to Libya in support of the GNA.", "troops"),
        ("Egypt backs the LNA.", "unspecified"),
        ("Russia launched air strikes on HTS.", "air strikes"),
    ],
)
def test_kind_of_support(extractor, sentence, kind):
    found = claims(extractor, sentence)
    assert [c.kind for c in found] == [kind]


def test_claim_has_contract_fields_and_offsets(extractor):
    text = "Fighting continued. Turkey supports the GNA."
    (claim,) = claims(extractor, text)
    assert tuple(claim.contract()) == CONTRACT_FIELDS
    assert text[claim.start : claim.end] == "Turkey supports the GNA."
    assert claim.theater == "Libya"
    assert claim.supporter_type == "state"
    assert text[claim.sup_start : claim.sup_end] == "Turkey"


def test_faction_supporter_type(extractor):
    found = claims(extractor, "LNA forces shelled GNA positions south of Tripoli.")
    assert {(c.supporter, c.supporter_type, c.target) for c in found} == {("LNA", "faction", "GNA")}


def test_theater_from_context_for_multi_theater_faction(extractor):
    (claim,) = claims(extractor, "US aircraft struck ISIS positions near Sirte in Libya.")
    assert (claim.supporter, claim.target, claim.theater) == ("United States", "ISIS", "Libya")


def test_minister_counts_only_in_office(extractor):
    text = "Shoigu pledged more weapons for Haftar's forces."
    assert triples(extractor, text, day="2020-01-10") == {("Russia", "supports", "LNA")}
    assert triples(extractor, text, day="2025-01-10") == set()


def test_outside_backer_in_another_theater_has_its_outside_type(extractor):
    (claim,) = claims(extractor, "Damascus sent fighters to support Haftar in Libya.")
    assert (claim.supporter, claim.supporter_type, claim.theater) == (
        "Syrian government",
        "state",
        "Libya",
    )


def test_dateline_place_is_not_an_actor(extractor):
    text = (
        "TRIPOLI, May 12, 2020 (Sample Desk) - The United Arab Emirates supplied drones to the LNA."
    )
    found = claims(extractor, text)
    assert {(c.supporter, c.target) for c in found} == {("United Arab Emirates", "LNA")}
    assert found[0].sentence.startswith("TRIPOLI, May 12")  # evidence keeps the original text


@pytest.mark.parametrize(
    "sentence",
    [
        "The Pentagon said Russia was supplying Haftar with jets, a charge Moscow denied.",
        "Sudanese paramilitaries have fought for Haftar, UN experts said.",
        # monitors named for the body or terms they watch over are investigators
        "Wagner contractors have fought for Haftar since 2019, according to UN monitors.",
        "Wagner contractors have fought for Haftar since 2019, UN sanctions monitors said.",
    ],
)
def test_third_party_findings_are_alleged(extractor, sentence):
    found = claims(extractor, sentence)
    assert found and all(c.alleged for c in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 20 rebels were killed in Russian air strikes on Idlib, a monitor said.",
        "Russian jets struck rebel positions in Idlib, the monitor reported.",
        "Russian air strikes killed 20 rebels in Idlib, according to the Syrian Observatory for"
        " Human Rights.",
        "Russian air strikes killed 20 rebels in Idlib according to a monitoring group.",
        "Russian air strikes killed 20 rebels in Idlib according to Al-Manar reporter.",
    ],
)
def test_a_monitors_report_is_the_articles_own(extractor, sentence):
    # docs/labelling.md: a monitor's or the outlet's own count of the war's events is not
    # an allegation
    found = claims(extractor, sentence)
    assert [(c.supporter, c.alleged) for c in found] == [("Russia", False)]


# an adverbial clause with its own subject keeps its own truth: the main clause's hedge,
# negation or modal frames only the main clause
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Regime forces allegedly dropped barrel bombs on a village near Hama as France"
            " called for UN sanctions against the regime.",
            {("France", "opposes", False)},
        ),
        (
            "Russian jets reportedly struck rebel positions while Turkey sent weapons to the"
            " rebels.",
            {("Russia", "opposes", True), ("Turkey", "supports", False)},
        ),
        (
            "Russian jets did not strike rebel positions while Turkey sent weapons to the rebels.",
            {("Turkey", "supports", False)},
        ),
    ],
)
def test_an_adverbial_clause_keeps_its_own_frame(extractor, sentence, expected):
    found = {(c.supporter, c.relation, c.alleged) for c in claims(extractor, sentence)}
    assert found == expected


def test_a_conditional_clause_is_still_hypothetical(extractor):
    assert claims(extractor, "Russia would strike the rebels if Turkey sent weapons to them.") == []


def test_according_to_activists_stays_alleged(extractor):
    found = claims(
        extractor, "Russian air strikes killed 20 rebels in Idlib, according to activists."
    )
    assert [(c.supporter, c.alleged) for c in found] == [("Russia", True)]


def test_sudanese_paramilitaries_are_not_the_sudanese_state(extractor):
    found = triples(extractor, "Sudanese paramilitaries have fought for Haftar.")
    assert found == {("Rapid Support Forces", "supports", "LNA")}


def test_multi_theater_faction_outside_any_theater_gives_no_claim(extractor):
    assert triples(extractor, "US aircraft struck ISIS positions near Mosul.") == set()


WAR_ELSEWHERE = [
    # Placed in Iraq, a war the tracker does not follow (data/elsewhere.csv): "government
    # forces" are not the Syrian government's, "Kurdish forces" not the SDF.
    (
        "The battle for Aleppo went on. In western Iraq, government forces drove ISIS "
        "fighters out of Ramadi after a week of fighting.",
        set(),
    ),
    (
        "Syrian rebels held their lines. Kurdish forces backed by the United States pushed "
        "towards Mosul from the east.",
        set(),
    ),
    # A blocker hides a place phrase inside a name: "in Iraq" of the group's old name.
    (
        "Fighting went on in Syria. Kurdish forces fought the Islamic State in Iraq and the "
        "Levant near the border.",
        {("SDF", "opposes", "ISIS")},
    ),
    # A tie goes to the followed war.
    (
        "Government forces have fought ISIS in Syria and across Iraq since 2014.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (
        "Kurdish forces backed by the United States pushed into Raqqa, far from Mosul.",
        {("United States", "supports", "SDF")},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), WAR_ELSEWHERE, ids=[t[:40] for t, _ in WAR_ELSEWHERE]
)
def test_sentence_placed_in_a_war_not_followed_gives_no_claim(extractor, text, expected):
    assert rule_triples(extractor, text) == expected


def test_cue_file_with_an_unknown_role_is_refused_with_its_line(tmp_path):
    from analysis.errors import KnowledgeBaseError
    from analysis.extract import DATA_DIR, load_cues

    (tmp_path / "kinds.csv").write_text((DATA_DIR / "kinds.csv").read_text(), encoding="utf-8")
    (tmp_path / "cues.csv").write_text(
        "# comment\nword,role,relation,kind\nback,verb,supports,\narm,verbb,supports,\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError, match=r"cues.csv, line 4: unknown role 'verbb'"):
        load_cues(str(tmp_path))


def test_cue_file_with_a_word_twice_in_one_role_is_refused_with_both_lines(tmp_path):
    from analysis.errors import KnowledgeBaseError
    from analysis.extract import DATA_DIR, load_cues

    (tmp_path / "kinds.csv").write_text((DATA_DIR / "kinds.csv").read_text(), encoding="utf-8")
    (tmp_path / "cues.csv").write_text(
        "word,role,relation,kind\nfoe,agent_noun,opposes,\nfoe,verb,opposes,\n"
        "Foe,agent_noun,supports,\n",
        encoding="utf-8",
    )
    wanted = r"cues.csv, line 4: 'foe' is already given as agent_noun \(line 2\)"
    with pytest.raises(KnowledgeBaseError, match=wanted):
        load_cues(str(tmp_path))


def test_bundled_cue_file_loads():
    from analysis.extract import load_cues

    assert load_cues().get("verb", "back").relation == "supports"


def test_government_in_a_capital_hung_on_the_verb(extractor):
    text = "Turkey, which backs the government in Tripoli, sent rescuers to Derna."
    assert triples(extractor, text, day="2023-09-14") == {("Turkey", "supports", "GNA")}


def test_noun_phrase_naming_two_sides_is_not_read_as_one(extractor):
    text = "Turkey has sent military advisers and drones to help the GNA repel Haftar's offensive."
    assert ("Turkey", "supports", "LNA") not in triples(extractor, text, day="2020-01-20")


@pytest.mark.parametrize(
    "text",
    [
        "Neither Moscow nor Cairo has armed the Tripoli government.",
        "Russia denied arming Haftar.",
        "Turkey denied that it had stopped arming the GNA.",
    ],
)
def test_denied_support_is_not_asserted(extractor, text):
    """A denial is rejected; ended support is a claim of its own (tests/test_event_time.py)."""
    result = extractor.extract(Article(text=text, source="t", date="2020-06-16"))
    assert result.claims == []
    assert result.rejected and {c.status for c in result.rejected} == {"negated"}


@pytest.mark.parametrize(
    "text",
    [
        "Russian or Syrian regime war planes bombed a refugee camp in rebel-held Idlib province.",
        "Rebel-held Idlib was bombed by either Syrian or Russian aircraft.",
        "Either Russia or the regime bombed the rebel-held town.",
        "Russian jets struck rebels or IS fighters near Palmyra.",
    ],
)
def test_an_act_of_one_of_two_named_sides_is_no_claim_of_either(extractor, text):
    result = extractor.extract(Article(text=text, source="t", date="2016-10-10"))
    assert result.claims == []
    assert result.rejected and {c.status for c in result.rejected} == {"uncertain"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russian and Syrian jets bombed a rebel-held town.",
            ("Russia", "opposes", "Syrian opposition"),
        ),
        (
            "Turkey backs the rebels, or at least some of them.",
            ("Turkey", "supports", "Syrian opposition"),
        ),
    ],
)
def test_an_or_that_does_not_join_two_sides_leaves_the_claim(extractor, text, expected):
    assert expected in triples(extractor, text, day="2016-10-10")


# (sentence, asserted claims as (supporter, relation, target, kind, alleged), rejected status)
QUALIFIED = [
    ("Turkey sent drones to the GNA.", {("Turkey", "supports", "GNA", "weapons", False)}, None),
    (
        "The UAE supplied drones to the LNA, a charge Abu Dhabi rejects.",
        {("United Arab Emirates", "supports", "LNA", "weapons", True)},
        None,
    ),
    (
        "Russia said it would keep supplying weapons to the Syrian government.",
        {("Russia", "supports", "Syrian government", "weapons", False)},
        None,
    ),
    ("If Turkey sends troops to the GNA, Egypt will respond.", set(), "hypothetical"),
    ("Russia ruled out arming the LNA.", set(), "negated"),
    ("Russia sent troops to Syria.", set(), None),
    (
        "The LNA is armed by the UAE.",
        {("United Arab Emirates", "supports", "LNA", "weapons", False)},
        None,
    ),
    (
        "The GNA repelled an assault by the LNA.",
        {
            ("GNA", "opposes", "LNA", "fighting", False),
            ("LNA", "opposes", "GNA", "fighting", False),
        },
        None,
    ),
    (
        "Iran helped Damascus crush the uprising.",
        {("Iran", "supports", "Syrian government", "unspecified", False)},
        None,
    ),
    ("Iran wanted to help Damascus crush the uprising.", set(), "hypothetical"),
    (
        "The rebels were trained and paid by Turkey.",
        {("Turkey", "supports", "Syrian opposition", "training", False)},
        None,
    ),
    ("Turkish jets struck at the SDF.", {("Turkey", "opposes", "SDF", "air strikes", False)}, None),
    ("Egypt urged Turkey to send troops to the GNA.", set(), "hypothetical"),
    ("Turkey could send troops to the GNA.", set(), "hypothetical"),
    ("Turkey sent a delegation to the GNA.", set(), None),
    ("Neither Russia nor Iran armed the rebels.", set(), "negated"),
    (
        "The SDF, which was attacked by Turkey, held the town.",
        {("Turkey", "opposes", "SDF", "fighting", False)},
        None,
    ),
    (
        "Russia fought against the rebels.",
        {("Russia", "opposes", "Syrian opposition", "fighting", False)},
        None,
    ),
]


@pytest.mark.parametrize(("text", "expected", "rejected"), QUALIFIED)
def test_qualified_claims(extractor, text, expected, rejected):
    result = extractor.extract(Article(text=text, source="t", date="2016-06-16"))
    got = {(c.supporter, c.relation, c.target, c.kind, c.alleged) for c in result.claims}
    assert got == expected
    assert {c.status for c in result.rejected} == ({rejected} if rejected else set())


def test_claim_offsets_and_confidence_bounds(extractor):
    text = "Fighting went on. Turkey backs the GNA, and its drones struck the LNA."
    result = extractor.extract(Article(text=text, source="t", date="2020-01-10"))
    assert result.claims
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.sentence == text[18:]
        assert 0.1 <= claim.confidence <= 1.0
    by_key = {(c.supporter, c.target): c for c in result.claims}
    named, pronoun = by_key[("Turkey", "GNA")], by_key[("Turkey", "LNA")]
    assert pronoun.confidence < named.confidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Turkish drones killed a dozen SDF fighters near Qamishli.",
            {("Turkey", "opposes", "SDF")},
        ),
        (
            "Islamic State militants killed 25 Syrian soldiers in Deir ez-Zor.",
            {("ISIS", "opposes", "Syrian government")},
        ),
        ("An explosion killed five rebels in Idlib.", set()),
        ("Islamic State militants killed dozens of civilians in Raqqa.", set()),
    ],
)
def test_killing_a_sides_fighters_is_hostility_to_it(extractor, text, expected):
    assert triples(extractor, text, day="2019-08-01") == expected


def test_the_leader_of_a_coalition_acts_with_it(extractor):
    text = "Rebels led by Hayat Tahrir al-Sham seized Aleppo from government forces."
    found = triples(extractor, text, day="2016-06-16")
    assert {
        ("Syrian opposition", "opposes", "Syrian government"),
        ("HTS", "opposes", "Syrian government"),
    } <= found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Loyalist troops backed by Russian air strikes drove the rebels from three hills.",
            ("Russia", "opposes", "Syrian opposition"),
        ),
        (
            "Kurdish YPG fighters backed by US-led air strikes pushed ISIS out of a village.",
            ("Global Coalition against ISIS", "opposes", "ISIS"),
        ),
        (
            "Syrian rebels supported by Turkish tanks attacked Islamic State positions.",
            ("Turkey", "opposes", "ISIS"),
        ),
        (
            "The Syrian army, backed by Hezbollah, captured a ridge from the rebels.",
            ("Hezbollah", "opposes", "Syrian opposition"),
        ),
        (  # the arms named as the source of the backing
            "The SDF backed by air strikes from a US-led coalition launched an offensive to "
            "retake Manbij from IS.",
            ("Global Coalition against ISIS", "opposes", "ISIS"),
        ),
        (
            "Syrian troops, supported by air raids from Russia, drove the rebels from a hill "
            "near Aleppo.",
            ("Russia", "opposes", "Syrian opposition"),
        ),
        (  # backing named by "with" beside the act
            "Syrian Kurds are attacking ISIS with intensive US-led air support.",
            ("Global Coalition against ISIS", "opposes", "ISIS"),
        ),
    ],
)
def test_an_armed_backer_joins_the_fight_of_the_side_it_backs(extractor, text, expected):
    assert expected in triples(extractor, text, day="2016-06-16")


@pytest.mark.parametrize(
    "text",
    [
        "Rebels backed by Saudi Arabia shelled government positions in Latakia.",
        "Rebels backed by funds from Saudi Arabia shelled government positions in Latakia.",
        "Rebels shelled government positions in Latakia with Saudi support.",
    ],
)
def test_a_backer_without_arms_does_not_join_the_fight(extractor, text):
    found = triples(extractor, text, day="2016-06-16")
    assert ("Saudi Arabia", "supports", "Syrian opposition") in found
    assert ("Saudi Arabia", "opposes", "Syrian government") not in found


@pytest.mark.parametrize(
    "text",
    [
        "The army, backed by Russia, Iran and Shiite militias, drove the rebels from a hill.",
        # without commas the parser makes "Russia" a compound of "Iran"
        "Syrias civil war pits President Bashar al-Assad backed by Russia Iran and Shiite "
        "Muslim militias from Lebanon Iraq and Afghanistan against an array of mostly Sunni "
        "rebel groups.",
    ],
)
def test_armed_backers_listed_last_do_not_arm_the_names_before_them(extractor, text):
    found = triples(extractor, text, day="2016-06-16")
    assert {
        ("Russia", "supports", "Syrian government"),
        ("Iran", "supports", "Syrian government"),
    } <= found
    assert ("Russia", "opposes", "Syrian opposition") not in found
    assert ("Iran", "opposes", "Syrian opposition") not in found


def test_arms_listed_together_all_join_the_fight(extractor):
    text = "Loyalist troops backed by Russian air strikes and artillery drove the rebels out."
    assert ("Russia", "opposes", "Syrian opposition") in triples(extractor, text, day="2016-06-16")


PARSER_SLIPS = [
    # the parser took "IS" for a verb (a clausal subject) or an auxiliary
    (
        "IS has regularly targeted rebel factions with bomb attacks.",
        {("ISIS", "opposes", "Syrian opposition")},
    ),
    ("IS had attacked rebel positions.", {("ISIS", "opposes", "Syrian opposition")}),
    # ... or took the object "IS" for a clause
    (
        "Kurdish fighters have been encircling IS in the town of Manbij.",
        {("SDF", "opposes", "ISIS")},
    ),
    (
        "Near the border a US-backed alliance of Kurdish and Arab fighters has been "
        "encircling IS in the town of Manbij.",
        {("SDF", "opposes", "ISIS"), ("United States", "supports", "SDF")},
    ),
    ("Kurdish fighters said IS was losing.", set()),
    ("IS has seized the town from the Assad regime.", {("ISIS", "opposes", "Syrian government")}),
    # a passive is still a passive when an auxiliary precedes its own
    (
        "The rebels have been attacked by the Assad regime.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # a purpose infinitive the parser hung on the object as a relative clause
    (
        "Russia has been carrying out airstrikes to bolster the Assad regime.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "Washington began a program to train Syrian rebels.",
        {("United States", "supports", "Syrian opposition")},
    ),
    # not when the verb is no plan of its subject's
    ("Turkey opposed a plan to arm the Syrian rebels.", set()),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), PARSER_SLIPS, ids=[s[:40] for s, _ in PARSER_SLIPS]
)
def test_rules_read_through_parser_slips(extractor, sentence, expected):
    assert rule_triples(extractor, sentence) == expected


SYRIAN_COPY = [
    # possessives of units and descriptors without their apostrophe
    (
        "The Syrian armys air force struck ISIS positions in Deir Ezzor.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (
        "The armys air force pounded ISIS hideouts near Palmyra.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    # "government" naming its weapons and holdings
    (
        "Government air strikes hit rebel positions in Douma.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # taking what a side holds
    (
        "Rebels captured a government stronghold in Idlib.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "The army captured the rebel-held town of Talbiseh.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    ("Rebels captured an opposition stronghold in Idlib.", set()),
    # ending a side's rule
    (
        "The attack was blamed on rebels fighting to overthrow President Bashar al-Assad.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    ("Kurdish fighters ousted ISIS from Hasakeh.", {("SDF", "opposes", "ISIS")}),
    # clashes with one side, the clause's subject the other
    (
        "Rebel fighters surrounded the village of Hader after fierce clashes with loyalist "
        "militia in the area.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("Syrian government", "opposes", "Syrian opposition"),
        },
    ),
    (
        "Three Syrian soldiers were killed in clashes with ISIS near Palmyra.",
        {("Syrian government", "opposes", "ISIS"), ("ISIS", "opposes", "Syrian government")},
    ),
    # more verbs and nouns of attack
    (
        "Meanwhile the Syrian Air Force destroyed ISIL terrorists positions in Homs.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (
        "Regime forces stormed the rebel-held district of Baba Amr.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "Eight civilians were killed in rebel fire on the government-held west of the city.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    ("The fire destroyed the rebel headquarters.", set()),
    # constructions: two sides pitted against each other; breaking a side's siege
    (
        "The clashes pitted the Nusra Front against the Islamic State group.",
        {("HTS", "opposes", "ISIS"), ("ISIS", "opposes", "HTS")},
    ),
    (
        "Rebels broke the regime siege on eastern Aleppo.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # lists without commas; participles the parser hung on the verb
    (
        "Assad is backed by Russia Iran and Hezbollah.",
        {
            ("Russia", "supports", "Syrian government"),
            ("Iran", "supports", "Syrian government"),
            ("Hezbollah", "supports", "Syrian government"),
        },
    ),
    (
        "Backed by Russian jets, the regime attacked Ghouta.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "The regime attacked Ghouta, backed by Russian jets.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "Rebel groups, including some backed by Turkey, attacked ISIS.",
        {("Turkey", "supports", "Syrian opposition"), ("Syrian opposition", "opposes", "ISIS")},
    ),
    (
        "Syrias civil war pits President Bashar al-Assad backed by Russia Iran and Shiite "
        "militias against an array of mostly Sunni rebel groups including some backed by "
        "Turkey Gulf monarchies and the U.S.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
            ("Russia", "supports", "Syrian government"),
            ("Iran", "supports", "Syrian government"),
            # the militias fight beside the government; Russia and Iran are named as its
            # backers only, with no arms of their own in the sentence
            ("Iran-backed militias", "supports", "Syrian government"),
            ("Iran-backed militias", "opposes", "Syrian opposition"),
            ("Turkey", "supports", "Syrian opposition"),
            ("United States", "supports", "Syrian opposition"),
        },
    ),
    # a role word before a name ("ally Russia"), a named member of the subject
    (
        "Government forces backed by ally Russia have waged an aerial and ground assault.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "Rebel forces including fighters from Al-Nusra Front seized the hill from government "
        "forces.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("HTS", "opposes", "Syrian government"),
        },
    ),
    # "Syrian" naming the state's weapons
    (
        "Syrian air strikes on a besieged rebel town have killed nearly 50 people.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # a place under a side's act suffers it
    (
        "Rebel-held Idlib province came under heavy bombardment by regime jets.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    ("Rebels came under fire from ISIS.", {("ISIS", "opposes", "Syrian opposition")}),
    # a side fighting a leader opposes the leader's side (no alias swallows the phrase)
    (
        "Moscow insisted that rebels fighting Assad must also respect the truce.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # a noun said of a side ("is a group that ...", "one of the factions ...") acts for it
    (
        "The Nusra Front is an extremist movement that aims to overthrow the regime.",
        {("HTS", "opposes", "Syrian government")},
    ),
    (
        "Ahrar al-Sham is one of the factions fighting the regime in Idlib.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "Ahrar al-Sham, one of the groups battling both the regime and ISIS, lost its leader.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("Syrian opposition", "opposes", "ISIS"),
        },
    ),
    # copy without commas: a hostile participle past a place phrase on the object is the
    # clause's own
    (
        "Rebel fighters stormed a checkpoint near Hama killing 12 government soldiers.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "ISIS militants raided a gas plant in the desert killing dozens of regime troops.",
        {("ISIS", "opposes", "Syrian government")},
    ),
    # executions of a side's men, and its officers and commanders, as hostility to it
    (
        "ISIS militants executed two FSA commanders near Deir Ezzor.",
        {("ISIS", "opposes", "Syrian opposition")},
    ),
    (
        "The Islamic State beheaded four officers of the Free Syrian Army.",
        {("ISIS", "opposes", "Syrian opposition")},
    ),
    # "government" before an act names the Syrian government as its agent
    (
        "The besieged rebel enclave came under a fierce government ground assault.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "Insurgents beat back a government counteroffensive near Hama.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "The army captured a rebel stronghold in Homs.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # the sentence's verb parsed as a participle of its subject
    (
        "US-led air strikes killed at least 20 Islamic State fighters in northeastern Syria.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    (  # ... hung on the "by" phrase of that subject
        "Air strikes by the US-led coalition killed at least 15 members of the Islamic State "
        "group near Raqqa.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    (  # ... on the subject of a reporting verb after it, the source of a run-on report
        "US-led air strikes killed at least 30 Islamic State fighters in eastern Syria close "
        "to the Iraqi border an organisation tracking the conflict said on Sunday.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    # a kind of group right before the group's name stands for it
    (
        "Syrian soldiers aided by the Iraqi militia Kataib Hezbollah stormed a village near "
        "Albu Kamal.",
        {("Iran-backed militias", "supports", "Syrian government")},
    ),
    # an act of support's "to" hung on the verb whose object the act is
    (
        "The massacre triggered more French aid to the rebels.",
        {("France", "supports", "Syrian opposition")},
    ),
    # freeing a place from a side is taking it from that side
    (
        "The army liberated several villages from Daesh fighters near Palmyra.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (  # ... the "from" hung on the last of the places
        "Turkish troops liberated the villages of Tal Hajar and Kafr Ghan from Daesh.",
        {("Turkey", "opposes", "ISIS")},
    ),
    # an adjective coordinated with the first word of a name shares the rest of it
    (
        "Syrian and Russian warplanes bombed rebel positions near Aleppo.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Russia", "opposes", "Syrian opposition"),
            ("Russia", "supports", "Syrian government"),
        },
    ),
    ("Syrian and Iranian diplomats met in Tehran.", set()),  # no name: "Syrian diplomats"
    (  # ... and, where that is a name, it replaces the word's own reading (Iran)
        "Government troops aided by Iranian and Lebanese Shiite militias took the hill.",
        {
            ("Iran-backed militias", "supports", "Syrian government"),
            ("Hezbollah", "supports", "Syrian government"),
        },
    ),
    # a state's arms that no name claims, in what its military reports, are its own
    (
        "The Turkish military said jets destroyed four Islamic State positions near al-Bab.",
        {("Turkey", "opposes", "ISIS")},
    ),
    ("Russia's military said suicide bombers hit rebel positions near Hama.", set()),
    ("A monitoring group said warplanes hit rebel positions near Hama.", set()),
    # losing a place to a side: that side took it
    (
        "The jihadists of Islamic State lost Tabqa to Kurdish-led fighters backed by US "
        "special forces in May.",
        {
            ("SDF", "opposes", "ISIS"),
            ("United States", "supports", "SDF"),
            ("United States", "opposes", "ISIS"),
        },
    ),
    ("Turkey lost two soldiers to an Islamic State car bomb.", set()),
    # verbs and nouns of war reports: "neutralised", "eliminated", "sorties"
    ("Turkish soldiers neutralised nine YPG militants near Afrin.", {("Turkey", "opposes", "SDF")}),
    (
        "Government troops eliminated scores of Nusra Front fighters in Hama.",
        {("Syrian government", "opposes", "HTS")},
    ),
    (
        "Russian bombers flew 40 sorties against Islamic State targets near Deir Ezzor.",
        {("Russia", "opposes", "ISIS")},
    ),
    # coordinated prepositions: the place is the object of each
    (
        "Turkish jets bombed positions in and around the Kurdish-held town of Afrin.",
        {("Turkey", "opposes", "SDF")},
    ),
    (
        "Government artillery shelled farms in and around the opposition-held village of "
        "Kafr Nabl.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    ("Rebels backed by Turkey seized the town.", {("Turkey", "supports", "Syrian opposition")}),
    # roles: a possessor without its apostrophe, a side before the role, a name after it
    (
        "Iran is Assads strongest regional ally and has extended him billions in credit.",
        {("Iran", "supports", "Syrian government")},
    ),
    (
        "Key regime ally Iran welcomed the plan on Sunday.",
        {("Iran", "supports", "Syrian government")},
    ),
    # ... also where the parser reads "as" as a preposition of the clause before: the
    # name holds the role, not that clause's subject
    (
        "The insurgents began a big push on Monday as regime ally Iran held off on sending troops.",
        {("Iran", "supports", "Syrian government")},
    ),
    # militants "from" or "of" a group are that group, every group of the list
    (
        "At least 50 jihadists from the Islamic State and Al-Nusra Front were killed overnight "
        "by Syrian troops near the Lebanese border.",
        {("Syrian government", "opposes", "ISIS"), ("Syrian government", "opposes", "HTS")},
    ),
    # the "from" phrase hung on the verb; "terrorists" are not the opposition here
    (
        "The army killed terrorists from Jabhat al-Nusra in Daraa.",
        {("Syrian government", "opposes", "HTS")},
    ),
    (
        "Forces loyal to Bashar al-Assad are facing off against rebel groups.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # an act "carried out by" a side "on" another
    (
        "Eleven children were killed in a barrel bomb attack carried out by government forces "
        "on a rebel-held neighbourhood of Aleppo city.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # the side two compounds before the act; a possessor parsed as a modifier
    (
        "Rebel rocket fire on a government-held area of Aleppo killed five children.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "Russia has been Syrian President Bashar al-Assads strongest backer during the war.",
        {("Russia", "supports", "Syrian government")},
    ),
    # breaking a siege laid "by" a side
    (
        "Rebels battled to break a siege of the city by the Syrian regime.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # allies named by their adjective; an alliance between a state and a faction
    (
        "Syrian government forces and their Russian ally have been criticised by rights groups.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "The plan drew protests from Damascus and its Iranian and Russian allies.",
        {("Iran", "supports", "Syrian government"), ("Russia", "supports", "Syrian government")},
    ),
    (
        "Kurdish militias are key US allies in the fight against IS.",
        {
            ("United States", "supports", "SDF"),
            ("SDF", "opposes", "ISIS"),
            ("United States", "opposes", "ISIS"),
        },
    ),
    # help named obliquely, and the helper joining the fight it helps
    (
        "The Kurdish YPG forces drove Islamic State from Kobane with the help of US-led air "
        "strikes.",
        {
            ("SDF", "opposes", "ISIS"),
            ("Global Coalition against ISIS", "supports", "SDF"),
            ("Global Coalition against ISIS", "opposes", "ISIS"),
        },
    ),
    (
        "The SDF entered the town with support from the US-led coalition.",
        {("Global Coalition against ISIS", "supports", "SDF")},
    ),
    # an act's agent stands for the act as a subject
    (
        "Strikes by the US-led coalition hit ISIS positions near Raqqa.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    # clashing with a side; groups named by their affiliation
    (
        "Syrian Army units clashed with terrorist groups affiliated to al-Nusra.",
        {("Syrian government", "opposes", "HTS"), ("HTS", "opposes", "Syrian government")},
    ),
    # "backed by air strikes from X" with the "from" phrase hung on the verb
    (
        "The so-called SDF backed by air strikes from a US-led coalition launched an offensive.",
        {("Global Coalition against ISIS", "supports", "SDF")},
    ),
    # an attack in a place a side holds falls on that side
    (
        "Russian jets killed 30 people in rebel-held Idlib.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Syrian air force raids killed 15 people in rebel-held areas in the east of Aleppo.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    ("ISIS killed 30 people in Aleppo.", set()),
    # the victims of a passive clause suffer the act it names
    (
        "At least 31 Islamic State militants were killed in Syrian air force raids in Raqa.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (
        "Ten rebels were killed in Russian air strikes.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    # ... and of the first of two passive verbs that share the means
    (
        "Some 40 Syrian army soldiers were killed and dozens of others injured on Sunday in "
        "coalition air strikes on a base in the east.",
        {("Global Coalition against ISIS", "opposes", "Syrian government")},
    ),
    (
        "Twenty rebels were killed and scores wounded in Russian air raids on the town.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Two civilians were killed and three others were injured in rebel rocket attacks on the "
        "city.",
        set(),
    ),
    # a verb the tagger took for an adverb, its relative clause not parsed as one
    (
        "Britain and France are aligned on the Security Council against Russia and China "
        "which back Assad in the war.",
        {("Russia", "supports", "Syrian government"), ("China", "supports", "Syrian government")},
    ),
    # an act parsed as a gerund with its agent before it; a place held, behind "on"
    (
        "A child was among eight people killed in government shelling on the rebel-held town "
        "of Douma.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "Five children were killed by regime airstrikes on a hospital in a rebel-held zone.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # an apposition run into the name before it; what a side holds, "of" it
    (
        "Turkey shelled the YPG a group backed by Washington.",
        {("Turkey", "opposes", "SDF"), ("United States", "supports", "SDF")},
    ),
    (
        "The army units continued targeting gatherings and vehicles of ISIL.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    # repelling a side's offensive named by its adjective; allies named by their seat
    (
        "Regime forces repelled a rebel offensive on Aleppo.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    (
        "The government of President Bashar al-Assad and his allies in Moscow have denied "
        "bombing hospitals.",
        {("Russia", "supports", "Syrian government")},
    ),
    # state media: foiling an attack "launched by" a side; the army's posts
    (
        "Army units foiled an attack launched by al-Nusra Front terrorists.",
        {("Syrian government", "opposes", "HTS"), ("HTS", "opposes", "Syrian government")},
    ),
    (
        "The so called Ahrar al-Sham Islamic Movement attacked military posts near Hama.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # the subject of a passive fought; fire "into" a held place
    ("Three SDF soldiers were killed fighting Islamic State.", {("SDF", "opposes", "ISIS")}),
    (
        "Rebel groups fired waves of rockets into government-held western Aleppo.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # a possessive pronoun for a coordinated subject stands for all of it
    (
        "Russian and Syrian air forces renew their raids on opposition-controlled areas.",
        {
            ("Russia", "opposes", "Syrian opposition"),
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Russia", "supports", "Syrian government"),
        },
    ),
    # a passive's subject is also its active conjunct's
    (
        "Islam Army was formed by a merger of rebel factions in 2013 and has received backing "
        "from Saudi Arabia.",
        {("Saudi Arabia", "supports", "Syrian opposition")},
    ),
    # an outside actor named as a joint agent of a faction's attack fights beside it
    (
        "Hizballah and Syrian regime forces targeted a funeral in the rebel-held town of Madaya.",
        {
            ("Hezbollah", "opposes", "Syrian opposition"),
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Hezbollah", "supports", "Syrian government"),
        },
    ),
    (
        "Syrian troops and Kurdish fighters ousted the Islamic State group from Hasakeh.",
        {("Syrian government", "opposes", "ISIS"), ("SDF", "opposes", "ISIS")},
    ),
    # a particle the parser read as an adverb
    (
        "Government forces have pushed back opposition fighters.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # an apposition without its commas
    (
        "They left under a deal with a rebel coalition and Iran a strong backer of the regime.",
        {("Iran", "supports", "Syrian government")},
    ),
    ("Moscow sent a key backer of the regime to Geneva.", set()),
    # members of a side, the act's agent named, what the act falls on
    ("The army killed 30 members of ISIS.", {("Syrian government", "opposes", "ISIS")}),
    (
        "Russian forces resumed their bombardment of rebel positions.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "The regime's siege of rebel-held Ghouta continued.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    ("The bombardment of rebel positions continued.", set()),
    (
        "Russia resumed air strikes on rebel positions.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    # the PKK is no actor of the knowledge base: its Kurdish fighters are not the SDF
    ("Turkish troops withdrew after clashes with Kurdish fighters of the PKK in Iraq.", set()),
    # "between" hung on the clause that reports the fighting
    (
        "Fierce fighting raged in Aleppo between rebels and regime loyalists.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("Syrian government", "opposes", "Syrian opposition"),
        },
    ),
    (
        "Eleven were killed in clashes that ensued between Kurdish fighters and ISIS jihadists.",
        {("SDF", "opposes", "ISIS"), ("ISIS", "opposes", "SDF")},
    ),
    # backing a side against another opposes the other
    (
        "Russia deployed warplanes to Syria to support President Bashar al-Assad against rebels.",
        {("Russia", "supports", "Syrian government"), ("Russia", "opposes", "Syrian opposition")},
    ),
    # a group named by "known as" or "called"
    (
        "A Kurdish-led force known as the Syria Democratic Forces drove the Islamic State group "
        "out of Manbij.",
        {("SDF", "opposes", "ISIS")},
    ),
    (
        "A group called the Nusra Front attacked government forces.",
        {("HTS", "opposes", "Syrian government")},
    ),
    # one of a side's fighters; opening fire
    ("One of the ISIS fighters fired on Kurdish fighters.", {("ISIS", "opposes", "SDF")}),
    (
        "A rebel opened fire on government forces.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # a backed act whose agent's "by" phrase hangs on the governing word
    (
        "Manbij has been the target of a US-backed offensive by a Kurdish-Arab alliance since May.",
        {("United States", "supports", "SDF")},
    ),
    (
        "The bastion has faced a US-backed offensive by Kurdish and Arab fighters.",
        {("United States", "supports", "SDF")},
    ),
    # ... or on the verb above that word
    (
        "Khan Sheikhoun has withstood more than a week-long Russian-backed offensive by "
        "government troops.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "Afrin had become the target of a Turkish-backed offensive by rebel groups by March.",
        {("Turkey", "supports", "Syrian opposition")},
    ),
    # the members of a named coalition are backed with it
    (
        "Several villages have been captured by the Syrian Democratic Forces (SDF), a coalition "
        "of militias backed by the United States.",
        {("United States", "supports", "SDF")},
    ),
    # a headline's "backed by" taken for the sentence's verb ("Iranian ... Shiite militias"
    # are Iran-backed militias, not Iran)
    (
        "Syrias army backed by Lebanese Iranian and Iraqi Shiite militias and Russias air force "
        "launched a major offensive to retake eastern Aleppo from rebel groups.",
        {  # (the list has lost its commas: "Lebanese" is an item of it, Hezbollah)
            ("Hezbollah", "supports", "Syrian government"),
            ("Hezbollah", "opposes", "Syrian opposition"),
            ("Iran-backed militias", "supports", "Syrian government"),
            ("Russia", "supports", "Syrian government"),
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Iran-backed militias", "opposes", "Syrian opposition"),
            ("Russia", "opposes", "Syrian opposition"),
        },
    ),
    # pro-government gunmen, militiamen, units
    (
        "Hezbollah is fighting alongside pro-government units.",
        {("Hezbollah", "supports", "Syrian government")},
    ),
    (
        "Rebels ambushed pro-government gunmen near Hama.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # "its" is not a plural noun's; a standing alliance is not denied by a negated act
    (
        "US officials accused Russia of failing to rein in its ally President Bashar al-Assad.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "They accused Russia of not doing enough to rein in its ally President Bashar al-Assad.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "Western states urged Russia to rein in its ally President Bashar al-Assad.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "Russia has denied its aircraft or those of its Syrian government allies were involved "
        "in the incident.",
        {("Russia", "supports", "Syrian government")},
    ),
    ("Russia denied being Assad's main ally.", set()),  # a copula states the tie itself
    (
        "Saudi Arabia has been one of Assads most vocal opponents.",
        {("Saudi Arabia", "opposes", "Syrian government")},
    ),
    (
        "Idlib has regularly been targeted by both Syrian government air strikes and raids "
        "carried out by its Russian ally.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "The monitor said it was not immediately clear if the raids were carried out by Syrian "
        "regime warplanes or their Russian allies.",
        {("Russia", "supports", "Syrian government")},
    ),
    # ... but an act in the object stays as hypothetical as its clause
    (
        "Assad warned the United States to expect reprisals for any military strike on his "
        "country.",
        set(),
    ),
    # a series or waves of a side's acts
    (
        "A series of Russian air strikes hit rebel positions.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Waves of Russian air strikes hit rebel positions.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    # the victims of a passive clause counted as "a total of"
    (
        "A total of 14 Daesh terrorists were killed in northern Syria during an operation by "
        "Turkish Armed Forces on Tuesday.",
        {("Turkey", "opposes", "ISIS")},
    ),
    # allies "from" a group; the Lebanese Shiite movement
    (
        "The army and its allies from Hezbollah captured the rebel-held town.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Hezbollah", "supports", "Syrian government"),
        },
    ),
    (
        "Government forces backed by the Lebanese Shiite movement seized the rebel-held town.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Hezbollah", "supports", "Syrian government"),
            ("Hezbollah", "opposes", "Syrian opposition"),
        },
    ),
    (
        "Regime soldiers backed by Lebanons Shiite Hezbollah pounded rebel positions.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Hezbollah", "supports", "Syrian government"),
            ("Hezbollah", "opposes", "Syrian opposition"),
        },
    ),
    # a country named as a place is no antecedent of a relative or possessive pronoun: the
    # franchise said of the Nusra Front is
    (
        "The Nusra Front is an al-Qaeda franchise operating in Syria and Lebanon that aims to "
        "overthrow the regime of President Assad.",
        {("HTS", "opposes", "Syrian government")},
    ),
    (
        "In Lebanon some 200 Kurdish nationals staged a demonstration in solidarity with their "
        "brethren in Syria who are fighting against ISIS militants.",
        set(),
    ),
    # a backed act is the backer's
    (
        "Kurdish fighters backed by US-backed air strikes retook the town.",
        {("United States", "supports", "SDF")},
    ),
    (
        "Coalition aircraft which are supporting the Kurdish-Arab forces on the ground have "
        "conducted 325 air raids around Manbij.",
        {("Global Coalition against ISIS", "supports", "SDF")},
    ),
    # the army's and government's positions
    (
        "Rebels attacked government positions in Aleppo on Thursday.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "ISIS militants stormed an army base near Deir Ezzor.",
        {("ISIS", "opposes", "Syrian government")},
    ),
    # what a side took is what it holds; a passive capture takes its subject
    (
        "The villages taken by government forces were recaptured by rebels.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "The town of Ariha once a government stronghold was captured by opposition fighters "
        "and ISIS militants in May.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("ISIS", "opposes", "Syrian government"),
        },
    ),
    ("The rebels were taken aback by the army's advance.", set()),
    (
        "Government forces shelled areas seized by rebels last year.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # lemmas the model gets wrong (data/lemmas.csv)
    (
        "Turkey has waged a campaign against the YPG since 2016.",
        {("Turkey", "opposes", "SDF")},
    ),
    # anti-government groups, the YPG/PYD
    (
        "The Nusra Front attacked the headquarters of a new anti-government militant group.",
        {("HTS", "opposes", "Syrian opposition")},
    ),
    (
        "ISIS fighters fired on a large gathering of YPGPYD militants.",
        {("ISIS", "opposes", "SDF")},
    ),
    # a member named in a relative clause acts with its group
    (
        "Regime positions were attacked by rebels who include fighters of the Nusra Front.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("HTS", "opposes", "Syrian government"),
        },
    ),
    (
        "The Army of Conquest, an opposition coalition that includes Al-Nusra Front, began its "
        "assault on the regime-held villages of Fuaa and Kafraya.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("HTS", "opposes", "Syrian government"),
        },
    ),
    # sides of "between" that fight together do not fight each other
    (
        "The fighting in Azaz was between Islamic State militants and a joint force of "
        "al-Nusra and Western-backed rebels.",
        {
            ("ISIS", "opposes", "HTS"),
            ("HTS", "opposes", "ISIS"),
            ("ISIS", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "ISIS"),
        },
    ),
    (
        "Fierce clashes have erupted between Nusra Front as well as the so-called Free Syria "
        "Army (FSA) on one hand and ISIL on the other.",
        {
            ("ISIS", "opposes", "HTS"),
            ("HTS", "opposes", "ISIS"),
            ("ISIS", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "ISIS"),
        },
    ),
    # both partners of an alliance wage the fight it is "in"
    (
        "The YPG, a key US ally in the fight against IS, took the town.",
        {
            ("SDF", "opposes", "ISIS"),
            ("United States", "supports", "SDF"),
            ("United States", "opposes", "ISIS"),
        },
    ),
    (
        "Russia is Assad's closest ally in the war against the rebels.",
        {
            ("Russia", "supports", "Syrian government"),
            ("Russia", "opposes", "Syrian opposition"),
            ("Syrian government", "opposes", "Syrian opposition"),
        },
    ),
    ("Turkey was a US ally in the fight for influence.", set()),
    # a passive verb took the "on" of the act that is its agent
    (
        "Ninety-two civilians were killed by Russian airstrikes on residential areas in "
        "opposition-held parts of Aleppo.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    ("Ten people were killed by Russian airstrikes on Idlib.", set()),
    # a side coordinated with an act that has its own agent shares the act
    (
        "Civilians were killed by Assad regime and Russian airstrikes on opposition-held "
        "parts of Aleppo.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Russia", "opposes", "Syrian opposition"),
            ("Russia", "supports", "Syrian government"),
        },
    ),
    # "most of", "all but one of" the places a side held
    (
        "Most of the villages taken by government forces were recaptured by the rebels.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "All but one of the towns taken by the army were recaptured by rebels who include "
        "fighters of the Nusra Front.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("HTS", "opposes", "Syrian government"),
        },
    ),
    # the agent of a series of acts hung on "series"; a bomber "from" a side
    (
        "A wave of air strikes overnight by the US-led coalition killed dozens of jihadists "
        "from the Islamic State group.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    (
        "A suicide bomber from the Nusra Front killed ten soldiers loyal to the regime.",
        {("HTS", "opposes", "Syrian government")},
    ),
    (
        "Two suicide bombers from the Nusra Front killed ten soldiers loyal to the regime.",
        {("HTS", "opposes", "Syrian government")},
    ),
    # the agent and the verb of coordinated acts, hung on the first of them
    (
        "Dozens of IS fighters were killed in clashes and air strikes by the US-led coalition.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    # the agent and the target of an act hung on the noun before it: the first of the
    # coordinated nouns, or the noun the act follows after "from"
    (
        "The truce ended in a ceasefire collapse and renewed bombardment by regime warplanes "
        "on rebel-held districts of Homs.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "Aid workers recorded the losses from raids by Russian jets in rebel-held villages "
        "near Idlib.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "The toll from the raids by Russian jets on the rebels rose to 40.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (  # the agent is another act's
        "The death toll from shelling in rebel-held areas rose after air strikes by Russia.",
        set(),
    ),
    # the backer named in the "from" phrase of the agent
    (
        "Government forces backed by fighters from Hezbollah entered the town.",
        {("Hezbollah", "supports", "Syrian government")},
    ),
    # an act in a side's stronghold falls on that side
    (
        "Rebels fired rockets into the government stronghold of Latakia, killing one person.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "Air strikes by the US-led coalition killed 21 civilians in a stronghold of the "
        "Islamic State group in northern Syria.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    (
        "Regime warplanes struck a market in the rebel bastion of Douma.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "Russian jets bombed targets in the Nusra Front's heartland near Idlib.",
        {("Russia", "opposes", "HTS")},
    ),
    ("Rebels met in the stronghold of Idlib to choose a leader.", set()),
    # the attacker of a repelled act, hung on the verb
    (
        "Government troops repelled an offensive by rebels near Hama.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    # a supplier of a side, and of arms to it
    (
        "Qatar has been a supplier of missiles to the rebels in Idlib.",
        {("Qatar", "supports", "Syrian opposition")},
    ),
    (
        "Saudi Arabia is one of the main suppliers of arms to the Syrian rebels, a diplomat said.",
        {("Saudi Arabia", "supports", "Syrian opposition")},
    ),
    (
        "Russia remains Assad's chief weapons supplier.",
        {("Russia", "supports", "Syrian government")},
    ),
    ("The rebels have found a new supplier of fuel in the town.", set()),
    # an act "onto" a side
    (
        "A commander was wounded by the Syrian army's shelling onto Nusra sites in Qalamoun.",
        {("Syrian government", "opposes", "HTS")},
    ),
    (
        "The army's shelling onto Nusra sites in Qalamoun killed ten.",
        {("Syrian government", "opposes", "HTS")},
    ),
    # the other side of the fighting named on the clause that reports it
    (
        "Four rebel fighters were killed in the clashes that broke out with government troops "
        "near Hama.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("Syrian government", "opposes", "Syrian opposition"),
        },
    ),
    # the opposition's groups, areas and districts named in the singular or word order of copy
    (
        "Ten IS militants were killed during battles with opposition armed groups in Idlib.",
        {("ISIS", "opposes", "Syrian opposition"), ("Syrian opposition", "opposes", "ISIS")},
    ),
    (
        "Regime helicopters dropped a barrel bomb on an opposition area of the city.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "Government jets struck an opposition district of Aleppo.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # a side's descriptors in the singular ("a pro-government militia")
    (
        "A pro-government militia shelled rebel positions in Daraa.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "An opposition group fired rockets at government-held districts.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    (
        "A Turkish-backed faction attacked a village near Afrin.",
        {("Turkey", "supports", "Syrian opposition")},
    ),
    # a subject pronoun with no name before it in its sentence: the previous one's subject
    (
        "Russia sent jets to Syria in 2015. It has bombed rebel positions ever since.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    ("The rebels said the town was quiet. It was not clear who shelled the army posts.", set()),
    # the strikes that back a side do not fall on it
    (
        "Government troops were backed by fierce air strikes from Russia.",
        {("Russia", "supports", "Syrian government")},
    ),
    # two factions named as the subjects of a fight with no object fight each other ...
    (
        "Government forces and rebels clashed in Aleppo.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    (
        "The regime and rebel groups have fought for control of Aleppo since 2012.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    # lists of demonyms that have lost their commas, and those that kept them
    (
        "Rebels were attacked by Syrian Russian and Iranian forces.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Russia", "opposes", "Syrian opposition"),
            ("Russia", "supports", "Syrian government"),
            ("Iran", "opposes", "Syrian opposition"),
            ("Iran", "supports", "Syrian government"),
        },
    ),
    (
        "Syrian, Russian and Iranian jets pounded rebel-held areas.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Russia", "opposes", "Syrian opposition"),
            ("Russia", "supports", "Syrian government"),
            ("Iran", "opposes", "Syrian opposition"),
            ("Iran", "supports", "Syrian government"),
        },
    ),
    (
        "The army was backed by Lebanese Iranian and Iraqi Shiite militias.",
        {
            ("Hezbollah", "supports", "Syrian government"),
            ("Iran-backed militias", "supports", "Syrian government"),
        },
    ),
    (  # an ethnic adjective is no list item: Syrian Kurds and Arabs
        "A US-backed alliance of Syrian Kurdish and Arab fighters attacked IS.",
        {("United States", "supports", "SDF"), ("SDF", "opposes", "ISIS")},
    ),
    ("Turkish artillery shelled the Kurdish-dominated alliance.", {("Turkey", "opposes", "SDF")}),
    # support named as the cover an advance went under, or hung on the object it won
    (
        "Under Russian air cover, government troops advanced on the town.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "The regime regained the city with Russian support.",
        {("Russia", "supports", "Syrian government")},
    ),
    # an apposition without its commas runs into the possessor after it
    (
        "Russia Assads main ally has denied the claims.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "Moscow Assads closest ally said it would keep up its air strikes.",
        {("Russia", "supports", "Syrian government")},
    ),
    # "its Syrian ally" is the government, unless an apposition names another
    (
        "Britain and the United States demanded Russia rein in its Syrian ally.",
        {("Russia", "supports", "Syrian government")},
    ),
    ("Iran's Syrian ally has lost ground.", {("Iran", "supports", "Syrian government")}),
    (
        "Washington and its Syrian ally, the SDF, advanced on Raqqa.",
        {("United States", "supports", "SDF")},
    ),
    # to surround a side's forces is to besiege them; a place surrounding another is no act
    (
        "Syrian forces surrounded by the Islamic State group in the Deir Ezzor air base held out.",
        {("ISIS", "opposes", "Syrian government")},
    ),
    (
        "IS fighters surrounded the government troops in the air base.",
        {("ISIS", "opposes", "Syrian government")},
    ),
    ("The villages surrounding rebel-held Douma were quiet.", set()),
    # a place fought for is taken from its holder, who is fought, not helped
    ("The SDF is battling for the IS-held city of Manbij.", {("SDF", "opposes", "ISIS")}),
    (
        "The army is battling for the rebel stronghold of Douma.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "The army is fighting for the IS bastion of Deir Ezzor.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    ("Hezbollah fought for the Assad regime.", {("Hezbollah", "supports", "Syrian government")}),
    # ... not with an outside actor among them, nor with a purpose they share
    ("Russia and the regime fought for months.", set()),
    (  # (each fights the group they push out, not the other)
        "Government troops and Kurdish forces had been battling for weeks to push IS out of "
        "the city.",
        {("Syrian government", "opposes", "ISIS"), ("SDF", "opposes", "ISIS")},
    ),
    # ... and so do those named as the subjects of a clause reporting the fighting; with the
    # other side named, the subjects are one camp
    (
        "Syria's regime and rebels were locked in fierce fighting on Sunday.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    (
        "Russia and the regime were locked in fierce fighting with rebels.",
        {
            ("Russia", "opposes", "Syrian opposition"),
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    # ... but not those killed during it
    (
        "At least 33 members of IS and the Nusra Front were killed during the fierce fighting.",
        set(),
    ),
    # the sides of one force noun named by coordinated modifiers
    (
        "Rebels and Nusra fighters fought government forces.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("HTS", "opposes", "Syrian government"),
        },
    ),
    # activists of a side are a source, not the side under arms
    (
        "Fierce fighting was underway between IS and the US-backed fighters Syrian opposition "
        "activists said.",
        set(),
    ),
    # "IS" taken for the auxiliary of a clause after "against"
    (
        "Kurdish militias are key US allies in the fight against IS providing them with weapons.",
        {
            ("SDF", "opposes", "ISIS"),
            ("United States", "supports", "SDF"),
            ("United States", "opposes", "ISIS"),
        },
    ),
    # an alliance or coalition "of" armed men acts as the side they are on
    (
        "An alliance of Arab and Kurdish fighters fought Islamic State near the dam.",
        {("SDF", "opposes", "ISIS")},
    ),
    (
        "A coalition of rebels and Islamist fighters shelled two regime-held villages.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # a passive act with no named victim falls on the holder of the place, as the active
    (
        "Nine villagers were killed by Russian jets in opposition-held Kafr Nabl.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Eleven people were killed by government helicopters in the rebel-held town of Talbiseh.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # a list inside the subject that the parser ended at its "and", making the last item
    # a second subject of the verb
    (
        "Rebel brigades including the large Ahrar al-Sham faction and former Al-Qaeda branch"
        " Fateh al-Sham Front fired dozens of rockets into regime-held Hama.",
        {
            ("HTS", "opposes", "Syrian government"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    # a place whose holder a relative clause names stands for it, as "areas held by X"
    (
        "Russian jets bombed three villages which are controlled by the rebels.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Turkish artillery shelled two towns that are held by Kurdish fighters.",
        {("Turkey", "opposes", "SDF")},
    ),
    # naming a side a threat or an enemy, as naming it a terrorist group
    ("Ankara sees the Kurdish militia as a threat.", {("Turkey", "opposes", "SDF")}),
    ("Turkey considers the YPG a threat to its national security.", {("Turkey", "opposes", "SDF")}),
    ("Turkey does not consider the SDF a threat.", set()),
    # the accused named in an apposition without commas: a second object of "accuse"
    (
        "Moscow accuses Western powers chiefly the United States and Britain of arming the rebels.",
        {
            ("United States", "supports", "Syrian opposition"),
            ("United Kingdom", "supports", "Syrian opposition"),
        },
    ),
    # "IS" read as the group, not the verb "is" (data/norms.csv)
    (
        "The army has been battling to drive IS out of the city.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (
        "Regime troops and Kurdish fighters were battling to push IS forces out of Hasakeh.",
        {("Syrian government", "opposes", "ISIS"), ("SDF", "opposes", "ISIS")},
    ),
    # a verb of giving with a particle is another verb: only listed ones transfer
    ("Witnesses said IS gave up the territory to the Nusra Front.", set()),
    ("The rebels gave up their weapons to the army.", set()),
    ("Turkey handed over weapons to the rebels.", {("Turkey", "supports", "Syrian opposition")}),
    # an abbreviation's possessive without its apostrophe
    ("Washington is the SDFs main backer.", {("United States", "supports", "SDF")}),
    # a role noun as the subject of "be": the predicate holds the role
    ("Assad's main backer is Russia.", {("Russia", "supports", "Syrian government")}),
    ("The main sponsor of the rebels was Qatar.", {("Qatar", "supports", "Syrian opposition")}),
    # an apposition without its comma after a bracketed abbreviation, and the members
    # "of" it standing for the coalition they make up
    (
        "Two villages have fallen to the Syrian Democratic Forces (SDF) a coalition of"
        " militias backed by the United States that includes Arab tribes a monitor said on"
        " Monday.",
        {("United States", "supports", "SDF")},
    ),
    # a closing reporting clause without its comma (data/commas.csv)
    (
        "At least 23 Islamic State members were killed in a Turkish army and US-led coalition"
        " operation security sources said.",
        {("Turkey", "opposes", "ISIS"), ("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    # "believed to be X" / "thought to belong to X" describing an unnamed agent, which the
    # parser takes for the verb of the sentence
    (
        "On Sunday several air raids believed to be Russian killed nine people in rebel-held"
        " Saraqeb.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Helicopters thought to belong to the Syrian government struck the rebel-held town.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # a reporting relative clause that names a side a terrorist group or a threat, its
    # pronoun "whom" included
    (
        "Jets bombed the rebels, whom Moscow sees as terrorists.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Government shells hit the YPG, which Turkey sees as a threat.",
        {("Turkey", "opposes", "SDF")},
    ),
    # the term itself the threat, with the side its subject
    ("Moscow considers the Nusra Front a danger to the region.", {("Russia", "opposes", "HTS")}),
    # "left N dead / wounded": the victims' side, or the holder of the place
    (
        "An Islamic State raid on the airport left 12 government soldiers dead.",
        {("ISIS", "opposes", "Syrian government")},
    ),
    (
        "Russian strikes left 20 civilians dead in an opposition-held village.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Regime shelling left six rebel fighters wounded near Daraa.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "Rebel mortars left dozens of residents injured in government-held districts of Aleppo.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # the act's verb made a participle of its agent, the sentence's source after a comma
    # (restored or written) taking the act as its clause
    (
        "Air strikes by the US-led coalition killed at least 21 civilians in a stronghold of"
        " the Islamic State group in eastern Syria on Tuesday a monitor said.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    (
        "Raids by the US-led coalition killed at least 15 civilians in a bastion of the"
        " Islamic State group in eastern Syria on Sunday, the Observatory said.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    # a gerund the parser took for a verb: its "of" is what the act falls on
    (
        "Government shelling of an opposition-held suburb killed 12 people on Tuesday.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    (
        "Rebel shelling of a government-held district killed four children.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # "targeting" as a participle of the act rather than a preposition
    (
        "Regime helicopters carried out raids hitting rebel positions in the south.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # a named operation is the act its first word names
    (
        "Ankara launched Operation Euphrates Shield against the PYD west of the river.",
        {("Turkey", "opposes", "SDF")},
    ),
    (
        "The Turkish army began the Operation Olive Branch against YPG militants near Afrin.",
        {("Turkey", "opposes", "SDF")},
    ),
    # the usual faction of a generic word gives way to the group its "from" phrase names;
    # the slash names of the Kurdish forces as Turkish copy writes them
    (
        "Turkish troops neutralized seven terrorists from the YPG near Tal Abyad.",
        {("Turkey", "opposes", "SDF")},
    ),
    (
        "Turkish troops neutralized seven terrorists of the SDF/PKK near Tal Abyad.",
        {("Turkey", "opposes", "SDF")},
    ),
    # the one a war or an act is "in favour" of is not what it falls on
    ("Russia's intervention turned the tide of the war in the regime's favour.", set()),
    ("Moscow's airpower turned the tide of the war in Assad's favour in 2016.", set()),
    ("Russia's intervention turned the tide of the war in the regime's favor.", set()),
    # a participle on a sentence's only noun, with a side it takes or fights, is the verb
    (
        "Iran-backed militias fought alongside government troops near Palmyra.",
        {("Iran-backed militias", "supports", "Syrian government")},
    ),
    # "has (long) backed rebels" parsed as "has" and a modifier of its object
    (
        "Ankara has long backed rebels seeking the fall of the regime.",
        {
            ("Turkey", "supports", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    (
        "Qatar has funded rebels fighting in the south for years.",
        {("Qatar", "supports", "Syrian opposition")},
    ),
    # who pays for a side
    (
        "Riyadh, long a financier of the armed opposition, hosted the meeting.",
        {("Saudi Arabia", "supports", "Syrian opposition")},
    ),
    (
        "Doha has been the main bankroller of the armed opposition.",
        {("Qatar", "supports", "Syrian opposition")},
    ),
    (
        "Tehran is the paymaster of the Assad government.",
        {("Iran", "supports", "Syrian government")},
    ),
    # "between A and X-backed B" parsed with A and the compound hung on B: the backer backs
    # B, not A, and A and B fight
    (
        "Fighting between the YPG and Turkish-backed rebels killed a dozen people.",
        {
            ("Turkey", "supports", "Syrian opposition"),
            ("SDF", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "SDF"),
        },
    ),
    (
        "Clashes between the SDF and Turkish-backed rebels killed five civilians.",
        {
            ("Turkey", "supports", "Syrian opposition"),
            ("SDF", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "SDF"),
        },
    ),
    # an object relative clause whose subject the parser made a compound of the verb
    (
        "The SDF, which Washington backs, drove IS out of Raqqa.",
        {("United States", "supports", "SDF"), ("SDF", "opposes", "ISIS")},
    ),
    # who directs or spearheads an act wages it
    (
        "Hezbollah commanders spearheaded the offensive against rebels in Qusayr.",
        {("Hezbollah", "opposes", "Syrian opposition")},
    ),
    (
        "Russian officers oversaw the assault on rebel-held eastern Ghouta.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Iranian generals directed the offensive against rebels in southern Aleppo.",
        {("Iran", "opposes", "Syrian opposition")},
    ),
    (
        "Russian officers commanded the assault on rebel positions near Hama.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Hezbollah masterminded the attack on rebel positions in Qalamoun.",
        {("Hezbollah", "opposes", "Syrian opposition")},
    ),
    # a pro-government Palestinian militia
    (
        "The Liwa al-Quds militia fought rebels in Aleppo's Handarat camp.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    # a place the act happened in, with a participle naming its holder
    (
        "Russian shelling killed four people in the village of Kabani held by HTS.",
        {("Russia", "opposes", "HTS")},
    ),
    # a faction in the "of" phrase of what was taken
    (
        "Turkish troops cleared a dozen villages of YPG fighters near Afrin.",
        {("Turkey", "opposes", "SDF")},
    ),
    (
        "Rebels took control of the regime-held town of Jisr al-Shughur in April.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # an installation or unit of a faction, singular: its "of" phrase names the side
    (
        "The army shelled a position of the Nusra Front near Morek.",
        {("Syrian government", "opposes", "HTS")},
    ),
    (
        "Turkish jets bombed a base of the YPG south of Kobani.",
        {("Turkey", "opposes", "SDF")},
    ),
    (
        "Russian jets destroyed a hideout of ISIS near Palmyra.",
        {("Russia", "opposes", "ISIS")},
    ),
    (
        "Turkish drones hit a checkpoint of the YPG near Tal Rifaat.",
        {("Turkey", "opposes", "SDF")},
    ),
    (
        "Coalition aircraft struck a convoy of ISIS near Abu Kamal.",
        {("Global Coalition against ISIS", "opposes", "ISIS")},
    ),
    (
        "Russian bombers destroyed a depot of the Nusra Front in Idlib.",
        {("Russia", "opposes", "HTS")},
    ),
    (
        "Army units shelled a post of ISIS in the Sweida desert.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (
        "Turkish artillery destroyed a vehicle of the YPG near Afrin.",
        {("Turkey", "opposes", "SDF")},
    ),
    (
        "Army units destroyed a tunnel of the Nusra Front in Jobar.",
        {("Syrian government", "opposes", "HTS")},
    ),
    (
        "US special forces raided a cell of ISIS near Deir Ezzor.",
        {("United States", "opposes", "ISIS")},
    ),
    (
        "Russian jets struck a site of the Islamic State group near Palmyra.",
        {("Russia", "opposes", "ISIS")},
    ),
    (
        "Russian aircraft hit a den of the Nusra Front in Khan Sheikhoun.",
        {("Russia", "opposes", "HTS")},
    ),
    (
        "Army units stormed a fortification of ISIS on the Thardeh hills.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (
        "Turkish howitzers shelled a target of the YPG in Manbij.",
        {("Turkey", "opposes", "SDF")},
    ),
    # a capitalised "Forces" in a name is armed force, as "forces" is: the backer joins
    (
        "Government troops backed by the Russian Aerospace Forces pounded rebel positions"
        " near Hama.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Russia", "supports", "Syrian government"),
            ("Russia", "opposes", "Syrian opposition"),
        },
    ),
    (
        "Rebel units backed by the Turkish Armed Forces attacked the YPG west of Manbij.",
        {
            ("Syrian opposition", "opposes", "SDF"),
            ("Turkey", "supports", "Syrian opposition"),
            ("Turkey", "opposes", "SDF"),
        },
    ),
    # an armed helper joins the fight of the side it helps
    (
        "American warplanes helped Kurdish fighters drive Daesh from Kobani.",
        {
            ("United States", "supports", "SDF"),
            ("United States", "opposes", "ISIS"),
            ("SDF", "opposes", "ISIS"),
        },
    ),
    # the helped side the parser hangs on the act as a compound ("army retake")
    (
        "Russian jets helped the army retake Palmyra from IS last March.",
        {
            ("Russia", "supports", "Syrian government"),
            ("Russia", "opposes", "ISIS"),
            ("Syrian government", "opposes", "ISIS"),
        },
    ),
    (
        "The US-led coalition helped the SDF push Daesh out of Raqqa.",
        {("Global Coalition against ISIS", "supports", "SDF")},
    ),
    # the act read as a noun on the other side's name ("the SDF drive IS"): IS is not
    # the one helped
    (
        "Coalition air strikes helped the SDF drive IS out of Manbij.",
        set(),
    ),
    # the end of a side's rule never stands for that side: opposing Assad's ouster is not
    # opposing Assad, fighting for it is not fighting for him
    ("Russia has long opposed Assad's ouster.", set()),
    ("Iran fought the overthrow of the regime for years.", set()),
    (
        "Rebels fighting for Assad's overthrow seized the town of Kafr Nabl.",
        {("Syrian opposition", "opposes", "Syrian government")},
    ),
    # weapons received are supplied; an attack received is still an attack
    (
        "Vetted rebel groups have received anti-tank missiles from the United States.",
        {("United States", "supports", "Syrian opposition")},
    ),
    (
        "Opposition fighters in the north received rockets from Qatar.",
        {("Qatar", "supports", "Syrian opposition")},
    ),
    (
        "Rebel-held Douma received heavy shelling from regime forces overnight.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
]

# the Syrian National Army's factions under a Turkish participle and a group noun, each
# written form an alias row
SYRIAN_COPY += [
    (
        f"The {name} shelled SDF positions near Tal Rifaat.",
        {("Turkey", "supports", "Syrian opposition"), ("Syrian opposition", "opposes", "SDF")},
    )
    for name in (
        "Ankara-backed factions",
        "Ankara-backed faction",
        "Ankara-backed fighters",
        "Ankara-backed fighter",
        "Ankara-backed groups",
        "Ankara-backed group",
        "Ankara-backed opposition",
        "Turkey-backed groups",
        "Turkey-backed group",
        "Turkey-backed opposition",
    )
]

# the government's aircraft in the singular (the plurals were rows already), and "downed"
SYRIAN_COPY += [
    (
        f"Turkey shot down the {name} near the border.",
        {("Turkey", "opposes", "Syrian government")},
    )
    for name in (
        "Syrian warplane",
        "Syrian war plane",
        "Syrian jet",
        "Syrian fighter jet",
        "Syrian fighter jets",
        "Syrian helicopter",
        "Syrian aircraft",
    )
] + [
    (
        "Rebels downed a regime helicopter near Saraqeb.",
        {("Syrian opposition", "opposes", "Syrian government")},
    )
]

# verbs of taking ground back, or ridding it of a side
SYRIAN_COPY += [
    (
        "The army regained control of Palmyra from Daesh.",
        {("Syrian government", "opposes", "ISIS")},
    ),
    (
        "Government forces reclaimed the town from the rebels.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    ("Kurdish fighters recovered the village from IS.", {("SDF", "opposes", "ISIS")}),
    ("ISIS conquered Raqqa from the rebels in 2014.", {("ISIS", "opposes", "Syrian opposition")}),
    (
        "Turkish troops and allied rebels rid the border strip of Daesh.",
        {
            ("Turkey", "opposes", "ISIS"),
            ("Turkey", "supports", "Syrian opposition"),
            ("Syrian opposition", "opposes", "ISIS"),
        },
    ),
]

# a possessive in the "for"/"over" phrase of a verb with an object is the object's
SYRIAN_COPY += [
    (
        "Turkey has repeatedly criticized Washington for its support of the YPG.",
        {("United States", "supports", "SDF")},
    ),
    (
        "Ankara slammed the United States over its arming of Kurdish fighters.",
        {("United States", "supports", "SDF")},
    ),
]

# each construction for a demand that the leader go, and "thanks to" with "to" on the verb
SYRIAN_COPY += [
    ("Ankara has long sought Assad's removal.", {("Turkey", "opposes", "Syrian government")}),
    (
        "Paris has demanded the ouster of the Assad regime.",
        {("France", "opposes", "Syrian government")},
    ),
    ("London wants Assad to resign.", {("United Kingdom", "opposes", "Syrian government")}),
    (
        "Washington called for Assad to step aside in August 2011.",
        {("United States", "opposes", "Syrian government")},
    ),
    ("Riyadh said Assad must go.", {("Saudi Arabia", "opposes", "Syrian government")}),
    ("Ankara repeated that Assad must step down.", {("Turkey", "opposes", "Syrian government")}),
    (
        "Doha has pushed for the overthrow of the Assad regime.",
        {("Qatar", "opposes", "Syrian government")},
    ),
    (
        "Government troops held the airport thanks to Russian support.",
        {("Russia", "supports", "Syrian government")},
    ),
]


# the twelfth step: misparses and constructions seen in sentences written in the manner of
# Russian, Turkish, Gulf and Lebanese outlets
SYRIAN_COPY += [
    # the first of two coordinated sides hung on the second as a modifier
    (
        "Rebels and regime forces clashed on the outskirts of Hama.",
        {
            ("Syrian opposition", "opposes", "Syrian government"),
            ("Syrian government", "opposes", "Syrian opposition"),
        },
    ),
    (
        "Fighting between Jabhat al-Nusra and Free Syrian Army factions spread to Maarat.",
        {("HTS", "opposes", "Syrian opposition"), ("Syrian opposition", "opposes", "HTS")},
    ),
    # a denied report is no claim
    ("Qatar denied reports that it had funded the Nusra Front.", set()),
    ("Moscow rejected claims that its jets had bombed rebel positions in Idlib.", set()),
    # a veto of a measure that would have acted against a side
    (
        "Beijing vetoed a text that would have condemned Damascus for the siege.",
        {("China", "supports", "Syrian government")},
    ),
    (
        "Assad thanked Moscow for its military support.",
        {("Russia", "supports", "Syrian government")},
    ),
    ("Hezbollah will stand by Damascus.", {("Hezbollah", "supports", "Syrian government")}),
    # outlet names of Iran's forces and allies
    (
        "The Revolutionary Guard sent more advisers to help the Syrian army.",
        {("Iran", "supports", "Syrian government")},
    ),
    (
        "Iranian militias shelled rebel positions near Aleppo.",
        {("Iran-backed militias", "opposes", "Syrian opposition")},
    ),
    (
        "An Iranian militia attacked rebels south of Aleppo.",
        {("Iran-backed militias", "opposes", "Syrian opposition")},
    ),
    (
        "The Lebanese resistance fought the Nusra Front in Qalamoun.",
        {("Hezbollah", "opposes", "HTS")},
    ),
    # a conjunct with its own passive subject does not share the first clause's agent
    (
        "Daesh fighters attacked SDF positions near Hasakeh, but the assault was repelled with"
        " the support of US-led coalition aircraft.",
        {("ISIS", "opposes", "SDF")},
    ),
    # an "against" phrase hung on the place before it
    (
        "Hezbollah fighters battled in the mountains against the Nusra Front.",
        {("Hezbollah", "opposes", "HTS")},
    ),
    # a result is no purpose: the sides still fight each other
    (
        "The army and the rebels clashed in Aleppo, leaving dozens dead.",
        {
            ("Syrian government", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "Syrian government"),
        },
    ),
    # the subject the parser gave to a fronted clause
    (
        "While Qatar backs the rebels in Idlib, Russia and Iran keep arming the regime.",
        {
            ("Qatar", "supports", "Syrian opposition"),
            ("Russia", "supports", "Syrian government"),
            ("Iran", "supports", "Syrian government"),
        },
    ),
    # exchanging fire
    (
        "The SDF and Turkish-backed rebels exchanged fire near Manbij.",
        {
            ("SDF", "opposes", "Syrian opposition"),
            ("Syrian opposition", "opposes", "SDF"),
            ("Turkey", "supports", "Syrian opposition"),
        },
    ),
    (
        "Syrian troops exchanged fire with IS fighters near Palmyra.",
        {("Syrian government", "opposes", "ISIS"), ("ISIS", "opposes", "Syrian government")},
    ),
    # the performer of an act a relative clause tells of
    (
        "Russian warplanes carried out raids that killed 15 rebels.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "IS claimed responsibility for bombings that killed 40 soldiers of the regime.",
        {("ISIS", "opposes", "Syrian government")},
    ),
    # "no" on the act, its object or the noun it describes
    ("Qatar provided no weapons to the Nusra Front.", set()),
    ("Iran has no soldiers in Syria fighting the rebels.", set()),
    # a part in a side's act
    (
        "Russian warplanes played a decisive role in the regime's recapture of Palmyra.",
        {("Russia", "supports", "Syrian government")},
    ),
]


# names of the Nusra Front until it became Jabhat Fateh al-Sham (2016) and HTS (2017)
NUSRA_YEARS = [
    (
        "Rebels attacked Al-Qaedas local affiliate in Idlib.",
        {("Syrian opposition", "opposes", "HTS")},
    ),
    (
        "Clashes erupted between ISIS and al-Qaedas Syrian branch in Deir Ezzor.",
        {("ISIS", "opposes", "HTS"), ("HTS", "opposes", "ISIS")},
    ),
    # an apposition without its commas, parsed as a second subject: the name, not the
    # generic noun read back to the group named before
    (
        "Islamic State fighters held the east of the province. The strongest group in the"
        " alliance the Nusra Front then stormed checkpoints run by Ahrar al-Sham near Saraqeb.",
        {("HTS", "opposes", "Syrian opposition")},
    ),
]

SYRIAN_COPY += [
    # a bare verb between two actors the model takes for an adverb or a noun
    # (data/verb_norms.csv)
    (
        "Russia and Iran back Assad.",
        {("Russia", "supports", "Syrian government"), ("Iran", "supports", "Syrian government")},
    ),
    ("Russia back Assad.", {("Russia", "supports", "Syrian government")}),
    (
        "Russia and Iran aid Assad.",
        {("Russia", "supports", "Syrian government"), ("Iran", "supports", "Syrian government")},
    ),
    (
        "Iran and Hezbollah fund Assad.",
        {("Iran", "supports", "Syrian government"), ("Hezbollah", "supports", "Syrian government")},
    ),
    ("Rebels battle ISIS near Aleppo.", {("Syrian opposition", "opposes", "ISIS")}),
    # a plural verb's relative pronoun stands for a coordination, not for one of its names
    # nor for the singular noun whose phrase holds it
    (
        "Iran and Hezbollah, which back Assad, sent fighters.",
        {("Iran", "supports", "Syrian government"), ("Hezbollah", "supports", "Syrian government")},
    ),
    (
        "The U.S. Britain and France are aligned on the Security Council against Russia and"
        " China which back Assad in the war.",
        {("Russia", "supports", "Syrian government"), ("China", "supports", "Syrian government")},
    ),
    # a singular verb still refers to its nearest conjunct
    (
        "Iran and Hezbollah, which backs Assad, sent fighters.",
        {("Hezbollah", "supports", "Syrian government")},
    ),
]

SYRIAN_COPY += [
    # a singular role word names one: the next name in the list is beside it
    (
        "The Syrian government, its ally Russia and Turkey attended the talks.",
        {("Russia", "supports", "Syrian government")},
    ),
    (
        "The Syrian government its ally Russia and Turkey attended the talks.",
        {("Russia", "supports", "Syrian government")},
    ),
    # agents said to act each on their own are no partners in one act
    (
        "The regime and the US-led coalition separately bombed IS positions.",
        {
            ("Syrian government", "opposes", "ISIS"),
            ("Global Coalition against ISIS", "opposes", "ISIS"),
        },
    ),
    (
        "Regime forces and the US-led coalition respectively attacked IS in Palmyra and Raqqa.",
        {
            ("Syrian government", "opposes", "ISIS"),
            ("Global Coalition against ISIS", "opposes", "ISIS"),
        },
    ),
    (
        "The Syrian government its ally Russia and a US-led coalition have all carried out air"
        " strikes against IS in Raqa.",
        {
            ("Syrian government", "opposes", "ISIS"),
            ("Russia", "supports", "Syrian government"),
            ("Russia", "opposes", "ISIS"),
            ("Global Coalition against ISIS", "opposes", "ISIS"),
        },
    ),
    # a name before a hyphen compound that modifies another modifier is not the noun's
    ("Killed as Nusra Attacks US-Trained Militants in Syria.", set()),
    (
        "Syrian Turkey-backed rebels attacked the YPG.",
        {("Turkey", "supports", "Syrian opposition"), ("Syrian opposition", "opposes", "SDF")},
    ),
    # a passive clause with its own subject is not a participle said of the main clause's
    ("Nusra executed a pilot after his plane was shot down by Jaish al-Islam.", set()),
    # "it"/"its" stands for no person named before it
    (
        "The alliance should add Assads positions to the places it is targeting in its"
        " attacks on IS.",
        set(),
    ),
    # a hypothetical reading of a pair does not cancel its plain reading in the sentence
    (
        "Iran, one of Assad's key backers, said it would help Damascus.",
        {("Iran", "supports", "Syrian government")},
    ),
    (
        "Turkey, which backs the rebels, threatened to arm the rebels further.",
        {("Turkey", "supports", "Syrian opposition")},
    ),
    # the pro-government Popular Committees
    (
        "An Israeli drone struck a position of the Popular Committees in Quneitra.",
        {("Israel", "opposes", "Syrian government")},
    ),
    # a possessive on a hostile verb's object is not its subject's own
    (
        "The rebels said Russian jets hit their positions.",
        {("Russia", "opposes", "Syrian opposition")},
    ),
    (
        "Three fighters from the Popular Committees in Quneitra were killed as an Israeli drone"
        " struck their position.",
        {("Israel", "opposes", "Syrian government")},
    ),
    ("Turkey continued its operations against the YPG.", {("Turkey", "opposes", "SDF")}),
    # "loyalists" alone, and "Syria" for "Syrian" before the regime's names
    ("Rebels attacked loyalists in Hama.", {("Syrian opposition", "opposes", "Syrian government")}),
    (
        "Syria troops shelled rebel positions.",
        {("Syrian government", "opposes", "Syrian opposition")},
    ),
    ("Russia backs the Syria government.", {("Russia", "supports", "Syrian government")}),
    # "X and allied Y": Y backs X (patterns/support.jsonl, and_allied)
    (
        "Syrian regime and allied Russian military planes operate in the area.",
        {("Russia", "supports", "Syrian government")},
    ),
    # a faction backing an outside force in its attack fights beside it: the force backs it
    (
        "Hezbollah fighters backed by Syrian troops attacked the rebels.",
        {
            ("Hezbollah", "opposes", "Syrian opposition"),
            ("Hezbollah", "supports", "Syrian government"),
            ("Syrian government", "opposes", "Syrian opposition"),
        },
    ),
    # Turkey's backed forces in Syria are the rebels it arms, never the SDF
    (
        "Ankara-backed forces attacked the YPG.",
        {("Turkey", "supports", "Syrian opposition"), ("Syrian opposition", "opposes", "SDF")},
    ),
    # without such a word they are
    (
        "The regime and the US-led coalition bombed IS positions.",
        {
            ("Syrian government", "opposes", "ISIS"),
            ("Global Coalition against ISIS", "opposes", "ISIS"),
            ("Global Coalition against ISIS", "supports", "Syrian government"),
        },
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), NUSRA_YEARS)
def test_names_of_the_nusra_years(extractor, sentence, expected):
    text = "The war in Syria goes on. " + sentence
    assert rule_triples(extractor, text, day="2015-06-01") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"), SYRIAN_COPY, ids=[s[:40] for s, _ in SYRIAN_COPY]
)
def test_syrian_copy(extractor, sentence, expected):
    assert rule_triples(extractor, "The war in Syria goes on. " + sentence) == expected


def test_an_act_the_parser_made_a_passive_verbs_object_is_its_means():
    """ "militants were killed in the fight for the town as well as strikes by jets": the
    parser may make "strikes" the object of "killed" (so given here by hand, as it parsed
    such a sentence); a passive verb takes no object, so the act is how they were killed."""
    import spacy
    from spacy.tokens import Doc

    from analysis.extract.rules_nouns import _victims_clause

    vocab = spacy.blank("en").vocab

    words = ["Militants", "were", "killed", "in", "fighting", "as", "well", "as", "strikes"]
    heads = [2, 2, 2, 2, 3, 7, 7, 4, 2]
    deps = ["nsubjpass", "auxpass", "ROOT", "prep", "pobj", "advmod", "advmod", "cc", "dobj"]
    doc = Doc(vocab, words=words, heads=heads, deps=deps)
    assert _victims_clause(doc[8], doc[2])
    assert _victims_clause(doc[4], doc[2])  # the plain "in fighting"
    active = Doc(
        vocab,
        words=["Jets", "killed", "militants", "in", "strikes"],
        heads=[1, 1, 1, 1, 3],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj"],
    )
    assert not _victims_clause(active[2], active[1])  # an active verb's object is its victim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The US fired 59 Tomahawk missiles at the Shayrat air base in Syria.",
            ("United States", "opposes", "Syrian government"),
        ),
        (
            "The US struck a Syrian airbase near Homs.",
            ("United States", "opposes", "Syrian government"),
        ),
        (
            "Israeli jets struck the T4 airbase in Homs province.",
            ("Israel", "opposes", "Syrian government"),
        ),
        (
            "IS fighters attacked the Deir Ezzor military airport.",
            ("ISIS", "opposes", "Syrian government"),
        ),
    ],
)
def test_an_attack_on_a_government_air_base_is_on_the_government(extractor, text, expected):
    assert expected in triples(extractor, text, day="2017-04-07")


def test_a_strike_near_a_government_base_is_not_on_the_government(extractor):
    found = triples(extractor, "Russian strikes hit rebel positions near the Kuweires airbase.")
    assert ("Russia", "opposes", "Syrian opposition") in found
    assert ("Russia", "opposes", "Syrian government") not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "US-backed Maghawir al-Thawra fighters repelled an Islamic State attack near al-Tanf.",
            ("United States", "supports", "Syrian opposition"),
        ),
        (
            "The New Syrian Army, trained by the United States, attacked IS in al-Bukamal.",
            ("United States", "supports", "Syrian opposition"),
        ),
        (
            "The Desert Hawks Brigade attacked rebel positions in Latakia.",
            ("Syrian government", "opposes", "Syrian opposition"),
        ),
        (
            "US-led coalition jets are backing Operation Wrath of Euphrates north of Raqqa.",
            ("Global Coalition against ISIS", "supports", "SDF"),
        ),
    ],
)
def test_units_of_the_later_war_are_known(extractor, text, expected):
    assert expected in triples(extractor, text, day="2017-05-01")


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        (
            "Fighters of the Fifth Corps shelled rebel positions in Hama.",
            "2017-05-01",
            ("Syrian government", "opposes", "Syrian opposition"),
        ),
        (
            "Russian jets backed the Qalamoun Shield Forces in their push on the Islamic State.",
            "2017-05-01",
            ("Russia", "supports", "Syrian government"),
        ),
        (
            "Jaish Khalid ibn al-Walid fighters attacked rebel positions in the Yarmouk basin.",
            "2017-05-01",
            ("ISIS", "opposes", "Syrian opposition"),
        ),
        (
            "The Lions of the East Army, backed by the United States, clashed with IS fighters.",
            "2017-05-01",
            ("United States", "supports", "Syrian opposition"),
        ),
        (
            "The US-backed Syrian Arab Coalition attacked Islamic State positions.",
            "2017-05-01",
            ("United States", "supports", "SDF"),
        ),
        (
            "The US-backed Harakat Hazm fought Nusra Front fighters.",
            "2014-10-01",
            ("Syrian opposition", "opposes", "HTS"),
        ),
        (
            "Liwa al-Tawhid fighters attacked regime positions in Aleppo.",
            "2013-05-01",
            ("Syrian opposition", "opposes", "Syrian government"),
        ),
    ],
)
def test_more_units_are_known_in_their_years(extractor, text, day, expected):
    assert expected in triples(extractor, text, day=day)


def test_a_minister_is_known_by_a_short_form_while_in_office(extractor):
    text = "Prince Saud, whose country has been a major supporter of rebels, urged EU action."
    assert ("Saudi Arabia", "supports", "Syrian opposition") in triples(
        extractor, text, day="2014-01-10"
    )
    # the foreign minister until April 2015
    assert ("Saudi Arabia", "supports", "Syrian opposition") not in triples(
        extractor, text, day="2016-01-10"
    )


def test_a_unit_is_not_known_after_it_dissolved(extractor):
    # Harakat Hazm dissolved in March 2015
    found = triples(
        extractor, "The US-backed Harakat Hazm fought Nusra Front fighters.", day="2016-05-01"
    )
    assert ("Syrian opposition", "opposes", "HTS") not in found


def test_a_backer_does_not_join_a_fight_the_backed_side_has_with_itself(extractor):
    # the operation's name holds a hostile noun ("wrath"), read as the SDF opposing itself
    text = "US-led coalition jets are backing Operation Wrath of Euphrates north of Raqqa."
    found = triples(extractor, text, day="2017-05-01")
    assert ("Global Coalition against ISIS", "opposes", "SDF") not in found


def test_troops_embedded_with_a_side_support_it(extractor):
    found = triples(extractor, "US special forces are embedded with the SDF in Raqqa.")
    assert ("United States", "supports", "SDF") in found
    denied = "Washington denied that US troops were embedded with the SDF in Raqqa."
    assert ("United States", "supports", "SDF") not in triples(extractor, denied)


def test_an_object_pronoun_the_parser_made_a_subject_stands_for_no_one(extractor):
    # "it" (Aleppo) is the object of "encircle"; read as the subject of "aiming" it had
    # stood for the UN mediator named before
    text = (
        "A U.N. mediator has been struggling to broker a ceasefire in Aleppo and government "
        "forces had long been expected to try to encircle it completely aiming to drive "
        "insurgents from Syrias second city."
    )
    assert ("United Nations", "opposes", "Syrian opposition") not in triples(extractor, text)
    assert ("Russia", "opposes", "ISIS") in triples(
        extractor, "Russia said it was striking IS positions in Syria."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Tehran-backed militias fought rebels near Aleppo.",
        "Shiite militiamen attacked rebel positions near Aleppo.",
        "Iran-allied militias shelled rebel positions near Aleppo.",
    ],
)
def test_more_names_of_the_iran_backed_militias(extractor, text):
    assert ("Iran-backed militias", "opposes", "Syrian opposition") in triples(extractor, text)
