"""Claim extraction: a parsed article in, evidence-linked "who backs / opposes whom" claims out.

The work splits into three steps, each small:

1. *find mentions*: the knowledge-base span rulers mark every alias; the longest wins, blocker
   phrases ("Cairo initiative") suppress what they contain, and each alias is resolved to a
   canonical actor for the article's date and theater;
2. *find relations*: rules over the dependency parse, driven by the cue words in
   `data/cues.csv` (verbs, action nouns, agent nouns, hyphen compounds, defensive verbs);
3. *qualify*: negation, denial and hypotheticals (not counted), hedging (`alleged`), the kind
   of support, the date and the theater.

Every rule reads tokens and mentions only; no rule is written for one sentence.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from analysis.errors import KnowledgeBaseError
from analysis.kb import KnowledgeBase, load_kb
from analysis.models import Article, Claim, Extraction, Mention
from analysis.nlp import RULER_PIPES, SPANS_KEY, build_nlp, load_model

EXTRACTOR_VERSION = "1.0"
# Two processes pay for their start once this many articles of a chunk go to the parser
# (measured with bench/ingest.py on two cores); chunks are also cut by size of text.
MIN_PARALLEL = 48
CHUNK_CHARS = 3_000_000
DATA_DIR = Path(__file__).resolve().parent / "data"

# Same-length replacements so that offsets in the cleaned text are offsets in the original.
_SAME_LENGTH = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
    }
)
# Named-entity labels worth keeping as mentions the knowledge base does not know.
_UNKNOWN_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_PRONOUN_REL = {"who", "which", "that", "whose"}
_COORD_PREPS = {"alongside", "with"}  # "Russia, alongside Egypt, backs ..."
_PRONOUN_BACK = {"its", "their", "it", "his", "him"}
# Walking up from a cue, these links carry the governing verb's negation or modality down.
_FRAME_DEPS = {
    "xcomp",
    "ccomp",
    "advcl",
    "conj",
    "pcomp",
    "pobj",
    "prep",
    "dobj",
    "dative",
    "acomp",
    "oprd",
    "attr",
    "agent",
}
# Every role a row of data/cues.csv may have (the file's header comment explains each).
CUE_ROLES = frozenset(
    [
        "verb",
        "give_verb",
        "noun",
        "agent_noun",
        "behind_noun",
        "participle",
        "light_verb",
        "defend_verb",
        "mutual_noun",
        "capture_verb",
        "receive_verb",
        "alongside_verb",
        "negator",
        "hypothetical",
        "object_control",
        "object_raise",
        "hedge",
        "hedge_noun",
        "report_verb",
        "third_party",
        "force_noun",
        "quantity_noun",
        "holder_participle",
    ]
)


@dataclass(frozen=True)
class Cue:
    role: str
    relation: str
    kind: str


@dataclass
class CueBook:
    """The cue words of `data/cues.csv` and the kind words of `data/kinds.csv`, indexed."""

    by_role: dict[str, dict[str, Cue]]
    kinds: dict[str, str]

    def get(self, role: str, word: str) -> Cue | None:
        return self.by_role.get(role, {}).get(word)

    def has(self, role: str, word: str) -> bool:
        return word in self.by_role.get(role, {})


def data_fingerprint(data_dir: Path = DATA_DIR) -> str:
    """A short hash of the knowledge-base and cue files."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@lru_cache(maxsize=4)
