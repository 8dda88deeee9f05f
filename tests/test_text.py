"""analysis.text: the duplicate key, the two ISO readings (exact input vs stored values) and
the dateline test the loaders use for titles."""

from datetime import date

import pytest

from analysis.text import fold_for_duplicates, is_dateline, parse_iso_date, to_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-14", date(2020, 6, 14)),
        ("", None),
        ("2020-06-14T10:00", None),  # a URL value must be exactly a date
        ("2020-13-01", None),
        ("June 14, 2020", None),
    ],
)
def test_parse_iso_date_takes_exactly_a_date(value, expected):
    assert parse_iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-14", date(2020, 6, 14)),
        ("2020-06-14T10:00:00", date(2020, 6, 14)),  # as a driver may return it
        (date(2021, 1, 2), date(2021, 1, 2)),
        (None, None),
        ("not a date", None),
    ],
)
def test_to_date_reads_stored_values(value, expected):
    assert to_date(value) == expected


def test_duplicate_key_folds_case_space_quotes_and_dashes():
    assert fold_for_duplicates("Haftar\u2019s  \u201cLNA\u201d \u2013 Tripoli") == (
        'haftar\'s "lna" - tripoli'
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TRIPOLI, June 14, 2020 (Sample Desk) - Turkey backs the GNA.", True),
        ("Date: 2020-06-14", True),
        ("Turkey backs the GNA", False),
    ],
)
def test_is_dateline(line, expected):
    assert is_dateline(line) is expected


def test_one_punctuation_table_for_parser_aliases_and_duplicates():
    """The parser's text, alias lookup and duplicate detection unify the same quote, dash
    and space variants, one character for one."""
    from analysis.extract.text import clean_text
    from analysis.kb import normalize
    from analysis.text import fold_for_duplicates

    raw = "\u00abHay\u02bcat\u00bb \u2013 \u201cTahrir\u201d\u00a0al\u2011Sham \u2015 2016\u221217"
    cleaned = clean_text(raw)
    assert cleaned == '"Hay\'at" - "Tahrir" al-Sham - 2016-17'
    assert len(cleaned) == len(raw)
    assert normalize(raw) == normalize(cleaned)
    assert fold_for_duplicates(raw) == fold_for_duplicates(cleaned)
