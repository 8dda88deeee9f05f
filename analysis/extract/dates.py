"""Dates: the article's day, and date phrases in a sentence resolved against it."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser

from analysis.text import to_date

# A span of time ("two years", "nine months") is not the day of an act.
_DURATION = re.compile(
    r"^(?:the\s+)?(?:past\s+|last\s+|next\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|several|few|many)\s+(?:days?|weeks?|months?|years?|decades?)$"
)
_WEEKDAY = re.compile(r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")
_LEADING = re.compile(r"(?i)^(?:on|in|by|earlier|early|late)\s+(?=\w)")
# Words that make a month- or year-long phrase relative to the article ("last month").
_RELATIVE = re.compile(r"\b(?:ago|last|yesterday|today|this)\b")


parse_day = to_date  # an ISO date string's day, or None (one reader for the package)


@functools.lru_cache(maxsize=64)
def parser_for(base: date) -> DateDataParser:
    """A dateparser reader of English phrases relative to `base`, preferring the past (built
    once per article day: building one costs more than reading a phrase)."""
    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        },
    )


def resolve_relative_date(text: str, base: date) -> date | None:
    """The day a date phrase names, read by dateparser against the article date: "June 14",
    "last week", "on Tuesday", "three months ago", "14 June 2020". None for durations, for
    phrases that name only a month or a year, and for days after the article's."""
    phrase = _LEADING.sub("", text.strip()).strip()
    lowered = phrase.lower()
    if not phrase or _DURATION.match(lowered):
        return None
    if _WEEKDAY.match(lowered) and lowered == base.strftime("%A").lower():
        return base  # "on Monday" in Monday's paper is that day
    found = parser_for(base).get_date_data(phrase)
    if found.date_obj is None:
        return None
    if found.period not in ("day", "week") and not _RELATIVE.search(lowered):
        return None  # "March", "2015": a month or a year, not the day of the act
    day = found.date_obj.date()
    if day > base:
        day = day.replace(year=day.year - 1) if day - base < timedelta(days=366) else day
    return day if day <= base else None
