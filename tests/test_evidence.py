"""Evidence sentences as stored: trimmed, still indexing the article text, and never
beginning with a headline the parser ran into the first sentence.

Every text here was written for these tests.
"""

from __future__ import annotations

import pytest

from analysis.extract.text import evidence_span, trim_span
from analysis.models import Article


@pytest.mark.parametrize(
    ("text", "spans", "quoted"),
    [
        ("Turkey backs the GNA.\n\n", [(0, 6), (17, 20)], "Turkey backs the GNA."),
        (
            "Ankara and Tripoli\n\nTurkey backs the GNA.",
            [(20, 26), (37, 40)],
            "Turkey backs the GNA.",
        ),
        ("  Turkey backs\n\nthe GNA.\n\nMore.", [(2, 8), (20, 23)], "Turkey backs\n\nthe GNA."),
        ("Turkey backs the GNA.", [(0, 6), (17, 20)], "Turkey backs the GNA."),
    ],
)
def test_evidence_span_keeps_the_paragraphs_that_hold_the_claim(text, spans, quoted):
    start, end = trim_span(text, *evidence_span(text, 0, len(text), spans))
    assert text[start:end] == quoted


def test_a_span_outside_the_sentence_is_ignored():
    """A pronoun's antecedent in an earlier sentence neither widens nor moves the quote."""
    text = "Russia spoke.\n\nHeadline\n\nIt backs the LNA.\n\n"
    start, end = trim_span(text, *evidence_span(text, 15, len(text), [(0, 6), (38, 41)]))
    assert text[start:end] == "It backs the LNA."


@pytest.mark.model
def test_stored_sentences_are_trimmed_and_leave_the_headline_out(extractor):
    text = (
        "Ankara and Tripoli\n\nTurkey has sent troops to support the GNA.\n\n"
        "Russia reportedly backs the LNA.\n\nThe war goes on."
    )
    claims = extractor.extract(Article(text=text, source="t", date="2020-06-16")).claims
    got = {(c.supporter, c.target): c for c in claims}
    assert set(got) == {("Turkey", "GNA"), ("Russia", "LNA")}
    for claim in claims:
        assert text[claim.start : claim.end] == claim.sentence
        assert claim.sentence == claim.sentence.strip()
    assert got["Turkey", "GNA"].sentence == "Turkey has sent troops to support the GNA."
    assert got["Russia", "LNA"].sentence == "Russia reportedly backs the LNA."


def test_trimming_keeps_a_dateline_that_cleaning_blanked():
    text = "\n\nTRIPOLI, May 12 - Turkey backs the GNA.\n"
    start, end = trim_span(text, 0, len(text))
    assert text[start:end] == "TRIPOLI, May 12 - Turkey backs the GNA."