def load_cues(data_dir: str = str(DATA_DIR)) -> CueBook:
    """Read the cue words, refusing a row with an unknown role or relation."""
    by_role: dict[str, dict[str, Cue]] = {}
    path = Path(data_dir) / "cues.csv"
    with open(path, encoding="utf-8") as fh:
        rows = [(n, line) for n, line in enumerate(fh, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in rows)
    for (number, _), row in zip(rows[1:], reader, strict=False):
        if row["role"] not in CUE_ROLES or row["relation"] not in ("", "supports", "opposes"):
            raise KnowledgeBaseError(
                f"{path}, line {number}: unknown role {row['role']!r} or relation "
                f"{row['relation']!r}"
            )
        cue = Cue(row["role"], row["relation"] or "", row["kind"] or "")
        by_role.setdefault(row["role"], {})[row["word"].strip().lower()] = cue
    kinds: dict[str, str] = {}
    with open(Path(data_dir) / "kinds.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            kinds[row["word"].strip().lower()] = row["kind"]
    return CueBook(by_role, kinds)


@dataclass
class Actor:
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
class _Found:
    """A relation found by a rule, before it is qualified into a Claim."""

    supporter: Actor
    target: Actor
    relation: str
    cue: Token
    rule: str
    kind: str = ""
    confidence: float = 0.85


@dataclass
class _Context:
    doc: Doc
    day: date | None
    theater: str | None  # the article's dominant theater, if any
    actors: dict[int, Actor] = field(default_factory=dict)  # token index -> actor
    all_spans: list[Span] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)  # tokens inside blocker phrases
    sentence_theaters: dict[int, str | None] = field(default_factory=dict)


class Extractor:
    """Loads the model and knowledge base once; turns articles into claims."""

    def __init__(
        self, nlp: Language, kb: KnowledgeBase, *, info: str = "", fast: bool = True
    ) -> None:
        self.nlp = build_nlp(nlp, kb)
        self.kb = kb
        self.fast = fast
        # The rules' version plus a fingerprint of the data they read, so that stored claims
        # made with another knowledge base or cue list can be found and re-analysed.
        self.version = f"{EXTRACTOR_VERSION}+{data_fingerprint()}"
        self.cues = load_cues()
        self.info = info
        self._theater_words = self._build_theater_words()
        words = sorted(self._theater_words, key=len, reverse=True)
        self._theater_re = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")

    @classmethod
    def load(
        cls,
        model_name: str | None = None,
        *,
        kb: KnowledgeBase | None = None,
        announce: bool = False,
        fast: bool = True,
    ) -> Extractor:
        nlp, info = load_model(model_name, announce=announce)
        return cls(nlp, kb or load_kb(), info=info, fast=fast)

    # -- public API ------------------------------------------------------------------------

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))[1]

    def extract_many(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 32,
        n_process: int | None = None,
        chunk: int = 512,
    ) -> Iterator[tuple[Article, Extraction]]:
        """Extract from many articles with `nlp.pipe`, yielding in input order.

        In fast mode (the default) a cheap first pass (tokenizer and knowledge-base phrase
        matching only) sends to the parser only the articles that name a faction and some
        other actor: no claim can come from any other article, so the claims are the same
        as those of the full path (`fast=False`). `n_process=None` uses both cores for
        large inputs. Articles are taken `chunk` at a time, so memory stays flat.
        """
        pending: list[Article] = []
        chars = 0
        for article in articles:
            pending.append(article)
            chars += len(article.text)
            if len(pending) >= chunk or chars >= CHUNK_CHARS:
                yield from self._extract_chunk(pending, batch_size, n_process)
                pending, chars = [], 0
        if pending:
            yield from self._extract_chunk(pending, batch_size, n_process)

    def _extract_chunk(
        self, articles: list[Article], batch_size: int, n_process: int | None
    ) -> Iterator[tuple[Article, Extraction]]:
        texts = [clean_text(a.text) for a in articles]
        if self.fast:
            cheap = [self.first_pass(text) for text in texts]
            todo = [i for i, doc in enumerate(cheap) if self.could_claim(doc)]
        else:
            cheap, todo = [], list(range(len(texts)))
        if n_process is None:
            n_process = 2 if len(todo) >= MIN_PARALLEL and (os.cpu_count() or 1) >= 2 else 1
        # Docs stream in input order; each is used as it arrives, never held all at once.
        docs = iter(
            self.nlp.pipe((texts[i] for i in todo), batch_size=batch_size, n_process=n_process)
        )
        wanted = set(todo)
        for i, article in enumerate(articles):
            if i in wanted:
                yield article, self.extract_doc(next(docs), article)
            else:
                yield article, self._mentions_only(cheap[i], article)

    def first_pass(self, text: str) -> Doc:
        """Tokenizer and the knowledge-base rulers only: which actors are named."""
        doc = self.nlp.make_doc(text)
        for name in RULER_PIPES:
            doc = self.nlp.get_pipe(name)(doc)
        return doc

    def could_claim(self, doc: Doc) -> bool:
        """A claim needs a faction as target and a second, different actor: can any alias
        named in `doc` (under any of its dated or theater-bound readings) provide both?"""
        names: set[str] = set()
        faction = False
        for span in doc.spans.get(SPANS_KEY, []):
            for alias in self.kb.aliases_for(span.text):
                if alias.actor == "-":
                    continue
                names.add(alias.actor)
                faction = faction or self.kb.is_faction(alias.actor)
        return faction and len(names) >= 2

    def _mentions_only(self, doc: Doc, article: Article) -> Extraction:
        ctx = _Context(doc=doc, day=parse_day(article.date), theater=self.doc_theater(doc))
        self._find_mentions(ctx)
        return Extraction(claims=[], mentions=self._mentions(ctx), rejected=[])

    def extract_doc(self, doc: Doc, article: Article) -> Extraction:
        day = parse_day(article.date)
        ctx = _Context(doc=doc, day=day, theater=self.doc_theater(doc))
        self._find_mentions(ctx)
        found: list[_Found] = []
        for sent in doc.sents:
            if not any(t.i in ctx.actors for t in sent):
                continue
            found.extend(self._relations(ctx, sent))
        claims, rejected = self._qualify(ctx, found, article)
        return Extraction(claims=claims, mentions=self._mentions(ctx), rejected=rejected)

    # -- theaters ----------------------------------------------------------------------------

    def _build_theater_words(self) -> dict[str, str]:
        words = {}
        for theater in self.kb.theaters.values():
            for kw in theater.keywords:
                words[kw.lower()] = theater.name
        return words

    def _theater_counts(self, text: str) -> Counter:
        counts: Counter = Counter()
        lowered = text.lower()
        for theater in self.kb.theaters.values():
            for blocker in theater.blockers:
                lowered = lowered.replace(blocker.lower(), " ")
        for word in self._theater_re.findall(lowered):
            counts[self._theater_words[word]] += 1
        return counts

    def _faction_votes(self, spans: Iterable[Span]) -> Counter:
        """Theaters named by unambiguous faction mentions ("Assad" votes for Syria)."""
        counts: Counter = Counter()
        for span in spans:
            alias = self.kb.resolve(span.text)
            if alias is None or alias.actor == "-" or alias.theater:
                continue
            actor = self.kb.actors[alias.actor]
            if actor.type == "faction" and len(actor.theaters) == 1:
                counts[actor.theaters[0]] += 1
        return counts

    def doc_theater(self, doc: Doc) -> str | None:
        counts = self._theater_counts(doc.text)
        counts.update(self._faction_votes(doc.spans.get(SPANS_KEY, [])))
        return counts.most_common(1)[0][0] if counts else None

    def sentence_theater(self, ctx: _Context, sent: Span) -> str | None:
        if sent.start in ctx.sentence_theaters:
            return ctx.sentence_theaters[sent.start]
        counts = self._theater_counts(sent.text)
        counts.update(
            self._faction_votes(
                s
                for s in ctx.doc.spans.get(SPANS_KEY, [])
                if s.start >= sent.start and s.end <= sent.end
            )
        )
        theater = counts.most_common(1)[0][0] if counts else ctx.theater
        ctx.sentence_theaters[sent.start] = theater
        return theater

    # -- step 1: mentions ------------------------------------------------------------------

    def _resolve(self, ctx: _Context, span: Span) -> Actor | None:
        theater = (
            self.sentence_theater(ctx, span.sent)
            if span.doc.has_annotation("SENT_START")
            else ctx.theater
        )
        alias = self.kb.resolve(span.text, day=ctx.day, theater=theater)
        if alias is None and theater is None:
            # No theater in sight: an alias that means one actor in every theater it is
            # restricted to still resolves ("the SDF" in a sentence naming no place).
            rows = {self.kb.resolve(span.text, day=ctx.day, theater=t) for t in self.kb.theaters}
            rows.discard(None)
            if len({row.actor for row in rows}) == 1:
                alias = rows.pop()
        if alias is None or alias.actor == "-":
            return None
        if alias.theater and theater and alias.theater != theater:
            return None
        actor = self.kb.actors[alias.actor]
        return Actor(span, actor.name, actor.type, alias.kind, alias.group)

    def _find_mentions(self, ctx: _Context) -> None:
        spans = list(ctx.doc.spans.get(SPANS_KEY, []))
        ctx.all_spans = spans
        # Longest first; a span overlapping an already chosen one is dropped.
        taken: set[int] = set()
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            alias = self.kb.resolve(span.text, day=ctx.day, theater=ctx.theater)
            if alias is not None and alias.actor == "-":
                ctx.blocked.update(range(span.start, span.end))
                continue
            actor = self._resolve(ctx, span)
            if actor is None:
                continue
            for i in range(span.start, span.end):
                ctx.actors[i] = actor

    def _mentions(self, ctx: _Context) -> list[Mention]:
        out: list[Mention] = []
        seen: set[int] = set()
        for actor in ctx.actors.values():
            if id(actor) in seen:
                continue
            seen.add(id(actor))
            span = actor.span
            out.append(Mention(span.text, span.start_char, span.end_char, actor.type, actor.name))
        for ent in ctx.doc.ents:
            if ent.label_ not in _UNKNOWN_LABELS:
                continue
            if any(i in ctx.actors or i in ctx.blocked for i in range(ent.start, ent.end)):
                continue
            out.append(Mention(ent.text, ent.start_char, ent.end_char, ent.label_, None))
        return sorted(out, key=lambda m: m.start)

    # -- step 2: relations -----------------------------------------------------------------

    def _relations(self, ctx: _Context, sent: Span) -> list[_Found]:
        found: list[_Found] = []
        cues = self.cues
        for tok in sent:
            lemma = tok.lemma_.lower()
            lower = tok.lower_
            if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB")):
                if cue := cues.get("verb", lemma):
                    found.extend(self._verb_rule(ctx, tok, cue))
                elif _in_power(tok):  # "kept Assad in power"
                    found.extend(self._verb_rule(ctx, tok, Cue("verb", "supports", "")))
                elif cue := cues.get("give_verb", lemma):
                    found.extend(self._give_rule(ctx, tok, cue))
                phrasal = _phrasal(tok)
                if cues.has("defend_verb", lemma) or cues.has("defend_verb", phrasal):
                    found.extend(self._defend_rule(ctx, tok))
                elif phrasal != lemma and (cue := cues.get("verb", phrasal)):
                    found.extend(self._verb_rule(ctx, tok, cue))
                if cues.has("capture_verb", lemma) or cues.has("capture_verb", lower):
                    found.extend(self._capture_rule(ctx, tok))
            if tok.pos_ in ("NOUN", "PROPN") or tok.tag_ == "VBG":
                if cue := cues.get("noun", lemma) or cues.get("noun", lower):
                    found.extend(self._noun_rule(ctx, tok, cue))
                if cue := cues.get("agent_noun", lemma):
                    found.extend(self._agent_noun_rule(ctx, tok, cue))
                elif (cue := cues.get("behind_noun", lemma)) and any(
                    c.dep_ == "prep" and c.lower_ == "behind" for c in tok.children
                ):
                    found.extend(self._agent_noun_rule(ctx, tok, cue))  # "the force behind X"
                if cues.has("mutual_noun", lemma) or cues.has("mutual_noun", lower):
                    found.extend(self._mutual_rule(ctx, tok))
            if cue := cues.get("participle", lower):
                found.extend(self._compound_rule(ctx, tok, cue))
            if lower in ("behalf", "support", "side", "request", "invitation") and (
                tok.dep_ == "pobj"
            ):
                found.extend(self._on_behalf_rule(ctx, tok))
            if lower == "alongside" and tok.dep_ == "prep" and not _comma_before(tok):
                found.extend(self._alongside_rule(ctx, tok))
            if lower in ("opposed", "hostile") and tok.dep_ in ("amod", "acl"):
                found.extend(self._opposed_to_rule(ctx, tok))
        return found

    # Resolving tokens to actors ---------------------------------------------------------

    def actor_of(self, ctx: _Context, tok: Token, *, depth: int = 0) -> Actor | None:
        """The actor a noun phrase headed by `tok` stands for, looking into its modifiers:
        "Haftar's forces" -> LNA, "Turkish drones" -> Turkey, "forces loyal to Assad"."""
        if tok.i in ctx.blocked:
            return None
        if self.cues.has("force_noun", tok.lower_):
            # "Russian fighters from the Wagner Group": the group, not the nationality
            for pobj in _prep_children(tok, ("from", "of")):
                actor = ctx.actors.get(pobj.i)
                if actor is not None and actor.type == "non-state":
                    return actor
        if tok.i in ctx.actors:
            return ctx.actors[tok.i]
        if tok.lower_ in _PRONOUN_REL:
            ante = _antecedent(tok)
            return self.actor_of(ctx, ante, depth=depth + 1) if ante is not None else None
        if tok.lower_ in _PRONOUN_BACK:
            return self._pronoun(ctx, tok)
        if tok.dep_ == "appos" and depth == 0 and tok.head.i in ctx.actors:
            return ctx.actors[tok.head.i]  # "the SDF, an alliance that the US arms"
        if depth >= 2 or tok.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return None
        left = {ctx.actors[t.i].name for t in tok.subtree if t.i < tok.i and t.i in ctx.actors}
        if len([name for name in left if self.kb.is_faction(name)]) > 1:
            return None  # "help [the GNA repel Haftar's] offensive": a misparse, not one side
        if self.cues.has("quantity_noun", tok.lower_):  # "hundreds of air strikes"
            for pobj in _prep_children(tok, ("of",)):
                return self.actor_of(ctx, pobj, depth=depth)
        for child in tok.children:  # "rebel-held districts", "Houthi-held areas"
            if child.dep_ == "amod" and self.cues.has("holder_participle", child.lower_):
                for holder in child.children:
                    if holder.dep_ in ("npadvmod", "compound", "nmod", "amod"):
                        actor = self.actor_of(ctx, holder, depth=depth + 1)
                        if actor is not None:
                            return actor
        for child in tok.children:  # "air strikes carried out by the United States"
            if child.dep_ == "acl" and self.cues.has("light_verb", child.lemma_.lower()):
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            return self.actor_of(ctx, pobj, depth=depth + 1)
        for child in sorted(tok.children, key=lambda c: abs(c.i - tok.i)):
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                if child.dep_ == "amod" and child.lower_ in ("loyal", "allied"):
                    continue
                if _anti(child):
                    continue  # "anti-Houthi forces" are not the Houthis
                actor = self.actor_of(ctx, child, depth=depth + 1)
                if actor is not None:
                    return actor
        if self.cues.has("force_noun", tok.lower_):  # "the government in Tripoli"
            for pobj in _prep_children(tok, ("in",)):
                seat = ctx.actors.get(pobj.i)
                if seat is not None and seat.is_metonym and self.kb.is_faction(seat.name):
                    return seat
        if self.cues.has("force_noun", tok.lower_):  # "the forces of commander Haftar"
            for pobj in (
                g
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ):
                actor = self.actor_of(ctx, pobj, depth=depth + 1)
                if actor is not None:
                    return actor
        for child in tok.children:  # "forces loyal to Assad", "fighters allied with X"
            if child.dep_ == "amod" and child.lower_ in ("loyal", "allied", "aligned"):
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                return self.actor_of(ctx, pobj, depth=depth + 1)
        return None

    def _pronoun(self, ctx: _Context, tok: Token) -> Actor | None:
        """ "its", "their", "it": the nearest actor named before it in the same sentence
        ("Moscow ... the role it has played in Syria, where its air force ...")."""
        person = tok.lower_ in ("his", "him")
        candidates = []
        for i in range(tok.i - 1, tok.sent.start - 1, -1):
            actor = ctx.actors.get(i)
            if actor is None or (candidates and candidates[-1] is actor):
                continue
            if person and actor.alias_kind not in ("leader", "minister", "official"):
                continue
            candidates.append(actor)
        # Prefer the nearest actor that is a subject or possessor: the one the sentence is
        # about ("Turkey's military said FSA units it trains ..." -> Turkey, not the FSA).
        prominent = [a for a in candidates if a.span.root.dep_ in ("nsubj", "nsubjpass", "poss")]
        for actor in prominent[:1] or candidates[:1]:
            return Actor(actor.span, actor.name, actor.type, "pronoun", actor.group)
        return None

    def _expand(self, ctx: _Context, tok: Token) -> list[tuple[Actor, Token]]:
        """`tok` and everything coordinated with it: "Russia, along with the UAE and Egypt"."""
        out: list[tuple[Actor, Token]] = []
        seen: set[int] = set()

        def visit(t: Token) -> None:
            if t.i in seen:
                return
            seen.add(t.i)
            actor = self.actor_of(ctx, t)
            if actor is not None:
                out.append((actor, t))
                # "Russian and Syrian jets": every coordinated modifier names a side
                for mod in (c for c in t.children if c.dep_ == "amod" and c.i in ctx.actors):
                    conjs = [c for c in mod.children if c.dep_ == "conj" and c.i in ctx.actors]
                    for other in [mod, *conjs] if conjs else []:
                        out.append((ctx.actors[other.i], other))
            for child in t.children:
                if child.dep_ in ("conj", "appos"):
                    visit(child)
                elif child.dep_ == "prep" and child.lower_ in ("along", "together"):
                    for grand in child.children:
                        if grand.dep_ == "prep" and grand.lower_ == "with":
                            for pobj in grand.children:
                                if pobj.dep_ == "pobj":
                                    visit(pobj)
                elif (
                    child.dep_ == "prep"
                    and child.lower_ in _COORD_PREPS
                    and t.dep_ in _SUBJ
                    and _comma_before(child)
                ):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            visit(pobj)

        visit(tok)
        return out

    def subjects(self, ctx: _Context, verb: Token) -> list[tuple[Actor, Token]]:
        """The agents of `verb`, inherited through control, conjunction and relative clauses."""
        for child in verb.children:
            if child.dep_ == "nsubj":
                return self._expand(ctx, child) + self._companions(ctx, verb)
        if verb.dep_ == "relcl" and not any(c.dep_ == "nsubjpass" for c in verb.children):
            return self._expand(ctx, verb.head)
        if verb.dep_ == "acomp":
            return self.subjects(ctx, verb.head)
        if verb.dep_ == "acl" and verb.tag_ == "VB":
            # "the CIA's programme to arm the rebels": the owner of the plan acts;
            # "launching a campaign to restore Hadi": whoever launched it
            owners = [
                (a, t)
                for c in verb.head.children
                if c.dep_ == "poss"
                for a, t in self._expand(ctx, c)
            ]
            plan = verb.head
            if (
                not owners
                and plan.dep_ == "dobj"
                and self.cues.has("light_verb", plan.head.lemma_.lower())
            ):
                owners = self.subjects(ctx, plan.head)
            return owners
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            return self._expand(ctx, verb.head)  # "contractors fighting alongside the LNA"
        head = verb.head
        if head is verb:
            return []
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            return self.subjects(ctx, head)
        if verb.dep_ in ("xcomp", "advcl", "pcomp") or (
            verb.dep_ == "pobj" and head.dep_ == "prep"
        ):
            governor = head.head if verb.dep_ == "pcomp" and head.dep_ == "prep" else head
            for _ in range(3):  # "breaching the embargo by shipping", "accused by experts of"
                if governor.pos_ in ("VERB", "AUX") or governor.head is governor:
                    break
                governor = governor.head
            if governor.pos_ not in ("VERB", "AUX"):
                return []
            # "accused Egypt of arming the LNA", "urged Turkey to send troops"
            if verb.dep_ in ("pcomp", "xcomp") or head.dep_ == "prep":
                for child in governor.children:
                    if child.dep_ == "dobj" and (
                        self.cues.has("hedge", governor.lemma_.lower())
                        or self.cues.has("object_control", governor.lemma_.lower())
                        or self.cues.has("object_raise", governor.lemma_.lower())
                    ):
                        return self._expand(ctx, child)
            for child in governor.children:
                if child.dep_ == "nsubjpass" and self.cues.has("hedge", governor.lemma_.lower()):
                    return self._expand(ctx, child)  # "Egypt was accused of arming ..."
            if verb.dep_ in ("xcomp", "advcl") and any(
                c.dep_ == "auxpass" for c in governor.children
            ):
                # "drones have been used by the GNA's forces to strike ..."
                return self._agents(ctx, governor)
            return self.subjects(ctx, governor)
        return []

    def _relative_object(self, ctx: _Context, verb: Token) -> list[tuple[Actor, Token]]:
        """The antecedent of an object relative clause: "FSA units (that) Turkey trains"."""
        clause = verb.head if verb.dep_ == "conj" else verb
        if clause.dep_ != "relcl" or any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
            return []
        subject = [c for c in clause.children if c.dep_ == "nsubj"]
        if not subject or subject[0].lower_ in _PRONOUN_REL:
            return []  # "Turkey, which backs ...": the antecedent is the subject
        return self._expand(ctx, clause.head)

    def _companions(self, ctx: _Context, verb: Token) -> list[tuple[Actor, Token]]:
        """Co-agents the parser hangs on the verb: "Russia, along with the UAE, backs ..."."""
        out: list[tuple[Actor, Token]] = []
        for child in verb.children:
            if child.dep_ != "prep":
                continue
            if child.lower_ in ("along", "together"):
                for grand in _prep_children(child, ("with",)):
                    out += self._expand(ctx, grand)
            elif child.lower_ == "alongside" and _comma_before(child):
                out += self._prep_objects(ctx, verb, ("alongside",))
        return out

    def _objects(self, ctx: _Context, verb: Token, deps=("dobj",)) -> list[tuple[Actor, Token]]:
        out = []
        for child in verb.children:
            if child.dep_ in deps:
                out.extend(self._expand(ctx, child))
        if not out and "dobj" in deps:
            # "backs the government in Tripoli", with "in Tripoli" hung on the verb
            for child in verb.children:
                if child.dep_ == "dobj" and self.cues.has("force_noun", child.lower_):
                    for pobj in _prep_children(verb, ("in",)):
                        seat = ctx.actors.get(pobj.i)
                        if seat is not None and seat.is_metonym and self.kb.is_faction(seat.name):
                            out.append((seat, child))
        if out and "dobj" in deps:
            # "fighting both AQAP and forces loyal to Hadi": the parser sometimes hangs the
            # second object on the verb as a conjunct noun
            for child in verb.children:
                if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
                    out.extend(self._expand(ctx, child))
        return out

    def _prep_objects(
        self, ctx: _Context, tok: Token, preps: Iterable[str]
    ) -> list[tuple[Actor, Token]]:
        out = []
        for child in tok.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self._expand(ctx, pobj))
        return out

    def _agents(self, ctx: _Context, verb: Token) -> list[tuple[Actor, Token]]:
        out = []
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self._expand(ctx, pobj))
        return out

    # The rules ----------------------------------------------------------------------------

    def _pairs(self, sups, tgts, relation, cue, rule, kind, confidence) -> list[_Found]:
        return [
            _Found(s, t, relation, cue, rule, kind, confidence) for s, _ in sups for t, _ in tgts
        ]

    def _verb_rule(self, ctx: _Context, verb: Token, cue: Cue) -> list[_Found]:
        """Active ("Turkey backs the GNA"), passive ("the LNA is backed by Egypt"), participial
        ("Haftar, backed by Egypt") and relative ("Haftar, who is supported by Egypt")."""
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            verb.tag_ == "VBN"
            and verb.dep_ in ("acl", "amod")
            and not any(c.dep_ == "aux" for c in verb.children)
        )
        if passive:
            sups = self._agents(ctx, verb)
            for conj in (c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBN"):
                sups = sups or self._agents(ctx, conj)  # "trained and paid by Turkey"
            if not sups:
                return []
            tgts = [
                (a, t)
                for c in verb.children
                if c.dep_ == "nsubjpass"
                for a, t in self._expand(ctx, c)
            ]
            if not tgts and verb.dep_ in ("acl", "amod", "relcl"):
                tgts = self._expand(ctx, verb.head)
            return self._pairs(sups, tgts, cue.relation, verb, "passive", cue.kind, 0.9)
        sups = self.subjects(ctx, verb)
        if not sups:
            return []
        lemma = verb.lemma_.lower()
        if cue.relation == "supports" and lemma == "side":
            tgts = self._prep_objects(ctx, verb, ("with",))
        elif cue.relation == "opposes" and lemma in ("fight", "battle", "combat"):
            # "fought for / alongside the GNA" is support; "fought (against) the LNA" is not
            allies = self._prep_objects(ctx, verb, ("for", "alongside"))
            found = self._pairs(sups, allies, "supports", verb, "verb", "troops", 0.8)
            tgts = self._objects(ctx, verb) + self._prep_objects(ctx, verb, ("against",))
            return found + self._pairs(sups, tgts, "opposes", verb, "verb", cue.kind, 0.85)
        else:
            tgts = self._objects(ctx, verb) or self._relative_object(ctx, verb)
            if cue.relation == "opposes":
                tgts += self._prep_objects(ctx, verb, ("against", "on", "at"))
            elif not tgts:  # "helped Damascus crush the protests"
                for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
                    tgts += self._objects(ctx, clause, deps=("nsubj",))
        return self._pairs(sups, tgts, cue.relation, verb, "verb", cue.kind, 0.9)

    def _give_rule(self, ctx: _Context, verb: Token, cue: Cue) -> list[_Found]:
        """ "Turkey sent drones to the GNA", "supplied the LNA with weapons", "gave X arms"."""
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        sups = self._agents(ctx, verb) if passive else self.subjects(ctx, verb)
        if not sups:
            return []
        tgts = self._prep_objects(ctx, verb, ("to", "for"))
        for child in verb.children:
            if child.dep_ == "dobj":
                tgts += self._prep_objects(ctx, child, ("to", "for"))
        tgts += self._objects(ctx, verb, deps=("dative",))
        if verb.lemma_.lower() in ("supply", "provide", "arm", "equip") and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in verb.children
        ):
            tgts += self._objects(ctx, verb)  # "supplied the Houthis with missiles"
        if not tgts:
            return []
        kind = self._kind(ctx, verb) or cue.kind
        supplied_with = verb.lemma_.lower() in ("supply", "provide", "arm", "equip") and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in verb.children
        )
        if kind == "" and not supplied_with and not self._has_support_object(verb):
            return []  # "sent a delegation to the GNA" states no support
        return self._pairs(sups, tgts, "supports", verb, "give", kind, 0.85)

    def _has_support_object(self, verb: Token) -> bool:
        for child in verb.children:
            if child.dep_ == "dobj" and (
                self.cues.has("noun", child.lemma_.lower())
                and self.cues.get("noun", child.lemma_.lower()).relation == "supports"
            ):
                return True
        return False

    def _capture_rule(self, ctx: _Context, verb: Token) -> list[_Found]:
        """ "GNA forces recaptured Gharyan from Haftar's troops": the taker opposes the loser."""
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        sups = self._agents(ctx, verb) if passive else self.subjects(ctx, verb)
        losers = self._prep_objects(ctx, verb, ("from",))
        for obj in (c for c in verb.children if c.dep_ == "dobj"):  # "took the town of X from Y"
            losers += self._prep_objects(ctx, obj, ("from",))
            seat = ctx.actors.get(obj.i)
            if seat is not None and seat.is_metonym:
                losers.append((seat, obj))  # "rebels captured Damascus": a side's seat
        return self._pairs(sups, losers, "opposes", verb, "capture", "fighting", 0.8)

    def _defend_rule(self, ctx: _Context, verb: Token) -> list[_Found]:
        """ "The GNA repelled an assault by the LNA": the two sides oppose each other."""
        sups = self.subjects(ctx, verb)
        if not sups:
            return []
        found: list[_Found] = []
        for child in verb.children:
            if child.dep_ != "dobj":
                continue
            direct = self._expand(ctx, child)
            attackers = self._agents(ctx, verb)  # "repelled an assault ... by the LNA"
            found += self._pairs(sups, attackers, "opposes", verb, "defend", "fighting", 0.8)
            found += self._pairs(attackers, sups, "opposes", verb, "defend", "fighting", 0.8)
            found += self._pairs(sups, direct, "opposes", verb, "defend", "fighting", 0.8)
            cue = self.cues.get("noun", child.lemma_.lower())
            if cue and cue.relation == "opposes":
                attackers = self._prep_objects(ctx, child, ("by", "from"))
                attackers += [
                    (a, t)
                    for c in child.children
                    if c.dep_ == "poss"
                    for a, t in self._expand(ctx, c)
                ]
                found += self._pairs(sups, attackers, "opposes", verb, "defend", "fighting", 0.8)
                found += self._pairs(attackers, sups, "opposes", verb, "defend", "fighting", 0.8)
        return found

    def _noun_rule(self, ctx: _Context, noun: Token, cue: Cue) -> list[_Found]:
        """ "Russia's support for Haftar", "Turkish military aid to the GNA", "Egypt's backing
        of the LNA", "strikes by Russia on HTS", "Turkey stepped up its support for the GNA"."""
        if noun.dep_ == "compound":
            return []  # "support group", "strike force"
        sups = [(a, t) for c in noun.children if c.dep_ == "poss" for a, t in self._expand(ctx, c)]
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i in ctx.actors:
                sups += self._expand(ctx, child)
        sups += self._prep_objects(ctx, noun, ("by", "from"))
        through_verb = False
        governor = _governing_verb(noun)
        receiver = governor is not None and self.cues.has("receive_verb", governor.lemma_.lower())
        if receiver:
            # "The LNA receives support from the UAE", "relied on the backing of Egypt"
            sups = sups or self._prep_objects(ctx, noun, ("of",))
            sups += self._prep_objects(ctx, governor, ("from",))
            tgts = self.subjects(ctx, governor)
            kind = self._kind(ctx, noun) or cue.kind
            return self._pairs(sups, tgts, cue.relation, noun, "receive", kind, 0.8)
        if not sups and governor is not None and noun.dep_ == "nsubjpass":
            sups = self._agents(ctx, governor)  # "the raids were carried out by the UAE"
        if not sups and governor is not None:
            glemma = governor.lemma_.lower()
            if self.cues.has("light_verb", glemma) or noun.dep_ == "pobj":
                sups = self.subjects(ctx, governor)
                through_verb = True
        governor = governor if governor is not None else noun.head
        if cue.relation == "supports":
            target_preps = ("for", "to", "behind", "of", "with") if sups else ("for", "to")
        else:
            target_preps = ("against", "on", "over", "targeting", "at", "in")
        if not sups:
            sups = self._prep_objects(ctx, noun, ("of",))
        tgts = self._prep_objects(ctx, noun, target_preps)
        if not tgts and cue.relation == "opposes":  # "strikes by the coalition against ISIS"
            for agent in _prep_children(noun, ("by",)):
                tgts += self._prep_objects(ctx, agent, ("against", "on"))
        if through_verb and not tgts:  # "launched air strikes on HTS"
            preps = ("to", "for") if cue.relation == "supports" else ("against", "on", "at")
            tgts = self._prep_objects(ctx, governor, preps)
        kind = self._kind(ctx, noun) or (self._kind(ctx, governor) if through_verb else "")
        kind = kind or cue.kind
        return self._pairs(sups, tgts, cue.relation, noun, "noun", kind, 0.8)

    def _agent_noun_rule(self, ctx: _Context, noun: Token, cue: Cue) -> list[_Found]:
        """ "Egypt, a key backer of Haftar", "Russia is Assad's main ally", "Haftar's foreign
        backers, including Russia and the UAE"."""
        tgts = [(a, t) for c in noun.children if c.dep_ == "poss" for a, t in self._expand(ctx, c)]
        tgts += self._prep_objects(ctx, noun, ("of", "to", "behind"))
        if not tgts:
            return []
        sups: list[tuple[Actor, Token]] = []
        slot = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
            slot = noun.head.head  # "Iran, one of Assad's key backers"
        if slot.dep_ == "appos":
            sups = self._expand(ctx, slot.head)
        elif slot.dep_ == "attr":
            sups = self.subjects(ctx, slot.head)
        elif slot.dep_ == "pobj" and slot.head.lower_ == "among":
            sups = self.subjects(ctx, slot.head.head)  # "X and Y were among the backers of Z"
        elif slot.dep_ == "pobj" and slot.head.lower_ == "as" and slot.head.head.pos_ == "VERB":
            verb = slot.head.head  # "Egypt and the UAE are seen as backers of Haftar"
            sups = [
                (a, t)
                for c in verb.children
                if c.dep_ == "nsubjpass"
                for a, t in self._expand(ctx, c)
            ] or self.subjects(ctx, verb)
        for child in noun.children:
            if child.dep_ == "appos":
                sups += self._expand(ctx, child)
            if child.dep_ == "prep" and child.lower_ in ("including", "like", "such"):
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        sups += self._expand(ctx, grand)
                    if grand.dep_ == "prep":
                        sups += self._prep_objects(ctx, child, ("as",))
        if noun.dep_ in ("nsubj",) and noun.head.lemma_ == "include":
            sups += self._objects(ctx, noun.head)
        sups = [(a, t) for a, t in sups if t.i not in {x.i for _, x in tgts}]
        return self._pairs(sups, tgts, cue.relation, noun, "agent_noun", "", 0.8)

    def _compound_rule(self, ctx: _Context, tok: Token, cue: Cue) -> list[_Found]:
        """ "the Turkey-backed GNA", "Ankara-backed forces", "UN-backed government"."""
        doc = ctx.doc
        if tok.i < 2 or doc[tok.i - 1].text != "-":
            return []
        sup_tok = doc[tok.i - 2]
        sup = None
        for span in ctx.all_spans:
            if span.end == tok.i - 1 and (sup is None or len(span) > len(sup.span)):
                if any(i in ctx.blocked for i in range(span.start, span.end)):
                    continue
                actor = self._resolve(ctx, span)
                if actor is not None:
                    sup = actor
        if sup is None:
            return []
        # The target: the mention the compound sits in, or the noun it modifies.
        target = ctx.actors.get(tok.i)
        if target is None or target.span.start > sup_tok.i:
            head = tok.head
            while head.dep_ in ("amod", "compound", "npadvmod") and head.head is not head:
                if head.pos_ in ("NOUN", "PROPN") and self.actor_of(ctx, head):
                    break
                head = head.head
            target = self.actor_of(ctx, head)
            if target is None:
                for j in range(tok.i + 1, min(tok.i + 5, len(doc))):
                    if j in ctx.actors:
                        target = ctx.actors[j]
                        break
                    if doc[j].pos_ in ("VERB", "ADP", "PUNCT"):
                        break
        if target is None or target.name == sup.name:
            return []
        return [_Found(sup, target, cue.relation, tok, "compound", cue.kind, 0.85)]

    def _on_behalf_rule(self, ctx: _Context, pobj: Token) -> list[_Found]:
        """ "deployed troops in support of the GNA", "intervened on behalf of the LNA",
        "struck Islamic State at the request of the GNA": acting for a side supports it."""
        prep = pobj.head
        verb = prep.head
        if verb.pos_ not in ("VERB", "AUX") or prep.lower_ not in ("in", "on", "at"):
            return []
        if self.cues.has("noun", pobj.lemma_.lower()) and pobj.lower_ == "support":
            return []  # handled by the noun rule
        tgts = self._prep_objects(ctx, pobj, ("of",))
        sups = self.subjects(ctx, verb)
        kind = self._kind(ctx, verb)
        return self._pairs(sups, tgts, "supports", pobj, "on_behalf", kind, 0.8)

    def _alongside_rule(self, ctx: _Context, prep: Token) -> list[_Found]:
        """ "Hezbollah fighters play a leading role alongside the Syrian army"."""
        verb = prep.head if prep.head.pos_ in ("VERB", "AUX") else _governing_verb(prep.head)
        if verb is None or not self.cues.has("alongside_verb", verb.lemma_.lower()):
            return []
        if verb.lemma_.lower() in ("fight", "battle", "combat"):
            return []  # the fight rule reads these
        tgts = [(a, t) for p in prep.children if p.dep_ == "pobj" for a, t in self._expand(ctx, p)]
        sups = self.subjects(ctx, verb)
        return self._pairs(sups, tgts, "supports", prep, "alongside", "troops", 0.75)

    def _opposed_to_rule(self, ctx: _Context, adj: Token) -> list[_Found]:
        """ "rebels opposed to Assad": the noun's side opposes the object."""
        holder = self.actor_of(ctx, adj.head)
        if holder is None:
            return []
        tgts = self._prep_objects(ctx, adj, ("to",))
        return self._pairs([(holder, adj.head)], tgts, "opposes", adj, "opposed_to", "", 0.75)

    def _mutual_rule(self, ctx: _Context, noun: Token) -> list[_Found]:
        """ "clashes between the GNA and the LNA": both sides oppose each other."""
        sides = self._prep_objects(ctx, noun, ("between",))
        if len(sides) < 2:
            sides = [
                (a, t)
                for c in noun.children
                if c.dep_ in ("poss", "compound")
                for a, t in self._expand(ctx, c)
            ] + self._prep_objects(ctx, noun, ("with",))
        found = []
        for a, _ in sides:
            for b, _ in sides:
                if a.name != b.name:
                    found.append(_Found(a, b, "opposes", noun, "mutual", "fighting", 0.8))
        return found

    # -- step 3: qualify ---------------------------------------------------------------------

    def _kind(self, ctx: _Context, cue: Token) -> str:
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
            if tok.i in ctx.actors and tok.lower_ not in ("forces", "troops"):
                continue
            nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
            for key in (f"{tok.lower_} {nxt}", tok.lower_, tok.lemma_.lower()):
                if key in kinds:
                    return kinds[key]
        return ""

    def _frame(self, ctx: _Context, cue: Token) -> tuple[str, bool]:
        """Walk up from the cue: is the act negated or hypothetical, and is it hedged?"""
        cues = self.cues
        status, alleged = "asserted", False
        tok, via_conj, via_object, came_via = cue, False, False, ""
        for _ in range(8):
            # "did not affect Russia's support": the negation is of another act, unless the
            # verb is the one that performs the noun ("did not provide support").
            lemma = tok.lemma_.lower()
            own = not via_object or cues.has("light_verb", lemma) or cues.has("verb", lemma)
            if lemma in ("keep", "continue") and tok is not cue:
                own = False  # "said it would keep supplying ...": the support goes on
            for child in tok.children:
                low = child.lower_
                if child.dep_ == "neg" and not via_conj and own:
                    status = "negated"
                elif (
                    child.dep_ == "aux"
                    and cues.has("hypothetical", low)
                    and not via_conj
                    and own
                    or child.dep_ == "mark"
                    and cues.has("hypothetical", low)
                ):
                    status = "hypothetical" if status == "asserted" else status
                elif (
                    child.dep_ in ("advmod", "amod")
                    and cues.has("hedge", low)
                    or child.dep_ == "prep"
                    and low == "according"
                ):
                    alleged = True
            if tok is not cue:
                lemma = tok.lemma_.lower()
                if cues.has("negator", lemma) and not (
                    lemma == "rule" and not any(c.lower_ == "out" for c in tok.children)
                ):
                    status = "negated"
                elif (
                    cues.has("hypothetical", lemma)
                    and not (
                        lemma == "warn" and cue.pos_ == "NOUN"  # "warned of Russia's support"
                    )
                ) or (cues.has("object_control", lemma) and came_via != "dobj"):
                    # "urged Turkey to send troops" but not "pressed an assault on the SDF"
                    status = "hypothetical" if status == "asserted" else status
                elif cues.has("hedge", lemma) or (
                    cues.has("report_verb", lemma)
                    and any(
                        c.dep_ == "nsubj" and cues.has("third_party", c.lemma_.lower())
                        for c in tok.children
                    )
                ):
                    alleged = True  # "..., UN experts said" reports a third party's finding
            # A modifier of a noun ("Haftar, backed by Egypt, rejected ...") or a subject
            # ("Turkish support for the GNA has not changed") keeps its own truth.
            if tok.head is tok or tok.dep_ not in _FRAME_DEPS:
                break
            via_conj = tok.dep_ == "conj"
            came_via = tok.dep_
            via_object = tok.dep_ in ("dobj", "pobj", "prep", "attr", "nsubjpass") and (
                via_object or tok is cue or tok.pos_ in ("NOUN", "PROPN", "ADP")
            )
            tok = tok.head
        sent = cue.sent
        if any(t.lower_ == "according" and t.nbor(1).lower_ == "to" for t in sent[:-1]):
            alleged = True
        if any(cues.has("hedge_noun", t.lemma_.lower()) for t in sent):
            alleged = True  # "..., a charge Moscow denied"
        return status, alleged

    def _claim_date(self, ctx: _Context, cue: Token) -> str | None:
        """The date of the act: a date phrase governed by the cue resolved against the
        article date ("on June 14", "last week"), else the article date, else unknown."""
        if ctx.day is None:
            return None
        for ent in cue.sent.ents:
            if ent.label_ != "DATE":
                continue
            anchor = ent.root
            chain = {anchor.head.i, anchor.head.head.i}
            if cue.i not in chain:
                continue
            resolved = resolve_relative_date(ent.text, ctx.day)
            if resolved is not None:
                return resolved.isoformat()
        return ctx.day.isoformat()

    def _theater(self, ctx: _Context, found: _Found) -> tuple[str | None, bool]:
        theaters = self.kb.actors[found.target.name].theaters
        if len(theaters) == 1:
            return theaters[0], False
        local = self.sentence_theater(ctx, found.cue.sent)
        if local in theaters:
            return local, True
        if ctx.theater in theaters:
            return ctx.theater, True
        return None, True  # "strikes on ISIS in Mosul": a war this tracker does not follow

    def _qualify(
        self, ctx: _Context, found: list[_Found], article: Article
    ) -> tuple[list[Claim], list[Claim]]:
        best: dict[tuple, Claim] = {}
        rejected: list[Claim] = []
        for f in found:
            sup, tgt = f.supporter, f.target
            if sup.name == tgt.name or not self.kb.is_faction(tgt.name):
                continue
            if tgt.span.text.lower() in self._theater_words and not tgt.is_metonym:
                continue  # "sent troops to Syria" names a place, not a side
            if (
                f.relation == "opposes"
                and tgt.is_metonym
                and not (
                    self.kb.is_faction(sup.name)
                    and set(self.kb.actors[sup.name].theaters)
                    & set(self.kb.actors[tgt.name].theaters)
                )
            ):
                continue  # "Israel struck Damascus" names a place; "the LNA's assault on
                # Tripoli" is one side attacking the other's seat
            theater, from_context = self._theater(ctx, f)
            if theater is None:
                continue
            sup_actor = self.kb.actors[sup.name]
            if sup_actor.type == "faction":
                if theater in sup_actor.theaters:
                    sup_type = "faction"
                else:
                    sup_type = sup_actor.outside_type or "non-state"
            else:
                sup_type = sup_actor.type
            status, alleged = self._frame(ctx, f.cue)
            confidence = f.confidence
            if sup.is_metonym or sup.alias_kind in ("demonym", "pronoun"):
                confidence -= 0.1 if sup.alias_kind == "pronoun" else 0.05
            if from_context:
                confidence -= 0.1
            sent = f.cue.sent
            original = article.text
            claim = Claim(
                source=article.source,
                supporter=sup.name,
                supporter_type=sup_type,
                relation=f.relation,
                target=tgt.name,
                theater=theater,
                kind=f.kind or "unspecified",
                sentence=original[sent.start_char : sent.end_char],
                start=sent.start_char,
                end=sent.end_char,
                date=self._claim_date(ctx, f.cue),
                alleged=alleged,
                confidence=round(max(0.1, min(confidence, 1.0)), 2),
                status=status,
                rule=f.rule,
                group=tgt.group,
                supporter_text=original[sup.span.start_char : sup.span.end_char],
                target_text=original[tgt.span.start_char : tgt.span.end_char],
                sup_start=sup.span.start_char,
                sup_end=sup.span.end_char,
                tgt_start=tgt.span.start_char,
                tgt_end=tgt.span.end_char,
            )
            if status != "asserted":
                rejected.append(claim)
                continue
            key = (claim.supporter, claim.relation, claim.target, claim.start)
            if key not in best or best[key].confidence < claim.confidence:
                best[key] = claim
        # A statement that is denied in the same sentence is not asserted there either.
        denied = {(c.supporter, c.relation, c.target, c.start) for c in rejected}
        claims = [c for k, c in best.items() if k not in denied]
        return sorted(claims, key=lambda c: (c.start, c.sup_start)), rejected


