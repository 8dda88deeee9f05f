"""Event time: when the act a claim states held, read from its sentence and clause.

"Russia, Assad's main military backer since 2015, said ..." in a 2024 article is support from
2015 to the report, not support on the day of the report. A claim's event time is a period
(`EventTime`): the time phrase of the cue's own clause (a spaCy DATE entity, or a phrase of
`data/time_phrases.csv` such as "in the early years of the war" or "for more than a decade"),
read with its preposition ("since", "until", "from ... to", "between ... and") and dated by
dateparser against the article's day; a past perfect clause with no time phrase places the
act before the report; otherwise the article's day stands, and with no article day the time
is unknown.

A time phrase belongs to the claim when it hangs from the cue itself or from the verb of the
cue's clause; "US forces, which back the SDF, struck camps on Sunday" does not date the
backing by Sunday.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from analysis.errors import KnowledgeBaseError
from analysis.extract.dates import parser_for
from analysis.kb import data_rows

TIME_PHRASES_FILE = "time_phrases.csv"
PHRASE_COLUMNS = ("phrase", "anchor", "start", "end", "precision")
PRECISIONS = ("day", "month", "year")
ANCHORS = ("war", "report")

# Prepositions that say how a time phrase bounds the act.
SINCE = {"since", "from"}
UNTIL = {"until", "till", "through", "to"}
DURING = {"in", "on", "during", "throughout", "for", "over", "at", "by", "within"}
_PREPOSITIONS = SINCE | UNTIL | DURING | {"between", "before", "after"}
# Prepositions before a counted span that make it a look back from the report ("for years").
LOOK_BACK = {"for", "over", "during", "in", "throughout", "within", ""}
# "2014 to 2017", "between 2014 and 2017", "2011-2014": two ends of one period.
_RANGE = re.compile(r"^(?:from\s+|between\s+)?(.+?)\s*(?:\bto\b|\buntil\b|\band\b|-|–)\s*(.+)$")
# "early 2013", "mid-2016", "late 2017", "the summer of 2015": a part of a year.
_PART = re.compile(
    r"^(?:the\s+)?(early|mid|late|spring|summer|autumn|fall|winter)(?:-|\s+(?:of\s+)?)(\d{4})$"
)
_PART_MONTHS = {
    "early": (1, 4),
    "spring": (3, 5),
    "mid": (5, 8),
    "summer": (6, 8),
    "late": (9, 12),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 12),
}
_DECADE = re.compile(r"^(?:the\s+)?(?:early\s+|late\s+)?(\d{3})0s$")
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "several": 3,
    "few": 3,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}
_OFFSET = re.compile(r"^(-?)(\d+)([dmy])$")
_WEEKDAY = re.compile(r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")
# A phrase dateparser could read but that names no time of the act.
_NOT_A_TIME = re.compile(r"^(?:now|today|the time|time|once|the day|the year|a year)$")


@dataclass(frozen=True)
class EventTime:
    """When a stated act held: inclusive bounds (None: unbounded on that side), how exactly
    they are known, and whether the sentence or only the article's day gave them."""

    start: date | None
    end: date | None
    precision: str
    source: str

    def fields(self) -> dict:
        return {
            "event_start": self.start.isoformat() if self.start else None,
            "event_end": self.end.isoformat() if self.end else None,
            "time_precision": self.precision,
            "time_source": self.source,
        }


UNKNOWN = EventTime(None, None, "", "")


@dataclass(frozen=True)
class TimePhrase:
    pattern: re.Pattern  # the whole phrase
    finder: re.Pattern  # the phrase as whole words inside a sentence
    anchor: str
    start: str
    end: str
    precision: str


def load_time_phrases(data_dir: Path) -> list[TimePhrase]:
    """The rows of `time_phrases.csv`, each checked: a valid expression, a known anchor and
    precision, offsets in the file's notation."""
    path = Path(data_dir) / TIME_PHRASES_FILE
    phrases = []
    for lineno, row in data_rows(path, PHRASE_COLUMNS):
        where = f"{path}:{lineno}"
        try:
            pattern = re.compile(rf"(?i)^(?:{row['phrase']})$")
            finder = re.compile(rf"(?i)\b(?:{row['phrase']})\b")
        except re.error as err:
            raise KnowledgeBaseError(f"{where}: phrase is not a valid expression ({err})") from None
        if row["anchor"] not in ANCHORS:
            raise KnowledgeBaseError(f"{where}: anchor must be one of {ANCHORS}")
        if row["precision"] not in PRECISIONS:
            raise KnowledgeBaseError(f"{where}: precision must be one of {PRECISIONS}")
        for side in ("start", "end"):
            value = row[side]
            if value and value not in ("0", "-n") and not _OFFSET.match(value):
                raise KnowledgeBaseError(f"{where}: {side} {value!r} is not 0, -n or like -3y")
            if value == "-n" and "(?P<n>" not in row["phrase"] and "(?P<unit>" not in row["phrase"]:
                raise KnowledgeBaseError(f"{where}: {side} is -n but the phrase has no n or unit")
        phrases.append(
            TimePhrase(pattern, finder, row["anchor"], row["start"], row["end"], row["precision"])
        )
    return phrases


