"""Dates of claims: the article's day, date phrases resolved against it, and phrases that
name a span of time rather than a day (which keep the article's date)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from analysis.extract import resolve_relative_date

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_support import claims  # noqa: E402

pytestmark = pytest.mark.model


def test_unknown_date_stays_unknown(extractor):
    (claim,) = claims(extractor, "Turkey supports the GNA.", day=None)
    assert claim.date is None


def test_relative_date_resolved_against_article_date(extractor):
    (claim,) = claims(extractor, "On June 10, Turkey sent drones to the GNA.", day="2020-06-16")
    assert claim.date == "2020-06-10"


@pytest.mark.parametrize(
    ("phrase", "base", "expected"),
    [
        ("June 14", date(2020, 6, 16), date(2020, 6, 14)),
        ("December 30", date(2020, 1, 5), date(2019, 12, 30)),
        ("last week", date(2020, 6, 16), date(2020, 6, 9)),
        ("14 June 2019", date(2020, 6, 16), date(2019, 6, 14)),
        ("three months ago", date(2020, 6, 16), date(2020, 3, 16)),
        ("Tuesday", date(2020, 6, 16), date(2020, 6, 16)),
        ("on Monday", date(2020, 6, 16), date(2020, 6, 15)),
        ("two years", date(2020, 6, 16), None),
        ("2015", date(2020, 6, 16), None),
        ("14-month", date(2020, 6, 16), None),
    ],
)
def test_resolve_relative_date(phrase, base, expected):
    assert resolve_relative_date(phrase, base) == expected
