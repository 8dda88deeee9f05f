"""Qualification: is a found relation asserted, negated or hypothetical, is it hedged
(`alleged`), when did it happen and in which theater; then the claims themselves."""

from __future__ import annotations

from spacy.tokens import Span, Token

from analysis.extract.context import Context, Found
from analysis.extract.dates import resolve_relative_date
from analysis.extract.syntax import FRAME_DEPS, SUBJECT_DEPS, phrasal
from analysis.extract.text import evidence_span
from analysis.extract.theaters import TheaterVotes
from analysis.extract.vocab import CueBook
from analysis.kb import KnowledgeBase
from analysis.models import Claim


class Frame:
    """Walks up from a cue to the verbs that govern it, reading negation, modality and
    hedges on the way."""

    def __init__(self, cues: CueBook) -> None:
        self.cues = cues

    def status(self, cue: Token) -> tuple[str, bool]:
        """("asserted" | "negated" | "hypothetical", alleged)."""
        status, alleged = "asserted", False
        tok, via_conj, via_object, came_via = cue, False, False, ""
        for _ in range(8):
            lemma = tok.lemma_.lower()
            # "did not affect Russia's support": the negation is of another act, unless the
            # verb performs the noun ("did not provide support").
            own = (
                not via_object or self.cues.has("light_verb", lemma) or self.cues.has("verb", lemma)
            )
            if self.cues.has("continue_verb", lemma) and tok is not cue:
                own = False  # "said it would keep supplying": the support goes on
            status, hedged = self._children(tok, status, own=own and not via_conj)
            alleged = alleged or hedged
            if tok is not cue:
                status, hedged = self._governor(tok, cue, status, came_via)
                alleged = alleged or hedged
            # A modifier of a noun or a subject keeps its own truth.
            if tok.head is tok or tok.dep_ not in FRAME_DEPS:
                break
            via_conj = tok.dep_ == "conj"
            came_via = tok.dep_
            via_object = tok.dep_ in ("dobj", "pobj", "prep", "attr", "nsubjpass") and (
                via_object or tok is cue or tok.pos_ in ("NOUN", "PROPN", "ADP")
            )
            tok = tok.head
        if self._denied_agents(cue):
            status = "negated"
        return status, alleged or self._hedged_sentence(cue.sent)

    def _children(self, tok: Token, status: str, *, own: bool) -> tuple[str, bool]:
        """Negation, modal auxiliaries, conditional marks and hedging adverbs on `tok`."""
        alleged = False
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg" and own:
                status = "negated"
            elif child.dep_ == "advmod" and own and self._negative_adverb(child):
                status = "negated"  # "no longer backs"
            elif (child.dep_ == "aux" and own or child.dep_ == "mark") and self.cues.has(
                "hypothetical", low
            ):
                status = "hypothetical" if status == "asserted" else status
            elif (child.dep_ in ("advmod", "amod") or child.dep_ == "prep") and self.cues.has(
                "hedge", low
            ):
                alleged = True
        return status, alleged

    def _negative_adverb(self, adverb: Token) -> bool:
        words = " ".join(t.lower_ for t in adverb.subtree)
        return self.cues.has("negative_adverb", words)

    def _governor(self, tok: Token, cue: Token, status: str, came_via: str) -> tuple[str, bool]:
        """A governing verb that denies ("denied arming"), frames as not yet real
        ("threatened to intervene", "urged Turkey to send") or reports ("UN experts said")."""
        lemma = tok.lemma_.lower()
        cues = self.cues
        if cues.has("negator", lemma) or cues.has("negator", phrasal(tok, cues.words("particle"))):
            return "negated", False
        hypothetical = (
            cues.has("hypothetical", lemma)
            or (cues.has("warn_verb", lemma) and cue.pos_ != "NOUN")
            or (cues.has("object_control", lemma) and came_via != "dobj")
        )
        if hypothetical:
            return ("hypothetical" if status == "asserted" else status), False
        reported = cues.has("report_verb", lemma) and any(
            c.dep_ == "nsubj" and cues.has("third_party", c.lemma_.lower()) for c in tok.children
        )
        return status, cues.has("hedge", lemma) or reported

    def _denied_agents(self, cue: Token) -> bool:
        """ "Neither Moscow nor Cairo has armed ...": a negative conjunction on the agent."""
        verb = cue if cue.pos_ in ("VERB", "AUX") else cue.head
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and any(
                t.dep_ in ("preconj", "cc", "det") and self.cues.has("negative_conj", t.lower_)
                for t in child.subtree
            ):
                return True
        return False

    def _hedged_sentence(self, sent: Span) -> bool:
        """ "according to ..." or "a charge Moscow denied" anywhere in the sentence."""
        if any(t.lower_ == "according" and t.nbor(1).lower_ == "to" for t in sent[:-1]):
            return True
        return any(self.cues.has("hedge_noun", t.lemma_.lower()) for t in sent)


