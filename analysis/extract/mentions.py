"""Actor mentions: each alias the rulers marked, resolved to a canonical actor for the
article's date and the sentence's theater. The longest match wins, and a blocker phrase
("Cairo initiative") hides the names inside it. A name that only says where something sits
or comes from ("a London-based monitor", "Syrian-born") is not its actor acting."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from analysis.extract.context import SPANS_KEY, ActorMention, Context
from analysis.extract.syntax import list_item_before
from analysis.extract.theaters import TheaterVotes
from analysis.kb import KnowledgeBase
from analysis.models import Mention

SHARED = "shared"  # the alias kind of a word read with the rest of a coordinated name
# "X-based", "X-born", ...: the name locates whatever follows; it does not act.
_LOCATING = frozenset({"based", "born", "headquartered", "registered"})


def locates(span: Span) -> bool:
    """Whether the name in `span` is joined by a hyphen to a word that only locates the
    noun after it ("the Britain-based monitor")."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in ("-", "\u2010", "\u2011"):
        return False
    return doc[span.end + 1].lower_ in _LOCATING and not doc[span.end].whitespace_


class MentionResolver:
    def __init__(self, kb: KnowledgeBase, theaters: TheaterVotes, unknown_labels: set[str]):
        self.kb = kb
        self.theaters = theaters
        self.unknown_labels = unknown_labels

    def resolve(self, ctx: Context, span: Span, text: str | None = None) -> ActorMention | None:
        """The actor `span` (or `text`, read in its place) stands for here, or None
        (unknown, blocked or ambiguous)."""
        theater = (
            self.theaters.of_sentence(ctx, span.sent)
            if span.doc.has_annotation("SENT_START")
            else ctx.theater
        )
        text = span.text if text is None else text
        alias = self.kb.resolve(text, day=ctx.day, theater=theater)
        if alias is None and theater is None:
            # No theater in sight: an alias that means one actor in every theater it is
            # restricted to still resolves.
            rows = {self.kb.resolve(text, day=ctx.day, theater=t) for t in self.kb.theaters}
            rows.discard(None)
            if len({row.actor for row in rows}) == 1:
                alias = rows.pop()
        if alias is None or alias.actor == "-":
            return None
        if alias.theater and theater and alias.theater != theater:
            return None
        actor = self.kb.actors[alias.actor]
        return ActorMention(span, actor.name, actor.type, alias.kind, alias.group)

    def find(self, ctx: Context) -> None:
        """Fill `ctx.actors` and `ctx.blocked`: longest spans first, overlaps dropped."""
        spans = list(ctx.doc.spans.get(SPANS_KEY, []))
        ctx.all_spans = spans
        taken: set[int] = set()
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            alias = self.kb.resolve(span.text, day=ctx.day, theater=ctx.theater)
            if alias is not None and alias.actor == "-":
                ctx.blocked.update(range(span.start, span.end))
                continue
            if locates(span):
                ctx.blocked.update(range(span.start, span.end))
                continue
            actor = self.resolve(ctx, span)
            if actor is None:
                continue
            for i in range(span.start, span.end):
                ctx.actors[i] = actor
        self._shared_heads(ctx)

    def _shared_heads(self, ctx: Context) -> None:
        """ "Syrian and Iranian forces": an adjective coordinated with the first word of a
        name shares the rest of it, so "Syrian" is read as "Syrian forces" would be. Only in
        parsed text, and only where that reading is itself a name. Its alias kind is
        SHARED: the word alone ("Syrian") is no name. The shared reading also replaces the
        word's own ("Iranian and Lebanese Shiite militias": Iranian Shiite militias, not
        Iran). A one-word name shares the noun it qualifies ("Syrian and Russian jets")."""
        names = {id(a): a for a in ctx.actors.values()}.values()
        for actor in list(names):
            span = actor.span
            first = span[0]
            if first.pos_ != "ADJ":
                continue
            if len(span) > 1:
                rest = span.doc[span.start + 1 : span.end].text
            else:  # "Russian and Iranian jets": the noun the list's first item qualifies
                opening = min((first, *first.conjuncts), key=lambda o: o.i)
                if opening.dep_ != "amod" or opening.head.i <= first.i:
                    continue
                rest = span.doc[first.i + 1 : opening.head.i + 1].text
            before = sorted(
                (o for o in first.conjuncts if o.i < first.i and o.pos_ == "ADJ"), key=lambda o: o.i
            )
            for other in self._unpunctuated_lead(ctx, before) + before:
                own = ctx.actors.get(other.i)
                if (own is not None and len(own.span) > 1) or other.i in ctx.blocked:
                    continue
                word = span.doc[other.i : other.i + 1]
                shared = self.resolve(ctx, word, f"{other.text} {rest}")
                if shared is not None:
                    ctx.actors[other.i] = replace(shared, alias_kind=SHARED)

    def _unpunctuated_lead(self, ctx: Context, listed: list[Token]) -> list[Token]:
        """The adjectives right before the first of a coordinated list, each followed by a
        country's demonym, are items of the list that the parser hung on the next word or
        the noun: copy stripped of its commas ("Lebanese Iranian and Iraqi Shiite militias",
        "Syrian Russian and Iranian forces") and, often, a list that kept them ("Syrian,
        Russian and Iranian jets"). Not before another kind of adjective: "Syrian Kurdish
        and Arab fighters" are Syrian Kurds and Arabs."""
        if not listed:
            return []
        lead: list[Token] = []
        nxt = listed[0]
        while (tok := list_item_before(nxt)) is not None:
            if tok.pos_ != "ADJ" or tok.dep_ != "amod":
                break
            alias = self.kb.resolve(nxt.text, day=ctx.day, theater=ctx.theater)
            if alias is None or alias.kind != "demonym":
                break
            lead.insert(0, tok)
            nxt = tok
        return lead

    def mentions(self, ctx: Context) -> list[Mention]:
        """Known actors, then named entities the knowledge base does not know."""
        out: list[Mention] = []
        seen: set[int] = set()
        for actor in ctx.actors.values():
            if id(actor) in seen:
                continue
            seen.add(id(actor))
            span = actor.span
            out.append(Mention(span.text, span.start_char, span.end_char, actor.type, actor.name))
        for ent in ctx.doc.ents:
            if ent.label_ not in self.unknown_labels:
                continue
            if any(i in ctx.actors or i in ctx.blocked for i in range(ent.start, ent.end)):
                continue
            out.append(Mention(ent.text, ent.start_char, ent.end_char, ent.label_, None))
        return sorted(out, key=lambda m: m.start)
