"""Generic names that stand for a faction named shortly before: "IS militants seized the
town ... the militants also launched suicide attacks against the SDF".

`data/anaphors.csv` lists the head nouns ("militant", "jihadist", "group") and, for each, the
factions it may stand for. A definite noun phrase ("the militants", "these jihadists", "the
extremist group") that no alias covers resolves to the faction named nearest before it, in
its own sentence or the two before, among the factions its noun allows. When the nearest
sentence that names an allowed faction names two of them, the phrase is left unresolved:
guessing between them would put claims on the wrong side.

A word may also name, per theater, the faction it means when no allowed faction is named
at all: in the Syrian war "the terrorists" of state and Russian media, with no group named
in their sentence or the two before, are the armed opposition. That reading also takes the
bare plural ("killed dozens of terrorists") and the plural of a container ("terrorist
organizations"), which name no one group; a faction named nearby always wins over it. It
holds only in a sentence that names one of the actors whose side speaks so (column
`unnamed_with`: the government and its allies): "Turkish forces killed 20 terrorists" is
Turkish copy, whose terrorists are the Kurdish militias or IS, never the rebels Turkey arms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from analysis.errors import KnowledgeBaseError
from analysis.extract.context import ActorMention, Context
from analysis.kb import KnowledgeBase, data_rows

ANAPHORS_FILE = "anaphors.csv"
ANAPHOR_COLUMNS = ("word", "actors", "unnamed", "unnamed_with")
DEFINITE = frozenset({"the", "these", "those"})
# Nouns that take their sense from a modifier: "the jihadist group" is read by "jihadist";
# only in the singular, which points back at one group.
CONTAINER_NOUNS = frozenset({"group", "organization", "organisation", "movement", "faction"})
SENTENCES_BACK = 2
# who a generic name may stand for: an armed party, or a military alliance of states ("the
# coalition" after "the US-led coalition"); never a single government or army
ARMED_TYPES = frozenset({"faction", "non-state", "intergovernmental"})
ALIAS_KIND = "anaphor"
AMBIGUOUS = "ambiguous"  # two allowed factions in the nearest sentence that names one


@dataclass(frozen=True)
class Anaphors:
    """Each anaphoric noun (a lemma, lower case) and the factions it may stand for."""

    words: dict[str, frozenset[str]]
    # word -> theater -> (actor, its type): what the word means when no faction is named
    unnamed: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    # word -> the actors one of which its sentence must name for that reading to hold
    unnamed_with: dict[str, frozenset[str]] = field(default_factory=dict)


def load_anaphors(data_dir: Path, kb: KnowledgeBase) -> Anaphors:
    """The rows of `anaphors.csv`, checked: one row per word, each actor a known armed
    party (a faction, a non-state actor such as a militia fighting abroad, or an alliance
    of states such as the US-led coalition)."""
    path = Path(data_dir) / ANAPHORS_FILE
    words: dict[str, frozenset[str]] = {}
    unnamed: dict[str, dict[str, tuple[str, str]]] = {}
    unnamed_with: dict[str, frozenset[str]] = {}
    for lineno, row in data_rows(path, ANAPHOR_COLUMNS):
        where = f"{path}:{lineno}"
        word = row["word"]
        if not word or word != word.lower() or " " in word:
            raise KnowledgeBaseError(f"{where}: word {word!r} must be one lower-case lemma")
        if word in words:
            raise KnowledgeBaseError(f"{where}: word {word!r} is listed twice")
        actors = frozenset(a.strip() for a in row["actors"].split(";") if a.strip())
        if not actors:
            raise KnowledgeBaseError(f"{where}: word {word!r} names no faction")
        for actor in sorted(actors):
            known = kb.actors.get(actor)
            if known is None or known.type not in ARMED_TYPES:
                raise KnowledgeBaseError(
                    f"{where}: {actor!r} is not a faction, non-state or intergovernmental actor "
                    "of actors.csv"
                )
        words[word] = actors
        for item in (i.strip() for i in row["unnamed"].split(";") if i.strip()):
            theater, _, actor = (part.strip() for part in item.partition(":"))
            known = kb.actors.get(actor)
            if theater not in kb.theaters or known is None or known.type not in ARMED_TYPES:
                raise KnowledgeBaseError(
                    f"{where}: unnamed {item!r} must be theater:faction, a theater of "
                    "theaters.csv and a faction or non-state actor of actors.csv"
                )
            unnamed.setdefault(word, {})[theater] = (actor, known.type)
        speakers = frozenset(a.strip() for a in row["unnamed_with"].split(";") if a.strip())
        if (word in unnamed) != bool(speakers):
            raise KnowledgeBaseError(
                f"{where}: unnamed and unnamed_with must be given together for {word!r}"
            )
        for actor in sorted(speakers):
            if actor not in kb.actors:
                raise KnowledgeBaseError(f"{where}: unnamed_with {actor!r} is not in actors.csv")
        if speakers:
            unnamed_with[word] = speakers
    return Anaphors(words, unnamed, unnamed_with)


def _capitalised(tok: Token) -> bool:
    """A capital inside the sentence: part of a name, not a common noun."""
    return tok.i != tok.sent.start and tok.text[:1].isupper()


class AnaphorResolver:
    def __init__(self, anaphors: Anaphors) -> None:
        self.words = anaphors.words
        self.unnamed = anaphors.unnamed
        self.unnamed_with = anaphors.unnamed_with

    def allowed(self, head: Token) -> frozenset[str] | None:
        """The factions a definite noun phrase headed by `head` may stand for, if it is one."""
        if head.pos_ not in ("NOUN", "PROPN") or not any(
            child.dep_ == "det" and child.lower_ in DEFINITE for child in head.children
        ):
            return None
        if any(_capitalised(tok) for tok in head.lefts):
            return None  # "the PKK terrorist organization" is a name of its own
        own = self.words.get(head.lemma_.lower()) or self.words.get(head.lower_)
        if head.lemma_.lower() in CONTAINER_NOUNS:
            if head.tag_ in ("NNS", "NNPS"):
                return None  # "the terrorist groups": the kind, not the group named
            for child in head.children:
                if child.dep_ in ("amod", "compound") and child.i < head.i:
                    kind = self.words.get(child.lemma_.lower()) or self.words.get(child.lower_)
                    if kind:
                        return kind
        return own

    def antecedent(self, ctx: Context, head: Token, allowed: frozenset[str]):
        """The allowed faction named nearest before `head`: in its sentence, then in each of
        the SENTENCES_BACK before; None when none is, or the nearest such sentence names two."""
        doc = head.doc
        sent = head.sent
        end = head.i
        for _ in range(SENTENCES_BACK + 1):
            found: list[ActorMention] = []
            for i in range(end - 1, sent.start - 1, -1):
                actor = ctx.actors.get(i)
                if actor is not None and actor.name in allowed:
                    found.append(actor)  # an anaphor resolved before counts: chains hold
            if found:
                return found[0] if len({a.name for a in found}) == 1 else AMBIGUOUS
            if sent.start == 0:
                return None
            sent = doc[sent.start - 1].sent
            end = sent.end
        return None

    def spoken_so(self, ctx: Context, head: Token, word: str) -> bool:
        """Whether the phrase's sentence names an actor whose side uses `word` for the
        theater's usual faction (the army that "killed dozens of terrorists")."""
        speakers = self.unnamed_with.get(word, frozenset())
        return any(
            actor.name in speakers
            for i in range(head.sent.start, head.sent.end)
            if (actor := ctx.actors.get(i)) is not None
        )

    def named_after(self, ctx: Context, head: Token, word: str | None) -> bool:
        """ "killed terrorists from Jabhat al-Nusra": a group the word may stand for, named
        later in the sentence, says the phrase is not the theater's usual faction; so does
        any actor named in a "from" or "of" phrase right after it ("neutralized five
        terrorists from the SDF/PKK"), wherever the parser hung that phrase."""
        groups = self.words.get(word or "", frozenset())
        if any(
            actor.name in groups
            for i in range(head.i + 1, head.sent.end)
            if (actor := ctx.actors.get(i)) is not None
        ):
            return True
        after = head.doc[head.i + 1] if head.i + 1 < head.sent.end else None
        if after is None or after.dep_ != "prep" or after.lower_ not in ("from", "of"):
            return False
        return any(c.dep_ == "pobj" and c.i in ctx.actors for c in after.children)

    def unnamed_word(self, head: Token) -> str | None:
        """The word of a phrase that may stand for its theater's usual faction: a definite
        phrase, a bare plural ("terrorists", "dozens of terrorists") or a container's plural
        ("terrorist organizations"), none of them part of a name."""
        if head.pos_ not in ("NOUN", "PROPN") or any(_capitalised(t) for t in head.lefts):
            return None
        dets = [child.lower_ for child in head.children if child.dep_ == "det"]
        if any(det not in DEFINITE for det in dets):
            return None  # "a terrorist", "any terrorists"
        if head.lemma_.lower() in CONTAINER_NOUNS:
            words = [
                child.lemma_.lower()
                for child in head.children
                if child.dep_ in ("amod", "compound") and child.i < head.i
            ]
        else:
            words = [head.lemma_.lower()]
        if not dets and head.tag_ not in ("NNS", "NNPS"):
            return None
        return next((word for word in words if word in self.unnamed), None)

    def phrase(self, head: Token) -> Span:
        """The phrase from its determiner, else its first modifier, to its head."""
        lefts = [child.i for child in head.children if child.dep_ in ("det", "amod", "compound")]
        start = min((i for i in lefts if i < head.i), default=head.i)
        return head.doc[start : head.i + 1]

    def resolve(self, ctx: Context, doc: Doc) -> None:
        """Add a mention for each anaphoric phrase that resolves; named actors stay first."""
        taken = set(ctx.actors) | ctx.blocked  # an alias unresolved here may still refer
        for head in doc:
            if head.i in taken:
                continue
            allowed = self.allowed(head)
            word = self.unnamed_word(head)
            if not allowed and word is None:
                continue
            phrase = self.phrase(head)
            if any(i in taken for i in range(phrase.start, phrase.end)):
                continue
            actor = self.antecedent(ctx, head, allowed or self.words.get(word, frozenset()))
            if actor is AMBIGUOUS or (actor is not None and not allowed):
                continue  # a bare plural never reads back to one named group
            if actor is None:
                usual = self.unnamed.get(word or "", {}).get(ctx.theater or "")
                if usual is None or self.named_after(ctx, head, word):
                    continue
                if not self.spoken_so(ctx, head, word):
                    continue
                actor = ActorMention(phrase, usual[0], usual[1], ALIAS_KIND)
            mention = ActorMention(phrase, actor.name, actor.type, ALIAS_KIND, actor.group)
            for i in range(phrase.start, phrase.end):
                ctx.actors[i] = mention
