"""Helpers of the extraction tests: the claims the extractor finds in a text."""

from __future__ import annotations

from analysis.models import Article


def triples(extractor, text: str, *, day: str | None = "2020-06-16") -> set[tuple]:
    """(supporter, relation, target) of every claim found in `text`."""
    result = extractor.extract(Article(text=text, source="t", date=day))
    return {(c.supporter, c.relation, c.target) for c in result.claims}


def claims(extractor, text: str, *, day: str | None = "2020-06-16"):
    return extractor.extract(Article(text=text, source="t", date=day)).claims


def rule_triples(extractor, text: str, *, day: str | None = "2020-06-16") -> set[tuple]:
    """(supporter, relation, target) of the claims the rules and constructions found, not
    the relation model: what a rule test checks."""
    return {
        (c.supporter, c.relation, c.target)
        for c in claims(extractor, text, day=day)
        if c.rule != "model"
    }
