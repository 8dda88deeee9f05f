"""Relation rules read from verbs: active and passive cue verbs, transfer verbs, capture
and defensive verbs, and "alongside" with a verb of taking part."""

from __future__ import annotations

from spacy.tokens import Token

from analysis.extract.arguments import Args
from analysis.extract.context import Context, Found
from analysis.extract.registry import Tools, each_other, pairs, rule
from analysis.extract.syntax import (
    comma_before,
    governing_verb,
    is_passive,
    main_verb_as_participle,
    perfect_as_modifier,
    phrasal,
)
from analysis.extract.vocab import Cue


def _verbal(tok: Token) -> bool:
    """A verb, or a word the tagger took for another part of speech but the parser gave a
    subject and an object ("back" tagged an adverb where data/verb_norms.csv does not
    reach it)."""
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        return True
    deps = {c.dep_ for c in tok.children}
    return "nsubj" in deps and "dobj" in deps


def _phrasal(t: Tools, tok: Token) -> str:
    return phrasal(tok, t.cues.words("particle"))


@rule("cue_verb")
def cue_verb(t: Tools, ctx: Context, verb: Token) -> list[Found]:
    """Active ("Turkey backs the GNA"), passive ("the LNA is backed by Egypt"), participial
    ("Haftar, backed by Egypt") and relative ("Haftar, who is supported by Egypt"); the cue
    is the verb's lemma, or its phrasal form ("push back") unless that form is defensive."""
    if not _verbal(verb):
        return []
    lemma, form = verb.lemma_.lower(), _phrasal(t, verb)
    cues = [t.cues.get("verb", lemma)]
    defensive = t.cues.has("defend_verb", lemma) or t.cues.has("defend_verb", form)
    if form != lemma and not defensive:
        cues.append(t.cues.get("verb", form))
    found: list[Found] = []
    for cue in cues:
        if cue is not None:
            found += _verb_cue(t, ctx, verb, cue)
    return found


