"""The records that flow through the pipeline: articles in, claims out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

# Who backs or opposes whom, where and how: the fields every view of a claim starts from.
RELATION_FIELDS = ("supporter", "supporter_type", "relation", "target", "theater", "kind")
# Where the two actors of a claim stand in the text (character offsets, -1 when unknown).
MENTION_OFFSETS = ("sup_start", "sup_end", "tgt_start", "tgt_end")
# When the stated act happened, as the sentence (or else the article date) tells it, and
# whether the sentence states the relation itself or its end (see `Claim`).
TIME_FIELDS = ("phase", "event_start", "event_end", "time_precision", "time_source")
# The values of `Claim.phase` and `Claim.time_source`.
PHASES = ("active", "ended")
TIME_SOURCES = ("sentence", "article", "")
# The fields of the command-line contract, in order (`python -m analysis extract`): the
# first fields of `Claim`, which CLAIM_FIELDS lists in full.
CONTRACT_FIELDS = (
    "source",
    *RELATION_FIELDS,
    "sentence",
    "start",
    "end",
    "date",
    "alleged",
    "confidence",
    *TIME_FIELDS,
)


@dataclass
class Article:
    """One news article as loaded from a file, before analysis.

    `date` is an ISO date string (YYYY-MM-DD) or None when unknown; `date_source` says
    where it came from ("metadata", "html", "dateline") so no date is ever invented.
    `dataset` names the public data set it was imported from ("" for any other source).
    """

    text: str
    source: str = ""
    title: str = ""
    date: str | None = None
    date_source: str | None = None
    url: str = ""
    outlet: str = ""
    language: str = "en"
    dataset: str = ""
    meta: dict = field(default_factory=dict)


@dataclass
class Claim:
    """One evidence-linked statement that `supporter` supports or opposes `target`.

    `start`/`end` are character offsets of the evidence sentence in the article text;
    `sup_start`/`sup_end` and `tgt_start`/`tgt_end` locate the two mentions in the text.
    `status` is "asserted" for a plain claim; "negated", "hypothetical" and "uncertain" (the
    act is one of two named sides', the text cannot say whose) claims are kept for
    inspection but never counted. `rule` names the extraction rule that fired.

    Time: `date` is the day of the report (or of the act, when the sentence names its day).
    `event_start`/`event_end` (ISO days, inclusive) bound when the stated act held, read from
    the sentence ("since 2015", "in the early years of the war") or else the article's day;
    either may be None when unknown ("until 2017" has no start). `time_precision` is "day",
    "month" or "year" (of the bounds), "" when there is no time at all; `time_source` says
    where it came from ("sentence" or "article"). `phase` is "active" when the sentence
    states the relation holding, "ended" when it states its end ("stopped arming the
    rebels", "a former backer of"): the relation is then the one that ended, and the event
    time is when it ended.
    """

    source: str
    supporter: str
    supporter_type: str
    relation: str
    target: str
    theater: str
    kind: str
    sentence: str
    start: int
    end: int
    date: str | None
    alleged: bool
    confidence: float
    phase: str = "active"
    event_start: str | None = None
    event_end: str | None = None
    time_precision: str = ""
    time_source: str = ""
    status: str = "asserted"
    rule: str = ""
    group: str = ""
    supporter_text: str = ""
    target_text: str = ""
    sup_start: int = -1
    sup_end: int = -1
    tgt_start: int = -1
    tgt_end: int = -1

    def contract(self) -> dict:
        """The claim as the command-line contract prints it: exactly CONTRACT_FIELDS."""
        data = asdict(self)
        return {name: data[name] for name in CONTRACT_FIELDS}

    def key(self) -> tuple:
        return (self.supporter, self.relation, self.target, self.start)


# Every field of a claim, in the order `Claim` declares them.
CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


@dataclass
class Mention:
    """A named actor found in the text: `actor` is the canonical KB name, or None for an
    entity spaCy's NER found that the knowledge base does not know (a candidate to add)."""

    text: str
    start: int
    end: int
    label: str
    actor: str | None = None


@dataclass
class Extraction:
    """What the extractor returns for one article."""

    claims: list[Claim]
    mentions: list[Mention]
    rejected: list[Claim] = field(default_factory=list)  # negated / hypothetical claims
