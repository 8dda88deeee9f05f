"""The frame of a found relation: is it asserted, negated or hypothetical, hedged
(`alleged`), and does the sentence state the relation or its end (`phase`)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from analysis.extract.syntax import FRAME_DEPS, SUBJECT_DEPS, phrasal
from analysis.extract.vocab import CueBook

# How the act hangs from a verb that ends it: its object ("halted the strikes"), its
# complement ("stopped arming") or its passive subject. A noun that ends it takes the act
# through a preposition ("a halt to the bombing"). Other ties end nothing: "the truce ended
# with the rebels launching attacks", "the pause will end, accusing rebels of attacks".
ENDED_BY_VERB = frozenset(["dobj", "xcomp", "nsubjpass"])
# How a "to" infinitive of purpose hangs: on a noun ("a program to end the siege"; the parser
# also reads it as a relative clause) or on a clause ("in order to end the siege").
PURPOSE_DEPS = frozenset(["acl", "relcl", "advcl"])
ACTS = ("verb", "noun")  # the roles of cues that name a relation's act
# How many words before its cue a past marker stands: "once backed", "a former key backer".
PAST_MARKER_REACH = 3


def _to_infinitive(verb: Token) -> bool:
    """Whether a verb is a "to" infinitive ("to end the siege", "to arm the rebels")."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