def _shift(day: date, value: str, n: int = 0, unit: str = "year") -> date:
    if value == "0":
        return day
    if value == "-n":
        return day - timedelta(days=n * _UNIT_DAYS[unit])
    sign, number, letter = _OFFSET.match(value).groups()
    amount = -int(number) if sign else int(number)
    if letter == "d":
        return day + timedelta(days=amount)
    months = amount * (12 if letter == "y" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, 28))


def _year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def _month_end(y: int, m: int) -> date:
    return (date(y + m // 12, m % 12 + 1, 1)) - timedelta(days=1)


class TimeReader:
    """Reads the event time of a claim from its cue's sentence."""

    def __init__(self, phrases: list[TimePhrase]) -> None:
        self.phrases = phrases

    # -- dating one phrase ---------------------------------------------------------------
    def read_phrase(self, text: str, prep: str, report: date, war: date | None) -> EventTime | None:
        """The period a time phrase names, with the preposition before it; None when it
        names no time of the act (a duration after "in", a future day, an unreadable one)."""
        phrase = re.sub(r"\s+", " ", text.strip().strip(",")).strip()
        low = phrase.lower()
        if _CLOCK.fullmatch(low) or (prep == "at" and re.fullmatch(r"\d{4}", low)):
            return None  # "at 1945 GMT", "at 1514": a time of day
        if prep == "between" or (prep in SINCE and re.search(r"\b(?:to|until)\b", low)):
            low = f"{prep} {low}"
            prep = ""
        found = self._from_table(low, prep, report, war)
        if found is None:
            ends = _RANGE.match(low) if not _PART.match(low) else None
            if ends and prep not in UNTIL:
                first = self._period(ends.group(1), report)
                last = self._period(ends.group(2), report)
                if first and last and first[0] <= last[1]:
                    found = (first[0], last[1], first[2])
            if found is None:
                found = self._period(low, report)
            if found is None:
                return None
        if prep in SINCE:
            found = (found[0], report, found[2])
        start, end, precision = found
        if prep in UNTIL:
            start = None
        elif prep == "before":
            start, end = None, (start or end) - timedelta(days=1)
        elif prep == "after":
            start, end = (end or start) + timedelta(days=1), report
        if start is not None and start > report:
            return None  # "elections planned for December": not yet
        if end is not None and end > report:
            end = report
        return EventTime(start, end, precision, "sentence")

    def _from_table(
        self, low: str, prep: str, report: date, war: date | None
    ) -> tuple[date | None, date | None, str] | None:
        for row in self.phrases:
            match = row.pattern.match(low)
            if not match:
                continue
            groups = match.groupdict()
            counted = (groups.get("n") or groups.get("unit")) and row.anchor == "report"
            if counted and prep not in LOOK_BACK:
                return None  # "after two years", "since three years": not a look back
            anchor = war if row.anchor == "war" else report
            if anchor is None:
                return None
            unit = (groups.get("unit") or "year").rstrip("s")
            n = _NUMBERS.get(groups.get("n") or "", 0)
            if groups.get("n") and groups["n"].isdigit():
                n = int(groups["n"])
            if groups.get("n") and not n:
                continue  # "many years": a later row says how many
            if groups.get("unit") and not groups.get("n"):
                n = 1
            start = _shift(anchor, row.start, n, unit) if row.start else None
            end = _shift(anchor, row.end, n, unit) if row.end else None
            precision = "day" if unit in ("day", "week") else row.precision
            return start, end, precision
        return None

    def _period(self, low: str, report: date) -> tuple[date, date, str] | None:
        """(first day, last day, precision) of a date phrase: a year, a month, a day, a
        part of a year, a decade, or a phrase relative to the report ("last year")."""
        low = re.sub(r"^(?:the\s+)?(?:year|month)\s+(?:of\s+)?", "", low.strip())
        if not low or _NOT_A_TIME.match(low):
            return None
        if part := _PART.match(low):
            first, last = _PART_MONTHS[part.group(1)]
            y = int(part.group(2))
            return date(y, first, 1), _month_end(y, last), "month"
        if decade := _DECADE.match(low):
            y = int(decade.group(1)) * 10
            return date(y, 1, 1), date(y + 9, 12, 31), "year"
        if re.fullmatch(r"\d+", low):
            # A bare number is a year only when it reads as one; dateparser would take the
            # "45" of "strikes kill 45" for 1945, "12" for December, a page counter for 1211.
            return (*_year(int(low)), "year") if _YEAR.fullmatch(low) else None
        if _WEEKDAY.match(low) and low == report.strftime("%A").lower():
            return report, report, "day"
        if not re.search(r"\d|\b(?:last|ago|yesterday|this|previous|" + _MONTHS + r")\b", low) and (
            not _WEEKDAY.match(low)
        ):
            return None
        found = self._parser(report).get_date_data(low)
        if found.date_obj is None:
            return None
        day = found.date_obj.date()
        if found.period == "year":
            return (*_year(day.year), "year")
        if found.period == "month":
            return date(day.year, day.month, 1), _month_end(day.year, day.month), "month"
        if day > report and day - report < timedelta(days=366):
            day = day.replace(year=day.year - 1)
        return day, day, "day"

    def _parser(self, report: date) -> DateDataParser:
        return parser_for(report)

    # -- finding the phrase of a claim -----------------------------------------------------
    def phrases_in(self, sent: Span) -> Iterator[Span]:
        """The time phrases of a sentence: spaCy's DATE entities, and the table's phrases
        after a preposition (which may contain or extend an entity)."""
        doc = sent.doc
        spans = [e for e in sent.ents if e.label_ == "DATE"]
        text = sent.text
        for row in self.phrases:
            for m in row.finder.finditer(text):
                span = doc.char_span(
                    sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
                )
                before = doc[span.start - 1] if span is not None and span.start > 0 else None
                if span is None or before is None or before.lower_ not in _PREPOSITIONS:
                    continue
                spans = [s for s in spans if not (s.start >= span.start and s.end <= span.end)]
                if not any(s.start <= span.start and s.end >= span.end for s in spans):
                    spans.append(span)
        return iter(sorted(spans, key=lambda s: s.start))

    def of_claim(self, cue: Token, report: date | None, war: date | None) -> EventTime:
        """The event time of the act `cue` states. With no article date only a phrase that
        names its years ("since 2015", "from 2014 to 2017") dates the act, and an open end
        ("since") stays unknown."""
        clause = clause_verb(cue)
        best: tuple[int, EventTime] | None = None
        for span in self.phrases_in(cue.sent):
            if not belongs(span, cue, clause):
                continue
            prep = _preposition(span)
            if report is not None:
                found = self.read_phrase(span.text, prep, report, war)
            elif _YEAR.search(span.text):
                found = self.read_phrase(span.text, prep, _NO_REPORT, war)
                if found is not None:
                    found = EventTime(
                        found.start,
                        None if found.end == _NO_REPORT else found.end,
                        found.precision,
                        found.source,
                    )
            else:
                continue
            if found is None:
                continue
            distance = min(abs(t.i - cue.i) for t in span)
            if best is None or distance < best[0]:
                best = (distance, found)
        if best is not None:
            return best[1]
        if report is None:
            return UNKNOWN
        if _past_perfect(clause):
            return EventTime(None, report, "day", "sentence")
        return EventTime(report, report, "day", "article")


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# A time of day as wire copy writes it: "1945 GMT", "07:30 local time", "1400 hrs".
_CLOCK = re.compile(r"\d{1,2}:?\d{2}\s*(?:gmt|utc|hrs|hours|local time)")
# The day an undated article's phrases are read against: far enough ahead that it never
# bounds a named year; a bound equal to it means "the report", which is unknown.
_NO_REPORT = date(2199, 12, 31)

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)


def _preposition(span: Span) -> str:
    """The preposition that governs a time phrase ("since 2015"), or ""."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in _PREPOSITIONS:
        return doc[span.start - 1].lower_
    head = span.root.head
    if head.dep_ == "prep" and head.lower_ in _PREPOSITIONS and head.i < span.start:
        return head.lower_
    return ""


def clause_verb(tok: Token) -> Token:
    """The verb of the clause `tok` stands in (itself when a verb), or the sentence root.
    Non-finite modifiers ("rebels fighting Assad") share the time of the clause around them."""
    while True:
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("acl", "aux", "auxpass"):
            return tok
        if tok.head.i == tok.i:
            return tok
        tok = tok.head


def belongs(span: Span, cue: Token, clause: Token) -> bool:
    """Whether the time phrase hangs from the cue or from the verb of the cue's clause."""
    tok = span.root
    if span.start <= cue.i < span.end:
        return False
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.i == cue.i:
            return True
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("acl", "aux", "auxpass"):
            return tok.i == clause.i
    return tok.i == clause.i


def _past_perfect(verb: Token) -> bool:
    """ "had backed", "had been propping up": an act before the report."""
    if verb.tag_ != "VBN" and verb.tag_ != "VBG":
        return False
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)
