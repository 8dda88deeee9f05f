"""Qualification: found relations become claims, with their frame (`frame.Frame`: asserted,
negated or hypothetical, hedged, ended), theater, date and event time; endings stated as a
backer's withdrawal are read here too."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from analysis.extract.anaphors import ALIAS_KIND as ANAPHOR
from analysis.extract.context import Context, Found
from analysis.extract.dates import resolve_relative_date
from analysis.extract.event_time import TimeReader
from analysis.extract.frame import Frame
from analysis.extract.mentions import SHARED
from analysis.extract.syntax import SUBJECT_DEPS
from analysis.extract.text import evidence_span
from analysis.extract.theaters import TheaterVotes
from analysis.extract.vocab import CueBook
from analysis.kb import KnowledgeBase
from analysis.models import Claim

# The status of a claim whose side the text leaves open between two ("Syrian or Russian
# warplanes"): kept for inspection with the negated and hypothetical ones, never counted.
UNCERTAIN = "uncertain"
# A withdrawal that ends the support another sentence of the article states: read from two
# sentences, so less sure than a rule that reads one.
CONTEXT_WITHDRAWAL_CONFIDENCE = 0.7


class Qualifier:
    """Turns found relations into claims: target a faction, a theater, a frame and a date."""

    def __init__(
        self, kb: KnowledgeBase, cues: CueBook, theaters: TheaterVotes, times: TimeReader
    ) -> None:
        self.kb = kb
        self.cues = cues
        self.frame = Frame(cues)
        self.theaters = theaters
        self.times = times

    def claims(self, ctx: Context, found: list[Found]) -> tuple[list[Claim], list[Claim]]:
        """(asserted claims, rejected claims); one claim per pair, sentence, relation and
        phase, and a statement denied in the same sentence is not asserted there either."""
        best: dict[tuple, Claim] = {}
        rejected: list[Claim] = []
        withdrawals: list[Found] = []
        for f in found:
            claim = self._claim(ctx, f)
            if claim is None:
                continue
            if claim.status != "asserted":
                rejected.append(claim)
                continue
            key = (*claim.key(), claim.phase)
            if key not in best or best[key].confidence < claim.confidence:
                best[key] = claim
            if claim.relation == "supports" and claim.phase == "active":
                withdrawals += self._withdrawals(ctx, f)
        for f in withdrawals:
            claim = self._claim(ctx, f)
            if claim is not None and claim.status == "asserted":
                best.setdefault((*claim.key(), claim.phase), claim)
        # a denial cancels the same claim read elsewhere in the sentence; a hypothetical or
        # open reading does not ("Iran, one of Assad's key backers, said it would help")
        denied = {c.key() for c in rejected if c.status == "negated"}
        claims = [c for k, c in best.items() if k[:-1] not in denied]
        claims += self._withdrawals_in_context(ctx, claims)
        return sorted(claims, key=lambda c: (c.start, c.sup_start, c.phase)), rejected

    def _withdrawals(self, ctx: Context, f: Found) -> list[Found]:
        """ "Iran, which had propped up the government for a decade, withdrew its advisers":
        a backer that withdraws its own people or help, in the sentence that says whom it
        backs, ends that support (the end verb is the claim's cue, for its time)."""
        out = []
        named = f.supporter.span.root
        for tok in f.cue.sent:
            if tok.i == f.cue.i:
                continue
            subjects = self._withdrawing_subjects(tok)
            if any(s.left_edge.i <= named.i <= s.right_edge.i for s in subjects):
                out.append(Found(f.supporter, f.target, "supports", tok, "withdrawal", f.kind))
        return out

    def _withdrawing_subjects(self, tok: Token) -> list[Token]:
        """The subjects of `tok` when it is an end verb whose object is the subject's own
        people or help ("withdrew its advisers", "pulled out its troops"); else none."""
        if tok.pos_ != "VERB" or not self.frame.ends(tok):
            return []
        verb = tok
        while verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            # "X had propped up Y and had withdrawn ...": X's verb; not when another
            # subject stands between ("X said ..., though Z has pulled ...")
            between = verb.doc[verb.head.i + 1 : verb.i]
            if any(t.dep_ in SUBJECT_DEPS for t in between):
                break
            verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        own = any(self.frame.names_people(c) for c in tok.children if c.dep_ == "dobj")
        return subjects if own else []

    def _withdrawals_in_context(self, ctx: Context, found: list[Claim]) -> list[Claim]:
        """ "Iran withdrew its military advisers" names no side: it ends Iran's support for
        the one faction this article says Iran backs in the theater (none when it names two
        or none). The claim quotes the withdrawal; its target is not in that sentence."""
        out: list[Claim] = []
        backed: dict[str, set[tuple[str, str]]] = {}
        for c in found:
            if c.relation == "supports" and c.phase == "active":
                backed.setdefault(c.supporter, set()).add((c.target, c.theater))
        if not backed:
            return out
        for tok in ctx.doc:
            mention = next(
                (
                    ctx.actors[t.i]
                    for s in self._withdrawing_subjects(tok)
                    for t in s.subtree
                    if t.i in ctx.actors
                ),
                None,
            )
            if mention is None or len(backed.get(mention.name, ())) != 1:
                continue
            sent = tok.sent
            if any(
                c.supporter == mention.name and sent.start_char <= c.start < sent.end_char
                for c in found
            ):
                continue  # the sentence already says what ended, or what goes on
            status, alleged, phase = self.frame.status(tok)
            if status != "asserted" or phase != "ended":
                continue
            ((target, theater),) = backed[mention.name]
            if self.theaters.of_sentence(ctx, sent) not in (None, theater):
                continue  # "withdrew its advisers from Yemen" ends nothing in Syria
            template = next(c for c in found if c.supporter == mention.name and c.target == target)
            text = ctx.doc.text
            span = mention.span
            words = [(span.start_char, span.end_char), (tok.idx, tok.idx + len(tok))]
            start, end = evidence_span(text, sent.start_char, sent.end_char, words)
            war = self.kb.theaters[theater].start
            out.append(
                replace(
                    template,
                    sentence=text[start:end],
                    start=start,
                    end=end,
                    date=self._date(ctx, tok),
                    alleged=alleged,
                    confidence=CONTEXT_WITHDRAWAL_CONFIDENCE,
                    phase="ended",
                    **self.times.of_claim(tok, ctx.day, war).fields(),
                    rule="withdrawal_in_context",
                    supporter_text=text[span.start_char : span.end_char],
                    target_text="",
                    sup_start=span.start_char,
                    sup_end=span.end_char,
                    tgt_start=-1,
                    tgt_end=-1,
                )
            )
        return out

    def _acceptable(self, f: Found) -> bool:
        sup, tgt = f.supporter, f.target
        if sup.name == tgt.name or not self.kb.is_faction(tgt.name):
            return False
        if tgt.span.text.lower() in self.theaters.words and tgt.alias_kind not in (
            "metonym",
            "pronoun",  # "Damascus and its allies": the pronoun stands for the government
            SHARED,  # "Syrian and Iranian forces": "Syrian" is read as "Syrian forces"
        ):
            return False  # "sent troops to Syria" names a place, not a side
        if any(self._place_use(m) for m in (sup, tgt)):
            return False  # "struck Hezbollah targets near Damascus": the city
        if f.relation == "opposes" and tgt.is_metonym:
            # "Israel struck Damascus" names a place; one side attacking the other's seat
            # is hostility
            return self.kb.is_faction(sup.name) and bool(
                set(self.kb.actors[sup.name].theaters) & set(self.kb.actors[tgt.name].theaters)
            )
        return True

    def _alternative(self, ctx: Context, mention) -> bool:
        """Is the name one of a run of names of different actors with "or" among them
        ("Syrian or Russian warplanes", "either Russia or the regime", "Syrian Russian or
        US-led coalition aircraft")? Only commas, conjunctions and determiners may stand
        between the names of the run."""
        doc = ctx.doc
        names, joints = {mention.name}, []

        def joint(tok: Token) -> bool:
            return tok.text == "," or tok.dep_ in ("cc", "preconj") or tok.pos_ == "DET"

        for step in (-1, 1):
            i = mention.span.start - 1 if step < 0 else mention.span.end
            pending: list[Token] = []
            while 0 <= i < len(doc):
                if i in ctx.actors:
                    other = ctx.actors[i]
                    names.add(other.name)
                    joints += pending
                    pending = []
                    i = other.span.start - 1 if step < 0 else other.span.end
                elif joint(doc[i]):
                    pending.append(doc[i])
                    i += step
                else:
                    break
        alternative = any(self.cues.has("alternative_conj", t.lower_) for t in joints)
        return alternative and len(names) > 1

    def _place_use(self, mention) -> bool:
        """Is a capital named as a place: the object of a preposition of place?"""
        root = mention.span.root
        return (
            mention.is_metonym
            and root.dep_ == "pobj"
            and self.cues.has("place_prep", root.head.lower_)
        )

    def _theater(self, ctx: Context, f: Found) -> tuple[str | None, bool]:
        local = self.theaters.of_sentence(ctx, f.cue.sent)
        if self.theaters.is_elsewhere(local):
            return None, True  # "in Iraq, government forces repelled an ISIS attack"
        theaters = self.kb.actors[f.target.name].theaters
        if len(theaters) == 1:
            return theaters[0], False
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
        status, alleged, phase = self.frame.status(f.cue, anchor=f.rule == "model")
        if status == "asserted" and (self._alternative(ctx, sup) or self._alternative(ctx, tgt)):
            status = UNCERTAIN
        confidence = f.confidence
        if sup.is_metonym or sup.alias_kind in ("demonym", "pronoun"):
            confidence -= 0.1 if sup.alias_kind == "pronoun" else 0.05
        if ANAPHOR in (sup.alias_kind, tgt.alias_kind):  # read through "the militants"
            confidence -= 0.1
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
            phase=phase,
            **self.times.of_claim(f.cue, ctx.day, self.kb.theaters[theater].start).fields(),
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
