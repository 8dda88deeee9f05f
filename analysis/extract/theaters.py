"""Which war a document, or one sentence of it, is about: votes of place names and of
factions that fight in one theater only ("Assad" votes for Syria)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from analysis.extract.context import SPANS_KEY, Context
from analysis.kb import KnowledgeBase


class TheaterVotes:
    """Counts theater votes in a text or a sentence; built once per knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.words = {
            kw.lower(): theater.name for theater in kb.theaters.values() for kw in theater.keywords
        }
        ordered = sorted(self.words, key=len, reverse=True)
        self._word_re = re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")

    def place_votes(self, text: str) -> Counter:
        counts: Counter = Counter()
        lowered = text.lower()
        for theater in self.kb.theaters.values():
            for blocker in theater.blockers:
                lowered = lowered.replace(blocker.lower(), " ")
        for word in self._word_re.findall(lowered):
            counts[self.words[word]] += 1
        return counts

    def faction_votes(self, spans: Iterable[Span]) -> Counter:
        """Theaters named by unambiguous faction mentions."""
        counts: Counter = Counter()
        for span in spans:
            alias = self.kb.resolve(span.text)
            if alias is None or alias.actor == "-" or alias.theater:
                continue
            actor = self.kb.actors[alias.actor]
            if actor.type == "faction" and len(actor.theaters) == 1:
                counts[actor.theaters[0]] += 1
        return counts

    def of_doc(self, doc: Doc) -> str | None:
        counts = self.place_votes(doc.text)
        counts.update(self.faction_votes(doc.spans.get(SPANS_KEY, [])))
        return counts.most_common(1)[0][0] if counts else None

    def of_sentence(self, ctx: Context, sent: Span) -> str | None:
        """The sentence's own theater, else the document's (cached per sentence)."""
        if sent.start in ctx.sentence_theaters:
            return ctx.sentence_theaters[sent.start]
        counts = self.place_votes(sent.text)
        inside = (
            s
            for s in ctx.doc.spans.get(SPANS_KEY, [])
            if s.start >= sent.start and s.end <= sent.end
        )
        counts.update(self.faction_votes(inside))
        theater = counts.most_common(1)[0][0] if counts else ctx.theater
        ctx.sentence_theaters[sent.start] = theater
        return theater
