"""Files -> articles -> claims -> store: one code path for the command line and uploads.

Duplicates are recognised by content hash before extraction (extraction is the slow
part), and again by the store's UNIQUE constraint when two ingests race. Each article is
committed with its claims and mentions in its own transaction, so an interruption or a
failure loses at most the article in hand, never half of one.

Before extraction an article goes through `extract_articles`: one that is not in English
is stored with a flag and nothing is extracted from it, and a text longer than spaCy can
take in one piece is split at paragraph breaks and its claims put back at their offsets.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from analysis import loaders
from analysis.errors import InputError
from analysis.language import guess_language
from analysis.models import Article, Claim, Extraction
from analysis.store import (
    add_article,
    content_hash,
    count_articles,
    describe_url,
    existing_hashes,
    is_store_fault,
    store_error,
    write_transaction,
)

SAMPLE_CORPUS = Path(__file__).resolve().parent / "data" / "sample_corpus.jsonl"
# Longest piece of text given to spaCy at once (it refuses more than nlp.max_length, and
# needs about 1 GB of memory per 100,000 characters); longer texts are split.
PART_CHARS = 100_000
# Characters given to the extractor in one `extract_many` call: big enough for both cores
# to pay (see BENCHMARKS.md), small enough to keep memory flat.
BATCH_CHARS = 30 * PART_CHARS
EXTRACT_BATCH = 256  # articles extracted together; each is still stored on its own
SPACY_BATCH = 16  # spaCy's minibatch: small, so that two worker processes share the work
NOT_ENGLISH_FLAG = "not-english"

Progress = Callable[[int, int], None]


@dataclass
class ItemResult:
    """What happened to one article (or one unreadable file or line)."""

    source: str
    title: str
    status: str  # "added", "duplicate" or "failed"
    reason: str = ""
    article_id: int | None = None
    claims: int = 0


@dataclass
class IngestReport:
    """The outcome of one ingest, item by item, with totals."""

    items: list[ItemResult] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(item.status == status for item in self.items)

    @property
    def added(self) -> int:
        return self._count("added")

    @property
    def duplicates(self) -> int:
        return self._count("duplicate")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def failures(self) -> list[ItemResult]:
        return [item for item in self.items if item.status == "failed"]

    @property
    def claims(self) -> int:
        return sum(item.claims for item in self.items if item.status == "added")

    def summary(self) -> str:
        """One line: "3 added (12 claims), 1 duplicate skipped, 0 failed"."""
        return (
            f"{self.added} added ({self.claims} claim{'s' if self.claims != 1 else ''}), "
            f"{self.duplicates} duplicate{'s' if self.duplicates != 1 else ''} skipped, "
            f"{self.failed} failed"
        )


def _resolve(extractor):
    """An extractor, or a zero-argument callable that loads one (called only when needed,
    so that ingesting nothing but duplicates never loads the model)."""
    if hasattr(extractor, "extract_many") or not callable(extractor):
        return extractor
    return extractor()


def ingest_articles(
    engine: Engine,
    articles: Iterable[Article],
    *,
    extractor,
    sample: bool = False,
    progress: Progress | None = None,
    batch_size: int = EXTRACT_BATCH,
) -> IngestReport:
    """Extract claims from new articles and store them; duplicates are skipped unextracted.

    Raises StoreError if the store cannot be written; articles committed before that stay.
    """
    articles = list(articles)
    total, done = len(articles), 0
    report = IngestReport()
    results: list[ItemResult | None] = [None] * total
    if progress:
        progress(0, total)

    def finish(i: int, item: ItemResult) -> None:
        nonlocal done
        results[i] = item
        done += 1
        if progress:
            progress(done, total)

    hashes = [content_hash(a.text) if a.text.strip() else "" for a in articles]
    where = describe_url(engine.url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            stored = existing_hashes(conn, sorted({h for h in hashes if h}))
    except SQLAlchemyError as err:
        raise store_error(where, err) from None
    todo: list[int] = []
    seen: set[str] = set()
    for i, (article, digest) in enumerate(zip(articles, hashes, strict=True)):
        if not digest:
            finish(i, _item(article, "failed", "no text"))
        elif digest in stored:
            finish(i, _item(article, "duplicate", "already in the store"))
        elif digest in seen:
            finish(i, _item(article, "duplicate", "same text as an earlier article here"))
        else:
            seen.add(digest)
            todo.append(i)

    if todo:
        extractor = _resolve(extractor)
        version = str(getattr(extractor, "version", ""))
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            extracted = extract_articles(
                extractor, [articles[i] for i in batch], batch_size=batch_size
            )
            for j, (_, extraction) in enumerate(extracted):
                i = batch[j]
                if isinstance(extraction, Exception):
                    reason = f"extraction failed: {type(extraction).__name__}: {extraction}"
                    finish(i, _item(articles[i], "failed", reason))
                else:
                    finish(i, _store_one(engine, where, articles[i], extraction, version, sample))
    report.items = [item for item in results if item is not None]
    return report


def extract_articles(
    extractor, articles: Iterable[Article], *, batch_size: int = EXTRACT_BATCH
) -> Iterator[tuple[Article, Extraction | Exception]]:
    """Extract from articles as `extractor.extract_many` does, but safely for any input:
    a non-English article gets an empty extraction (and a flag), a text too long for spaCy
    is extracted in parts, and an article the extractor fails on yields the exception
    instead of stopping the others. Yields in input order."""
    articles = list(articles)
    limit = _part_limit(extractor)
    for start in range(0, len(articles), batch_size):
        chunk = articles[start : start + batch_size]
        parts: list[Article] = []
        plan: list[list[tuple[int, int]] | None] = []  # per article: (part index, offset)
        for article in chunk:
            if not _is_english(article):
                plan.append(None)
                continue
            split = split_text(article.text, limit=limit)
            plan.append([(len(parts) + k, offset) for k, (offset, _) in enumerate(split)])
            if len(split) == 1:
                parts.append(article)
            else:
                parts += [dataclasses.replace(article, text=text) for _, text in split]
        results: dict[int, Extraction | Exception] = {}
        for first, group in _groups(parts, batch_size=batch_size):
            results.update((first + k, r) for k, r in _extract_batch(extractor, group))
        for article, pieces in zip(chunk, plan, strict=True):
            if pieces is None:
                yield article, Extraction(claims=[], mentions=[])
                continue
            found = [(results[k], offset) for k, offset in pieces]
            failed = next((r for r, _ in found if isinstance(r, Exception)), None)
            yield article, failed if failed is not None else _merge(found)


def _groups(parts: list[Article], *, batch_size: int) -> Iterator[tuple[int, list[Article]]]:
    """Consecutive groups of at most `batch_size` parts and about BATCH_CHARS characters
    (the memory spaCy needs grows with the text in hand), with the index of their first."""
    start = 0
    while start < len(parts):
        end, chars = start, 0
        while end < len(parts) and end - start < batch_size:
            chars += len(parts[end].text)
            if chars > BATCH_CHARS and end > start:
                break
            end += 1
        yield start, parts[start:end]
        start = end


def _part_limit(extractor) -> int:
    nlp = getattr(extractor, "nlp", None)
    max_length = getattr(nlp, "max_length", None)
    return min(PART_CHARS, max_length) if isinstance(max_length, int) else PART_CHARS


def _is_english(article: Article) -> bool:
    """Decide (once) whether to extract from `article`; a non-English one is flagged.

    A language given in the file's metadata counts; otherwise the text is checked."""
    if "language_checked" in article.meta:
        return article.meta["language_checked"]
    given = (article.language or "en").strip().lower()
    if given.startswith("en"):
        guess = guess_language(article.text)
        english, code, why = guess.english, guess.code, guess.reason
    else:
        english, code, why = False, given, "language given in the file"
    article.meta["language_checked"] = english
    if not english:
        article.language = code
        flags = article.meta.setdefault("flags", [])
        if NOT_ENGLISH_FLAG not in flags:
            flags.append(NOT_ENGLISH_FLAG)
        shown = "unknown" if code == "und" else f"'{code}'"
        article.meta["language_note"] = (
            f"not English (language {shown}: {why}); stored, nothing extracted"
        )
    return english


