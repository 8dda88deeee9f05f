"""Constructions as data: dependency patterns in `data/patterns/*.jsonl`, one a line.

Each line names a construction, the relation it states, a spaCy `DependencyMatcher` pattern
whose anchors include `cue`, and where the supporter and the target are: an anchor's name
(that noun phrase and everything coordinated with it) or a slot function of an anchor:

    subjects(A)  the agents of A, through control, conjunction and relative clauses
    agents(A)    the "by" phrase of A            objects(A)  the direct objects of A
    holder(A)    the actor of the noun A modifies ("rebels opposed to Assad")
    host(A)      the actor(s) of the word A hangs on: a noun's own actor, a verb's agents

`"ROLE": "give_verb"` in a token's attributes matches any word of that role in
`data/cues.csv`, so a pattern shares the vocabulary instead of copying it. `"needs":
"terror_word"` runs the construction only on sentences holding a word of that role (a cheap
test that spares the matcher most sentences). Every line
carries at least two `examples` (text and the claims it must give) and may carry
`near_misses` (texts that must give none of the pattern's claims); the test suite runs them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.matcher import DependencyMatcher
from spacy.tokens import Span, Token
from spacy.vocab import Vocab

from analysis.errors import KnowledgeBaseError
from analysis.extract.arguments import Args
from analysis.extract.context import Context, Found
from analysis.extract.registry import Tools, pairs
from analysis.extract.syntax import is_verb
from analysis.extract.vocab import RELATIONS, CueBook

ROLE_ATTR = "cue_roles"
_SLOT = re.compile(r"^(?:(subjects|agents|objects|holder|host)\((\w+)\)|(\w+))$")
_REQUIRED = ("id", "relation", "pattern", "supporter", "target", "examples")


@dataclass(frozen=True)
class Construction:
    id: str
    relation: str
    pattern: list[dict]
    supporter: str
    target: str
    kind: str = ""
    kind_from: str = ""
    confidence: float = 0.8
    examples: tuple = ()
    near_misses: tuple = ()
    needs: str = ""  # a cue role the sentence must hold for the pattern to be tried
    where: str = ""
    anchors: tuple[str, ...] = field(default=())


def _slot_ok(spec: str, anchors: tuple[str, ...]) -> bool:
    match = _SLOT.match(spec)
    return bool(match) and (match.group(2) or match.group(3)) in anchors


def _expand_roles(attrs: dict) -> dict:
    attrs = dict(attrs)
    role = attrs.pop("ROLE", None)
    if role is not None:
        roles = role if isinstance(role, list) else [role]
        attrs.setdefault("_", {})[ROLE_ATTR] = {"INTERSECTS": roles}
    return attrs


def parse_line(
    line: str, where: str, roles: frozenset[str], kinds: frozenset[str] | None = None
) -> Construction:
    """One pattern line, checked; errors name the file and line."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as err:
        raise KnowledgeBaseError(f"{where}: not JSON ({err.msg})") from err
    missing = [key for key in _REQUIRED if key not in row]
    if missing:
        raise KnowledgeBaseError(f"{where}: missing {', '.join(missing)}")
    if row["relation"] not in RELATIONS:
        raise KnowledgeBaseError(f"{where}: unknown relation {row['relation']!r}")
    anchors = tuple(node.get("RIGHT_ID", "") for node in row["pattern"])
    if "cue" not in anchors:
        raise KnowledgeBaseError(f"{where}: the pattern has no anchor named 'cue'")
    for key in ("supporter", "target"):
        if not _slot_ok(row[key], anchors):
            raise KnowledgeBaseError(f"{where}: {key} {row[key]!r} names no anchor or slot")
    for node in row["pattern"]:
        for role in _role_names(node.get("RIGHT_ATTRS", {})):
            if role not in roles:
                raise KnowledgeBaseError(f"{where}: unknown cue role {role!r}")
    kind = row.get("kind", "")
    if kind and kinds is not None and kind not in kinds:
        raise KnowledgeBaseError(f"{where}: unknown kind {kind!r}")
    needs = row.get("needs", "")
    if needs and needs not in roles:
        raise KnowledgeBaseError(f"{where}: needs an unknown cue role {needs!r}")
    if len(row["examples"]) < 2:
        raise KnowledgeBaseError(f"{where}: a construction needs two or more examples")
    pattern = [
        dict(node, RIGHT_ATTRS=_expand_roles(node["RIGHT_ATTRS"])) for node in row["pattern"]
    ]
    return Construction(
        id=row["id"],
        relation=row["relation"],
        pattern=pattern,
        supporter=row["supporter"],
        target=row["target"],
        kind=row.get("kind", ""),
        kind_from=row.get("kind_from", ""),
        confidence=float(row.get("confidence", 0.8)),
        examples=tuple(row["examples"]),
        near_misses=tuple(row.get("near_misses", ())),
        needs=needs,
        where=where,
        anchors=anchors,
    )


