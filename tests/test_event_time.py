"""Event time and ended support: when the act a claim states held, read from its own clause,
and sentences that state the end of a relation. Every sentence here is written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.errors import KnowledgeBaseError
from analysis.extract.event_time import TimeReader, load_time_phrases
from analysis.extract.vocab import DATA_DIR
from tests.extract_support import claims

REPORT = date(2020, 5, 1)  # a Friday
WAR = date(2011, 3, 15)


@pytest.fixture(scope="module")
def reader() -> TimeReader:
    return TimeReader(load_time_phrases(DATA_DIR))


# (phrase, preposition, start, end, precision)
PHRASES = [
    ("2015", "since", date(2015, 1, 1), REPORT, "year"),
    ("2011", "in", date(2011, 1, 1), date(2011, 12, 31), "year"),
    ("March 2015", "in", date(2015, 3, 1), date(2015, 3, 31), "month"),
    ("2014 to 2017", "from", date(2014, 1, 1), date(2017, 12, 31), "year"),
    ("2014 and 2017", "between", date(2014, 1, 1), date(2017, 12, 31), "year"),
    ("2017", "until", None, date(2017, 12, 31), "year"),
    ("last year", "", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ("the early years of the war", "in", WAR, date(2014, 3, 15), "year"),
    ("the start of the war", "since", WAR, REPORT, "year"),
    ("years", "for", date(2017, 5, 1), REPORT, "year"),
    ("many years", "for", date(2015, 5, 1), REPORT, "year"),
    ("more than a decade", "for", date(2010, 5, 2), REPORT, "year"),
    ("the past three years", "over", date(2017, 5, 2), REPORT, "year"),
    ("recent days", "in", date(2020, 4, 17), REPORT, "day"),
    ("mid-2016", "in", date(2016, 5, 1), date(2016, 8, 31), "month"),
    ("late 2017", "in", date(2017, 9, 1), date(2017, 12, 31), "month"),
    ("Monday", "on", date(2020, 4, 27), date(2020, 4, 27), "day"),
    ("2019", "before", None, date(2018, 12, 31), "year"),
]


@pytest.mark.parametrize(("phrase", "prep", "start", "end", "precision"), PHRASES)
def test_time_phrases_are_dated(reader, phrase, prep, start, end, precision):
    found = reader.read_phrase(phrase, prep, REPORT, WAR)
    assert (found.start, found.end, found.precision, found.source) == (
        start,
        end,
        precision,
        "sentence",
    )


@pytest.mark.parametrize(
    ("phrase", "prep"),
    [
        ("2021", "in"),  # after the report
        ("two years", "after"),  # not a look back from the report
        ("the time", "at"),
        ("45", ""),  # a count spaCy tagged DATE: dateparser reads 1945
        ("12", ""),  # ... December
        ("1211", ""),  # a four-digit number that no report of this century means as a year
        ("1514", "at"),  # a time of day in wire copy
        ("1945", "at"),
        ("1945 GMT", "at"),
    ],
)
def test_phrases_that_date_no_act_are_ignored(reader, phrase, prep):
    assert reader.read_phrase(phrase, prep, REPORT, WAR) is None


def test_war_phrases_need_the_theaters_start(reader):
    assert reader.read_phrase("the early years of the war", "in", REPORT, None) is None


# -- sentences: the time of the claim's own clause ----------------------------------------------

# (sentence, article day, (supporter, target), event_start, event_end, time_source)
SENTENCES = [
    (
        "Russia, Assad's main military backer since 2015, said he had left the country.",
        "2024-12-08",
        ("Russia", "Syrian government"),
        "2015-01-01",
        "2024-12-08",
        "sentence",
    ),
    (
        "Saudi Arabia was among the main backers of rebels fighting Assad in the early years "
        "of the war, but it has since restored ties with Damascus.",
        "2023-05-07",
        ("Saudi Arabia", "Syrian opposition"),
        "2011-03-15",
        "2014-03-15",
        "sentence",
    ),
    (
        "Iran armed the Houthis from 2015 to 2018.",
        "2020-05-01",
        ("Iran", "Houthis"),
        "2015-01-01",
        "2018-12-31",
        "sentence",
    ),
    (
        "The UAE backed Haftar until 2019.",
        "2020-05-01",
        ("United Arab Emirates", "LNA"),
        None,
        "2019-12-31",
        "sentence",
    ),
    (
        "Russia has armed Haftar for years.",
        "2020-05-01",
        ("Russia", "LNA"),
        "2017-05-01",
        "2020-05-01",
        "sentence",
    ),
    (
        "Turkey sent drones to the GNA last year.",
        "2020-05-01",
        ("Turkey", "GNA"),
        "2019-01-01",
        "2019-12-31",
        "sentence",
    ),
    (  # past perfect, no time phrase: some time up to the report
        "Jordan had trained Syrian rebels.",
        "2020-05-01",
        ("Jordan", "Syrian opposition"),
        None,
        "2020-05-01",
        "sentence",
    ),
    (  # no time phrase: the article's day
        "Turkey backs the GNA.",
        "2020-05-01",
        ("Turkey", "GNA"),
        "2020-05-01",
        "2020-05-01",
        "article",
    ),
    (  # the day belongs to the main clause, not to the relative clause of the backing
        "US forces, which back the Kurdish-led SDF in eastern Syria, struck Islamic State "
        "camps in the desert on Sunday.",
        "2024-12-08",
        ("United States", "SDF"),
        "2024-12-08",
        "2024-12-08",
        "article",
    ),
    (  # ... while the relative clause's own "since" dates it, not the main clause's day
        "Russia, which has backed Haftar since 2019, said on Tuesday that its contractors "
        "would stay.",
        "2020-05-01",
        ("Russia", "LNA"),
        "2019-01-01",
        "2020-05-01",
        "sentence",
    ),
    (  # two clauses, two times
        "Russia has armed Haftar since 2019, and Turkey sent drones to the GNA on Monday.",
        "2020-05-01",
        ("Turkey", "GNA"),
        "2020-04-27",
        "2020-04-27",
        "sentence",
    ),
]


@pytest.mark.parametrize(("text", "day", "pair", "start", "end", "source"), SENTENCES)
def test_claims_are_dated_by_their_clause(extractor, text, day, pair, start, end, source):
    found = [c for c in claims(extractor, text, day=day) if (c.supporter, c.target) == pair]
    assert found, f"no claim {pair} in {text!r}"
    claim = found[0]
    assert (claim.event_start, claim.event_end, claim.time_source) == (start, end, source)
    assert claim.date == day or source == "sentence"  # the report's day stays in `date`


# Bare numbers spaCy tags DATE that name no year: the claim keeps the article's day.
NUMBERS_NOT_YEARS = [
    "Russian air strikes on rebel-held areas kill 45 after opposition fire on Damascus.",
    "Russian warplanes struck rebel positions near Idlib at 1945 GMT, a monitor said.",
    "At 1514 Russian jets bombed rebel positions in Idlib.",
    "Russian jets pounded rebel positions in 1211 raids.",
]


@pytest.mark.parametrize("text", NUMBERS_NOT_YEARS)
def test_counts_and_clock_times_do_not_date_a_claim(extractor, text):
    found = [c for c in claims(extractor, text, day="2016-05-01") if c.supporter == "Russia"]
    assert found, text
    assert {(c.event_start, c.event_end, c.time_source) for c in found} == {
        ("2016-05-01", "2016-05-01", "article")
    }


def test_undated_article_still_dates_by_named_years(extractor):
    found = claims(extractor, "Iran armed the Houthis from 2015 to 2018.", day=None)
    assert (found[0].event_start, found[0].event_end) == ("2015-01-01", "2018-12-31")
    found = claims(extractor, "Russia has armed Haftar since 2019.", day=None)
    assert (found[0].event_start, found[0].event_end) == ("2019-01-01", None)
    # relative to a report that has no date: unknown
    assert claims(extractor, "Russia has armed Haftar for years.", day=None)[0].event_start is None


def test_undated_article_gives_no_event_time(extractor):
    (claim,) = claims(extractor, "Turkey backs the GNA.", day=None)
    assert (claim.event_start, claim.event_end, claim.time_precision, claim.time_source) == (
        None,
        None,
        "",
        "",
    )


# -- support that ends ----------------------------------------------------------------------------

# (sentence, (supporter, target), event_start, event_end)
ENDINGS = [
    ("The United States stopped arming the Syrian rebels in 2017.", None, "2017-01-01"),
    ("Saudi Arabia ended its support for the Syrian rebels in 2017.", None, "2017-01-01"),
    ("Washington cut off aid to the Free Syrian Army in late 2017.", None, "2017-09-01"),
    ("Jordan halted its backing of the rebels in southern Syria last year.", None, "2019-01-01"),
    ("Russia no longer backs Haftar.", None, "2020-05-01"),
    ("Qatar, a former backer of the Syrian rebels, has restored ties with Damascus.", None, None),
    ("Turkey once backed the Syrian rebels.", None, None),
    ("Washington abandoned the Syrian Democratic Forces last year.", None, "2019-01-01"),
]


@pytest.mark.parametrize(("text", "_", "start"), ENDINGS)
def test_ended_support_is_a_claim_with_phase_ended(extractor, text, _, start):
    found = claims(extractor, text, day="2020-05-01")
    assert found, text
    assert {(c.relation, c.phase) for c in found} == {("supports", "ended")}
    if start is not None:
        assert found[0].event_start == start


def test_withdrawing_own_people_ends_the_support_the_sentence_states(extractor):
    text = (
        "Iran, whose Revolutionary Guards had propped up the Syrian government for more than a "
        "decade, had withdrawn many of its personnel in recent days."
    )
    found = claims(extractor, text, day="2024-12-08")
    phases = {(c.supporter, c.target, c.phase): c for c in found}
    active = phases[("Iran", "Syrian government", "active")]
    ended = phases[("Iran", "Syrian government", "ended")]
    assert active.event_start == "2014-12-09" and active.event_end == "2024-12-08"
    assert ended.rule == "withdrawal" and ended.event_start == "2024-11-24"


def test_another_subjects_withdrawal_ends_nothing(extractor):
    text = (
        "Iran, one of Assad's key backers, said it would help Damascus, though Hezbollah, "
        "weakened by a year of war with Israel, has pulled many of its fighters out of Syria."
    )
    found = claims(extractor, text, day="2024-11-30")
    assert ("Iran", "ended") not in {(c.supporter, c.phase) for c in found}


def test_a_withdrawal_ends_the_one_support_the_article_states(extractor):
    text = (
        "Iran has backed Assad's government since 2011. "
        "On Tuesday Iran withdrew its military advisers from Syria."
    )
    ended = [c for c in claims(extractor, text, day="2020-05-01") if c.phase == "ended"]
    assert [(c.supporter, c.target, c.event_start, c.rule) for c in ended] == [
        ("Iran", "Syrian government", "2020-04-28", "withdrawal_in_context")
    ]
    # the quote is the withdrawal; the target is named elsewhere in the article
    assert ended[0].sentence.startswith("On Tuesday Iran withdrew")
    assert (ended[0].tgt_start, ended[0].target_text) == (-1, "")


@pytest.mark.parametrize(
    "text",
    [
        # two sides backed: which one lost a backer is not stated
        "Iran backs the Syrian government and the Houthis. Iran withdrew its advisers on Monday.",
        # another actor's withdrawal
        "Russia has backed Haftar since 2019. Turkey withdrew its advisers on Monday.",
        # another theater
        "Iran has backed Assad's government since 2011. Iran withdrew its advisers from Yemen.",
    ],
)
def test_a_withdrawal_without_one_known_side_ends_nothing(extractor, text):
    assert {c.phase for c in claims(extractor, text, day="2020-05-01")} == {"active"}


def test_withdrawing_something_else_than_people_ends_nothing(extractor):
    # the advisers stand deep inside the object: the convoy was withdrawn, not they
    text = (
        "Iran has backed Assad's government since 2011. "
        "Iran withdrew the convoy carrying supplies that its advisers had ordered."
    )
    assert {c.phase for c in claims(extractor, text, day="2020-05-01")} == {"active"}


def test_withdrawing_from_a_place_alone_ends_nothing(extractor):
    # no faction is named: which side lost a backer is not stated, so nothing is claimed
    assert claims(extractor, "Iran withdrew its military advisers from Syria.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Egypt did not stop arming Haftar's forces.",
        "Turkey did not end its support for the GNA.",
        "Washington did not abandon the Syrian Democratic Forces.",
        "The United States has not ended the programme that trained and armed the Syrian rebels.",
    ],
)
def test_an_ending_that_is_denied_leaves_the_support_active(extractor, text):
    found = claims(extractor, text, day="2020-05-01")
    assert found and {c.phase for c in found} == {"active"}


@pytest.mark.parametrize(
    "text",
    [
        # the parser hangs the infinitive on the end verb, right after the scheme
        "Trump ended the CIA program to arm Syrian rebels.",
        # ... or on the noun, and a coordinated act ends with the first
        "Washington halted its program to train and equip Syrian rebels.",
    ],
)
def test_ending_a_scheme_ends_the_act_it_carries_out(extractor, text):
    found = claims(extractor, text, day="2017-07-20")
    assert [(c.supporter, c.target, c.phase) for c in found] == [
        ("United States", "Syrian opposition", "ended")
    ]


def test_a_scheme_launched_or_kept_is_not_ended(extractor):
    for text in (
        "Washington launched a program to arm Syrian rebels.",
        "Washington did not end its program to arm Syrian rebels.",
    ):
        found = claims(extractor, text, day="2017-07-20")
        assert found and {c.phase for c in found} == {"active"}, text


# An end word or a past marker in the sentence that ends none of its relations: a modal
# ending, a far "once" in text without commas, a truce that ends "with" an attack.
NOT_ENDED = [
    "Under the deal Syrian government forces would halt air strikes on rebel-held areas.",
    "The village of Kafr Nabl once a regime garrison was overrun by rebel fighters last week.",
    "The truce ended on Monday with the rebels launching attacks on government-held areas.",
]


@pytest.mark.parametrize("text", NOT_ENDED)
def test_end_words_that_end_no_act_leave_the_relation_active(extractor, text):
    found = claims(extractor, text, day="2020-05-01")
    assert found and {c.phase for c in found} == {"active"}


def test_a_model_claim_anchored_on_an_end_verb_ends_only_an_act(extractor):
    """A model claim hangs on the pair's common ancestor: "cut" in "cut the main road to
    rebel-held districts" ends no relation, "stopped" in "stopped arming" does."""
    from analysis.extract.frame import Frame
    from analysis.extract.vocab import load_cues

    frame = Frame(load_cues())
    words = {}
    for text, verb, phase in [
        ("Regime troops cut the main road to rebel-held districts.", "cut", "active"),
        ("Regime troops cut the supply road that Kurdish forces used.", "cut", "active"),
        ("Washington stopped arming the Syrian rebels.", "stopped", "ended"),
        ("Iran withdrew its advisers from the front.", "withdrew", "ended"),
        # an anchor below the end verb: the verb's object must be an act
        ("Kurdish fighters cut off ISIS near the border.", "ISIS", "active"),
        ("Washington stopped arming the Syrian rebels.", "arming", "ended"),
        # an ending proposed or aimed at is no deed
        ("The army proposed a program to end the siege of rebel-held Aleppo.", "siege", "active"),
        ("The army opened corridors in order to end the siege of Aleppo.", "siege", "active"),
    ]:
        (words[verb],) = [t for t in extractor.nlp(text) if t.text == verb]
        assert frame.status(words[verb], anchor=True)[2] == phase, text
    # an end verb a rule chose as its cue ends the relation it reads ("ended a programme
    # that armed the rebels"): the rule, not the word's object, says what ends
    assert frame.status(words["cut"])[2] == "ended"


def test_a_denied_ending_is_rejected(extractor):
    from analysis.models import Article

    result = extractor.extract(
        Article(text="Turkey denied that it had stopped arming the GNA.", date="2020-05-01")
    )
    assert result.claims == [] and {c.status for c in result.rejected} == {"negated"}


# -- the data file is checked on load -------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("(unclosed,report,-3y,0,year", "not a valid expression"),
        ("for ages,era,-3y,0,year", "anchor must be"),
        ("for ages,report,-3y,0,hour", "precision must be"),
        ("for ages,report,-3 years,0,year", "is not 0, -n or like -3y"),
        ("for ages,report,-n,0,year", "no n or unit"),
    ],
)
def test_bad_time_phrase_rows_name_file_and_line(tmp_path, row, message):
    header = ",".join(("phrase", "anchor", "start", "end", "precision"))
    (tmp_path / "time_phrases.csv").write_text(f"# comment\n{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=rf"time_phrases.csv:3: .*{message}"):
        load_time_phrases(tmp_path)
