"""Small text and date helpers shared by the loaders, the store and the queries."""

from __future__ import annotations

import unicodedata
from datetime import date

_UNIFY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def normalise_text(text: str) -> str:
    """Text as compared for duplicates: NFKC, quotes and dashes unified, casefolded,
    whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_UNIFY).casefold()
    return " ".join(text.split())


def to_date(value: str | date | None) -> date | None:
    """An ISO date string (or date) as a date; None when absent or not a valid date."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