_BREAKS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n"),
    re.compile(r"[.!?][\"')\]]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, *, limit: int = PART_CHARS) -> list[tuple[int, str]]:
    """`text` as (offset, part) pairs of at most `limit` characters, cut at the last
    paragraph break of each window (else line break, sentence end, space, or anywhere).
    A text within the limit is one part at offset 0."""
    parts: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > limit:
        window = text[pos : pos + limit]
        cut = limit
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > limit // 4]
            if ends:
                cut = ends[-1]
                break
        parts.append((pos, window[:cut]))
        pos += cut
    parts.append((pos, text[pos:]))
    return parts


def _merge(found: list[tuple[Extraction, int]]) -> Extraction:
    """One extraction from the extractions of a text's parts, offsets made whole-text."""
    if len(found) == 1 and found[0][1] == 0:
        return found[0][0]
    merged = Extraction(claims=[], mentions=[], rejected=[])
    for extraction, offset in found:
        merged.claims += [_shift_claim(c, offset) for c in extraction.claims]
        merged.rejected += [_shift_claim(c, offset) for c in extraction.rejected]
        merged.mentions += [
            dataclasses.replace(m, start=m.start + offset, end=m.end + offset)
            for m in extraction.mentions
        ]
    return merged


def _shift_claim(claim: Claim, offset: int) -> Claim:
    moved = {"start": claim.start + offset, "end": claim.end + offset}
    for name in ("sup_start", "sup_end", "tgt_start", "tgt_end"):
        value = getattr(claim, name)
        moved[name] = value + offset if value >= 0 else value
    return dataclasses.replace(claim, **moved)


def _extract_batch(extractor, batch: list[Article]) -> list[tuple[int, Extraction | Exception]]:
    """Extract a batch in one `extract_many` call; if that fails, article by article, so one
    article the extractor chokes on fails alone."""
    try:
        pairs = list(extractor.extract_many(batch, batch_size=SPACY_BATCH))
        return [(i, extraction) for i, (_, extraction) in enumerate(pairs)]
    except Exception:  # the extractor's own bug: isolate the article that triggers it
        out: list[tuple[int, Extraction | Exception]] = []
        for i, article in enumerate(batch):
            try:
                out.append((i, extractor.extract(article)))
            except Exception as err:
                out.append((i, err))
        return out


def _store_one(
    engine: Engine,
    where: str,
    article: Article,
    extraction: Extraction,
    version: str,
    sample: bool,
) -> ItemResult:
    try:
        with write_transaction(engine) as conn:
            article_id = add_article(
                conn, article, extraction, extractor_version=version, sample=sample
            )
    except IntegrityError:  # another ingest stored the same text first (PostgreSQL)
        article_id = None
    except SQLAlchemyError as err:
        if is_store_fault(err):  # locked, read-only, full, corrupt: the store, not the item
            raise store_error(where, err) from None
        # this article's data was refused; the others may go in
        reason = f"could not be stored: {getattr(err, 'orig', None) or err}"
        return _item(article, "failed", reason)
    if article_id is None:
        return _item(article, "duplicate", "already in the store")
    return ItemResult(
        source=article.source,
        title=article.title,
        status="added",
        reason=article.meta.get("language_note", ""),
        article_id=article_id,
        claims=len(extraction.claims),
    )


def _item(article: Article, status: str, reason: str) -> ItemResult:
    where = article.meta.get("item")
    source = f"{article.source} ({where})" if where else article.source
    return ItemResult(source=source, title=article.title, status=status, reason=reason)


def ingest_loaded(
    engine: Engine,
    loaded: Iterable[tuple[str, loaders.LoadResult | InputError]],
    *,
    extractor,
    sample: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest what `load_paths` (or a list of `load_bytes` results) produced: unreadable
    files and lines become failed items, the articles are ingested together."""
    failed: list[ItemResult] = []
    articles: list[Article] = []
    for source, result in loaded:
        if isinstance(result, InputError):
            failed.append(
                ItemResult(source=source, title="", status="failed", reason=result.reason)
            )
            continue
        articles.extend(result)
        failed += [
            ItemResult(source=source, title="", status="failed", reason=error)
            for error in result.errors
        ]
    report = ingest_articles(
        engine, articles, extractor=extractor, sample=sample, progress=progress
    )
    report.items = failed + report.items
    return report


def ingest_paths(
    engine: Engine,
    paths: Iterable[str | os.PathLike],
    *,
    extractor,
    progress: Progress | None = None,
) -> IngestReport:
    """Load files and folders and ingest every article in them."""
    return ingest_loaded(engine, loaders.load_paths(paths), extractor=extractor, progress=progress)


def ingest_uploads(
    engine: Engine,
    files: Iterable[tuple[str, bytes]],
    *,
    extractor,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest uploaded files given as (name, bytes) pairs, as the dashboard receives them."""

    def load() -> Iterable[tuple[str, loaders.LoadResult | InputError]]:
        for name, data in files:
            try:
                yield name, loaders.load_bytes(name, data)
            except InputError as err:
                yield name, err

    return ingest_loaded(engine, load(), extractor=extractor, progress=progress)


def ensure_sample_corpus(
    engine: Engine, extractor, *, path: str | os.PathLike = SAMPLE_CORPUS
) -> IngestReport | None:
    """Fill an empty store with the sample corpus (flagged `sample`); None if the store
    already has articles. `extractor` may be a zero-argument loader, called only if needed."""
    if count_articles(engine):
        return None
    loaded = [(str(path), loaders.load_path(path))]
    return ingest_loaded(engine, loaded, extractor=extractor, sample=True)