# -- helpers -------------------------------------------------------------------------------


_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "TRIPOLI, June 14, 2020 (Sample Desk) - " or "GAZIANTEP, Turkey, Aug 24 - " at a line start:
# the place names where the reporter filed from, not an actor, so the parser never sees it.
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z'.]{2,}(?:[ -][A-Z][A-Z'.]+)*"
    r"(?:,[ \t]+[A-Z][A-Za-z .]{1,30}?)?"
    rf"(?:,?[ \t]+{_MONTH_RE}[ \t]+\d{{1,2}}(?:,[ \t]+\d{{4}})?)?"
    r"(?:[ \t]+\([^()\n]{1,60}\))?"
    r"[ \t]*[-\u2013\u2014][ \t]",
    re.MULTILINE,
)


def clean_text(text: str) -> str:
    """Unify quotes and dashes and blank out datelines, without changing any offset."""
    text = text.translate(_SAME_LENGTH)
    return _DATELINE.sub(lambda m: " " * len(m.group(0)), text)


def _antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun ("who", "which", "whose") refers to.

    The parser hangs a relative clause on the head of a coordination; a singular verb
    ("Russia and Turkey, which backs ...") refers to the nearest conjunct instead."""
    node = tok
    for _ in range(4):
        if node.dep_ == "relcl":
            head = node.head
            conjuncts = [c for c in head.subtree if c.dep_ == "conj" and c.i < node.i]
            if conjuncts and node.tag_ == "VBZ":
                return max(conjuncts, key=lambda c: c.i)
            return head
        if node.head is node:
            return None
        node = node.head
    return None


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose object a noun is, directly or through prepositions ("stepped up its
    support", "struck ... in support of", "relied on the backing of")."""
    if noun.dep_ not in ("dobj", "pobj", "nsubjpass", "attr"):
        return None
    node = noun
    for _ in range(4):
        head = node.head
        if head is node:
            return None
        if head.pos_ in ("VERB", "AUX") or (head.pos_ == "ADJ" and head.dep_ == "acomp"):
            return head  # "remain dependent on support from Turkey" stops at the adjective
        if node.dep_ not in ("pobj", "prep", "conj"):
            return None
        node = head
    return None


