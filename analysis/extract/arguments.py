"""Who a noun phrase stands for, and the agents and objects of a word: the argument
finders every rule and construction uses. They look through modifiers ("Haftar's forces"),
pronouns, relative clauses, coordination ("Russia, along with the UAE and Egypt") and
control ("urged Turkey to send troops")."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from analysis.extract.anaphors import ALIAS_KIND as ANAPHOR
from analysis.extract.context import ActorMention, Context
from analysis.extract.mentions import SHARED
from analysis.extract.syntax import (
    SUBJECT_DEPS,
    antecedent,
    comma_before,
    governing_verb,
    is_place,
    is_verb,
    later_auxiliary,
    list_item_before,
    main_verb_as_participle,
    prep_children,
)
from analysis.extract.vocab import CueBook
from analysis.kb import KnowledgeBase

Args = list[tuple[ActorMention, Token]]
_NAME_KINDS = frozenset({"name", "abbreviation"})  # whole names, for unpunctuated lists
_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod")


def _object_read_as_subject(tok: Token) -> bool:
    """ "expected to encircle it completely aiming to drive insurgents out": the parser made
    the object of the verb before it the subject of a bare participle after it. A pronoun
    right after a verb with no object of its own, as the subject of an "-ing" form with no
    auxiliary, is that verb's object ("said it was striking" keeps its subject)."""
    if tok.dep_ != "nsubj" or tok.i == 0:
        return False
    verb, clause = tok.doc[tok.i - 1], tok.head
    return (
        verb.pos_ == "VERB"
        and clause.tag_ == "VBG"
        and clause.head.i == verb.i
        and not any(c.dep_ in ("aux", "auxpass") for c in clause.children)
        and not any(c.dep_ == "dobj" for c in verb.children)
    )


def _within(tok: Token, root: Token) -> bool:
    """Is `tok` inside the phrase headed by `root` ("Damascus and its allies")?"""
    return root.left_edge.i <= tok.i <= root.right_edge.i


_NAMING_DEPS = ("amod", "nmod", "compound")  # modifiers that may name a noun's side
_PLACE_PREPS = ("in", "near", "around", "across", "outside", "inside")


