"""Every construction in analysis/data/patterns/*.jsonl is checked by its own examples: run
alone, the construction gives exactly the claims an example lists, and nothing asserted
for a near miss. Each Python relation rule has an example that it alone accounts for."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from analysis.errors import KnowledgeBaseError
from analysis.extract.constructions import (
    ConstructionMatcher,
    _Tokens,
    load_constructions,
    parse_line,
)
from analysis.extract.vocab import CUE_ROLES, DATA_DIR
from analysis.models import Article

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extract_support  # noqa: E402

PATTERNS = DATA_DIR / "patterns"
_HEAD = '{"id": "x", "relation": "supports", "pattern": [{"RIGHT_ID": "cue", "RIGHT_ATTRS": '
_TAIL = ', "examples": [1, 2]}'
CONSTRUCTIONS = load_constructions(PATTERNS, CUE_ROLES)


def _cases(kind: str):
    for c in CONSTRUCTIONS:
        for n, example in enumerate(getattr(c, kind)):
            yield pytest.param(c.id, example, id=f"{c.id}-{n}")


def only(extractor, *, constructions: list[str] | None = None, rules: list[str] | None = None):
    """A context manager-free switch: keep only the named constructions and rules (the
    construction pipe gets a matcher of those constructions alone)."""
    pipe = extractor.nlp.get_pipe("construction_matcher")
    rule_pipe = extractor.nlp.get_pipe("relation_rules")
    saved = (pipe.matcher, list(rule_pipe.rules))
    kept = [c for c in pipe.constructions if constructions is None or c.id in constructions]
    pipe.matcher = ConstructionMatcher(extractor.nlp.vocab, kept, pipe.matcher.tools)
    rule_pipe.rules = [(n, fn) for n, fn in rule_pipe.rules if rules is None or n in rules]
    return saved


def restore(extractor, saved) -> None:
    extractor.nlp.get_pipe("construction_matcher").matcher = saved[0]
    extractor.nlp.get_pipe("relation_rules").rules = saved[1]


def triples(extractor, text: str, day: str = "2016-06-16") -> set[tuple]:
    claims = extractor.extract(Article(text=text, source="t", date=day)).claims
    return {(c.supporter, c.relation, c.target) for c in claims}


def alone(extractor, construction: str, example: dict) -> set[tuple]:
    model_pipe = extractor.nlp.get_pipe("relation_model")
    saved, model = only(extractor, constructions=[construction], rules=[]), model_pipe.model
    model_pipe.model = None
    try:
        return triples(extractor, example["text"], example.get("date", "2016-06-16"))
    finally:
        restore(extractor, saved)
        model_pipe.model = model


def test_every_construction_has_two_examples_and_a_unique_id():
    assert CONSTRUCTIONS
    assert len({c.id for c in CONSTRUCTIONS}) == len(CONSTRUCTIONS)
    assert all(len(c.examples) >= 2 for c in CONSTRUCTIONS)


@pytest.mark.model
@pytest.mark.parametrize(("construction", "example"), list(_cases("examples")))
def test_construction_example_gives_its_claims(extractor, construction, example):
    expected = {tuple(claim) for claim in example["claims"]}
    assert alone(extractor, construction, example) == expected


@pytest.mark.model
@pytest.mark.parametrize(("construction", "example"), list(_cases("near_misses")))
def test_construction_near_miss_gives_nothing(extractor, construction, example):
    assert alone(extractor, construction, example) == set()


# (rule, sentence, a claim only that rule finds in it)
RULE_EXAMPLES = [
    ("cue_verb", "Turkey backs the GNA.", ("Turkey", "supports", "GNA")),
    ("cue_verb", "The LNA is backed by Egypt.", ("Egypt", "supports", "LNA")),
    ("transfer_verb", "Turkey sent drones to the GNA.", ("Turkey", "supports", "GNA")),
    ("capture_verb", "GNA forces seized Gharyan from Haftar's troops.", ("GNA", "opposes", "LNA")),
    ("defend_verb", "The GNA repelled an assault by the LNA.", ("LNA", "opposes", "GNA")),
    ("action_noun", "Russia's support for Haftar grew.", ("Russia", "supports", "LNA")),
    ("agent_noun", "Egypt, a key backer of Haftar, hosted talks.", ("Egypt", "supports", "LNA")),
    ("mutual_noun", "Clashes between the GNA and the LNA resumed.", ("GNA", "opposes", "LNA")),
    (
        "hyphen_compound",
        "Ankara-backed rebels seized the town.",
        ("Turkey", "supports", "Syrian opposition"),
    ),
    (
        "alongside",
        "Hezbollah fighters play a leading role alongside the Syrian army.",
        ("Hezbollah", "supports", "Syrian government"),
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("rule", "text", "claim"), RULE_EXAMPLES)
def test_rule_accounts_for_its_example(extractor, rule, text, claim):
    day = "2016-06-16" if "Syria" in claim[2] or "Hezbollah" in text else "2020-01-10"
    assert claim in triples(extractor, text, day)
    pipe = extractor.nlp.get_pipe("relation_rules")
    model_pipe = extractor.nlp.get_pipe("relation_model")
    saved, model = only(extractor, rules=[n for n, _ in pipe.rules if n != rule]), model_pipe.model
    model_pipe.model = None  # the rule alone, not the model's second reading
    try:
        assert claim not in triples(extractor, text, day)
    finally:
        restore(extractor, saved)
        model_pipe.model = model


def _row_alone(extractor, row: dict, text: str) -> set[tuple]:
    """The claims of `text` from the construction written as `row`, with no other
    construction, rule or model."""
    (construction,) = [parse_line(json.dumps(row), "t", CUE_ROLES)]
    model_pipe = extractor.nlp.get_pipe("relation_model")
    saved, model = only(extractor, rules=[]), model_pipe.model
    model_pipe.model = None
    pipe = extractor.nlp.get_pipe("construction_matcher")
    pipe.matcher = ConstructionMatcher(extractor.nlp.vocab, [construction], pipe.matcher.tools)
    try:
        return triples(extractor, text)
    finally:
        restore(extractor, saved)
        model_pipe.model = model


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"id": "x"}', "missing relation"),
        (
            '{"id": "x", "relation": "likes", "pattern": [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {}}],'
            ' "supporter": "subjects(cue)", "target": "cue", "examples": [1, 2]}',
            "unknown relation 'likes'",
        ),
        (
            '{"id": "x", "relation": "supports", "pattern": [{"RIGHT_ID": "v", "RIGHT_ATTRS": {}}],'
            ' "supporter": "subjects(v)", "target": "v", "examples": [1, 2]}',
            "no anchor named 'cue'",
        ),
        (
            _HEAD + '{}}], "supporter": "subjects(nowhere)", "target": "cue", "examples": [1, 2]}',
            "names no anchor or slot",
        ),
        (
            _HEAD + '{"ROLE": "verbb"}}], "supporter": "subjects(cue)", "target": "cue"' + _TAIL,
            "unknown cue role 'verbb'",
        ),
        (
            _HEAD
            + '{}}], "supporter": "subjects(cue)", "target": "cue", "needs": "terrorr"'
            + _TAIL,
            "needs an unknown cue role 'terrorr'",
        ),
        (
            _HEAD + '{}}], "supporter": "subjects(cue)", "target": "cue", "examples": [1]}',
            "two or more examples",
        ),
        (
            _HEAD + '{"LENGTH": 3}}], "supporter": "subjects(cue)", "target": "cue"' + _TAIL,
            "LENGTH: 3 is no test the matcher reads",
        ),
        (
            _HEAD
            + '{"LOWER": {"REGEX": "^back"}}}], "supporter": "subjects(cue)", "target": "cue"'
            + _TAIL,
            "REGEX.* is no test the matcher reads",
        ),
    ],
)
def test_bad_pattern_line_is_refused_with_file_and_line(line, message):
    with pytest.raises(KnowledgeBaseError, match=message) as err:
        parse_line(line, "patterns/x.jsonl, line 3", CUE_ROLES)
    assert "patterns/x.jsonl, line 3" in str(err.value)


def test_construction_of_unknown_kind_is_refused(tmp_path: Path):
    row = json.loads((PATTERNS / "support.jsonl").read_text(encoding="utf-8").splitlines()[0])
    (tmp_path / "a.jsonl").write_text(json.dumps(dict(row, kind="politicall")) + "\n")
    with pytest.raises(KnowledgeBaseError, match="a.jsonl, line 1: unknown kind 'politicall'"):
        load_constructions(tmp_path, CUE_ROLES, frozenset({"diplomatic", "fighting"}))
    assert load_constructions(tmp_path, CUE_ROLES)  # no kinds given: not checked


def test_duplicate_construction_id_is_refused(tmp_path: Path):
    line = (PATTERNS / "support.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "a.jsonl").write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="line 2: id .* also at"):
        load_constructions(tmp_path, CUE_ROLES)


# A written construction: a verb of the give_verb role with a "to" object, the target.
GIVEN_TO = {
    "id": "given_to_role",
    "relation": "supports",
    "pattern": [
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"ROLE": "give_verb"}},
        {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "to", "RIGHT_ATTRS": {"LOWER": "to"}},
        {"LEFT_ID": "to", "REL_OP": ">", "RIGHT_ID": "target", "RIGHT_ATTRS": {"DEP": "pobj"}},
    ],
    "supporter": "subjects(cue)",
    "target": "target",
    "examples": [{"text": "a", "claims": []}, {"text": "b", "claims": []}],
}


@pytest.mark.model
def test_role_shorthand_matches_every_word_of_the_role(extractor):
    """A pattern that says ROLE: give_verb matches "sent" and "shipped" alike."""
    for verb in ("sent", "shipped"):
        text = f"Iran {verb} advisers to the Syrian government."
        assert _row_alone(extractor, GIVEN_TO, text) == {("Iran", "supports", "Syrian government")}


@pytest.mark.model
def test_a_construction_that_needs_a_role_is_tried_only_where_a_word_has_it(extractor):
    """`needs` spares the matcher the sentences without a word of that role, and only them."""
    row = dict(GIVEN_TO, id="given_to_needing", needs="armed_backing")
    claim = {("Iran", "supports", "Syrian government")}
    assert _row_alone(extractor, row, "Iran sent advisers to the Syrian government.") == claim
    assert _row_alone(extractor, row, "Iran sent money to the Syrian government.") == set()


# Nodes written with every test the matcher reads, beside those of the constructions.
EVERY_TEST = [
    dict(
        GIVEN_TO,
        id="every_test_a",
        pattern=[
            {
                "RIGHT_ID": "cue",
                "RIGHT_ATTRS": {"TAG": {"IN": ["VBD", "VBZ"]}, "LOWER": {"NOT_IN": ["said"]}},
            },
            {
                "LEFT_ID": "cue",
                "REL_OP": ">>",
                "RIGHT_ID": "the",
                "RIGHT_ATTRS": {"ORTH": "the", "POS": "DET"},
            },
            {"LEFT_ID": "cue", "REL_OP": ".*", "RIGHT_ID": "later", "RIGHT_ATTRS": {}},
        ],
        supporter="cue",
        target="cue",
    ),
    dict(
        GIVEN_TO,
        id="every_test_b",
        needs="fight_verb",
        pattern=[
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"ROLE": ["give_verb", "fight_verb"]}},
            {
                "LEFT_ID": "cue",
                "REL_OP": ">",
                "RIGHT_ID": "target",
                "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "nsubj"]}, "TEXT": {"NOT_IN": ["it"]}},
            },
        ],
        supporter="cue",
        target="target",
    ),
]


@pytest.mark.model
def test_matches_are_those_of_spacys_dependency_matcher(extractor):
    """The matcher tries a node only on the tokens its first test picks from an index, not
    through spaCy's token Matcher: over the text of every example and near miss, each
    matcher's matches and their order are those spaCy's DependencyMatcher gives in the
    sentences that hold the role it needs."""
    nlp = extractor.nlp
    pipe = nlp.get_pipe("construction_matcher")
    written = [parse_line(json.dumps(row), "t", CUE_ROLES) for row in EVERY_TEST]
    matcher = ConstructionMatcher(nlp.vocab, CONSTRUCTIONS + written, pipe.matcher.tools)
    text = " ".join(e["text"] for c in CONSTRUCTIONS for e in (*c.examples, *c.near_misses))
    with nlp.select_pipes(disable=nlp.pipe_names[nlp.pipe_names.index("theater_votes") :]):
        doc = nlp(text)
    sentences = list(doc.sents)
    tokens = _Tokens(doc, sentences, matcher.indexed, matcher.roles)
    keys = set()
    for needs, dependency_matcher in matcher.matchers.items():
        wanted = [s for s in sentences if any(needs in t._.cue_roles for t in s)] if needs else []
        spacys = [
            (key, ids)
            for key, ids in dependency_matcher(doc)
            if not needs or any(s.start <= min(ids) and max(ids) < s.end for s in wanted)
        ]
        ours = [
            (key, list(ids))
            for key, ids in matcher._matches(doc, tokens, needs, dependency_matcher)
        ]
        assert ours == spacys
        keys |= {key for key, _ in ours}
    assert {nlp.vocab.strings[c.id] for c in written} <= keys  # the written nodes matched
    assert len(keys) > len(CONSTRUCTIONS) // 2


def test_near_misses_are_loaded():
    assert sum(len(c.near_misses) for c in CONSTRUCTIONS) >= len(CONSTRUCTIONS)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "anchor", "spec", "expected"),
    [
        ("The LNA was backed by Egypt.", "backed", "agents(cue)", ["Egypt"]),
        ("The LNA was backed by Egypt.", "backed", "subjects(cue)", []),
        ("Egypt backs the LNA.", "backs", "subjects(cue)", ["Egypt"]),
        ("Egypt backs the LNA.", "backs", "objects(cue)", ["LNA"]),
        ("Egypt backs the LNA.", "LNA", "cue", ["LNA"]),
        ("Rebels opposed to Assad fled.", "opposed", "holder(cue)", ["Syrian opposition"]),
        ("Egypt, with help from Russia, backs the LNA.", "with", "host(cue)", ["Egypt"]),
        ("Egypt backs the LNA with help from Russia.", "with", "host(cue)", ["Egypt"]),
    ],
)
def test_slot_functions(extractor, text, anchor, spec, expected):
    from analysis.extract.context import get_context

    nlp = extractor.nlp
    later = ["construction_matcher", "relation_rules", "claim_qualifier"]
    with nlp.select_pipes(disable=later):
        doc = nlp(text)
    ctx = get_context(doc)
    (tok,) = [t for t in doc if t.text == anchor]
    matcher = nlp.get_pipe("construction_matcher").matcher
    assert [actor.name for actor, _ in matcher.slot(ctx, spec, {"cue": tok})] == expected


def test_a_sides_backers_named_as_a_list(extractor):
    """The `backers_include` construction (patterns/support.jsonl)."""
    text = "Haftars backers include the UAE and Egypt, diplomats in Tripoli said."
    assert extract_support.triples(extractor, text, day="2020-03-01") == {
        ("United Arab Emirates", "supports", "LNA"),
        ("Egypt", "supports", "LNA"),
    }