class Frame:
    """Walks up from a cue to the verbs that govern it, reading negation, modality and
    hedges on the way."""

    def __init__(self, cues: CueBook) -> None:
        self.cues = cues

    def status(self, cue: Token, *, anchor: bool = False) -> tuple[str, bool, str]:
        """("asserted" | "negated" | "hypothetical", alleged, "active" | "ended"). With
        `anchor`, `cue` is the word a model claim hangs on (the pair's common ancestor)
        rather than a word a rule read as the relation."""
        status, alleged, phase = "asserted", False, "active"
        tok, via_conj, via_object, came_via = cue, False, False, ""
        adverbial = False  # came up from an adverbial clause with its own subject
        detached = None  # the act a tie is the object of: negation above it is its own
        standing = cue.pos_ == "NOUN" and self.cues.has("agent_noun", cue.lemma_.lower())
        # A cue that is itself an ending ("abandoned the Kurds", "ended a programme that
        # armed ...", "withdrew its advisers"): its negation or a modal keeps the relation
        # going rather than denying it. A model claim's anchor may be an end verb of
        # something else ("regime advances cut the only road to rebel-held parts"): it ends
        # the relation only if it ends an act.
        ending_cue = self.ends(cue) and (not anchor or self._ends_an_act(cue))
        if ending_cue:
            phase = "ended" if self._carried_out(cue) else "active"
        elif self._past_marked(cue) or self._scheme_ended(cue):
            phase = "ended"
        for _ in range(8):
            lemma = tok.lemma_.lower()
            # "did not affect Russia's support": the negation is of another act, unless the
            # verb performs the noun ("did not provide support").
            own = (
                not via_object or self.cues.has("light_verb", lemma) or self.cues.has("verb", lemma)
            )
            if standing and tok is not cue and tok.pos_ in ("VERB", "AUX"):
                standing = False  # only the first verb up from the noun decides
                if self._event_of(tok, came_via):
                    # "failed to rein in its ally", "urged Moscow to rein in its ally", "denied
                    # its allies' aircraft were involved": a standing tie (an agent noun such
                    # as "ally") stands whatever befalls the act it takes part in; only a
                    # copula ("is not an ally") speaks of the tie itself
                    detached = tok.i
            own = own and detached is None
            if self.cues.has("continue_verb", lemma) and tok is not cue:
                own = False  # "said it would keep supplying": the support goes on
            if tok is cue and ending_cue:
                own = False
            if tok is not cue and self.ends(tok):
                # "stopped arming the rebels" ends the act; "did not stop arming" and "would
                # stop air strikes" do not, nor does an end verb the act does not hang from
                # as its object (ENDED_BY_VERB)
                ended_act = came_via in ENDED_BY_VERB or (tok.pos_ == "NOUN" and came_via == "prep")
                if anchor:  # a model claim names no act: the end verb's object must be one
                    ended_act = ended_act and self._ends_an_act(tok)
                if ended_act and self._carried_out(tok):
                    phase = "ended"
                own = False
            # "Regime forces allegedly dropped barrel bombs as France called for sanctions",
            # "jets did not strike while Turkey sent weapons": a clause of time or manner
            # with its own subject keeps its own truth; the main verb's negation, modality,
            # hedges and meaning frame only the main clause
            if not adverbial:
                status, hedged, ended = self._children(
                    tok, status, own=own and not via_conj, framed=detached is None
                )
                alleged = alleged or hedged
                phase = "ended" if ended else phase
                if tok is not cue:
                    deny = detached is None
                    status, hedged = self._governor(tok, cue, status, came_via, deny=deny)
                    alleged = alleged or hedged
            # A modifier of a noun or a subject keeps its own truth; a clause that is a
            # hedging noun's content ("called it proof that Turkey arms HTS", "claims that
            # Russia supplies Haftar") is what that noun asserts, not a fact.
            if tok.head is tok or tok.dep_ not in FRAME_DEPS:
                alleged = alleged or self._hedged_content(tok)
                if self._denied_content(tok):
                    status = "negated"
                break
            via_conj = tok.dep_ == "conj"
            adverbial = tok.dep_ == "advcl" and any(c.dep_ in SUBJECT_DEPS for c in tok.children)
            came_via = tok.dep_
            via_object = tok.dep_ in ("dobj", "pobj", "prep", "attr", "nsubjpass") and (
                via_object or tok is cue or tok.pos_ in ("NOUN", "PROPN", "ADP")
            )
            tok = tok.head
        if self._denied_agents(cue) or self._none_of_it(cue):
            status = "negated"
        return status, alleged or self._hedged_sentence(cue.sent), phase

    def _hedged_content(self, clause: Token) -> bool:
        return (
            clause.dep_ in ("acl", "relcl")  # "that" a mark: a content clause, not a relative
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
            and self.cues.has("hedge", clause.head.lemma_.lower())
        )

    def _denied_content(self, clause: Token) -> bool:
        """ "denied reports that it had armed the Kurds", "rejected claims that its jets hit
        rebels": a content clause of the object of a denying verb is denied."""
        noun = clause.head
        return (
            clause.dep_ in ("acl", "relcl")
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
            and noun.dep_ == "dobj"
            and self.cues.has("negator", noun.head.lemma_.lower())
        )

    @staticmethod
    def _event_of(tok: Token, came_via: str) -> bool:
        """Is `tok` a verb of an act the noun takes part in, not a copula whose predicate the
        noun is ("is an ally", "remains its main backer")?"""
        return tok.pos_ in ("VERB", "AUX") and came_via not in ("attr", "acomp", "oprd")

    def ends(self, tok: Token) -> bool:
        """A word that ends an act: "stop", "cut off", "pull out"."""
        lemma = tok.lemma_.lower()
        return self.cues.has("end_verb", lemma) or self.cues.has(
            "end_verb", phrasal(tok, self.cues.words("particle"))
        )

    def _ends_an_act(self, verb: Token) -> bool:
        """Whether an end verb ends a relation's act: it names one itself ("abandoned the
        Kurds"), or its object is one or a backer's people ("halted the strikes", "stopped
        arming", "withdrew its advisers")."""
        objects = [c for c in verb.children if c.dep_ in ENDED_BY_VERB]
        acts = any(self.cues.has(r, t.lemma_.lower()) for t in [verb, *objects] for r in ACTS)
        return acts or any(self.names_people(o) for o in objects)

    def names_people(self, noun: Token) -> bool:
        """Whether a noun phrase is a backer's people or help: its head ("its advisers") or
        what it counts ("many of its personnel"); not a word further down ("the route to
        towns where Kurdish forces fight")."""
        heads = [noun] + [
            g
            for p in noun.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for g in p.children
            if g.dep_ == "pobj"
        ]
        return any(self.cues.has("personnel_noun", t.lemma_.lower()) for t in heads)

    def _carried_out(self, verb: Token) -> bool:
        """Whether an end verb's own clause says the ending happened: not negated, not
        modal or conditional ("would stop", "did not halt", "never ended"), and not an
        infinitive of purpose hung on a noun or a clause ("proposed a program to end the
        siege", "in order to end the siege"): a purpose is not a deed."""
        purpose = verb.dep_ in PURPOSE_DEPS and _to_infinitive(verb)
        return not purpose and self._children(verb, "asserted", own=True)[0] == "asserted"

    def _scheme_ended(self, cue: Token) -> bool:
        """ "ended the CIA program to arm the rebels", "halted a scheme that funded them": the
        act is what a scheme ended by its governing verb carries out. The parser hangs the
        infinitive on the noun, or on the end verb right after the noun; either way the act
        ends with the scheme, if the ending was carried out."""
        while cue.dep_ == "conj" and cue.head.i != cue.i:  # "to train and equip"
            cue = cue.head
        head = cue.head
        if cue.dep_ in ("acl", "relcl") and head.dep_ in ENDED_BY_VERB:
            scheme, verb = head, head.head
        elif cue.dep_ == "advcl" and _to_infinitive(cue):
            verb = head
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            scheme = objects[0] if objects else None
            if scheme is None or scheme.right_edge.i + 1 != cue.left_edge.i:
                return False
        else:
            return False
        return (
            verb is not scheme
            and self.cues.has("scheme_noun", scheme.lemma_.lower())
            and self.ends(verb)
            and self._carried_out(verb)
        )

    def _past_marked(self, cue: Token) -> bool:
        """ "a former backer of", "once backed", "ex-ally": a relation that is over. The
        marker stands just before the cue; in text without commas "Ariha once a government
        stronghold was captured" hangs a far "once" on the verb."""
        return any(
            c.dep_ in ("amod", "advmod")
            and c.i < cue.i <= c.i + PAST_MARKER_REACH
            and self.cues.has("past_marker", c.lower_)
            for c in cue.children
        )

    def _children(
        self, tok: Token, status: str, *, own: bool, framed: bool = True
    ) -> tuple[str, bool, bool]:
        """Negation, modal auxiliaries, conditional marks and hedging adverbs on `tok`;
        (status, alleged, ended by an adverb such as "no longer"). A conditional mark
        frames the cue unless `framed` is false (a standing tie inside the clause: "unclear
        if the raids were carried out by their Russian allies")."""
        alleged = ended = False
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg" and own:
                status = "negated"
            elif child.dep_ == "advmod" and own and self._adverb("ending_adverb", child):
                ended = True  # "no longer backs"
            elif child.dep_ == "advmod" and own and self._adverb("negative_adverb", child):
                status = "negated"
            elif (child.dep_ == "aux" and own or child.dep_ == "mark" and framed) and self.cues.has(
                "hypothetical", low
            ):
                status = "hypothetical" if status == "asserted" else status
            elif (child.dep_ in ("advmod", "amod") or child.dep_ == "prep") and self.cues.has(
                "hedge", low
            ):
                alleged = alleged or not self._on_record(child)
        return status, alleged, ended

    def _adverb(self, role: str, adverb: Token) -> bool:
        words = " ".join(t.lower_ for t in adverb.subtree)
        return self.cues.has(role, words)

    def _governor(
        self, tok: Token, cue: Token, status: str, came_via: str, *, deny: bool = True
    ) -> tuple[str, bool]:
        """A governing verb that denies ("denied arming", "denied Russia's support"), frames
        as not yet real ("threatened to intervene", "urged Turkey to send") or reports ("UN
        experts said"). With `deny` false the cue is the object of an act below `tok`, which
        is what `tok` denies or plans, so only its hedging counts."""
        lemma = tok.lemma_.lower()
        cues = self.cues
        negator = cues.has("negator", lemma) or cues.has(
            "negator", phrasal(tok, cues.words("particle"))
        )
        if negator and deny:
            return "negated", False
        if not deny:  # "urged Moscow to rein in its ally": the alliance is no plan
            return status, cues.has("hedge", lemma)
        hypothetical = (
            cues.has("hypothetical", lemma)
            or (cues.has("warn_verb", lemma) and cue.pos_ != "NOUN")
            or (cues.has("object_control", lemma) and came_via != "dobj")
        )
        if hypothetical:
            return ("hypothetical" if status == "asserted" else status), False
        reported = cues.has("report_verb", lemma) and any(
            c.dep_ == "nsubj" and self._third_party(c) for c in tok.children
        )
        return status, cues.has("hedge", lemma) or reported

    @staticmethod
    def _none_of_it(cue: Token) -> bool:
        """ "provided no support to", "gave no weapons to", "played no role in", "has no
        troops fighting": "no" on the act, on its object or on the noun it describes."""

        def no(tok: Token) -> bool:
            return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)

        objects = [c for c in cue.children if c.dep_ == "dobj"]
        return no(cue) or any(no(o) for o in objects) or (cue.dep_ == "acl" and no(cue.head))

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
        """ "according to ..." (not to a source of record) or "a charge Moscow denied"
        anywhere in the sentence."""
        if any(
            t.lower_ == "according" and t.nbor(1).lower_ == "to" and not self._on_record(t)
            for t in sent[:-1]
        ):
            return True
        return any(self.cues.has("hedge_noun", t.lemma_.lower()) for t in sent)

    def _on_record(self, according: Token) -> bool:
        """ "according to the monitor", "according to a monitoring group": the source is one
        whose reports of the war's events the article gives as its own (`record_source`),
        named by the head of what "to" governs or a word modifying it."""
        if according.lower_ != "according" or according.i + 1 >= len(according.doc):
            return False
        to = according.nbor(1)
        sources = [c for c in to.children if c.dep_ == "pobj"]
        return any(
            self._record_source(w)
            for s in sources
            if not self._third_party(s)
            for w in (s, *s.children)
        )

    def _record_source(self, word: Token) -> bool:
        return self.cues.has("record_source", word.lemma_.lower())

    def _third_party(self, noun: Token) -> bool:
        """A source whose finding is its own, not the article's: an expert, an official, a
        panel (`third_party`), or monitors named for the body or the terms they watch over
        (`inquiry_mark`: "UN monitors", "sanctions monitors" are investigators, not the
        war's record keepers that "the Syrian Observatory" or "Al-Manar's reporter" are)."""
        return self.cues.has("third_party", noun.lemma_.lower()) or (
            self._record_source(noun)
            and any(
                c.dep_ == "compound" and self.cues.has("inquiry_mark", c.lower_)
                for c in noun.children
            )
        )
