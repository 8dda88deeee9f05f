"""The extraction components, registered with spaCy's `@Language.factory`.

Their order and settings are in `pipeline.cfg`; `add_extraction_pipes` reads it and adds
them to a loaded English pipeline. Each component holds only what it needs, shared through
`tools.resources()` (one knowledge base, cue book and set of argument finders per data
folder).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from confection import Config
from spacy.language import Language
from spacy.tokens import Doc, Token

from analysis.extract import rules_nouns, rules_verbs  # noqa: F401  (registers rules)
from analysis.extract.anaphors import AnaphorResolver, load_anaphors
from analysis.extract.constructions import (
    ROLE_ATTR,
    ConstructionMatcher,
    load_constructions,
    token_roles,
)
from analysis.extract.context import Context, get_context, register_extensions, set_context
from analysis.extract.dates import parse_day
from analysis.extract.derive import backers_join, fight_partners
from analysis.extract.event_time import TimeReader, load_time_phrases
from analysis.extract.mentions import MentionResolver
from analysis.extract.qualify import Qualifier
from analysis.extract.registry import get_rules
from analysis.extract.theaters import TheaterVotes
from analysis.extract.tools import resources
from analysis.extract.vocab import CUE_ROLES, DATA_DIR, HOSTILE_KINDS

CONFIG_PATH = Path(__file__).resolve().parent / "pipeline.cfg"


def _sentences_with_actors(ctx: Context, doc: Doc):
    for sent in doc.sents:
        if any(t.i in ctx.actors for t in sent):
            yield sent


class TheaterComponent:
    def __init__(self, kb_dir: str, vocab_dir: str) -> None:
        self.theaters = TheaterVotes(resources(kb_dir, vocab_dir).kb)

    def __call__(self, doc: Doc) -> Doc:
        doc._.theater = self.theaters.of_doc(doc)
        return doc


class ActorComponent:
    def __init__(self, kb_dir: str, vocab_dir: str, unknown_labels: list[str]) -> None:
        tools = resources(kb_dir, vocab_dir)
        self.resolver = MentionResolver(tools.kb, tools.resolver.theaters, set(unknown_labels))

    def __call__(self, doc: Doc) -> Doc:
        ctx = Context(doc=doc, day=parse_day(doc._.article_date), theater=doc._.theater)
        self.resolver.find(ctx)
        set_context(doc, ctx)
        doc._.mentions = [asdict(m) for m in self.resolver.mentions(ctx)]
        return doc


class AnaphorComponent:
    """Generic names for a faction named before ("the militants"), as mentions of it."""

    def __init__(self, kb_dir: str, vocab_dir: str) -> None:
        kb = resources(kb_dir, vocab_dir).kb
        self.resolver = AnaphorResolver(load_anaphors(Path(vocab_dir or DATA_DIR), kb))

    def __call__(self, doc: Doc) -> Doc:
        ctx = get_context(doc)
        if ctx is not None and ctx.actors:
            self.resolver.resolve(ctx, doc)
        return doc


class ConstructionComponent:
    def __init__(self, nlp: Language, kb_dir: str, vocab_dir: str, patterns: str) -> None:
        tools = resources(kb_dir, vocab_dir)
        folder = Path(vocab_dir or DATA_DIR) / patterns
        if not Token.has_extension(ROLE_ATTR):
            Token.set_extension(ROLE_ATTR, getter=token_roles(tools.cues))
        kinds = frozenset(tools.cues.kinds.values()) | frozenset(HOSTILE_KINDS)
        self.constructions = load_constructions(folder, CUE_ROLES, kinds)
        self.matcher = ConstructionMatcher(nlp.vocab, self.constructions, tools)

    def __call__(self, doc: Doc) -> Doc:
        ctx = get_context(doc)
        if ctx is not None and ctx.actors:
            ctx.found += self.matcher(ctx, _sentences_with_actors(ctx, doc))
        return doc


class RuleComponent:
    def __init__(self, kb_dir: str, vocab_dir: str, rules: list[str]) -> None:
        self.tools = resources(kb_dir, vocab_dir)
        self.rules = get_rules(rules)

    def __call__(self, doc: Doc) -> Doc:
        ctx = get_context(doc)
        if ctx is None or not ctx.actors:
            return doc
        for sent in _sentences_with_actors(ctx, doc):
            for tok in sent:
                for _, fn in self.rules:
                    ctx.found += fn(self.tools, ctx, tok)
        return doc


class BackerComponent:
    """Claims that follow from two found ones: an armed backer joins its side's fight, and
    an outside actor fighting beside a faction supports it."""

    def __init__(self, kb_dir: str, vocab_dir: str) -> None:
        tools = resources(kb_dir, vocab_dir)
        self.cues, self.kb = tools.cues, tools.kb

    def __call__(self, doc: Doc) -> Doc:
        ctx = get_context(doc)
        if ctx is not None and ctx.found:
            ctx.found += backers_join(ctx, self.cues)  # before: partners read the joined
            ctx.found += fight_partners(ctx, self.kb.is_faction, self.cues)
        return doc


class QualifierComponent:
    def __init__(self, kb_dir: str, vocab_dir: str) -> None:
        tools = resources(kb_dir, vocab_dir)
        times = TimeReader(load_time_phrases(Path(vocab_dir or DATA_DIR)))
        self.qualifier = Qualifier(tools.kb, tools.cues, tools.resolver.theaters, times)

    def __call__(self, doc: Doc) -> Doc:
        ctx = get_context(doc)
        claims, rejected = self.qualifier.claims(ctx, ctx.found) if ctx else ([], [])
        doc._.claims = [asdict(c) for c in claims]
        doc._.rejected = [asdict(c) for c in rejected]
        set_context(doc, None)
        return doc


@Language.factory("ct_theater_votes", default_config={"kb_dir": "", "vocab_dir": ""})
def make_theater_votes(nlp: Language, name: str, kb_dir: str, vocab_dir: str):
    return TheaterComponent(kb_dir, vocab_dir)


@Language.factory(
    "ct_actor_resolver",
    default_config={"kb_dir": "", "vocab_dir": "", "unknown_labels": ["PERSON", "ORG"]},
)
def make_actor_resolver(
    nlp: Language, name: str, kb_dir: str, vocab_dir: str, unknown_labels: list[str]
):
    return ActorComponent(kb_dir, vocab_dir, unknown_labels)


@Language.factory("ct_anaphor_resolver", default_config={"kb_dir": "", "vocab_dir": ""})
def make_anaphor_resolver(nlp: Language, name: str, kb_dir: str, vocab_dir: str):
    return AnaphorComponent(kb_dir, vocab_dir)


@Language.factory(
    "ct_construction_matcher",
    default_config={"kb_dir": "", "vocab_dir": "", "patterns": "patterns"},
)
def make_construction_matcher(nlp: Language, name: str, kb_dir: str, vocab_dir: str, patterns: str):
    return ConstructionComponent(nlp, kb_dir, vocab_dir, patterns)


@Language.factory("ct_relation_rules", default_config={"kb_dir": "", "vocab_dir": "", "rules": []})
def make_relation_rules(nlp: Language, name: str, kb_dir: str, vocab_dir: str, rules: list[str]):
    return RuleComponent(kb_dir, vocab_dir, rules)


@Language.factory("ct_backers_join", default_config={"kb_dir": "", "vocab_dir": ""})
def make_backers_join(nlp: Language, name: str, kb_dir: str, vocab_dir: str):
    return BackerComponent(kb_dir, vocab_dir)


@Language.factory("ct_claim_qualifier", default_config={"kb_dir": "", "vocab_dir": ""})
def make_claim_qualifier(nlp: Language, name: str, kb_dir: str, vocab_dir: str):
    return QualifierComponent(kb_dir, vocab_dir)


def pipeline_config(path: Path = CONFIG_PATH) -> Config:
    return Config().from_disk(path)


def add_extraction_pipes(
    nlp: Language, *, kb_dir: str = "", vocab_dir: str = "", config: Config | None = None
) -> list[str]:
    """Add the components of `pipeline.cfg` at the end of `nlp`; returns their names."""
    from analysis.relmodel import component  # noqa: F401  (registers the model's factory)

    register_extensions()
    config = config or pipeline_config()
    names = list(config["components"]["order"])
    for name in names:
        settings = {k: v for k, v in config["components"][name].items() if k != "factory"}
        settings.update(kb_dir=kb_dir, vocab_dir=vocab_dir)
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
        nlp.add_pipe(config["components"][name]["factory"], name=name, config=settings)
    return names