def _in_power(verb: Token) -> bool:
    """ "kept Assad in power", "keep the regime in power"."""
    return verb.lemma_.lower() in ("keep", "maintain") and any(
        pobj.lemma_.lower() == "power" for pobj in _prep_children(verb, ("in",))
    )


def _anti(tok: Token) -> bool:
    """Is the token the object of an "anti-" or "non-" prefix ("anti-Assad")?"""
    doc = tok.doc
    first = tok.left_edge.i if tok.dep_ == "compound" else tok.i
    return first >= 2 and doc[first - 1].text == "-" and doc[first - 2].lower_ in ("anti", "non")


def _prep_children(tok: Token, preps: Iterable[str]) -> Iterator[Token]:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            yield from (g for g in child.children if g.dep_ == "pobj")


def _phrasal(verb: Token) -> str:
    """The verb with its particle: "push back", "drive out"."""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"] or [
        c.lower_ for c in verb.children if c.dep_ == "prep" and c.lower_ in ("out", "back", "off")
    ]
    return f"{verb.lemma_.lower()} {particles[0]}" if particles else verb.lemma_.lower()


def _comma_before(tok: Token) -> bool:
    return tok.i > 0 and tok.doc[tok.i - 1].text == ","


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def resolve_relative_date(text: str, base: date) -> date | None:
    """Resolve a date phrase against the article date: "June 14", "last week", "on Tuesday",
    "three months ago", "14 June 2020". Returns None for durations and anything unclear."""
    t = text.lower().strip()
    t = re.sub(
        r"^(on|in|since|by|last|this|earlier|early|late)\s+(?=\w)",
        lambda m: m.group(0) if m.group(1) in ("last", "this") else "",
        t,
    )
    if t in ("today", "this week"):
        return base
    if t == "yesterday":
        return base - timedelta(days=1)
    if t == "last week":
        return base - timedelta(days=7)
    if t == "last month":
        first = base.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1)
    if t == "last year":
        return base.replace(year=base.year - 1, month=1, day=1)
    m = re.fullmatch(r"(last\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", t)
    if m:
        delta = (base.weekday() - _WEEKDAYS.index(m.group(2))) % 7
        if delta == 0 and m.group(1):
            delta = 7  # "last Monday" on a Monday is a week ago; "Monday" is today
        return base - timedelta(days=delta)
    numbers = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "an": 1}
    m = re.fullmatch(r"(\w+)\s+(day|week|month|year)s?\s+ago", t)
    if m:
        n = numbers.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
        if n is None:
            return None
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[m.group(2)] * n
        return base - timedelta(days=days)
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)(?:,?\s+(\d{4}))?", t) or re.fullmatch(
        r"([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", t
    )
    if m:
        a, b, year = m.groups()
        day_s, month_s = (a, b) if a.isdigit() else (b, a)
        month = _MONTHS.get(month_s)
        if month is None:
            return None
        y = int(year) if year else base.year
        try:
            found = date(y, month, int(day_s))
        except ValueError:
            return None
        if not year and found > base + timedelta(days=1):
            found = found.replace(year=y - 1)
        return found
    return None
