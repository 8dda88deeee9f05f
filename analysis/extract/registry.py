"""The Python relation rules, registered by name and chosen in `pipeline.cfg`.

A rule is a function `(tools, ctx, tok) -> list[Found]` that looks at one token of a
sentence naming an actor and returns the relations it reads there (most return nothing:
each checks its own cue first). Constructions that a dependency pattern can state live in
`data/patterns/*.jsonl` instead; the rules here are those that need more than a pattern:
voice, control and coordination, kinds read from objects, both-ways hostility.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from analysis.errors import KnowledgeBaseError
from analysis.extract.arguments import Args, Arguments
from analysis.extract.context import Context, Found
from analysis.extract.mentions import MentionResolver
from analysis.extract.syntax import phrasal
from analysis.extract.vocab import Cue, CueBook
from analysis.kb import KnowledgeBase


@dataclass
class Tools:
    """What a rule may use: the cue words, the knowledge base and the argument finders."""

    cues: CueBook
    kb: KnowledgeBase
    args: Arguments
    resolver: MentionResolver

    def kind_of(self, ctx: Context, cue: Token) -> str:
        """The kind of support named in the cue's objects and modifiers ("sent drones")."""
        kinds = self.cues.kinds
        candidates: list[Token] = []
        for child in cue.children:
            if child.dep_ in ("dobj", "amod", "compound", "nsubjpass", "dative"):
                candidates.append(child)
                candidates.extend(
                    c for c in child.children if c.dep_ in ("amod", "compound", "conj")
                )
            if child.dep_ == "prep" and child.lower_ in ("with", "of"):
                for pobj in child.children:
                    candidates.append(pobj)
                    candidates.extend(c for c in pobj.children if c.dep_ in ("compound", "conj"))
        for tok in sorted(candidates, key=lambda t: t.i):
            if tok.i in ctx.actors and not self.cues.has("troop_word", tok.lower_):
                continue
            nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
            for key in (f"{tok.lower_} {nxt}", tok.lower_, tok.lemma_.lower()):
                if key in kinds:
                    return kinds[key]
        return ""

    def transfer_cue(self, verb: Token) -> Cue | None:
        """The give-verb cue of `verb`. With a particle it is another verb, which transfers
        only if it is listed itself ("send in", "hand over"): "IS gave up the town to the
        Nusra Front" and "rebels gave up their weapons" give nothing."""
        if any(c.dep_ == "prt" for c in verb.children):
            return self.cues.get("give_verb", phrasal(verb, self.cues.words("particle")))
        return self.cues.get("give_verb", verb.lemma_.lower())


Rule = Callable[[Tools, Context, Token], list[Found]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a relation rule under `name` (the name the pipeline config uses)."""

    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return register


def get_rules(names: list[str]) -> list[tuple[str, Rule]]:
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise KnowledgeBaseError(f"pipeline config names unknown rules {unknown}")
    return [(n, RULES[n]) for n in names]


def each_other(kb: KnowledgeBase, subjects: Args) -> Args:
    """Two factions or more, and no outside actor, named as the subjects of a fight with no
    other side named: they fight each other ("government forces and rebels clashed"). An
    outside actor among them fights beside the others ("Russia and the regime fought")."""
    if len({a.name for a, _ in subjects}) < 2:
        return []
    return subjects if all(kb.is_faction(a.name) for a, _ in subjects) else []


def pairs(
    sups: Args, tgts: Args, relation: str, cue: Token, rule: str, kind: str, confidence: float
) -> list[Found]:
    """Every supporter with every target."""
    return [Found(s, t, relation, cue, rule, kind, confidence) for s, _ in sups for t, _ in tgts]
