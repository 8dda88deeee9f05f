"""The façade: load the pipeline once, turn articles into claims with `nlp.pipe`.

A cheap first pass (tokenizer and knowledge-base rulers only) sends to the full pipeline
only the articles that name a faction and some other actor: no claim can come from any
other article, so the claims equal those of the full path (`fast=False`).

On two cores, once MIN_FORKED articles of a chunk go to the parser, forked copies of this
process share them (`_parsed`): each parses its articles and sends back only their
extractions, which are small, where spaCy's own `n_process` sends every parsed document
back to be read again here.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc

from analysis.config import BATCH_CHARS
from analysis.extract.components import add_extraction_pipes
from analysis.extract.context import SPANS_KEY, Context
from analysis.extract.dates import parse_day
from analysis.extract.text import clean_text, header_breaks, trim_span
from analysis.extract.tools import resources
from analysis.extract.vocab import DATA_DIR, data_fingerprint
from analysis.kb import KnowledgeBase, load_kb
from analysis.models import Article, Claim, Extraction, Mention
from analysis.nlp import RULER_PIPES, build_nlp, load_model

EXTRACTOR_VERSION = "2.40"
# spaCy's own two processes pay for their start once this many articles of a chunk go to
# the parser (measured with bench/ingest.py on two cores); chunks are also cut by size of
# text. Forked workers start in milliseconds: two tasks of theirs are enough.
MIN_PARALLEL = 48
# Articles a forked worker takes at a time: small enough that both stay busy to the end.
FORK_TASK = 8
MIN_FORKED = 2 * FORK_TASK
# What a forked worker reads: given to it, unpickled, as it starts (`_adopt`).
_SHARED: dict = {}
CHUNK_CHARS = BATCH_CHARS  # characters handed to nlp.pipe at once (see analysis.config)


class Extractor:
    """Loads the model and knowledge base once; turns articles into claims."""

    def __init__(
        self, nlp: Language, kb: KnowledgeBase, *, info: str = "", fast: bool = True
    ) -> None:
        self.kb = kb
        self.fast = fast
        self.info = info
        kb_dir = str(kb.data_dir or DATA_DIR)
        self.tools = resources(kb_dir, "")
        self.cues = self.tools.cues
        self.nlp = build_nlp(nlp, kb, self.cues.words("relative_pronoun"))
        self.pipes = add_extraction_pipes(self.nlp, kb_dir=kb_dir)
        # The rules' version plus a fingerprint of the data they read (the knowledge-base
        # folder actually loaded and the bundled cues and patterns).
        folders = {kb.data_dir or DATA_DIR, DATA_DIR}
        self.version = f"{EXTRACTOR_VERSION}+{data_fingerprint(*sorted(folders))}"

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
        """Extract from many articles with `nlp.pipe`, yielding in input order, `chunk`
        articles at a time so memory stays flat. `n_process=None` uses both cores for
        large inputs."""
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
        docs = [self.first_pass(clean_text(a.text), a.title) for a in articles]
        for doc, article in zip(docs, articles, strict=True):
            doc._.article_date = article.date
        todo = [i for i, doc in enumerate(docs) if not self.fast or self.could_claim(doc)]
        fork = can_fork()
        if n_process is None:
            enough = len(todo) >= (MIN_FORKED if fork else MIN_PARALLEL)
            n_process = 2 if enough and (os.cpu_count() or 1) >= 2 else 1
        parsed = self._parsed(articles, docs, todo, batch_size, n_process, fork=fork)
        wanted = set(todo)
        for i, article in enumerate(articles):
            if i in wanted:
                yield article, next(parsed)
            else:
                yield article, self._mentions_only(docs[i], article)

    def _parsed(
        self,
        articles: list[Article],
        docs: list[Doc],
        todo: list[int],
        batch_size: int,
        n_process: int,
        *,
        fork: bool,
    ) -> Iterator[Extraction]:
        """The extractions of the articles at `todo`, in order. With `fork` and `n_process`
        above 1, forked copies of this process share them FORK_TASK articles at a time:
        they inherit the pipeline and the first pass's documents, so only lists of indices
        go out and extractions come back. Without `fork`, `n_process` goes to spaCy's own
        processes, which send each parsed document back to be read here."""
        if fork and n_process > 1:
            tasks = [todo[k : k + FORK_TASK] for k in range(0, len(todo), FORK_TASK)]
            # An executor rather than a Pool: a worker that dies (out of memory, a crash in
            # compiled code) raises BrokenProcessPool here instead of leaving a task that
            # never returns, and the caller takes the articles one by one.
            pool = ProcessPoolExecutor(
                n_process,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_adopt,
                initargs=(self, articles, docs, batch_size),
            )
            try:
                for extractions in pool.map(_extract_task, tasks):
                    yield from extractions
            finally:
                pool.shutdown(cancel_futures=True)
            return
        yield from self._parse(articles, docs, todo, batch_size, n_process)

    def _parse(
        self,
        articles: list[Article],
        docs: list[Doc],
        todo: list[int],
        batch_size: int,
        n_process: int = 1,
    ) -> Iterator[Extraction]:
        """Run the rest of the pipeline on the first pass's documents at `todo` (the
        rulers already ran) and read the extraction off each, in order."""
        parsed = self.nlp.pipe(
            (docs[i] for i in todo),
            batch_size=batch_size,
            n_process=n_process,
            disable=list(RULER_PIPES),
        )
        for i, doc in zip(todo, parsed, strict=True):
            yield self._extraction(doc, articles[i])

    def first_pass(self, text: str, title: str = "") -> Doc:
        """Tokenizer and the knowledge-base rulers only: which actors are named. The
        header's dates, agency credits and the article's title, where the header repeats
        it, end sentences (`header_breaks`), which the parser then keeps."""
        doc = self.nlp.make_doc(text)
        starts = {tok.idx: tok for tok in doc}
        for offset in header_breaks(text, title):
            if offset in starts:
                starts[offset].is_sent_start = True
        for name in RULER_PIPES:
            doc = self.nlp.get_pipe(name)(doc)
        return doc

    def could_claim(self, doc: Doc) -> bool:
        """A claim needs a faction as target and a second, different actor: can any alias
        named in `doc` (under any of its dated or theater-bound readings), or a generic word
        with a faction of its own when no group is named ("terrorists", anaphors.csv),
        provide both?"""
        names: set[str] = set()
        faction = False
        for span in doc.spans.get(SPANS_KEY, []):
            for alias in self.kb.aliases_for(span.text):
                if alias.actor == "-":
                    continue
                names.add(alias.actor)
                faction = faction or self.kb.is_faction(alias.actor)
        if names and not (faction and len(names) >= 2):
            generic = self._generic_forms
            for tok in doc:
                if tok.lower_ in generic:
                    names |= generic[tok.lower_]
                    faction = True
        return faction and len(names) >= 2

    @cached_property
    def _generic_forms(self) -> dict[str, set[str]]:
        """The words (and their plurals) that name a faction when no group is named."""
        unnamed = self.nlp.get_pipe("anaphor_resolver").resolver.unnamed
        forms: dict[str, set[str]] = {}
        for word, by_theater in unnamed.items():
            for form in (word, word + "s"):
                forms.setdefault(form, set()).update(name for name, _ in by_theater.values())
        return forms

    def _mentions_only(self, doc: Doc, article: Article) -> Extraction:
        theater = self.nlp.get_pipe("theater_votes").theaters.of_doc(doc)
        ctx = Context(doc=doc, day=parse_day(article.date), theater=theater)
        resolver = self.nlp.get_pipe("actor_resolver").resolver
        resolver.find(ctx)
        return Extraction(claims=[], mentions=resolver.mentions(ctx), rejected=[])

    def _extraction(self, doc: Doc, article: Article) -> Extraction:
        """The plain data the pipeline left on the Doc, with texts from the original."""
        return Extraction(
            claims=[self._claim(c, article) for c in doc._.claims],
            mentions=[self._mention(m, article) for m in doc._.mentions],
            rejected=[self._claim(c, article) for c in doc._.rejected],
        )

    @staticmethod
    def _claim(data: dict, article: Article) -> Claim:
        text = article.text
        start, end = trim_span(text, data["start"], data["end"])
        return replace(
            Claim(**data),
            source=article.source,
            sentence=text[start:end],
            start=start,
            end=end,
            supporter_text=text[data["sup_start"] : data["sup_end"]],
            target_text=text[data["tgt_start"] : data["tgt_end"]],
        )

    @staticmethod
    def _mention(data: dict, article: Article) -> Mention:
        del article  # mentions keep the cleaned text, as the rulers saw it
        return Mention(**data)


def can_fork() -> bool:
    """Whether to fork workers here: the platform offers it, this is not itself a daemonic
    worker (a Dask or multiprocessing one, which may have no children), and the call comes
    from the main thread (a command, not a web server's request thread, whose siblings
    could hold locks a forked copy would find locked forever)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
        and threading.current_thread() is threading.main_thread()
    )


def _adopt(extractor: Extractor, articles: list[Article], docs: list[Doc], batch: int) -> None:
    """In a forked worker, as it starts: keep what its tasks read (a fork passes these
    as they are in memory, without pickling them)."""
    _SHARED.update(extractor=extractor, articles=articles, docs=docs, batch_size=batch)


def _extract_task(indices: list[int]) -> list[Extraction]:
    """In a forked worker: parse the articles at `indices` and return their extractions."""
    extractor: Extractor = _SHARED["extractor"]
    return list(
        extractor._parse(_SHARED["articles"], _SHARED["docs"], indices, _SHARED["batch_size"])
    )