class Arguments:
    def __init__(self, cues: CueBook, kb: KnowledgeBase) -> None:
        self.cues = cues
        self.kb = kb

    # -- one noun phrase -----------------------------------------------------------------

    def actor_of(self, ctx: Context, tok: Token, *, depth: int = 0) -> ActorMention | None:
        """The actor a noun phrase headed by `tok` stands for, looking into its modifiers."""
        if tok.i in ctx.blocked:
            return None
        if self.cues.has("force_noun", tok.lower_):  # "fighters from the Wagner Group"
            for pobj in prep_children(tok, ("from", "of")):
                actor = ctx.actors.get(pobj.i)
                if actor is not None and (
                    actor.type == "non-state" or self.kb.is_faction(actor.name)
                ):
                    return actor
        if tok.i in ctx.actors:
            return None if self._act_read_as_modifier(ctx, tok) else ctx.actors[tok.i]
        if self.cues.has("ouster_noun", tok.lemma_.lower()):
            return None  # "Assad's ouster" is not Assad
        titled = self.titled_name(ctx, tok)
        if titled is not None:
            return titled
        if self.cues.has("relative_pronoun", tok.lower_):
            ante = antecedent(tok)
            return self.actor_of(ctx, ante, depth=depth + 1) if ante is not None else None
        if self.cues.has("pronoun", tok.lower_) or self.cues.has("person_pronoun", tok.lower_):
            return self.pronoun(ctx, tok)
        if tok.dep_ == "appos" and depth == 0 and tok.head.i in ctx.actors:
            return ctx.actors[tok.head.i]  # "the SDF, an alliance that the US arms"
        if depth >= 2:
            return None
        if self.cues.has("quantity_noun", tok.lower_):  # "hundreds of air strikes", "most of"
            for pobj in prep_children(tok, ("of", "but")):  # "all but one of the villages"
                actor = self.actor_of(ctx, pobj, depth=depth)
                if actor is None and self.cues.get("noun", pobj.lemma_.lower()) is not None:
                    for agent in prep_children(tok, ("by",)):  # "a series of strikes ... by X"
                        return self.actor_of(ctx, agent, depth=depth + 1)
                return actor
        if tok.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return None
        left = {ctx.actors[t.i].name for t in tok.subtree if t.i < tok.i and t.i in ctx.actors}
        if len([name for name in left if self.kb.is_faction(name)]) > 1:
            return None  # modifiers naming two sides: a misparse, not one side
        return (
            self._held_or_carried(ctx, tok, depth)
            or self._through_modifiers(ctx, tok, depth)
            or self.run_on_apposition(ctx, tok)
        )

    def _act_read_as_modifier(self, ctx: Context, tok: Token) -> bool:
        """ "helped the SDF drive IS out of Manbij": the parser made the act ("drive") a
        noun modifying the name after it, with the other side's name on the act; the name
        so read is nobody's object."""
        name = ctx.actors[tok.i].name
        for act in tok.children:
            if act.dep_ != "compound" or act.pos_ != "NOUN" or act.i in ctx.actors:
                continue
            lemma = act.lemma_.lower()
            if not self.cues.has("verb", lemma) and not self.cues.has("capture_verb", lemma):
                continue
            for side in act.children:
                other = ctx.actors.get(side.i) if side.dep_ == "compound" else None
                if other is not None and other.name != name and self.kb.is_faction(other.name):
                    return True
        return False

    @staticmethod
    def run_on_apposition(
        ctx: Context, tok: Token, articles: tuple[str, ...] = ("a", "an")
    ) -> ActorMention | None:
        """ "the YPG a group backed by Washington", "Iran a strong backer of the regime": with
        its commas gone an apposition runs into the name before it; a noun phrase opened by
        one of `articles` right after a whole name stands for it."""
        first = tok.left_edge
        if first.i == 0 or first.lower_ not in articles or first.head.i != tok.i:
            return None
        end = first.i  # "the Syrian Democratic Forces (SDF) a coalition": past the brackets
        if first.i >= 4 and ctx.doc[first.i - 1].text == ")" and ctx.doc[first.i - 3].text == "(":
            end = first.i - 3
        before = ctx.doc[end - 1]
        actor = ctx.actors.get(before.i)
        if actor is None or before.pos_ != "PROPN" or actor.span.end != end:
            return None
        return actor

    @staticmethod
    def run_on_possessor(ctx: Context, tok: Token) -> ActorMention | None:
        """ "Russia Assads main ally has denied ...": with its commas gone an apposition
        runs into the possessor of the role word after it (the parser makes the name a
        compound of the possessor); a whole name of another actor right before the
        possessor's stands for the role word."""
        for poss in (c for c in tok.children if c.dep_ == "poss"):
            owner = ctx.actors.get(poss.i)
            if owner is None or owner.span.start == 0:
                continue
            before = ctx.doc[owner.span.start - 1]
            actor = ctx.actors.get(before.i)
            if (
                actor is not None
                and actor.name != owner.name
                and actor.span.end == owner.span.start
                and before.pos_ == "PROPN"
                and actor.alias_kind in (*_NAME_KINDS, "metonym")
            ):
                return actor
        return None

    def titled_name(self, ctx: Context, tok: Token) -> ActorMention | None:
        """ "backed by ally Russia", "Key regime ally Iran welcomed", "backed by the Lebanese
        group Hezbollah": the name right after a role word or a kind of group is what it
        stands for (the parser often cuts the two apart)."""
        if tok.i + 1 >= len(ctx.doc):
            return None
        lemma = tok.lemma_.lower()
        if not self.cues.has("kind_noun", lemma) and not self.cues.has("agent_noun", lemma):
            return None
        actor = ctx.actors.get(tok.i + 1)
        if actor is None or actor.span.start != tok.i + 1 or actor.span.root.head.i == tok.i:
            return None  # a name the parser already hangs on the role word is read there
        return actor

    def _held_or_carried(self, ctx: Context, tok: Token, depth: int) -> ActorMention | None:
        """ "rebel-held districts", "areas held by the rebels"; "air strikes carried out by
        the United States"."""
        for child in tok.children:
            if child.dep_ == "amod" and self.cues.has("holder_participle", child.lower_):
                for holder in child.children:
                    if holder.dep_ in ("npadvmod", "compound", "nmod", "amod"):
                        actor = self.actor_of(ctx, holder, depth=depth + 1)
                        if actor is not None:
                            return actor
        if self.cues.get("noun", tok.lemma_.lower()) is not None:  # "air strikes by X"
            for pobj in prep_children(tok, ("by", "from")):
                actor = self.actor_of(ctx, pobj, depth=depth + 1)
                if actor is not None:
                    return actor
            for child in tok.children:  # "US-backed air strikes": the backer's own
                if child.dep_ == "amod" and self.cues.has("participle", child.lower_):
                    for backer in (c for c in child.children if c.dep_ in ("npadvmod", "compound")):
                        actor = self.actor_of(ctx, backer, depth=depth + 1)
                        if actor is not None:
                            return actor
        for child in tok.children:  # "carried out by X", "areas held by X", "villages
            # which are controlled by X"
            held = child.dep_ in ("acl", "relcl") and self.cues.has(
                "holder_participle", child.lower_
            )
            carried = child.dep_ == "acl" and self.cues.has("light_verb", child.lemma_.lower())
            if held or carried:
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            return self.actor_of(ctx, pobj, depth=depth + 1)
            if child.dep_ == "acl" and depth == 0:  # "air raids believed to be Russian"
                owner = self.believed_owner(ctx, child)
                if owner:
                    return owner[0][0]
        return None

    def _through_modifiers(self, ctx: Context, tok: Token, depth: int) -> ActorMention | None:
        """ "Haftar's forces", "Turkish drones", "the forces of commander Haftar", "the
        government in Tripoli", "forces loyal to Assad"."""
        for child in sorted(tok.children, key=lambda c: abs(c.i - tok.i)):
            if child.dep_ in _MODIFIER_DEPS:
                if child.dep_ == "amod" and self.cues.has("loyal_adj", child.lower_):
                    continue
                if self._anti(child):
                    continue  # "anti-Houthi forces" are not the Houthis
                actor = self.actor_of(ctx, child, depth=depth + 1)
                if actor is not None:
                    return actor
        if self.cues.has("force_noun", tok.lower_):
            for pobj in prep_children(tok, ("in",)):
                seat = ctx.actors.get(pobj.i)
                if seat is not None and seat.is_metonym and self.kb.is_faction(seat.name):
                    return seat
            for pobj in prep_children(tok, ("of",)):
                actor = self.actor_of(ctx, pobj, depth=depth + 1)
                if actor is not None:
                    return actor
        for child in tok.children:  # "groups affiliated to al-Nusra": also a participle
            if child.dep_ in ("amod", "acl") and self.cues.has("loyal_adj", child.lower_):
                for pobj in prep_children(child, ("to", "with")):
                    return self.actor_of(ctx, pobj, depth=depth + 1)
        return None

    def _anti(self, tok: Token) -> bool:
        """Is the token the object of an "anti-" or "non-" prefix?"""
        doc = tok.doc
        first = tok.left_edge.i if tok.dep_ == "compound" else tok.i
        return (
            first >= 2
            and doc[first - 1].text == "-"
            and self.cues.has("anti_prefix", doc[first - 2].lower_)
        )

    def pronoun(self, ctx: Context, tok: Token) -> ActorMention | None:
        """The nearest actor named before a pronoun in its sentence, preferring one that is
        a subject or possessor (the one the sentence is about)."""
        if _object_read_as_subject(tok):
            return None
        person = self.cues.has("person_pronoun", tok.lower_)
        owner = tok.head  # "Damascus and its allies": the conjunct before the possessive
        if tok.dep_ == "poss" and owner.dep_ == "conj" and owner.head.i in ctx.actors:
            actor = ctx.actors[owner.head.i]
            return ActorMention(actor.span, actor.name, actor.type, "pronoun", actor.group)
        faulted = self._faulted_for(ctx, tok) if tok.dep_ == "poss" else None
        if faulted is not None:
            return ActorMention(faulted.span, faulted.name, faulted.type, "pronoun", faulted.group)
        candidates: list[ActorMention] = []
        attacker = self._attacker_of_owned(tok)
        for i in range(tok.i - 1, tok.sent.start - 1, -1):
            actor = ctx.actors.get(i)
            if actor is None or (candidates and candidates[-1] is actor):
                continue
            if attacker is not None and attacker in (actor.span.root, actor.span.root.head):
                continue  # "Russian jets hit their positions": not the jets' own
            named_person = actor.alias_kind in ("leader", "minister", "official")
            if person != named_person and (person or tok.lower_ in ("it", "its")):
                continue  # "his" a person's, "it"/"its" not a person's
            if is_place(actor.span.root):
                continue  # "In Lebanon, Kurds rallied for their brethren in Syria"
            candidates.append(actor)
        if tok.lower_ in ("it", "its"):  # "US officials accused Russia of failing to rein in
            singular = [a for a in candidates if a.span.root.tag_ not in ("NNS", "NNPS")]
            candidates = singular or candidates  # its ally": a singular name first
        prominent = [a for a in candidates if a.span.root.dep_ in ("nsubj", "nsubjpass", "poss")]
        if not candidates and tok.dep_ in ("nsubj", "nsubjpass") and not person:
            prominent = self._previous_subject(ctx, tok)
        for actor in prominent[:1] or candidates[:1]:
            return ActorMention(actor.span, actor.name, actor.type, "pronoun", actor.group)
        return None

    def _attacker_of_owned(self, tok: Token) -> Token | None:
        """The subject of a hostile verb whose object a possessive pronoun qualifies ("jets"
        in "Russian jets hit their positions"): one does not strike one's own, so the
        pronoun stands for someone else ("their own" would say otherwise)."""
        owned = tok.head
        if (
            tok.dep_ != "poss"
            or owned.dep_ != "dobj"
            or any(c.lower_ == "own" for c in owned.children)
        ):
            return None
        cue = self.cues.get("verb", owned.head.lemma_.lower())
        if cue is None or cue.relation != "opposes":
            return None
        return next((c for c in owned.head.children if c.dep_ == "nsubj"), None)

    def _faulted_for(self, ctx: Context, tok: Token) -> ActorMention | None:
        """ "Turkey criticised Washington for its support of the YPG", "blamed Moscow over
        its role": a possessive in the "for"/"over" phrase of a verb with an object is the
        object's, not the subject's."""
        owned = tok.head
        prep = owned.head
        if owned.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("for", "over"):
            return None
        verb = prep.head
        if verb.pos_ != "VERB":
            return None
        for obj in verb.children:
            if obj.dep_ == "dobj" and obj.i < tok.i:
                return self.actor_of(ctx, obj, depth=1)
        return None

    @staticmethod
    def _previous_subject(ctx: Context, tok: Token) -> list[ActorMention]:
        """ "IS seized the town in June. It has been battling rival rebels since": a subject
        pronoun with no name before it in its sentence stands for the actor the sentence
        before is about, its subject."""
        start = tok.sent.start
        if start == 0:
            return []
        before = ctx.doc[start - 1].sent
        return [
            actor
            for i in range(before.start, before.end)
            if (actor := ctx.actors.get(i)) is not None
            and actor.span.root.i == i
            and actor.span.root.dep_ in ("nsubj", "nsubjpass")
            and not is_place(actor.span.root)
        ][:1]

    # -- coordination --------------------------------------------------------------------

    def expand(self, ctx: Context, tok: Token) -> Args:
        """`tok` and everything coordinated with it."""
        out: Args = []
        seen: set[int] = set()

        def visit(t: Token) -> None:
            if t.i in seen:
                return
            seen.add(t.i)
            if t.i not in ctx.actors and self.cues.has("relative_pronoun", t.lower_):
                ante = antecedent(t)  # "Russia and China, which back Assad": both
                if ante is not None:
                    visit(ante)
                    return
            actor = self.actor_of(ctx, t)
            # "Rebels and Nusra fighters": coordinated names of the sides of one force noun
            naming = _NAMING_DEPS if self.cues.has("force_noun", t.lower_) else ("amod",)
            if actor is not None:
                out.append((actor, t))
                out.extend(self._coordinated_modifiers(ctx, t, naming))
                root = actor.span.root  # "Russian and Syrian air forces renew their
                if actor.alias_kind == "pronoun" and not _within(t, root):  # raids": both
                    out.extend(
                        m for m in self._coordinated_modifiers(ctx, root) if m[0].name != actor.name
                    )
                    for child in root.children:
                        for other in self._coordinated(ctx, child, root):
                            visit(other)
                if self.cues.has("force_noun", t.lower_):  # "jihadists from IS and Nusra"
                    for pobj in prep_children(t, ("from", "of")):
                        for other in pobj.conjuncts:
                            visit(other)
            else:
                out.extend(self._coordinated_modifiers(ctx, t, naming))
            out.extend(self._hung_first_member(ctx, t))
            for child in t.children:
                for other in self._coordinated(ctx, child, t):
                    visit(other)

        visit(tok)
        return out

    @staticmethod
    def _hung_first_member(ctx: Context, t: Token) -> Args:
        """ "Rebels and regime forces clashed", "between Nusra and FSA factions": the parser
        hangs the first of two coordinated sides, with its "and", on the second as a
        modifier. A named modifier with its own "and" is a side beside the noun; when the
        noun names no side itself ("factions"), its other named modifiers are the second
        side."""
        own = ctx.actors.get(t.i)
        hung = [
            c
            for c in t.children
            if c.dep_ in ("nmod", "compound")
            and c.i in ctx.actors
            and ctx.actors[c.i] is not own
            and any(g.dep_ == "cc" for g in c.children)
        ]
        if not hung:
            return []
        out: Args = [(ctx.actors[c.i], c) for c in hung]
        if own is None:
            out += [
                (ctx.actors[c.i], c)
                for c in t.children
                if c.dep_ in _NAMING_DEPS
                and c.i in ctx.actors
                and c.i > hung[0].i
                and c not in hung
            ]
        return out

    def _coordinated_modifiers(
        self, ctx: Context, t: Token, deps: tuple[str, ...] = ("amod",)
    ) -> Args:
        """ "Russian and Syrian jets": every coordinated modifier names a side, and so do
        the items of the list before it that copy without commas runs into it ("Syrian
        Russian and Iranian forces"; `MentionResolver` reads them as shared)."""
        out: Args = []
        for mod in (c for c in t.children if c.dep_ in deps and c.i in ctx.actors):
            conjs = [c for c in mod.children if c.dep_ == "conj" and c.i in ctx.actors]
            lead: list[Token] = []
            while conjs and (prev := list_item_before((lead or [mod])[0])) is not None:
                if prev.i not in ctx.actors or ctx.actors[prev.i].alias_kind != SHARED:
                    break
                lead.insert(0, prev)
            for other in [*lead, mod, *conjs] if conjs else []:
                out.append((ctx.actors[other.i], other))
        return out

    def _coordinated(self, ctx: Context, child: Token, t: Token) -> list[Token]:
        """The nouns `child` adds to `t`'s coordination: conjuncts, appositions, "along
        with X", ", alongside X" after a subject, and the leader in "rebels led by X"."""
        if child.dep_ in ("conj", "appos"):
            return [child]
        if child.dep_ == "compound" and self._run_on_name(ctx, child, t):
            return [child]
        if child.dep_ == "acl" and self.cues.has("led_by", child.lemma_.lower()):
            return [g for a in child.children if a.dep_ == "agent" for g in a.children]
        if child.dep_ == "acl" and self.cues.has("naming_verb", child.lemma_.lower()):
            # "a Kurdish-led force known as the SDF", "a group called the Nusra Front"
            named = [g for g in child.children if g.dep_ in ("oprd", "dobj", "attr")]
            return named + list(prep_children(child, ("as",)))
        if child.dep_ == "relcl" and self.cues.has("including_verb", child.lemma_.lower()):
            # "recaptured by the rebels, who include fighters of the Nusra Front": a named
            # member acts with the group
            return [g for g in child.children if g.dep_ == "dobj"]
        if child.dep_ != "prep":
            return []
        if self.cues.has("companion_prep", child.lower_):
            return list(prep_children(child, ("with",)))
        if self.cues.has("including_prep", child.lower_) and t.dep_ in SUBJECT_DEPS:
            # "rebels including fighters from the Nusra Front seized the hill": a named
            # member of the subject acts with it
            return [g for g in child.children if g.dep_ == "pobj"]
        coordinating = self.cues.has("coord_prep", child.lower_) and t.dep_ in SUBJECT_DEPS
        if coordinating and comma_before(child):
            return [g for g in child.children if g.dep_ == "pobj"]
        return []

    @staticmethod
    def _run_on_name(ctx: Context, child: Token, t: Token) -> bool:
        """ "backed by Russia Iran and Shiite militias": copy without commas runs a list of
        names together, and the parser makes the first a compound of the next. Two whole
        names of different actors, one right after the other, are two list items."""
        first, second = ctx.actors.get(child.i), ctx.actors.get(t.i)
        return (
            first is not None
            and second is not None
            and first.name != second.name
            and first.alias_kind in _NAME_KINDS
            and second.alias_kind in _NAME_KINDS
            and first.span.end == second.span.start
            and first.span.root.i == child.i
        )

    # -- the arguments of a word -----------------------------------------------------------

    def prep_objects(self, ctx: Context, tok: Token, preps: Iterable[str]) -> Args:
        out: Args = []
        for child in tok.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and not self.cues.has(
                        "beneficiary_noun", pobj.lemma_.lower()
                    ):  # "the war in Assad's favour" is not the war on Assad
                        out.extend(self.expand(ctx, pobj))
                out += [(ctx.actors[n.i], n) for n in self._name_after_prep(ctx, child)]
        if "against" in preps:
            out += self._against_on_place(ctx, tok)
        return out

    def _against_on_place(self, ctx: Context, tok: Token) -> Args:
        """ "battling alongside the army in the Qalamoun mountains against Nusra": the parser
        hangs the "against" phrase on the place before it; a place is fought in, not
        against, so the phrase is the word's own."""
        out: Args = []
        for child in tok.children:
            if child.dep_ != "prep" or child.lower_ not in _PLACE_PREPS:
                continue
            for place in child.children:
                if place.dep_ == "pobj" and place.i not in ctx.actors:
                    for pobj in prep_children(place, ("against",)):
                        out.extend(self.expand(ctx, pobj))
        return out

    @staticmethod
    def _name_after_prep(ctx: Context, prep: Token) -> list[Token]:
        """ "the fight against IS providing them with weapons": the parser took "IS" for
        the auxiliary of the clause after the preposition; a bare actor name right after
        the preposition is its object."""
        return [
            aux
            for pcomp in prep.children
            if pcomp.dep_ == "pcomp"
            for aux in pcomp.children
            if aux.dep_ in ("aux", "auxpass", "nsubj")
            and aux.i == prep.i + 1
            and aux.i in ctx.actors
            and not any(aux.children)
        ]

    def agents(self, ctx: Context, verb: Token) -> Args:
        """The "by" phrase of a passive; "backed by air strikes from X", the "from" phrase
        hung on the verb, names the act's agent, and "backed by funds from X", the "from"
        phrase of what the agent phrase names."""
        out: Args = []
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self.expand(ctx, pobj))
                        if not out:
                            out.extend(self.prep_objects(ctx, pobj, ("from",)))
                        if not out and self.cues.get("noun", pobj.lemma_.lower()):
                            out.extend(self.prep_objects(ctx, verb, ("from",)))
        return out

    def held_places(self, ctx: Context, verb: Token) -> Args:
        """The side holding the place an act (a verb or an action noun) happened "in" ("in
        rebel-held areas", "in an opposition-controlled town"): the act falls on it."""
        out: Args = []
        heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # "killed 30 people in"
        heads += prep_children(verb, ("on", "at"))  # "strikes on a hospital in rebel-held X"
        for pobj in (p for head in heads for p in prep_children(head, ("in", "into"))):
            if self._held(pobj, ("amod",)):
                out += self.expand(ctx, pobj)
            elif self.cues.has("stronghold_noun", pobj.lemma_.lower()):
                out += self.strongholds_holder(ctx, pobj)
            else:  # "in the town of al-Bab held by IS", "in villages controlled by IS"
                for place in (pobj, *prep_children(pobj, ("of",))):
                    if (
                        self._held(place, ("acl", "relcl"))
                        and (holder := self.actor_of(ctx, place)) is not None
                    ):
                        out.append((holder, place))
        return out

    def _held(self, place: Token, deps: tuple[str, ...]) -> bool:
        """Does a participle of holding hang on `place` by one of `deps` ("rebel-held
        areas": amod; "areas held by IS", "villages which are controlled by IS": acl,
        relcl)?"""
        return any(
            c.dep_ in deps and self.cues.has("holder_participle", c.lower_) for c in place.children
        )

    def places_fought_for(self, ctx: Context, verb: Token) -> Args:
        """The holders of the places a fight is "for" ("battling for the IS-held city of
        Manbij", "for the rebel stronghold of Douma"): a place is fought for to take it
        from its holder, so the holder is fought, not helped ("fought for the regime")."""
        out: Args = []
        for pobj in prep_children(verb, ("for",)):
            if self.cues.has("stronghold_noun", pobj.lemma_.lower()):  # "rebel stronghold"
                named = pobj.i in ctx.actors  # is itself a name of its holder
                out += self.expand(ctx, pobj) if named else self.strongholds_holder(ctx, pobj)
            elif pobj.i not in ctx.actors and self._held(pobj, ("amod", "acl", "relcl")):
                out += self.expand(ctx, pobj)
        return out

    def strongholds_holder(self, ctx: Context, place: Token) -> Args:
        """Whose stronghold it is: "the rebel stronghold of Eastern Ghouta", "a bastion of
        the Islamic State group", "the group's heartland"."""
        holders = self.children_of(ctx, place, ("amod", "compound", "nmod", "poss"))
        return holders + self.prep_objects(ctx, place, ("of",))

    def children_of(self, ctx: Context, tok: Token, deps: Iterable[str]) -> Args:
        return [(a, t) for c in tok.children if c.dep_ in deps for a, t in self.expand(ctx, c)]

    def objects(self, ctx: Context, verb: Token, deps: Iterable[str] = ("dobj",)) -> Args:
        """The objects of a verb; "backs the government in Tripoli" with the seat hung on
        the verb; a second object the parser hangs on the verb as a conjunct noun."""
        deps = tuple(deps)
        out = self.children_of(ctx, verb, deps)
        if "dobj" not in deps:
            return out
        if not out:
            out = [(ctx.actors[n.i], n) for n in self._name_as_object(ctx, verb)]
        if not out:
            for child in verb.children:
                if child.dep_ == "dobj" and self.cues.has("force_noun", child.lower_):
                    for pobj in prep_children(verb, ("in",)):
                        seat = ctx.actors.get(pobj.i)
                        if seat is not None and seat.is_metonym and self.kb.is_faction(seat.name):
                            out.append((seat, child))
                    for pobj in prep_children(verb, ("from", "of")):  # "killed militants
                        side = ctx.actors.get(pobj.i)  # from the Nusra Front", hung on the verb
                        if side is not None and self.kb.is_faction(side.name):
                            out.append((side, child))
        if out:
            for child in verb.children:
                if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
                    out.extend(self.expand(ctx, child))
        return out

    # -- agents through the clause structure ---------------------------------------------

    def subjects(self, ctx: Context, verb: Token) -> Args:
        """The agents of `verb`, inherited through control, conjunction and relative
        clauses."""
        for child in verb.children:
            if (
                child.dep_ == "nsubj"
                or self._name_as_clause(ctx, child)
                or self._name_on_verb(ctx, child, verb)
            ):
                named = self.expand(ctx, child) or self._speakers_own(ctx, child, verb)
                if not named and verb.dep_ == "relcl" and child.tag_ == "WDT":
                    # "a group that aims to", "launched raids that killed"
                    named = self.said_of(ctx, verb.head) or self._performer(ctx, verb)
                if not _named_outright(named):
                    named = self._unpunctuated_apposition(ctx, child, verb) or named
                return named + self._broken_conjuncts(ctx, child, verb) + self.companions(ctx, verb)
        if verb.dep_ == "relcl" and verb.tag_ == "VB" and self._infinitive(verb):
            # "airstrikes to bolster X": the parser's relative clause is the plan's purpose
            return self._plan_owners(ctx, verb)
        if verb.dep_ == "relcl" and not any(c.dep_ == "nsubjpass" for c in verb.children):
            return self.expand(ctx, verb.head) or self.said_of(ctx, verb.head)
        if verb.dep_ == "acomp":
            return self.subjects(ctx, verb.head)
        if verb.dep_ == "acl" and verb.tag_ == "VB":
            return self._plan_owners(ctx, verb)
        if verb.dep_ == "acl" and (verb.tag_ == "VBG" or main_verb_as_participle(verb)):
            # "contractors fighting alongside the LNA"
            return (
                self.expand(ctx, verb.head)
                or self.said_of(ctx, verb.head)
                or self._adverbial_participle(ctx, verb)
            )
        believed = self._believed_to_be(ctx, verb)
        if believed:
            return believed
        fronted = self._subject_in_fronted_clause(ctx, verb)
        if fronted:
            return fronted
        head = verb.head
        if head.i == verb.i:
            return []
        if (
            verb.dep_ == "conj"
            and head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ == "nsubjpass" for c in verb.children)
        ):
            # "Islam Army was formed in 2013 and has received backing": a passive's subject
            # is also its active conjunct's; not a conjunct with a subject of its own ("IS
            # attacked, but the assault was repelled with the help of X")
            return self.subjects(ctx, head) or self.children_of(ctx, head, ("nsubjpass",))
        if verb.dep_ in ("xcomp", "advcl", "pcomp") or (
            verb.dep_ == "pobj" and head.dep_ == "prep"
        ):
            return self._controllers(ctx, verb)
        return []

    def _performer(self, ctx: Context, clause: Token) -> Args:
        """ "The coalition carried out air strikes that killed Syrian soldiers": the act a
        relative clause hangs on is done by its owner or by the subject of the light verb
        it is the object of (`_plan_owners`); "IS claimed responsibility for bombings that
        killed ...": by the one who claims it."""
        act = clause.head
        if not self.cues.has("noun", act.lemma_.lower()):
            return []
        claimed = act.head.head  # "responsibility" <- "for" <- the act
        if (
            act.dep_ == "pobj"
            and act.head.lower_ == "for"
            and claimed.lemma_.lower() == "responsibility"
            and claimed.dep_ == "dobj"
            and is_verb(claimed.head)
        ):
            return self.subjects(ctx, claimed.head)
        return self._plan_owners(ctx, clause)

    def _subject_in_fronted_clause(self, ctx: Context, verb: Token) -> Args:
        """ "While Turkey backs the rebels in Idlib, Russia and Iran keep arming Assad": the
        parser makes the subject after the comma a conjunct of the fronted clause's last
        noun and leaves the verb without one. A name after that comma, coordinated up to
        the verb, is its subject."""
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
            return []
        for clause in (c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i):
            if clause.right_edge.i != verb.i - 1:
                continue
            for tok in clause.subtree:
                if (
                    tok.dep_ == "conj"
                    and tok.i in ctx.actors
                    and tok.i > clause.i
                    and tok.nbor(-1).text == ","
                ):
                    return self.expand(ctx, tok)
        return []

    @staticmethod
    def _name_on_verb(ctx: Context, child: Token, verb: Token) -> bool:
        """ "which Washington backs": the parser made the name right before a verb with no
        subject a compound of it; it is the subject."""
        return (
            child.dep_ == "compound"
            and child.i == verb.i - 1
            and child.i in ctx.actors
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        )

    def _believed_to_be(self, ctx: Context, verb: Token) -> Args:
        """ "Air raids believed to be Russian killed 10 civilians", "jets thought to belong
        to the government struck": the parser makes the hedge the verb of the description
        and hangs the real verb, with no subject, on it or under it. The description names
        the agent."""
        hedges = [c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i]
        if verb.dep_ in ("conj", "ccomp") and verb.head.i < verb.i:
            hedges.append(verb.head)
        for hedge in hedges:
            if any(c.dep_ == "nsubj" for c in hedge.children):
                named = self.believed_owner(ctx, hedge)
                if named:
                    return named
        return []

    def believed_owner(self, ctx: Context, hedge: Token) -> Args:
        """Whose a thing is "believed to be" ("Russian") or "thought to belong to" ("the
        government"), read from the hedging verb."""
        if not self.cues.has("hedge", hedge.lemma_.lower()):
            return []
        for clause in (c for c in hedge.children if c.dep_ == "xcomp"):
            if clause.lemma_ == "be":
                named = self.children_of(ctx, clause, ("acomp", "attr"))
            elif clause.lemma_ == "belong":
                named = self.prep_objects(ctx, clause, ("to",))
            else:
                continue
            if named:
                return named
        return []

    def _broken_conjuncts(self, ctx: Context, first: Token, verb: Token) -> Args:
        """ "Rebel groups including the Ahrar al-Sham faction and former al-Qaeda affiliate
        Fateh al-Sham Front fired": the parser may end a list inside the subject at its
        "and" and make the last item a second subject of the verb. A later subject right
        after a conjunction that hangs inside the first is one more item of the list."""
        out: Args = []
        for child in verb.children:
            if child.dep_ != "nsubj" or child.i <= first.right_edge.i:
                continue
            before = ctx.doc[child.left_edge.i - 1]
            inside = first.left_edge.i <= before.head.i <= first.right_edge.i
            if before.dep_ == "cc" and inside and before.i == first.right_edge.i:
                out += self.expand(ctx, child)
        return out

    def _unpunctuated_apposition(self, ctx: Context, first: Token, verb: Token) -> Args:
        """ "The other large group in the coalition the Nusra Front attacked ...": without
        its commas an apposition is parsed as a second subject of the verb. The subject
        that names an actor outright speaks for the generic one before it."""
        for child in verb.children:
            if child.dep_ == "nsubj" and child.i > first.i:
                named = self.expand(ctx, child)
                if _named_outright(named):
                    return named
        return []

    def _adverbial_participle(self, ctx: Context, verb: Token) -> Args:
        """ "Jihadists attacked a gas field in Syria killing 30 gunmen": in copy stripped of
        its commas the parser hangs the clause's participle on the object it follows; past a
        phrase of place on an object that names no side, a hostile participle is the
        clause's own, and so is its agent."""
        head = verb.head
        cue = self.cues.get("verb", verb.lemma_.lower())
        if cue is None or cue.relation != "opposes" or verb.i == head.i + 1:
            return []
        if not any(c.dep_ == "prep" and head.i < c.i < verb.i for c in head.children):
            return []
        governor = governing_verb(head) if head.dep_ in ("dobj", "pobj") else None
        return self.subjects(ctx, governor) if governor is not None else []

    @staticmethod
    def role_slot(noun: Token) -> Token:
        """ "one of the groups": the word that stands in the clause for the noun."""
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
            return noun.head.head
        return noun

    def said_of(self, ctx: Context, noun: Token) -> Args:
        """Whom a noun is said of: an apposition's head ("Ahrar al-Sham, one of the groups
        fighting the regime"), the subject of the verb it is the predicate of ("HTS is a
        group that aims to overthrow the regime", "Egypt is a key backer of Haftar"), or
        the predicate of the copula it is the subject of ("Haftar's main backer is Egypt")."""
        slot = self.role_slot(noun)
        if slot.dep_ == "appos":
            return self.expand(ctx, slot.head)
        if slot.dep_ == "attr":
            return self.subjects(ctx, slot.head)
        if slot.dep_ == "nsubj" and slot.head.lemma_ == "be":  # "Assad's main backer is
            return self.children_of(ctx, slot.head, ("attr",))  # Russia": the predicate
        return []

    @staticmethod
    def _name_as_clause(ctx: Context, tok: Token) -> bool:
        """ "IS has targeted rebel factions": the parser took the name for a verb and made it
        a clausal subject, or for an auxiliary another one follows; a bare actor name there,
        before a verb with no subject, is the subject."""
        taken = tok.dep_ == "csubj" or (tok.dep_ in ("aux", "auxpass") and later_auxiliary(tok))
        return (
            taken
            and tok.i in ctx.actors
            and tok.i < tok.head.i
            and not any(tok.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.head.children)
        )

    @staticmethod
    def _name_as_object(ctx: Context, verb: Token) -> list[Token]:
        """ "Kurdish fighters have been encircling IS in Manbij": the parser took the
        object "IS" for a verb, a clause the verb governs or whose subject the verb is; a bare
        actor name after the verb, with no subject or object of its own, is the object."""
        taken = [c for c in verb.children if c.dep_ == "ccomp"]
        if verb.dep_ == "csubj":
            taken.append(verb.head)
        return [
            tok
            for tok in taken
            if tok.i in ctx.actors
            and tok.pos_ in ("AUX", "VERB")
            and tok.i > verb.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") for c in tok.children)
        ]

    @staticmethod
    def _infinitive(verb: Token) -> bool:
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)

    def _speakers_own(self, ctx: Context, noun: Token, verb: Token) -> Args:
        """ "Russia's military said six bombers carried out strikes on IS": a state's arms
        (own_force) that no name claims, in what its military body reports, are its own."""
        if not self.cues.has("own_force", noun.lemma_.lower()):
            return []
        if any(self.cues.has("attacker_word", c.lower_) for c in noun.children):
            return []  # "suicide bombers"
        clause = verb
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        report = clause.head
        if clause.dep_ != "ccomp" or not self.cues.has("report_verb", report.lemma_.lower()):
            return []
        for speaker in (c for c in report.children if c.dep_ == "nsubj"):
            if not self.cues.has("military_body", speaker.lemma_.lower()):
                continue
            actor = self.actor_of(ctx, speaker)
            if actor is not None and actor.type == "state":
                return [(actor, noun)]
        return []

    def _plan_owners(self, ctx: Context, verb: Token) -> Args:
        """ "the CIA's programme to arm the rebels": the owner of the plan acts; "launching a
        campaign to restore Hadi": whoever launched it."""
        owners = self.children_of(ctx, verb.head, ("poss",))
        plan = verb.head
        if (
            not owners
            and plan.dep_ == "dobj"
            and self.cues.has("light_verb", plan.head.lemma_.lower())
        ):
            owners = self.subjects(ctx, plan.head)
        return owners

    def _controllers(self, ctx: Context, verb: Token) -> Args:
        """The agent of a non-finite clause: the governor's object for "accused Egypt of
        arming", "urged Turkey to send"; its passive subject for "Egypt was accused of";
        its "by" phrase for "drones were used by X to strike"; else its subject."""
        head = verb.head
        governor = head.head if verb.dep_ == "pcomp" and head.dep_ == "prep" else head
        for _ in range(3):
            if governor.pos_ in ("VERB", "AUX") or governor.head is governor:
                break
            governor = governor.head
        if governor.pos_ not in ("VERB", "AUX"):
            return []
        lemma = governor.lemma_.lower()
        hedge = self.cues.has("hedge", lemma)
        if verb.dep_ in ("pcomp", "xcomp") or head.dep_ == "prep":
            controls = any(
                self.cues.has(role, lemma) for role in ("object_control", "object_raise")
            )
            if hedge or controls:
                objects = [c for c in governor.children if c.dep_ == "dobj"]
                if objects:  # "accuses foreign actors mainly Saudi Arabia and Turkey of":
                    named = [self.expand(ctx, obj) for obj in objects]  # without its commas,
                    return next((n for n in named if n), [])  # the apposition is an object
        if hedge:
            for child in governor.children:
                if child.dep_ == "nsubjpass":
                    return self.expand(ctx, child)
        if verb.dep_ in ("xcomp", "advcl") and any(c.dep_ == "auxpass" for c in governor.children):
            agents = self.agents(ctx, governor)
            if agents or verb.tag_ != "VBG":
                return agents
            # "three SDF soldiers were killed fighting IS": the passive's subject fought
            return self.children_of(ctx, governor, ("nsubjpass",))
        return self.subjects(ctx, governor)

    def relative_object(self, ctx: Context, verb: Token) -> Args:
        """The antecedent of an object relative clause: "FSA units (that) Turkey trains"."""
        clause = verb.head if verb.dep_ == "conj" else verb
        if clause.dep_ != "relcl" or any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
            return []
        subject = [c for c in clause.children if c.dep_ == "nsubj"]
        if not subject or self.cues.has("relative_pronoun", subject[0].lower_):
            return []  # "Turkey, which backs ...": the antecedent is the subject
        return self.expand(ctx, clause.head)

    def companions(self, ctx: Context, verb: Token) -> Args:
        """Co-agents the parser hangs on the verb: "Russia, along with the UAE, backs ..."."""
        out: Args = []
        for child in verb.children:
            if child.dep_ != "prep":
                continue
            if self.cues.has("companion_prep", child.lower_):
                for grand in prep_children(child, ("with",)):
                    out += self.expand(ctx, grand)
            elif child.lower_ == "alongside" and comma_before(child):
                out += self.prep_objects(ctx, verb, ("alongside",))
        return out


def _named_outright(named: Args) -> bool:
    """Some actor among `named` is named, not only referred to by a pronoun or a generic
    noun ("the group") read from the sentences before."""
    return any(actor.alias_kind not in (ANAPHOR, "pronoun") for actor, _ in named)
