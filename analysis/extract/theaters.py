"""Which war a document, or one sentence of it, is about: votes of place names and of
factions that fight in one theater only ("Assad" votes for Syria). A sentence can also be
placed in a war the tracker does not follow (`data/elsewhere.csv`): "in Iraq, government
forces repelled an attack on Haditha" is not about the Syrian government."""

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
        places = [*kb.theaters.values(), *kb.elsewhere.values()]
        self.words = {kw.lower(): place.name for place in places for kw in place.keywords}
        self.blockers = [blocker.lower() for place in places for blocker in place.blockers]
        ordered = sorted(self.words, key=len, reverse=True)
        self._word_re = re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")

    def place_votes(self, text: str) -> Counter:
        counts: Counter = Counter()
        lowered = text.lower()
        for blocker in self.blockers:
            lowered = lowered.replace(blocker, " ")
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

    def followed(self, counts: Counter) -> str | None:
        """The followed theater with the most votes (the first named on a tie)."""
        return next((name for name, _ in counts.most_common() if name in self.kb.theaters), None)

    def of_doc(self, doc: Doc) -> str | None:
        """The followed theater the document is about, if any."""
        counts = self.place_votes(doc.text)
        counts.update(self.faction_votes(doc.spans.get(SPANS_KEY, [])))
        return self.followed(counts)

    def is_elsewhere(self, place: str | None) -> bool:
        """Whether `place` is a war the tracker does not follow."""
        return place in self.kb.elsewhere

    def of_sentence(self, ctx: Context, sent: Span) -> str | None:
        """The sentence's own theater, else the document's (cached per sentence). A place
        of a war not followed wins only with more votes than every followed theater."""
        if sent.start in ctx.sentence_theaters:
            return ctx.sentence_theaters[sent.start]
        counts = self.place_votes(sent.text)
        inside = (
            s
            for s in ctx.doc.spans.get(SPANS_KEY, [])
            if s.start >= sent.start and s.end <= sent.end
        )
        counts.update(self.faction_votes(inside))
        theater = self.followed(counts)
        other = next((name for name, _ in counts.most_common() if self.is_elsewhere(name)), None)
        if other is not None and counts[other] > counts[theater]:
            theater = other
        ctx.sentence_theaters[sent.start] = theater = theater or ctx.theater
        return theater
