"""Offset-safe cleaning: unify quotes and dashes and blank out datelines, so that every
offset in the cleaned text is an offset in the original."""

from __future__ import annotations

import re

_SAME_LENGTH = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
    }
)
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


def clean_text(text: str) -> str:
    """Unify quotes and dashes and blank out datelines, without changing any offset."""
    text = text.translate(_SAME_LENGTH)
    return _DATELINE.sub(lambda m: " " * len(m.group(0)), text)
