"""Constructions as data: dependency patterns in `data/patterns/*.jsonl`, one a line.

Each line names a construction, the relation it states, a spaCy `DependencyMatcher` pattern
whose anchors include `cue`, and where the supporter and the target are: an anchor's name
(that noun phrase and everything coordinated with it) or a slot function of an anchor:

    subjects(A)  the agents of A, through control, conjunction and relative clauses
    agents(A)    the "by" phrase of A            objects(A)  the direct objects of A
    holder(A)    the actor of the noun A modifies ("rebels opposed to Assad")
    host(A)      the actor(s) of the word A hangs on: a noun's own actor, a verb's agents
                 (and the verb's when A hangs on its object and the object names no side)
    held(A)      the holder of a place A happened "in" ("in rebel-held areas")

A node's attributes test ORTH (or TEXT), LOWER, LEMMA, POS, TAG or DEP against a string,
`{"IN": [...]}` or `{"NOT_IN": [...]}`; `"ROLE": "give_verb"` matches any word of that role
in `data/cues.csv`, so a pattern shares the vocabulary instead of copying it. `"needs":
"terror_word"` runs the construction only on sentences holding a word of that role (a cheap
test that spares the matcher most sentences). Every line carries at least two `examples`
(text and the claims it must give) and may carry `near_misses` (texts that must give none of
the pattern's claims); the test suite runs them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.attrs import HEAD
from spacy.matcher import DependencyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from analysis.errors import KnowledgeBaseError
from analysis.extract.arguments import Args
from analysis.extract.context import Context, Found
from analysis.extract.registry import Tools, pairs
from analysis.extract.syntax import is_verb
from analysis.extract.vocab import RELATIONS, CueBook

ROLE_ATTR = "cue_roles"
_SLOT = re.compile(r"^(?:(subjects|agents|objects|holder|host|held)\((\w+)\)|(\w+))$")
_REQUIRED = ("id", "relation", "pattern", "supporter", "target", "examples")
# The token attributes a node may test, and the order in which a node's tests are tried,
# the most telling first: the first picks the tokens to try from an index, so a word or a
# cue role does better than a dependency label or a part of speech.
_ATTRS = ("ORTH", "LOWER", "LEMMA", "TAG", "DEP", "POS")
_ALIASES = {"TEXT": "ORTH"}
_RANK = ("ORTH", "LOWER", "LEMMA", "ROLE", "TAG", "DEP", "POS")


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
        for key, value in node.get("RIGHT_ATTRS", {}).items():
            if key != "ROLE" and not _readable(key, value):
                raise KnowledgeBaseError(
                    f"{where}: {key}: {json.dumps(value)} is no test the matcher reads "
                    f"(one of {', '.join(_ATTRS)} with a string, IN or NOT_IN)"
                )
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


def _readable(key: str, value) -> bool:
    """Whether the matcher reads this node test: `_compile` knows no other."""
    if _ALIASES.get(key, key) not in _ATTRS:
        return False
    if isinstance(value, dict) and len(value) == 1:
        ((op, words),) = value.items()
        return (
            op in ("IN", "NOT_IN")
            and isinstance(words, list)
            and all(isinstance(word, str) for word in words)
        )
    return isinstance(value, str)


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


_ROLES = len(_ATTRS)  # the column of a token's cue roles, after those of its attributes


@dataclass(frozen=True)
class _Test:
    """One test of a pattern node: the token's value in `column` (a string id, as spaCy's
    Matcher compares it, or the set of its cue roles) is among `values` (any of them, for
    the roles), or with `keep` False is not."""

    column: int
    values: frozenset
    keep: bool = True


def _compile(attrs: dict) -> tuple[_Test, ...]:
    """A node's attributes (as `_expand_roles` leaves them) as tests, in the order of
    `_RANK`, the NOT_IN ones last: the first test, when it is not a NOT_IN, picks the
    tokens to try from an index."""
    ranked: list[tuple[int, _Test]] = []
    for key, value in attrs.items():
        if key == "_":
            roles = frozenset(value[ROLE_ATTR]["INTERSECTS"])
            ranked.append((_RANK.index("ROLE"), _Test(_ROLES, roles)))
            continue
        attr = _ALIASES.get(key, key)
        column = _ATTRS.index(attr)
        if isinstance(value, str):
            test = _Test(column, frozenset({get_string_id(value)}))
        else:
            ((op, words),) = value.items()
            test = _Test(column, frozenset(get_string_id(w) for w in words), op == "IN")
        ranked.append((_RANK.index(attr) if test.keep else len(_RANK), test))
    return tuple(test for _, test in sorted(ranked, key=lambda pair: pair[0]))


class _Tokens:
    """The tokens of a document's wanted sentences, indexed by the values that pattern
    nodes test first, so that a node is tried on the few tokens its first test picks
    instead of on every token of the document."""

    def __init__(
        self,
        doc: Doc,
        sentences: list[Span],
        indexed: frozenset[int],
        roles: Callable[[int, int], frozenset[str]],
    ) -> None:
        self.rows: list[list] = doc.to_array(list(_ATTRS)).tolist()
        self.heads: list[int] = doc.to_array([HEAD]).astype("int64").tolist()
        self.sentence: dict[int, int] = {}  # token -> the first token of its sentence
        self.index: dict[tuple[int, object], list[int]] = {}
        self._roots: dict[int, int] = {}
        lemma, lower = _ATTRS.index("LEMMA"), _ATTRS.index("LOWER")
        columns = sorted(indexed - {_ROLES})
        index = self.index
        for sent in sentences:
            for i in range(sent.start, sent.end):
                self.sentence[i] = sent.start
                row = self.rows[i]
                row.append(roles(row[lemma], row[lower]))
                for column in columns:
                    index.setdefault((column, row[column]), []).append(i)
                for role in row[_ROLES]:
                    index.setdefault((_ROLES, role), []).append(i)
        self.all = sorted(self.sentence)

    def matching(self, tests: tuple[_Test, ...]) -> list[int]:
        """The tokens that pass every test, in document order."""
        found, rest = self.all, tests
        if tests and tests[0].keep:
            first, rest = tests[0], tests[1:]
            lists = [self.index.get((first.column, value), []) for value in first.values]
            found = lists[0] if len(lists) == 1 else sorted({i for ids in lists for i in ids})
        rows = self.rows
        for test in rest:
            column, values = test.column, test.values
            if column == _ROLES:
                found = [i for i in found if not values.isdisjoint(rows[i][column])]
            elif test.keep:
                found = [i for i in found if rows[i][column] in values]
            else:
                found = [i for i in found if rows[i][column] not in values]
        return found

    def root(self, i: int) -> int:
        """The root of the tree that token `i` hangs in: spaCy's DependencyMatcher pairs
        only tokens of one tree."""
        root = self._roots.get(i)
        if root is None:
            root = i
            while self.heads[root]:
                root += self.heads[root]
            self._roots[i] = root
        return root


class ConstructionMatcher:
    """Runs every construction's pattern over a document and reads its claims.

    spaCy's DependencyMatcher checks the patterns and holds their trees, but its first
    step, a token Matcher that tries each pattern node on each token of the document
    (through a Python call for every IN test and every token), cost more than the parser.
    Here a node is tried only on the tokens of the wanted sentences that its first test
    picks from an index (`_Tokens`); the DependencyMatcher's own tree search then runs on
    the tokens found, so the matches are its matches, in its order."""

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
        # Each matcher's nodes, by the key its token Matcher would report them under.
        self.nodes: dict[str, list[tuple[int, tuple[_Test, ...]]]] = {
            needs: [
                (node_key, _compile(node["RIGHT_ATTRS"]))
                for key in matcher._patterns
                for pattern, node_keys in zip(
                    matcher._raw_patterns[key], matcher._tokens_to_key[key], strict=True
                )
                for node, node_key in zip(pattern, node_keys, strict=True)
            ]
            for needs, matcher in self.matchers.items()
        }
        self.indexed = frozenset(
            tests[0].column
            for nodes in self.nodes.values()
            for _, tests in nodes
            if tests and tests[0].keep
        )
        strings, roles_of = vocab.strings, word_roles(tools.cues)

        def roles(lemma: int, lower: int) -> frozenset[str]:
            return roles_of(strings[lemma].lower(), strings[lower])

        self.roles = roles

    def __call__(self, ctx: Context, sentences: Iterable[Span]) -> list[Found]:
        """The relations the constructions read in `sentences` of the document, sentence
        by sentence in order, each matcher's matches in turn. A matcher runs when one of
        the sentences has its `needs` role, on the sentences that have it; a match counts
        when all its tokens are in one sentence (an order operator such as `.*` could reach
        into the next one), so the matches are those of each sentence alone."""
        doc = ctx.doc
        sentences = list(sentences)
        tokens = _Tokens(doc, sentences, self.indexed, self.roles)
        by_sentence: dict[int, dict[str, list]] = {}
        for needs, matcher in self.matchers.items():
            for key, token_ids in self._matches(doc, tokens, needs, matcher):
                start = tokens.sentence[token_ids[0]]
                if all(tokens.sentence[i] == start for i in token_ids):
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

    def _matches(self, doc: Doc, tokens: _Tokens, needs: str, matcher: DependencyMatcher):
        """What `matcher(doc)` gives whose tokens all lie in sentences of `tokens` that
        have the role `needs` (any of them when it is ""): spaCy's
        `DependencyMatcher.__call__` with the tokens of each node found by `_Tokens`
        instead of its token Matcher, so the same (key, token ids) from the same tree
        search, in the same order (trees by their first token a node matched: the same
        as spaCy's while a sentence is one parse tree, as the parser makes them)."""
        wanted = None
        if needs:
            wanted = {tokens.sentence[i] for i in tokens.index.get((_ROLES, needs), [])}
            if not wanted:
                return
        trees: dict[int, dict[int, list[int]]] = {}  # root -> node key -> tokens
        first: dict[int, int] = {}  # root -> its first token that some node matched
        for node_key, tests in self.nodes[needs]:
            for i in tokens.matching(tests):
                if wanted is not None and tokens.sentence[i] not in wanted:
                    continue
                root = tokens.root(i)
                trees.setdefault(root, {}).setdefault(node_key, []).append(i)
                if i < first.get(root, len(doc)):
                    first[root] = i
        roots = sorted(trees, key=first.__getitem__)
        cache: dict = {}
        for key in matcher._patterns:
            for tree, node_keys in zip(
                matcher._tree[key], matcher._tokens_to_key[key], strict=True
            ):
                for root in roots:
                    found = trees[root]
                    if all(node_key in found for node_key in node_keys):
                        for token_ids in matcher._get_matches(cache, doc, tree, node_keys, found):
                            yield key, token_ids

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
        if function == "held":
            return args.held_places(ctx, tok)
        head = tok.head
        if is_verb(head):
            return args.subjects(ctx, head)
        own = args.expand(ctx, head)
        if not own and head.dep_ == "dobj" and is_verb(head.head):
            # "regained the city with Russian support": the parser hangs the phrase on an
            # object that names no side; it is the verb's
            return args.subjects(ctx, head.head)
        return own


def word_roles(cues: CueBook) -> Callable[[str, str], frozenset[str]]:
    """The cue roles of a word, from its lowercased lemma and its lowercased form, looked up
    once per word: what a node's ROLE means, to `Token._.cue_roles` (spaCy's reading) and
    to `ConstructionMatcher`'s index alike."""

    @lru_cache(maxsize=65536)
    def roles(lemma: str, lower: str) -> frozenset[str]:
        return frozenset(cues.roles_of(lemma)) | frozenset(cues.roles_of(lower))

    return roles


def token_roles(cues: CueBook) -> Callable[[Token], list[str]]:
    """The getter behind `Token._.cue_roles`: a token's `word_roles`. It is what a node's
    ROLE means to spaCy, in the patterns that its DependencyMatcher validates; a test holds
    `ConstructionMatcher`'s matches to spaCy's."""
    roles = word_roles(cues)

    def getter(tok: Token) -> list[str]:
        return sorted(roles(tok.lemma_.lower(), tok.lower_))

    return getter
