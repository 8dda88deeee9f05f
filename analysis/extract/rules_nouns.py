"""Relation rules read from nouns: action nouns ("Russia's support for Haftar", "strikes
on HTS"), agent nouns ("a key backer of Haftar"), hyphen compounds ("the Turkey-backed
GNA") and clashes between two sides."""

from __future__ import annotations

from spacy.tokens import Token

from analysis.extract.arguments import Args
from analysis.extract.context import Context, Found
from analysis.extract.registry import Tools, each_other, pairs, rule
from analysis.extract.syntax import (
    coordination_head,
    governing_verb,
    is_passive,
    is_verb,
    prep_children,
)
from analysis.extract.vocab import Cue


def _nominal(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or tok.tag_ == "VBG"


def _named_operation(t: Tools, noun: Token) -> Cue | None:
    """ "launched Operation Euphrates Shield against the PYD": a named operation is the act
    its first word names; the parser makes the name's last word the head."""
    if noun.pos_ != "PROPN":
        return None
    words = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    if (
        not words
        or not words[0].is_title
        or words[0].i != noun.left_edge.i + (noun.left_edge.dep_ == "det")
    ):
        return None
    return t.cues.get("noun", words[0].lower_)


@rule("action_noun")
def action_noun(t: Tools, ctx: Context, noun: Token) -> list[Found]:
    """ "Russia's support for Haftar", "Turkish military aid to the GNA", "strikes by Russia
    on HTS", "Turkey stepped up its support for the GNA", "the LNA receives support from
    the UAE". A noun inside a compound ("support group") is not an act."""
    cue = (
        t.cues.get("noun", noun.lemma_.lower())
        or t.cues.get("noun", noun.lower_)
        or _named_operation(t, noun)
    )
    if cue is None or not _nominal(noun) or noun.dep_ == "compound":
        return []
    sups = t.args.children_of(ctx, noun, ("poss",))
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.i in ctx.actors:
            sups += t.args.expand(ctx, child)
        elif child.dep_ == "compound":  # "rebel rocket fire", "regime barrel bomb attacks"
            for grand in child.children:
                if grand.dep_ in ("amod", "compound", "nmod") and grand.i in ctx.actors:
                    sups += t.args.expand(ctx, grand)
    sups += t.args.prep_objects(ctx, noun, ("by", "from"))
    head = noun.head
    if sups and noun.dep_ == "conj" and head.i in ctx.actors and head.pos_ in ("NOUN", "PROPN"):
        sups += t.args.expand(ctx, head)  # "by Assad regime and Russian airstrikes": both
    carried = [
        c for c in noun.children if c.dep_ == "acl" and t.cues.has("light_verb", c.lemma_.lower())
    ]  # "an attack carried out by government forces on a rebel-held district"
    for acl in carried if not sups else []:
        sups += t.args.agents(ctx, acl)
    # "killed in clashes and strikes by the coalition": the parser hangs the agent and the
    # verb on the first of the coordinated acts
    first = coordination_head(noun)
    host = _host_of(noun, first)
    hung = False
    if not sups and host is not noun:
        sups = [a for a in t.args.prep_objects(ctx, host, ("by",)) if a[1].i > noun.i]
        hung = bool(sups)
    governor = governing_verb(first)
    if governor is not None and t.cues.has("receive_verb", governor.lemma_.lower()):
        return _received(t, ctx, noun, governor, cue, sups)
    if governor is not None and noun.dep_ == "pobj" and noun.head.lower_ == "under":
        return _came_under(t, ctx, noun, governor, cue, sups)
    through_verb = False
    if not sups and governor is not None and noun.dep_ == "nsubjpass":
        sups = t.args.agents(ctx, governor)  # "the raids were carried out by the UAE"
    gave_up = governor is not None and _gave_up(t, governor)  # "gave up their weapons to"
    light = (
        governor is not None
        and not gave_up
        and (
            t.cues.has("light_verb", governor.lemma_.lower())
            # "Washington cut off aid to the FSA": the act's end names its agent and target
            or (noun.dep_ == "dobj" and t.cues.has("end_verb", governor.lemma_.lower()))
        )
    )
    if not sups and cue.relation == "opposes":
        sups = _allies_in(t, ctx, noun)
    if not sups and governor is not None and (light or noun.dep_ == "pobj"):
        sups = t.args.subjects(ctx, governor)
        through_verb = True
    governor = governor if governor is not None else noun.head
    tgts = _noun_targets(t, ctx, noun, cue, has_agent=bool(sups))
    if not tgts and hung and cue.relation == "opposes":
        # "a truce and then bombardment by regime jets on rebel-held districts": the
        # target hangs where the agent does
        hung_on = t.args.prep_objects(ctx, host, ("on", "against", "targeting"))
        tgts = [a for a in hung_on + t.args.held_places(ctx, host) if a[1].i > noun.i]
    if not tgts and cue.relation == "opposes":  # "airstrikes on a hospital in a rebel-held zone"
        tgts = t.args.held_places(ctx, noun)
    if not tgts and cue.relation == "opposes" and noun.dep_ == "pobj" and noun.head.dep_ == "agent":
        # "civilians were killed by Russian airstrikes on rebel-held districts": the passive
        # verb took the act's "on"
        verb = noun.head.head
        tgts = t.args.prep_objects(ctx, verb, ("on", "against")) or t.args.held_places(ctx, verb)
    if (
        not tgts
        and cue.relation == "opposes"
        and _victims_clause(first, governor)
        and not _backing_verb(t, governor)  # "it was backed by air strikes from Russia"
    ):
        # "31 IS militants were killed in Syrian air force raids"
        for verb in _victim_verbs(governor):
            tgts += t.args.children_of(ctx, verb, ("nsubjpass",))
    for acl in carried if not tgts and cue.relation == "opposes" else []:
        tgts += t.args.prep_objects(ctx, acl, ("on", "against", "at", "targeting"))
    if not sups:
        sups = t.args.prep_objects(ctx, noun, ("of",))
    if (through_verb or light) and not tgts:  # "launched air strikes on HTS"
        preps = ("to", "for") if cue.relation == "supports" else ("against", "on", "at")
        tgts = t.args.prep_objects(ctx, governor, preps)
    if sups and not tgts and cue.relation == "supports" and noun.dep_ == "dobj" and not gave_up:
        # "the attack triggered more U.S. aid to the rebels": the parser hung the aid's
        # "to" on the verb whose object the aid is
        tgts = [a for a in t.args.prep_objects(ctx, governor, ("to", "for")) if a[1].i > noun.i]
    kind = t.kind_of(ctx, noun) or (t.kind_of(ctx, governor) if through_verb else "")
    return pairs(sups, tgts, cue.relation, noun, "noun", kind or cue.kind, 0.8)


def _gave_up(t: Tools, verb: Token) -> bool:
    """A verb of giving that its particle makes another verb ("gave up", "gave away"):
    what it hands over is no support."""
    return t.cues.has("give_verb", verb.lemma_.lower()) and t.transfer_cue(verb) is None


def _host_of(noun: Token, first: Token) -> Token:
    """The noun the parser may have hung an act's agent and target on: the first of the
    acts it is coordinated with, or the noun it follows after "from" ("the death toll from
    strikes by the army in rebel-held areas")."""
    if first is not noun:
        return first
    if noun.dep_ == "pobj" and noun.head.lower_ == "from" and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    return noun


def _allies_in(t: Tools, ctx: Context, noun: Token) -> Args:
    """ "Kurdish militias are key US allies in the fight against IS": both partners of an
    alliance wage the fight it is "in"."""
    ally = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "in" else None
    if ally is None or not t.cues.has("mutual_agent", ally.lemma_.lower()):
        return []
    partners = t.args.children_of(ctx, ally, ("poss", "compound", "amod", "nmod"))
    return partners + _holders_of_role(t, ctx, ally)


def _backing_verb(t: Tools, verb: Token) -> bool:
    cue = t.cues.get("verb", verb.lemma_.lower())
    return cue is not None and cue.relation == "supports"


def _victims_clause(noun: Token, governor: Token | None) -> bool:
    """Is the act (the first of coordinated acts) the means of a passive clause ("were
    killed in air raids", "were killed in clashes and air strikes by the coalition")? An
    act the parser made the passive verb's object is one too ("were killed in the fight
    for Hasakeh as well as strikes by the coalition": a passive verb takes no object)."""
    if governor is None or not any(is_passive(verb) for verb in _victim_verbs(governor)):
        return False
    if noun.dep_ == "dobj":
        return noun.head.i == governor.i
    return (
        noun.dep_ == "pobj"
        and noun.head.lower_ in ("in", "during", "by")
        and noun.head.head.i == governor.i
    )


def _victim_verbs(governor: Token) -> list[Token]:
    """The passive verb and, when it is the second of two that share the means, the first
    too ("60 soldiers were killed and dozens injured in coalition strikes": the parser hung
    "in" on "injured", whose own subject is not the victims named; or made "dozens" a
    conjunct of "killed" and "injured" its participle)."""
    verbs = [governor]
    if governor.tag_ != "VBN":
        return verbs
    if governor.dep_ == "conj" and is_passive(governor.head):
        verbs.append(governor.head)
    elif governor.dep_ == "acl" and governor.head.dep_ == "conj" and is_passive(governor.head.head):
        verbs.append(governor.head.head)
    return verbs


def _came_under(
    t: Tools, ctx: Context, noun: Token, governor: Token, cue: Cue, sups: Args
) -> list[Found]:
    """ "The opposition bastion came under a government aerial assault", "Idlib came under
    bombardment by regime jets": the clause's subject suffers the act."""
    if cue.relation != "opposes":
        return []
    sups = sups or t.args.prep_objects(ctx, governor, ("by", "from"))
    tgts = t.args.children_of(ctx, governor, ("nsubj", "nsubjpass"))
    return pairs(sups, tgts, "opposes", noun, "noun", t.kind_of(ctx, noun) or cue.kind, 0.8)


def _noun_targets(t: Tools, ctx: Context, noun: Token, cue: Cue, *, has_agent: bool) -> Args:
    if cue.relation == "supports":
        preps = ("for", "to", "behind", "of", "with") if has_agent else ("for", "to")
    else:  # with its agent named, "of" is what the act falls on ("their bombardment of X")
        preps = ("against", "on", "over", "targeting", "at", "in")
        preps += ("of",) if has_agent else ()
    tgts = t.args.prep_objects(ctx, noun, preps)
    if not tgts and cue.relation == "opposes":  # "strikes by the coalition against ISIS"
        for agent in prep_children(noun, ("by",)):
            tgts += t.args.prep_objects(ctx, agent, ("against", "on"))
    if not tgts and cue.relation == "opposes":
        # "sorties targeting IS hideouts": the parser made "targeting" a participle of the
        # act, not the preposition it stands for
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBG"):
            acted = t.cues.get("verb", acl.lemma_.lower())
            if acted is not None and acted.relation == "opposes":
                tgts += t.args.objects(ctx, acl)
    return tgts


def _received(
    t: Tools, ctx: Context, noun: Token, governor: Token, cue: Cue, sups: Args
) -> list[Found]:
    """ "The LNA receives support from the UAE", "relied on the backing of Egypt"."""
    sups = sups or t.args.prep_objects(ctx, noun, ("of",))
    sups += t.args.prep_objects(ctx, governor, ("from",))
    tgts = t.args.subjects(ctx, governor)
    # "rebels received missiles from the US": weapons received are supplied, though the
    # same noun on a target ("missiles on Idlib") is an attack
    if "weapons" in (t.cues.kinds.get(noun.lower_), t.cues.kinds.get(noun.lemma_.lower())):
        return pairs(sups, tgts, "supports", noun, "receive", "weapons", 0.8)
    kind = t.kind_of(ctx, noun) or cue.kind
    return pairs(sups, tgts, cue.relation, noun, "receive", kind, 0.8)


@rule("agent_noun")
def agent_noun(t: Tools, ctx: Context, noun: Token) -> list[Found]:
    """ "Egypt, a key backer of Haftar", "Russia is Assad's main ally", "Haftar's foreign
    backers, including Russia and the UAE", "the main force behind Haftar"."""
    if not _nominal(noun):
        return []
    lemma = noun.lemma_.lower()
    cue = t.cues.get("agent_noun", lemma)
    if cue is None:
        behind = any(c.dep_ == "prep" and c.lower_ == "behind" for c in noun.children)
        cue = t.cues.get("behind_noun", lemma) if behind else None
    if cue is None:
        return []
    tgts = t.args.children_of(ctx, noun, ("poss",))
    tgts += [  # "Assads strongest backer": a possessive without its apostrophe
        a for a in t.args.children_of(ctx, noun, ("nmod",)) if a[1].lower_.endswith("s")
    ]
    tgts += t.args.prep_objects(ctx, noun, ("of", "to", "behind"))
    tgts += t.args.children_of(ctx, noun, ("compound",))  # "regime ally", "US allies"
    slot = noun
    if not tgts and _stripped_possessor(ctx, noun):
        tgts, slot = t.args.expand(ctx, noun.head), noun.head
    if not tgts:
        return []
    # "Key regime ally Iran welcomed"; "rebels attacked as regime ally Russia held off":
    # a name right after the role word holds it, not the subject of the clause around it
    titled = t.args.titled_name(ctx, noun)
    if titled is not None:
        sups = [(titled, titled.span.root)]
    else:
        # "its ally Russia": the names listed with the role word hold it; the noun the
        # role word is said of is then its owner ("The Syrian government its ally Russia
        # and a US-led coalition", a list without commas parsed as appositions)
        sups = _listed_members(t, ctx, noun) or _holders_of_role(t, ctx, slot)
    named = t.args.run_on_apposition(ctx, noun, ("a", "an", "the"))  # "Iran a strong backer"
    named = named or t.args.run_on_possessor(ctx, noun)  # "Russia Assads main ally"
    sups = sups or ([(named, named.span.root)] if named else [])
    sups = sups or _described_holders(t, ctx, noun)
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "include":
        sups += t.args.objects(ctx, noun.head)
    targets = {x.i for _, x in tgts}
    sups = [(a, tok) for a, tok in sups if tok.i not in targets]
    found = pairs(sups, tgts, cue.relation, noun, "agent_noun", "", 0.8)
    if t.cues.has("mutual_agent", lemma):  # "Kurdish militias are key US allies"
        for f in found:
            if t.kb.is_faction(f.supporter.name) and not t.kb.is_faction(f.target.name):
                f.supporter, f.target = f.target, f.supporter
    return [f for f in found if t.kb.is_faction(f.target.name)]


def _holders_of_role(t: Tools, ctx: Context, noun: Token) -> Args:
    """Who is said to be the backer: an apposition's head, a copula's subject, "one of",
    "among the backers", "seen as backers"."""
    said = t.args.said_of(ctx, noun)
    if said:
        return said
    slot = t.args.role_slot(noun)
    if slot.dep_ == "pobj" and slot.head.lower_ == "among":
        return t.args.subjects(ctx, slot.head.head)
    if slot.dep_ == "pobj" and slot.head.lower_ == "as" and slot.head.head.pos_ == "VERB":
        verb = slot.head.head
        return t.args.children_of(ctx, verb, ("nsubjpass",)) or t.args.subjects(ctx, verb)
    return []


def _described_holders(t: Tools, ctx: Context, noun: Token) -> Args:
    """ "the regime and its Iranian and Russian allies": the adjectives name the holders;
    "Assad and his allies in Moscow": the seat of government after "in"; "the army and its
    allies from Hezbollah": the holders after "from"."""
    out: Args = []
    for child in noun.children:
        if child.dep_ == "amod" and child.i in ctx.actors and child.i < noun.i:
            out += t.args.expand(ctx, child)
    for pobj in prep_children(noun, ("in",)):
        seat = ctx.actors.get(pobj.i)
        if seat is not None and seat.is_metonym:
            out.append((seat, pobj))
    return out or t.args.prep_objects(ctx, noun, ("from",))


def _stripped_possessor(ctx: Context, noun: Token) -> bool:
    """ "Iran is Assads strongest ally": with its apostrophe gone the possessor reads as a
    noun and the role as its apposition."""
    head = noun.head
    return (
        noun.dep_ == "appos"
        and head.i in ctx.actors
        and head.lower_.endswith("s")
        and all(ctx.doc[i].pos_ in ("ADJ", "ADV") for i in range(head.i + 1, noun.i))
    )


def _listed_members(t: Tools, ctx: Context, noun: Token) -> Args:
    """ "backers, including Russia and the UAE", "allies such as Iran", "its ally Russia";
    a singular role word names one: "its ally Russia and a US-led coalition" lists the
    coalition beside the ally."""
    out: Args = []
    for child in noun.children:
        if child.dep_ == "appos" and noun.tag_ in ("NN", "NNP"):
            actor = t.args.actor_of(ctx, child)
            out += [(actor, child)] if actor is not None else t.args.expand(ctx, child)
        elif child.dep_ == "appos":
            out += t.args.expand(ctx, child)
        if child.dep_ == "prep" and t.cues.has("including_prep", child.lower_):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    out += t.args.expand(ctx, grand)
                if grand.dep_ == "prep":
                    out += t.args.prep_objects(ctx, child, ("as",))
    return out


@rule("hyphen_compound")
def hyphen_compound(t: Tools, ctx: Context, tok: Token) -> list[Found]:
    """ "the Turkey-backed GNA", "Ankara-backed forces": the name before the hyphen backs
    the mention the compound sits in, or the noun it modifies."""
    cue = t.cues.get("participle", tok.lower_)
    doc = ctx.doc
    if cue is None or tok.i < 2 or doc[tok.i - 1].text != "-":
        return []
    sup = None
    for span in ctx.all_spans:
        if span.end == tok.i - 1 and (sup is None or len(span) > len(sup.span)):
            if any(i in ctx.blocked for i in range(span.start, span.end)):
                continue
            actor = t.resolver.resolve(ctx, span)
            if actor is not None:
                sup = actor
    if sup is None:
        return []
    target = ctx.actors.get(tok.i)
    if target is None or target.span.start > tok.i - 2:
        target = _modified(t, ctx, tok)
    if target is None or target.name == sup.name:
        return []
    return [Found(sup, target, cue.relation, tok, "compound", cue.kind, 0.85)]


def _modified(t: Tools, ctx: Context, tok: Token):
    """The actor of the noun a hyphen compound modifies, or a mention just after it. A
    compound the parser made a conjunct of a name before it ("between the SDF and
    Turkish-backed rebels": "backed" a conjunct of "SDF", both on "rebels") modifies the
    noun that name hangs on, not the name."""
    head = tok.head
    if tok.dep_ == "conj" and head.dep_ in ("nmod", "amod", "compound") and head.head.i > tok.i:
        head = head.head
    while head.dep_ in ("amod", "compound", "npadvmod") and head.head is not head:
        if head.pos_ in ("NOUN", "PROPN") and t.args.actor_of(ctx, head):
            break
        head = head.head
    if t.cues.get("noun", head.lemma_.lower()):  # "a US-backed offensive by Kurdish fighters"
        for agent in _act_agents(t, ctx, head)[:1]:
            return agent
    target = t.args.actor_of(ctx, head)
    if target is not None and (
        head.i in ctx.actors or target.span.start > tok.i or target.span.root.head.i == head.i
    ):
        return target
    # a name before the compound that modifies another of the noun's modifiers is not the
    # noun's ("Nusra Attacks US-Trained Militants", a title-case headline parsed as one
    # noun phrase)
    doc = ctx.doc
    for j in range(tok.i + 1, min(tok.i + 5, len(doc))):
        if j in ctx.actors:
            return ctx.actors[j]
        if doc[j].pos_ in ("VERB", "ADP", "PUNCT"):
            break
    return None


def _act_agents(t: Tools, ctx: Context, noun: Token) -> list:
    """The agents of an action noun's "by" phrase, also when the parser hangs it on the
    word governing the noun ("faced an offensive by X", "the target of an offensive by
    X"), or on the verb above that word ("faced more than a month-long offensive by X",
    "has been the target of an offensive by X"); a passive verb's "by" names its own
    agent."""
    holders = [noun]
    node = noun
    while node.dep_ in ("dobj", "attr", "pobj", "prep") and len(holders) < 5:
        node = node.head
        if is_verb(node):
            if not is_passive(node):
                holders.append(node)
            break
        if node.dep_ != "prep":
            holders.append(node)
    for holder in holders:
        by = [p for p in prep_children(holder, ("by",)) if p.i > noun.i]
        agents = [a for pobj in by for a, _ in t.args.expand(ctx, pobj)]
        if agents:
            return agents
    return []


@rule("mutual_noun")
def mutual_noun(t: Tools, ctx: Context, noun: Token) -> list[Found]:
    """ "clashes between the GNA and the LNA": both sides oppose each other."""
    lemma = noun.lemma_.lower()
    if not _nominal(noun) or not (
        t.cues.has("mutual_noun", lemma) or t.cues.has("mutual_noun", noun.lower_)
    ):
        return []
    groups = next((g for head in (noun, *_clause_of(noun)) if (g := _between(t, ctx, head))), None)
    if groups is None:
        sides = t.args.children_of(ctx, noun, ("poss", "compound"))
        others = t.args.prep_objects(ctx, noun, ("with",))
        for verb in () if others else (c for c in noun.children if c.dep_ == "relcl"):
            others += t.args.prep_objects(ctx, verb, ("with",))  # "clashes that erupted with"
        if others and not sides:
            # "Russia and the regime were locked in fighting with rebels": two camps
            groups = [g for g in (_clause_side(t, ctx, noun), others) if g]
        elif not sides and not _victims_of(t, noun):
            # "the regime and rebels were locked in fierce fighting" (not those "killed
            # during the fighting", who may be of one camp)
            groups = [[side] for side in each_other(t.kb, _clause_side(t, ctx, noun))]
        else:
            groups = [[side] for side in sides + others]
    return [
        Found(a, b, "opposes", noun, "mutual", "fighting", 0.8)
        for n, group in enumerate(groups)
        for a, _ in group
        for other in groups[n + 1 :] + groups[:n]
        for b, _ in other
        if a.name != b.name
    ]


def _between(t: Tools, ctx: Context, tok: Token) -> list[Args] | None:
    """The sides of "between A and B" on `tok`, one group per coordinated member: "between
    IS and a joint force of Nusra and rebels" gives [IS] and [Nusra, rebels], who fight
    side by side, not each other. "between A as well as B on one hand and C on the other"
    makes two groups. None unless two groups name sides."""
    for pobj in prep_children(tok, ("between",)):
        # "between the SDF and Turkish-backed rebels": the parser may hang the first member,
        # with its "and", on the last as a modifier
        hung = [
            c
            for c in pobj.children
            if c.dep_ in ("nmod", "compound") and any(g.dep_ == "cc" for g in c.children)
        ]
        members = sorted([pobj, *pobj.conjuncts, *hung], key=lambda m: m.i)
        positions = {m.i: n for n, m in enumerate(members)}
        split = next((n for n, m in enumerate(members) if _one_hand(m)), None)
        groups: list[Args] = [[] for _ in members]
        named = t.args.expand(ctx, pobj)
        named += [a for m in hung for a in t.args.expand(ctx, m) if a not in named]
        for actor, tok_ in named:
            n = _member_of(tok_, positions)
            if split is not None:
                n = 0 if n <= split else 1
            groups[n].append((actor, tok_))
        groups = [g for g in groups if g]
        if len(groups) >= 2:
            return groups
    return None


def _member_of(tok: Token, positions: dict[int, int]) -> int:
    """The position of the nearest coordinated member `tok` is, or hangs from."""
    for t_ in (tok, *tok.ancestors):
        if t_.i in positions:
            return positions[t_.i]
    return 0


def _one_hand(member: Token) -> bool:
    """ "A on one hand": the end of the first side."""
    return any(p.lemma_.lower() == "hand" for p in prep_children(member, ("on",)))


def _clause_of(noun: Token) -> list[Token]:
    """Where the "between" phrase naming the sides of a noun may hang when the noun's
    clause reports the fighting: on its verb ("clashes erupted between A and B", "the
    fighting was between A and B", "clashes that ensued between A and B") or on a place
    the verb names ("fighting raged in Aleppo between A and B")."""
    if noun.dep_ in ("nsubj", "nsubjpass") and is_verb(noun.head):
        verb = noun.head
    else:
        verb = next((c for c in noun.children if c.dep_ == "relcl"), None)
    if verb is None:
        return []
    return [verb, *(p for c in verb.children if c.dep_ == "prep" for p in c.children)]


def _victims_of(t: Tools, noun: Token) -> bool:
    """Is the noun where a passive hostile verb fell ("were killed during the fighting")?"""
    verb = noun.head.head
    if noun.dep_ != "pobj" or not is_verb(verb) or not is_passive(verb):
        return False
    cue = t.cues.get("verb", verb.lemma_.lower())
    return cue is not None and cue.relation == "opposes"


def _clause_side(t: Tools, ctx: Context, noun: Token) -> Args:
    """ "Rebels surrounded the village after clashes with loyalist militia", "three
    soldiers were killed in clashes with IS": the clause's subject is the other side."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or not is_verb(prep.head):
        return []
    verb = prep.head
    if is_passive(verb):
        return t.args.children_of(ctx, verb, ("nsubjpass",))
    return t.args.subjects(ctx, verb)