def _verb_cue(t: Tools, ctx: Context, verb: Token, cue: Cue) -> list[Found]:
    if perfect_as_modifier(verb):  # "Turkey has long backed rebels"
        sups = t.args.subjects(ctx, verb) or t.args.subjects(ctx, verb.head.head)
        tgts = t.args.expand(ctx, verb.head)
        return pairs(sups, tgts, cue.relation, verb, "verb", cue.kind, 0.9)
    passive = is_passive(verb) or (
        (
            (verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"))
            or (verb.dep_ in ("advcl", "ROOT") and _by_phrase(verb))  # VBN or, wrongly, VBD
        )
        and not any(c.dep_ == "aux" for c in verb.children)
    )
    if passive and not main_verb_as_participle(verb):
        return _passive(t, ctx, verb, cue)
    sups = t.args.subjects(ctx, verb) or _agent_before_gerund(ctx, verb)
    if not sups:
        return []
    if cue.relation == "opposes" and t.cues.has("fight_verb", verb.lemma_.lower()):
        # "fought for / alongside the GNA" is support; "fought (against) the LNA" is not
        # "battling for the IS-held city": a place fought for is taken from its holder
        places = t.args.places_fought_for(ctx, verb)
        held = {actor.name for actor, _ in places}
        allies = t.args.prep_objects(ctx, verb, ("for", "alongside"))
        allies = [(actor, tok) for actor, tok in allies if actor.name not in held]
        found = pairs(sups, allies, "supports", verb, "verb", "troops", 0.8)
        tgts = t.args.objects(ctx, verb) + t.args.prep_objects(ctx, verb, ("against",)) + places
        if not allies and not tgts:
            return _each_other(t, sups, verb, cue)
        return found + pairs(sups, tgts, "opposes", verb, "verb", cue.kind, 0.85)
    tgts = t.args.objects(ctx, verb) or t.args.relative_object(ctx, verb)
    found: list[Found] = []
    if cue.relation == "opposes":
        tgts += t.args.prep_objects(ctx, verb, ("against", "on", "onto", "at"))
        tgts += t.args.held_places(ctx, verb)  # "killed 30 people in rebel-held Idlib"
        if verb.tag_ == "VBG" and not tgts:
            # "government shelling of a rebel-held town": a gerund the parser took for a
            # verb; its "of" names what the act falls on, as an action noun's does
            tgts += t.args.prep_objects(ctx, verb, ("of",))
    else:
        if not tgts:  # "helped Damascus crush the protests"
            for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
                helped = t.args.objects(ctx, clause, deps=("nsubj",))
                if not helped:  # "helped the army retake Palmyra": the parser hangs the
                    helped = [  # helped side on the act as a compound ("army retake")
                        (actor, tok)
                        for actor, tok in t.args.objects(ctx, clause, deps=("compound",))
                        if verb.i < tok.i < clause.i
                    ]
                tgts += helped
        # "deployed warplanes to support Assad against rebels": the backer opposes the
        # side it backs a party against
        foes = t.args.prep_objects(ctx, verb, ("against",))
        found = pairs(sups, foes, "opposes", verb, "verb", cue.kind, 0.85)
    return found + pairs(sups, tgts, cue.relation, verb, "verb", cue.kind, 0.9)


def _each_other(t: Tools, sups: Args, verb: Token, cue: Cue) -> list[Found]:
    """ "Government forces and rebels clashed in Aleppo" (`each_other`); sides with a
    purpose ("the army and Kurdish forces had been battling to push IS out") fight
    together. A result is no purpose ("clashed in Idlib, leaving dozens dead")."""
    if any(c.dep_ == "xcomp" or (c.dep_ == "advcl" and c.tag_ == "VB") for c in verb.children):
        return []
    sides = each_other(t.kb, sups)
    return [
        Found(a, b, "opposes", verb, "verb", cue.kind, 0.8)
        for a, _ in sides
        for b, _ in sides
        if a.name != b.name
    ]


def _passive(t: Tools, ctx: Context, verb: Token, cue: Cue) -> list[Found]:
    sups = t.args.agents(ctx, verb)
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBN"):
        sups = sups or t.args.agents(ctx, conj)  # "trained and paid by Turkey"
    if not sups:
        return []
    tgts = t.args.children_of(ctx, verb, ("nsubjpass",))
    if not tgts and verb.dep_ == "ROOT":  # "Syria's army backed by Shiite militias launched
        tgts = t.args.children_of(ctx, verb, ("nsubj",))  # an offensive": a headline's verb
    if not tgts and verb.dep_ in ("acl", "amod", "relcl"):
        head = _partitive_head(verb.head)
        tgts = t.args.expand(ctx, head)
        if not tgts and head.dep_ == "pobj" and head.head.lower_ == "of":
            # "the Syrian Democratic Forces (SDF) a coalition of militias backed by the
            # US": what the members make up, when that names an actor
            tgts = t.args.expand(ctx, head.head.head)
    own_subject = any(c.dep_ == "nsubjpass" for c in verb.children)  # "after his plane was
    if not tgts and verb.dep_ == "advcl" and _by_phrase(verb) and not own_subject:  # shot down"
        tgts = _participle_bearer(t, ctx, verb)
    if not tgts and cue.relation == "opposes":
        # "civilians were killed by regime jets in rebel-held Idlib", as the active "jets
        # killed civilians in rebel-held Idlib": the act falls on the place's holder
        tgts = t.args.prep_objects(ctx, verb, ("on", "onto")) + t.args.held_places(ctx, verb)
        for by in (c for c in verb.children if c.dep_ == "agent"):  # "by jets in rebel-held
            for agent in (c for c in by.children if c.dep_ == "pobj"):  # X": hung on them
                tgts += t.args.held_places(ctx, agent)
    return pairs(sups, tgts, cue.relation, verb, "passive", cue.kind, 0.9)


def _agent_before_gerund(ctx: Context, verb: Token) -> Args:
    """ "killed in government shelling on the rebel-held town": the parser made the act a
    verb ("shelling") and its agent the preposition's object; a name right before such a
    gerund is its agent."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return []
    before = ctx.doc[verb.i - 1]
    actor = ctx.actors.get(before.i)
    if actor is None or before.dep_ != "pobj":
        return []
    return [(actor, before)]


def _by_phrase(verb: Token) -> bool:
    return verb.tag_ in ("VBN", "VBD") and any(c.dep_ == "agent" for c in verb.children)


def _partitive_head(noun: Token) -> Token:
    """ "rebel groups including some backed by Turkey": "some" stands for the groups; "the
    SDF, a coalition of militias backed by the US": the militias are the named coalition."""
    prep = noun.head
    if noun.pos_ == "PRON" and noun.dep_ == "pobj" and prep.dep_ == "prep":
        return prep.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.dep_ == "appos":
        return prep.head
    return noun


def _participle_bearer(t: Tools, ctx: Context, verb: Token) -> Args:
    """Who a participle clause hung on the verb describes: "Backed by Russian jets, the
    regime attacked" and "the regime attacked, backed by Russian jets" describe the
    subject; in "pits Assad backed by Russia against the rebels" (no comma) the parser
    hung the participle on the verb, and the name right before it is what it modifies."""
    before = ctx.doc[verb.i - 1] if verb.i > verb.sent.start else None
    if before is not None and before.i in ctx.actors and before.pos_ in ("PROPN", "NOUN"):
        return t.args.expand(ctx, before)
    return t.args.subjects(ctx, verb.head)


def _agents_or_subjects(t: Tools, ctx: Context, verb: Token) -> Args:
    return t.args.agents(ctx, verb) if is_passive(verb) else t.args.subjects(ctx, verb)


@rule("transfer_verb")
def transfer_verb(t: Tools, ctx: Context, verb: Token) -> list[Found]:
    """ "Turkey sent drones to the GNA", "supplied the LNA with weapons", "gave X arms".
    A transfer that names no kind of support ("sent a delegation to") states none."""
    lemma = verb.lemma_.lower()
    cue = t.transfer_cue(verb)
    if cue is None or not _verbal(verb) or t.cues.has("verb", lemma):
        return []
    sups = _agents_or_subjects(t, ctx, verb)
    if not sups:
        return []
    tgts = t.args.prep_objects(ctx, verb, ("to", "for"))
    for child in verb.children:
        if child.dep_ == "dobj":
            tgts += t.args.prep_objects(ctx, child, ("to", "for"))
    tgts += t.args.objects(ctx, verb, deps=("dative",))
    supplied_with = t.cues.has("supply_verb", lemma) and any(
        c.dep_ == "prep" and c.lower_ == "with" for c in verb.children
    )
    if supplied_with:
        tgts += t.args.objects(ctx, verb)  # "supplied the Houthis with missiles"
    if not tgts:
        return []
    kind = t.kind_of(ctx, verb) or cue.kind
    if kind == "" and not supplied_with and not _support_object(t, verb):
        return []
    return pairs(sups, tgts, "supports", verb, "give", kind, 0.85)


def _support_object(t: Tools, verb: Token) -> bool:
    """Is the verb's object a word of support ("sent help to")?"""
    for child in verb.children:
        cue = t.cues.get("noun", child.lemma_.lower())
        if child.dep_ == "dobj" and cue is not None and cue.relation == "supports":
            return True
    return False


@rule("capture_verb")
def capture_verb(t: Tools, ctx: Context, verb: Token) -> list[Found]:
    """ "GNA forces recaptured Gharyan from Haftar's troops", "IS lost Palmyra to the army":
    the taker opposes the loser;
    taking a side's seat ("rebels captured Damascus") or what a faction holds ("a
    government stronghold", "the regime-held town") opposes that side."""
    if not _verbal(verb):
        return []
    if t.cues.has("lose_verb", verb.lemma_.lower()) and not is_passive(verb):
        # "IS lost Palmyra to the army": the taker is the "to" phrase, the loser the subject
        takers = [
            (actor, tok)
            for actor, tok in t.args.prep_objects(ctx, verb, ("to",))
            if tok.i in ctx.actors or t.cues.has("force_noun", tok.lower_)
        ]
        losers = t.args.subjects(ctx, verb)
        return pairs(takers, losers, "opposes", verb, "capture", "fighting", 0.8)
    if not (
        t.cues.has("capture_verb", verb.lemma_.lower()) or t.cues.has("capture_verb", verb.lower_)
    ):
        return []
    # the taker is a force or the side itself, not what stands for it ("the rebels were
    # taken aback by the army's advance")
    sups = [
        (actor, tok)
        for actor, tok in _agents_or_subjects(t, ctx, verb)
        if tok.i in ctx.actors or t.cues.has("force_noun", tok.lower_)
    ]
    losers = t.args.prep_objects(ctx, verb, ("from",))
    taken = "nsubjpass" if is_passive(verb) else "dobj"  # "the villages taken by the army
    for obj in (c for c in verb.children if c.dep_ == taken):  # were recaptured by rebels"
        for tok in obj.subtree:  # "cleared the towns of A and B from Daesh": on the last town
            losers += t.args.prep_objects(ctx, tok, ("from",))
        # "cleared 12 villages of YPG terrorists", "took the headquarters of the SDF": a
        # faction in the object's "of" phrase (a place there, "the town of Afrin", is no actor)
        losers += [a for a in t.args.prep_objects(ctx, obj, ("of",)) if t.kb.is_faction(a[0].name)]
        seat = ctx.actors.get(obj.i)
        if seat is not None and (seat.is_metonym or t.kb.is_faction(seat.name)):
            losers.append((seat, obj))
        elif seat is None:
            losers += [a for a in t.args.expand(ctx, obj) if t.kb.is_faction(a[0].name)]
    return pairs(sups, losers, "opposes", verb, "capture", "fighting", 0.8)


@rule("defend_verb")
def defend_verb(t: Tools, ctx: Context, verb: Token) -> list[Found]:
    """ "The GNA repelled an assault by the LNA": the two sides oppose each other."""
    if not _verbal(verb):
        return []
    lemma = verb.lemma_.lower()
    if not (t.cues.has("defend_verb", lemma) or t.cues.has("defend_verb", _phrasal(t, verb))):
        return []
    sups = t.args.subjects(ctx, verb)
    if not sups:
        return []
    found: list[Found] = []
    for child in (c for c in verb.children if c.dep_ == "dobj"):
        attackers = t.args.agents(ctx, verb)
        found += _both_ways(sups, attackers, verb)
        found += pairs(sups, t.args.expand(ctx, child), "opposes", verb, "defend", "fighting", 0.8)
        cue = t.cues.get("noun", child.lemma_.lower())
        if cue and cue.relation == "opposes":  # "repelled the LNA's assault"
            attackers = t.args.prep_objects(ctx, child, ("by", "from"))
            attackers += [  # "repelled an offensive by rebels", "by" hung on the verb
                a for a in t.args.prep_objects(ctx, verb, ("by",)) if a[1].i > child.i
            ]
            attackers += t.args.children_of(ctx, child, ("poss",))
            for acl in (c for c in child.children if c.dep_ == "acl"):
                if t.cues.has("light_verb", acl.lemma_.lower()):  # "an attack launched by X"
                    attackers += t.args.agents(ctx, acl)
            attackers += [  # "repel a rebel offensive"
                (ctx.actors[c.i], c)
                for c in child.children
                if c.dep_ in ("amod", "compound", "nmod") and c.i in ctx.actors
            ]
            found += _both_ways(sups, attackers, verb)
    return found


def _both_ways(a: Args, b: Args, cue: Token) -> list[Found]:
    return pairs(a, b, "opposes", cue, "defend", "fighting", 0.8) + pairs(
        b, a, "opposes", cue, "defend", "fighting", 0.8
    )


@rule("alongside")
def alongside(t: Tools, ctx: Context, prep: Token) -> list[Found]:
    """ "Hezbollah fighters play a leading role alongside the Syrian army": taking part
    alongside a side supports it (fighting verbs are read by `cue_verb`)."""
    if prep.lower_ != "alongside" or prep.dep_ != "prep" or comma_before(prep):
        return []
    verb = prep.head if prep.head.pos_ in ("VERB", "AUX") else governing_verb(prep.head)
    if verb is None or not t.cues.has("alongside_verb", verb.lemma_.lower()):
        return []
    if t.cues.has("fight_verb", verb.lemma_.lower()):
        return []
    tgts = t.args.children_of(ctx, prep, ("pobj",))
    sups = t.args.subjects(ctx, verb)
    return pairs(sups, tgts, "supports", prep, "alongside", "troops", 0.75)