class Qualifier:
    """Turns found relations into claims: target a faction, a theater, a frame and a date."""

    def __init__(self, kb: KnowledgeBase, cues: CueBook, theaters: TheaterVotes) -> None:
        self.kb = kb
        self.frame = Frame(cues)
        self.theaters = theaters

    def claims(self, ctx: Context, found: list[Found]) -> tuple[list[Claim], list[Claim]]:
        """(asserted claims, rejected claims); one claim per pair, sentence and relation,
        and a statement denied in the same sentence is not asserted there either."""
        best: dict[tuple, Claim] = {}
        rejected: list[Claim] = []
        for f in found:
            claim = self._claim(ctx, f)
            if claim is None:
                continue
            if claim.status != "asserted":
                rejected.append(claim)
                continue
            key = claim.key()
            if key not in best or best[key].confidence < claim.confidence:
                best[key] = claim
        denied = {c.key() for c in rejected}
        claims = [c for k, c in best.items() if k not in denied]
        return sorted(claims, key=lambda c: (c.start, c.sup_start)), rejected

    def _acceptable(self, f: Found) -> bool:
        sup, tgt = f.supporter, f.target
        if sup.name == tgt.name or not self.kb.is_faction(tgt.name):
            return False
        if tgt.span.text.lower() in self.theaters.words and not tgt.is_metonym:
            return False  # "sent troops to Syria" names a place, not a side
        if f.relation == "opposes" and tgt.is_metonym:
            # "Israel struck Damascus" names a place; one side attacking the other's seat
            # is hostility
            return self.kb.is_faction(sup.name) and bool(
                set(self.kb.actors[sup.name].theaters) & set(self.kb.actors[tgt.name].theaters)
            )
        return True

    def _theater(self, ctx: Context, f: Found) -> tuple[str | None, bool]:
        theaters = self.kb.actors[f.target.name].theaters
        if len(theaters) == 1:
            return theaters[0], False
        local = self.theaters.of_sentence(ctx, f.cue.sent)
        if local in theaters:
            return local, True
        if ctx.theater in theaters:
            return ctx.theater, True
        return None, True  # a war this tracker does not follow

    def _claim(self, ctx: Context, f: Found) -> Claim | None:
        if not self._acceptable(f):
            return None
        theater, from_context = self._theater(ctx, f)
        if theater is None:
            return None
        sup, tgt = f.supporter, f.target
        status, alleged = self.frame.status(f.cue)
        confidence = f.confidence
        if sup.is_metonym or sup.alias_kind in ("demonym", "pronoun"):
            confidence -= 0.1 if sup.alias_kind == "pronoun" else 0.05
        if from_context:
            confidence -= 0.1
        sent = f.cue.sent
        text = ctx.doc.text
        words = [(s.span.start_char, s.span.end_char) for s in (sup, tgt)]
        words.append((f.cue.idx, f.cue.idx + len(f.cue)))
        start, end = evidence_span(text, sent.start_char, sent.end_char, words)
        return Claim(
            source="",
            supporter=sup.name,
            supporter_type=self.kb.supporter_type(sup.name, theater),
            relation=f.relation,
            target=tgt.name,
            theater=theater,
            kind=f.kind or "unspecified",
            sentence=text[start:end],
            start=start,
            end=end,
            date=self._date(ctx, f.cue),
            alleged=alleged,
            confidence=round(max(0.1, min(confidence, 1.0)), 2),
            status=status,
            rule=f.rule,
            group=tgt.group,
            supporter_text=text[sup.span.start_char : sup.span.end_char],
            target_text=text[tgt.span.start_char : tgt.span.end_char],
            sup_start=sup.span.start_char,
            sup_end=sup.span.end_char,
            tgt_start=tgt.span.start_char,
            tgt_end=tgt.span.end_char,
        )

    def _date(self, ctx: Context, cue: Token) -> str | None:
        """A date phrase governed by the cue, resolved against the article date, else the
        article date, else unknown."""
        if ctx.day is None:
            return None
        for ent in cue.sent.ents:
            if ent.label_ == "DATE" and cue.i in {ent.root.head.i, ent.root.head.head.i}:
                resolved = resolve_relative_date(ent.text, ctx.day)
                if resolved is not None:
                    return resolved.isoformat()
        return ctx.day.isoformat()
