"""Claims that follow from two found in one sentence.

"Hezbollah and Syrian regime forces targeted the town": two sides named as the joint
agents of one hostile act fight together, so the outside actor (not a faction of the war)
supports the faction it fights beside.

"Government troops backed by Russian air strikes drove the rebels out": the rules read
Russia supporting the government and the government opposing the rebels. A backer that
takes part with arms (air strikes, tanks, fighters, an armed non-state group) joins that
fight, so Russia opposes the rebels too. Backing by money or words ("rebels backed by
Saudi Arabia shelled ...") gives no such claim.
"""

from __future__ import annotations

from spacy.tokens import Token

from analysis.extract.context import ActorMention, Context, Found
from analysis.extract.syntax import governing_verb
from analysis.extract.vocab import CueBook

ARMED_TYPES = frozenset({"non-state"})  # Hezbollah, Wagner, Iran-backed militias
# backings that accompany the backed side's act: "A, backed by B", "A did X with the help of
# B", "A did X with B's air support", "B's jets helped A do X"
JOINING_RULES = frozenset({"verb", "passive", "pattern:with_help_of", "pattern:with_actor_support"})
_SOURCE_PREPS = frozenset({"from", "of", "by"})  # "air strikes from the coalition"


def _armed_words(tok: Token) -> list[str]:
    """The token's lemma, and with a compound before it ("air strike")."""
    lemma = tok.lemma_.lower()
    words = [lemma]
    for child in tok.children:
        if child.dep_ == "compound" and child.i == tok.i - 1:
            words.append(f"{child.lemma_.lower()} {lemma}")
    return words


def armed(mention: ActorMention, cues: CueBook) -> bool:
    """Whether the mention names a backer fighting in person: an armed group, or a name
    whose noun (its own head word, the one it modifies, or the one whose source it is:
    "air strikes from the coalition") is armed force."""
    if mention.type in ARMED_TYPES:
        return True
    root = mention.span.root
    nouns = [root]
    if root.dep_ in ("amod", "compound", "poss", "nmod") and root.head.i >= mention.span.end:
        nouns.append(root.head)
    prep = root.head
    if root.dep_ == "pobj" and prep.lower_ in _SOURCE_PREPS and prep.head.i < prep.i:
        source = prep.head
        nouns.append(source)
        if source.pos_ == "VERB":  # "backed by air strikes from ...", the prep on the verb
            for agent in (c for c in source.children if c.dep_ == "agent"):
                nouns += [c for c in agent.children if c.dep_ == "pobj"]
    for noun in nouns:
        # "air strikes and artillery from Russia": arms listed together are all its own;
        # but in "backed by Russia, Iran and Shiite militias" the militias are a backer of
        # their own and arm none of the names before them, nor the name the parser hangs
        # "Russia" on when copy drops the commas ("Russia Iran and Shiite militias")
        listed = noun.i != root.i and noun.pos_ == "NOUN"
        later = [c for c in noun.conjuncts if c.i > noun.i] if listed else []
        tokens = [noun, *later]
        for tok in tokens:
            if any(cues.has("armed_backing", w) for w in _armed_words(tok)):
                return True
    return False


def backers_join(ctx: Context, cues: CueBook) -> list[Found]:
    """For each backing that accompanies an act ("A, backed by B", "with the help of B",
    "B helped A drive T out") whose backed side A is found opposing T in the same sentence,
    B opposes T when B backs with arms."""
    out: list[Found] = []
    have = {(f.supporter.name, f.relation, f.target.name, f.cue.sent.start) for f in ctx.found}
    for back in ctx.found:
        if back.rule not in JOINING_RULES or back.relation != "supports":
            continue
        if not armed(back.supporter, cues):
            continue
        sent = back.cue.sent.start
        for fight in ctx.found:
            if fight.relation != "opposes" or fight.cue.sent.start != sent:
                continue
            if fight.supporter.span.start != back.target.span.start:
                continue
            if fight.target.name in (back.supporter.name, back.target.name):
                continue  # a side read as fighting itself ("Operation Wrath of Euphrates")
            new = Found(back.supporter, fight.target, "opposes", fight.cue, "backer_joins")
            out += _unless_had(have, new, fight.kind, min(back.confidence, fight.confidence))
    return out


def _unless_had(have: set, found: Found, kind: str, confidence: float) -> list[Found]:
    """`found`, with its kind and confidence, unless its sentence already holds the claim."""
    key = (found.supporter.name, found.relation, found.target.name, found.cue.sent.start)
    if key in have:
        return []
    have.add(key)
    found.kind, found.confidence = kind, confidence
    return [found]


# One act, its agents listed; or a backer joined in it ("Hezbollah fighters backed by Syrian
# troops attacked the rebels": the troops fight beside Hezbollah, which backs the regime).
JOINT_RULES = frozenset({"verb", "noun", "passive", "capture", "backer_joins"})


_FLOATING_DEPS = frozenset({"dep", "advmod", "npadvmod", "appos", "predet"})


def each_on_their_own(act: Token, cues: CueBook) -> bool:
    """ "have all carried out strikes", "struck IS separately", "X and Y all attacked": a
    distributive word on the act's verb, the act or the verb's subject says its agents did
    not act together."""
    verb = act if act.pos_ in ("VERB", "AUX") else (governing_verb(act) or act)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(
        child.dep_ in _FLOATING_DEPS and cues.has("distributive", child.lower_)
        for tok in {verb, act, *subjects}
        for child in tok.children
    )


def fight_partners(ctx: Context, is_faction, cues: CueBook) -> list[Found]:
    """For each hostile act the rules read with several agents against one target, every
    agent that is not a faction supports every agent that is, unless they are said to act
    each on their own (`each_on_their_own`)."""
    acts: dict[tuple[int, str], list[Found]] = {}
    for f in ctx.found:
        if f.relation == "opposes" and f.rule in JOINT_RULES and not each_on_their_own(f.cue, cues):
            acts.setdefault((f.cue.i, f.target.name), []).append(f)
    have = {(f.supporter.name, f.relation, f.target.name, f.cue.sent.start) for f in ctx.found}
    out: list[Found] = []
    for fights in acts.values():
        for partner in (f for f in fights if not is_faction(f.supporter.name)):
            for side in (f for f in fights if is_faction(f.supporter.name)):
                if partner.supporter.name == side.supporter.name:
                    continue
                new = Found(partner.supporter, side.supporter, "supports", side.cue, "joint_action")
                out += _unless_had(have, new, "troops", min(partner.confidence, side.confidence))
    return out
