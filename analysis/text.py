"""Text and dates as the layers above read them: the duplicate key of a text, ISO dates, and
the one dateline grammar ("TRIPOLI, June 14, 2020 (Outlet) -") with its date parser.

A date is only ever read from what a file says, never filled in from today.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

# Quote, apostrophe, dash and space variants to their plain form, one character for one, so
# that offsets never move: the one table for alias lookup, for the text the parser reads and
# for duplicate detection.
SAME_LENGTH = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u00a0": " ",
    }
)


def fold_for_duplicates(text: str) -> str:
    """Text as compared for duplicates: NFKC, quotes and dashes unified, casefolded,
    whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(SAME_LENGTH).casefold()
    return " ".join(text.split())


def parse_iso_date(value: str) -> date | None:
    """Exactly an ISO date ("2020-06-14"), as a URL or a form gives it; None otherwise."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def to_date(value: str | date | None) -> date | None:
    """A stored date (an ISO string, perhaps with a time after it, or a date) as a date;
    None when absent or not a valid date."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


DATELINE_LINES = 5  # how many non-empty lines at the top may hold a dateline

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = (
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
)
# "TRIPOLI, June 14, 2020 (Outlet) -", "June 14, 2020 -", "Date: 2020-06-14", "2020-06-14".
_DATELINE = re.compile(
    rf"^\s*(?:(?:date|published|posted|updated)\s*:\s*)?"
    rf"(?:[^\W\d][\w .'/-]{{0,40}}?,\s*)?"
    rf"(?P<date>{_DATE})"
    rf"(?:\s*\((?P<outlet>[^()]{{1,60}})\))?"
    rf"\s*(?:[-\u2013\u2014:|]|$)",
    re.IGNORECASE,
)


def normalise_date(value: object) -> str | None:
    """A date from metadata as YYYY-MM-DD, or None when absent or unparseable.

    Never fills in missing parts from today: a bare month or year is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat() if 1900 <= value.year <= 2100 else None
    text = str(value).strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])", text)
    if iso:
        try:
            return normalise_date(date(*map(int, iso.groups())))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["custom-formats", "absolute-time"],  # no "yesterday": never today
        },
    )
    return normalise_date(parsed) if parsed else None


def find_dateline(text: str) -> tuple[str | None, str]:
    """The date (YYYY-MM-DD) of a dateline in the first lines of `text`, and the outlet
    named in parentheses after it ("" if none); (None, "") when there is no dateline."""
    lines = [line for line in text.splitlines() if line.strip()][:DATELINE_LINES]
    for line in lines:
        match = _DATELINE.match(line)
        if match:
            day = normalise_date(match["date"])
            if day:
                return day, (match["outlet"] or "").strip()
    return None, ""


def is_dateline(line: str) -> bool:
    """Whether `line` starts as a dateline does (so it is not a title)."""
    return _DATELINE.match(line) is not None
