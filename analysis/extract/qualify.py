"""Qualification: is a found relation asserted, negated or hypothetical, is it hedged
(`alleged`), when did it happen and in which theater; then the claims themselves."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from analysis.extract.context import Context, Found
from analysis.extract.dates import resolve_relative_date
from analysis.extract.event_time import TimeReader
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

    def status(self, cue: Token) -> tuple[str, bool, str]:
        """("asserted" | "negated" | "hypothetical", alleged, "active" | "ended")."""
        status, alleged, phase = "asserted", False, "active"
        tok, via_conj, via_object, came_via = cue, False, False, ""
        # A cue that is itself an ending ("abandoned the Kurds", "ended a programme that
        # armed ..."): its negation keeps the relation going rather than denying it.
        ending_cue = self.ends(cue)
        if ending_cue:
            phase = "active" if any(c.dep_ == "neg" for c in cue.children) else "ended"
        elif self._past_marked(cue):
            phase = "ended"
        for _ in range(8):
            lemma = tok.lemma_.lower()
            # "did not affect Russia's support": the negation is of another act, unless the
            # verb performs the noun ("did not provide support").
            own = (
                not via_object or self.cues.has("light_verb", lemma) or self.cues.has("verb", lemma)
            )
            if self.cues.has("continue_verb", lemma) and tok is not cue:
                own = False  # "said it would keep supplying": the support goes on
            if tok is cue and ending_cue:
                own = False
            if tok is not cue and self.ends(tok):
                # "stopped arming the rebels" ends the act; "did not stop arming" does not
                if not any(c.dep_ == "neg" for c in tok.children):
                    phase = "ended"
                own = False
            status, hedged, ended = self._children(tok, status, own=own and not via_conj)
            alleged = alleged or hedged
            phase = "ended" if ended else phase
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
        return status, alleged or self._hedged_sentence(cue.sent), phase

    def ends(self, tok: Token) -> bool:
        """A word that ends an act: "stop", "cut off", "pull out"."""
        lemma = tok.lemma_.lower()
        return self.cues.has("end_verb", lemma) or self.cues.has(
            "end_verb", phrasal(tok, self.cues.words("particle"))
        )

    def _past_marked(self, cue: Token) -> bool:
        """ "a former backer of", "once backed", "ex-ally": a relation that is over."""
        return any(
            c.dep_ in ("amod", "advmod") and self.cues.has("past_marker", c.lower_)
            for c in cue.children
        )

    def _children(self, tok: Token, status: str, *, own: bool) -> tuple[str, bool, bool]:
        """Negation, modal auxiliaries, conditional marks and hedging adverbs on `tok`;
        (status, alleged, ended by an adverb such as "no longer")."""
        alleged = ended = False
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg" and own:
                status = "negated"
            elif child.dep_ == "advmod" and own and self._adverb("ending_adverb", child):
                ended = True  # "no longer backs"
            elif child.dep_ == "advmod" and own and self._adverb("negative_adverb", child):
                status = "negated"
            elif (child.dep_ == "aux" and own or child.dep_ == "mark") and self.cues.has(
                "hypothetical", low
            ):
                status = "hypothetical" if status == "asserted" else status
            elif (child.dep_ in ("advmod", "amod") or child.dep_ == "prep") and self.cues.has(
                "hedge", low
            ):
                alleged = True
        return status, alleged, ended

    def _adverb(self, role: str, adverb: Token) -> bool:
        words = " ".join(t.lower_ for t in adverb.subtree)
        return self.cues.has(role, words)

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
        denied = {c.key() for c in rejected}
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
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        own = any(
            self.cues.has("personnel_noun", t.lemma_.lower()) for o in objects for t in o.subtree
        )
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
        status, alleged, phase = self.frame.status(f.cue)
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
