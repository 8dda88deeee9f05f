"""A stored claim for tests that write claims directly: every field has a plain default."""

from __future__ import annotations

from analysis import store
from analysis.models import Article, Claim, Extraction


def stored_claim(source: str, supporter: str, relation: str, target: str, **fields) -> Claim:
    """A claim of `source` that `supporter` `relation` `target`, in Syria unless `fields`
    say otherwise (any Claim field may be given)."""
    sentence = fields.pop("sentence", f"{supporter} {relation} {target}.")
    values = {
        "supporter_type": "state",
        "theater": "Syria",
        "kind": "unspecified",
        "start": 0,
        "end": len(sentence),
        "date": None,
        "alleged": False,
        "confidence": 0.9,
        **fields,
    }
    return Claim(
        source=source,
        supporter=supporter,
        relation=relation,
        target=target,
        sentence=sentence,
        **values,
    )


def store_article(engine, source: str, claims: list[Claim], *, date=None, title="") -> None:
    """One article holding `claims` (its text their sentences), written as ingest does."""
    text = " ".join(c.sentence for c in claims) or source
    article = Article(text=text, source=source, title=title, date=date)
    with store.write_transaction(engine) as conn:
        store.add_article(conn, article, Extraction(claims, []), extractor_version="t")
