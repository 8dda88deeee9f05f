"""What the extraction components share about one document while it passes through them.

The actor resolver builds a `Context` (resolved mentions by token, blocked tokens, theater
votes); the relation components add `Found` relations; the qualifier turns them into claims
and removes the context, so that only plain data (`doc._.claims`, `doc._.rejected`,
`doc._.mentions`, lists of dicts) is left on the Doc when it crosses a process boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

CTX_KEY = "conflict_tracker_ctx"
SPANS_KEY = "actors"  # every knowledge-base alias the rulers marked


@dataclass
class ActorMention:
    """A resolved mention: which canonical actor a span of text stands for."""

    span: Span
    name: str
    type: str
    alias_kind: str
    group: str = ""

    @property
    def is_metonym(self) -> bool:
        return self.alias_kind == "metonym"


@dataclass
class Found:
    """A relation found by a rule or a construction, before it is qualified into a claim."""

    supporter: ActorMention
    target: ActorMention
    relation: str
    cue: Token
    rule: str
    kind: str = ""
    confidence: float = 0.85


@dataclass
class Context:
    doc: Doc
    day: date | None
    theater: str | None  # the article's dominant theater, if any
    actors: dict[int, ActorMention] = field(default_factory=dict)  # token index -> actor
    all_spans: list[Span] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)  # tokens inside blocker phrases
    sentence_theaters: dict[int, str | None] = field(default_factory=dict)
    found: list[Found] = field(default_factory=list)


def register_extensions() -> None:
    """The Doc attributes the pipeline reads and writes (idempotent)."""
    for name in ("article_date", "theater"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in ("claims", "rejected", "mentions"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def get_context(doc: Doc) -> Context | None:
    return doc.user_data.get(CTX_KEY)


def set_context(doc: Doc, ctx: Context | None) -> None:
    if ctx is None:
        doc.user_data.pop(CTX_KEY, None)
    else:
        doc.user_data[CTX_KEY] = ctx