def _role_names(attrs: dict) -> list[str]:
    role = attrs.get("ROLE")
    return [] if role is None else (role if isinstance(role, list) else [role])


def load_constructions(
    folder: Path, roles: frozenset[str], kinds: frozenset[str] | None = None
) -> list[Construction]:
    """Every construction in `folder/*.jsonl`; ids must be unique, and kinds among `kinds`
    when given."""
    out: list[Construction] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"{path}, line {number}"
            construction = parse_line(line, where, roles, kinds)
            if construction.id in seen:
                raise KnowledgeBaseError(
                    f"{where}: id {construction.id!r} also at {seen[construction.id]}"
                )
            seen[construction.id] = where
            out.append(construction)
    return out


class ConstructionMatcher:
    """Runs every construction's pattern over a document and reads its claims."""

    def __init__(self, vocab: Vocab, constructions: list[Construction], tools: Tools) -> None:
        self.tools = tools
        self.by_key: dict[int, Construction] = {}
        # One matcher per `needs` role ("" for the constructions that need none).
        self.matchers: dict[str, DependencyMatcher] = {}
        for construction in constructions:
            matcher = self.matchers.get(construction.needs)
            if matcher is None:
                matcher = self.matchers[construction.needs] = DependencyMatcher(
                    vocab, validate=True
                )
            try:
                matcher.add(construction.id, [construction.pattern])
            except ValueError as err:
                raise KnowledgeBaseError(f"{construction.where}: bad pattern: {err}") from err
            self.by_key[vocab.strings[construction.id]] = construction

    def __call__(self, ctx: Context, sentences: Iterable[Span]) -> list[Found]:
        """The relations the constructions read in `sentences` of the document, sentence
        by sentence in order, each matcher's matches in turn. A matcher runs once over the
        whole document (given a sentence, spaCy's DependencyMatcher copies it into a new
        Doc first, which cost more than the matching) when one of the sentences has its
        `needs` role; a match counts in a sentence that has the role and holds all its
        tokens (an order operator such as `.*` could reach into the next sentence), so the
        matches are those of each sentence alone."""
        doc = ctx.doc
        sentences = list(sentences)
        by_sentence: dict[int, dict[str, list]] = {}
        for needs, matcher in self.matchers.items():
            wanted = {
                sent.start
                for sent in sentences
                if not needs or any(needs in tok._.get(ROLE_ATTR) for tok in sent)
            }
            if not wanted:
                continue
            for key, token_ids in matcher(doc):
                sent = doc[token_ids[0]].sent
                if sent.start in wanted and all(sent.start <= i < sent.end for i in token_ids):
                    start = sent.start
                    by_sentence.setdefault(start, {}).setdefault(needs, []).append((key, token_ids))
        found: list[Found] = []
        for sent in sentences:
            for matches in by_sentence.get(sent.start, {}).values():
                for key, token_ids in matches:
                    construction = self.by_key[key]
                    anchors = {
                        name: doc[i]
                        for name, i in zip(construction.anchors, token_ids, strict=True)
                    }
                    found += self._read(ctx, construction, anchors)
        return found

    def _read(self, ctx: Context, c: Construction, anchors: dict[str, Token]) -> list[Found]:
        sups = self.slot(ctx, c.supporter, anchors)
        tgts = self.slot(ctx, c.target, anchors) if sups else []
        kind = c.kind
        if c.kind_from:
            kind = self.tools.kind_of(ctx, anchors[c.kind_from]) or kind
        return pairs(sups, tgts, c.relation, anchors["cue"], f"pattern:{c.id}", kind, c.confidence)

    def slot(self, ctx: Context, spec: str, anchors: dict[str, Token]) -> Args:
        match = _SLOT.match(spec)
        assert match is not None  # checked when the line was read
        function, name = match.group(1), match.group(2) or match.group(3)
        tok, args = anchors[name], self.tools.args
        if function is None:
            return args.expand(ctx, tok)
        if function == "subjects":
            return args.subjects(ctx, tok)
        if function == "agents":
            return args.agents(ctx, tok)
        if function == "objects":
            return args.objects(ctx, tok)
        if function == "holder":
            actor = args.actor_of(ctx, tok.head)
            return [(actor, tok.head)] if actor is not None else []
        return args.subjects(ctx, tok.head) if is_verb(tok.head) else args.expand(ctx, tok.head)


def token_roles(cues: CueBook) -> Callable[[Token], list[str]]:
    """The getter behind `Token._.cue_roles`: the cue roles of a token's lemma and form,
    looked up once per word (the matcher asks for every token, once per pattern node)."""

    @lru_cache(maxsize=65536)
    def roles(lemma: str, lower: str) -> list[str]:
        return sorted(set(cues.roles_of(lemma)) | set(cues.roles_of(lower)))

    def getter(tok: Token) -> list[str]:
        return roles(tok.lemma_.lower(), tok.lower_)

    return getter
