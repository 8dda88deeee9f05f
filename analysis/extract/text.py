"""Offset-safe cleaning: unify quotes and dashes and blank out datelines and page
furniture (data/boilerplate.csv), so that every offset in the cleaned text is an offset in
the original."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from analysis.errors import KnowledgeBaseError
from analysis.kb import data_rows
from analysis.text import SAME_LENGTH

BOILERPLATE = Path(__file__).resolve().parent.parent / "data" / "boilerplate.csv"
COMMAS = Path(__file__).resolve().parent.parent / "data" / "commas.csv"

_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "TRIPOLI, June 14, 2020 (Sample Desk) - " or "GAZIANTEP, Turkey, Aug 24 - " at a line
# start: where the reporter filed from, not an actor, so the parser never sees it.
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z'.]{2,}(?:[ -][A-Z][A-Z'.]+)*"
    r"(?:,[ \t]+[A-Z][A-Za-z .]{1,30}?)?"
    rf"(?:,?[ \t]+{_MONTH_RE}[ \t]+\d{{1,2}}(?:,[ \t]+\d{{4}})?)?"
    r"(?:[ \t]+\([^()\n]{1,60}\))?"
    r"[ \t]*[-\u2013\u2014][ \t]",
    re.MULTILINE,
)


@lru_cache(maxsize=4)
def boilerplate_patterns(path: Path = BOILERPLATE) -> tuple[re.Pattern, ...]:
    """The page-furniture patterns, compiled; a bad one is refused with its line."""
    out = []
    hint = "quote a pattern that holds a comma"
    for number, row in data_rows(path, ("pattern", "what"), hint=hint):
        try:
            out.append(re.compile(row["pattern"], re.DOTALL))
        except re.error as err:
            raise KnowledgeBaseError(f"{path}, line {number}: bad pattern ({err})") from err
    return tuple(out)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def evidence_span(
    text: str, start: int, end: int, spans: Iterable[tuple[int, int]]
) -> tuple[int, int]:
    """The stretch of `text[start:end]` (a parsed sentence) to quote for a claim whose words
    are `spans`: the paragraphs, split at blank lines, from the first to the last that holds
    one of them. A headline the parser ran into the first sentence, and the blank lines
    after a sentence, stay out of the quote (`trim_span` then drops the spaces left)."""
    inside = [(s, e) for s, e in spans if start <= s and e <= end]
    first = min((s for s, _ in inside), default=start)
    last = max((e for _, e in inside), default=end)
    lo, hi = start, end
    for match in _BLANK_LINE.finditer(text, start, end):
        if match.end() <= first:
            lo = match.end()
        elif match.start() >= last:
            hi = match.start()
            break
    return lo, hi


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """`start, end` moved inwards past whitespace, so `text[start:end]` is stripped. Run on
    the original text: cleaning blanks a dateline, which the evidence keeps."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?[ \t]+"
_DATE = re.compile(
    r"(?:(?:Published|Posted|Updated|Date of publication)(?:[ \t]+on)?:?[ \t]+)?"
    rf"(?:{_WEEKDAY})?"
    rf"(?:\d{{1,2}}[ \t]+{_MONTH_RE}[ \t]+\d{{4}}|{_MONTH_RE}[ \t]+\d{{1,2}},?[ \t]+\d{{4}}"
    r"|\d{1,2}-\d{1,2}-\d{4})"
)
# A news agency credited between a headline and its lead ("... Monitor AFP Eleven children
# were killed", "Aleppo SANA-Terrorist organizations fired").
_CREDIT = re.compile(
    r"\b(?:AFP|AP|Reuters|SANA|Anadolu|TRT|IRNA|Xinhua|DPA)(?:[ \t]*-[ \t]*|[ \t]+)"
)
HEADER_CHARS = 400
_GOVERNING = frozenset(
    {"on", "in", "of", "since", "until", "from", "by", "to", "at", "before", "after"}
    | {"between", "and", "or", "told", "said", "says"}
)


def header_breaks(text: str, title: str = "") -> list[int]:
    """Where sentences start in an article's header, which copy scraped without its line
    breaks runs together: a date ("Thursday 25 Aug 2016", "Published February 18 2015")
    and an agency credit ("AFP") each end what came before, and what follows them starts
    anew ("Barrel bomb attack kills 11 children Monitor AFP Eleven children were killed"
    is a headline and a lead). The article's `title`, when the header repeats it, is a
    sentence of its own too ("Air strikes kill 20 fighters Monitor US-led air strikes
    killed 20 fighters": the title ends at "Monitor"). Only the header counts: the text up
    to its first full stop, at most HEADER_CHARS characters. Offsets into `text`,
    ascending."""
    stop = text.find(". ")
    end = min(HEADER_CHARS, stop if stop >= 0 else len(text))
    head = text[:end]
    breaks = _title_breaks(text, head, title)
    for pattern in (_DATE, _CREDIT):
        for match in pattern.finditer(head):
            after = match.end()
            while after < end and text[after].isspace():
                after += 1
            if after >= end or not (text[after].isupper() or text[after].isdigit()):
                continue  # "Reuters reported", "on May 3 2016."
            before = head[: match.start()].split()
            if before and before[-1].lower() in _GOVERNING:
                continue  # "reported on May 3 2016 Russia ...": part of the sentence
            if before:
                breaks.add(match.start())
            breaks.add(after)
    return sorted(breaks)


def _title_breaks(text: str, head: str, title: str) -> set[int]:
    """Where a title of at least three words that `head` repeats starts, and where the
    text after it starts when that is a capital or a digit (a title that is the start of
    a longer sentence, "Russia backs Assad forces in ...", is not cut)."""
    words = title.split()
    if len(words) < 3:
        return set()
    found = re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", head)
    if found is None:
        return set()
    breaks = {found.start()} if found.start() > 0 else set()
    after = found.end()
    while after < len(text) and text[after].isspace():
        after += 1
    if after < len(text) and (text[after].isupper() or text[after].isdigit()):
        breaks.add(after)
    return breaks


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def clean_text(text: str) -> str:
    """Unify quotes and dashes, blank out datelines and page furniture and restore the
    commas the parser needs (`restore_commas`), without changing any offset."""
    text = _DATELINE.sub(_blank, text.translate(SAME_LENGTH))
    for pattern in boilerplate_patterns():
        text = pattern.sub(_blank, text)
    return restore_commas(text)


def restore_commas(text: str, path: Path = COMMAS) -> str:
    """Put back, as commas, the spaces `data/commas.csv` names: where copy stripped of its
    punctuation lost a comma the parser needs. One character for one, so no offset moves."""
    gaps = [m.start("gap") for pattern in comma_patterns(path) for m in pattern.finditer(text)]
    if not gaps:
        return text
    chars = list(text)
    for at in gaps:
        chars[at] = ","
    return "".join(chars)


@lru_cache(maxsize=4)
def comma_patterns(path: Path = COMMAS) -> tuple[re.Pattern, ...]:
    """The comma patterns, compiled; a row that is not a pattern with one single-space
    `gap` group is refused with its line."""
    out = []
    for number, row in data_rows(
        path, ("pattern", "what"), hint="quote a pattern that holds a comma"
    ):
        try:
            pattern = re.compile(row["pattern"])
        except re.error as err:
            raise KnowledgeBaseError(f"{path}, line {number}: bad pattern ({err})") from err
        if "gap" not in pattern.groupindex:
            raise KnowledgeBaseError(f"{path}, line {number}: the pattern has no group 'gap'")
        out.append(pattern)
    return tuple(out)
