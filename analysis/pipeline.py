"""Articles -> claims, with no database: the language guard, splitting of texts too long for
spaCy, extraction in batches, and the offsets of split texts put back.

`extract_articles` is what the command line's `extract`, the ingest and the re-analysis of
stored articles share; it needs nothing but an extractor (an object with `extract` and
`extract_many`, such as `analysis.extract.Extractor`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from analysis.config import BATCH_CHARS, PART_CHARS
from analysis.language import guess_language
from analysis.models import Article, Claim, Extraction


class ArticleExtractor(Protocol):
    """What the pipeline needs of an extractor (`analysis.extract.Extractor` is one): one
    article at a time, or many in a batch yielding (article, extraction) pairs in order.
    A `version` and an `nlp` with a `max_length` are used when present."""

    def extract(self, article: Article) -> Extraction: ...

    def extract_many(
        self, articles: list[Article], *, batch_size: int
    ) -> Iterable[tuple[Article, Extraction]]: ...


# An extractor, or a zero-argument function that loads one: the ingest calls it only when
# there is something new to extract, so a batch of duplicates never loads the model.
ExtractorSource = ArticleExtractor | Callable[[], ArticleExtractor]


def resolve_extractor(source: ExtractorSource) -> ArticleExtractor:
    """The extractor `source` is, or the one it loads (a callable without `extract_many`)."""
    if hasattr(source, "extract_many") or not callable(source):
        return source  # type: ignore[return-value]
    return source()


EXTRACT_BATCH = 256  # articles extracted together; each is still stored on its own
SPACY_BATCH = 16  # spaCy's minibatch: small, so that two worker processes share the work
NOT_ENGLISH_FLAG = "not-english"


# Told after each part of a text that was split: the article, parts done, parts in all.
PartProgress = Callable[[Article, int, int], None]


def extract_articles(
    extractor: ArticleExtractor,
    articles: Iterable[Article],
    *,
    batch_size: int = EXTRACT_BATCH,
    part_chars: int | None = None,
    on_part: PartProgress | None = None,
) -> Iterator[tuple[Article, Extraction | Exception]]:
    """Extract from articles as `extractor.extract_many` does, but safely for any input:
    a non-English article gets an empty extraction (and a flag), a text too long for spaCy
    (or longer than `part_chars`) is extracted in parts, and an article the extractor fails
    on yields the exception instead of stopping the others.

    Yields in input order, each article as soon as its last part is extracted (a caller
    can store it while the parser works on the next ones); `on_part` hears of every part
    of a split text as it is done. Only the parts' claims and mentions are kept, never
    their parsed documents, so a long text costs its characters and its findings."""
    articles = list(articles)
    limit = _part_limit(extractor, part_chars)
    for start in range(0, len(articles), batch_size):
        chunk = articles[start : start + batch_size]
        yield from _extract_chunk(extractor, chunk, limit, batch_size, on_part)


def _extract_chunk(
    extractor: ArticleExtractor,
    chunk: list[Article],
    limit: int,
    batch_size: int,
    on_part: PartProgress | None,
) -> Iterator[tuple[Article, Extraction | Exception]]:
    """`extract_articles` for one chunk: its texts cut into parts, the parts extracted
    together, each article yielded (in order) once its last part is back."""
    parts: list[Article] = []
    owners: list[tuple[int, int]] = []  # per part: (its article in the chunk, its offset)
    counts: list[int] = []  # per article: how many parts (0: not extracted)
    for a, article in enumerate(chunk):
        split = split_text(article.text, limit=limit) if _is_english(article) else []
        counts.append(len(split))
        owners += [(a, offset) for offset, _ in split]
        if len(split) == 1:
            parts.append(article)
        else:
            parts += [dataclasses.replace(article, text=text) for _, text in split]
    found: list[list[tuple[Extraction | Exception, int]]] = [[] for _ in chunk]
    ready = 0  # the articles before this one have been yielded
    stream = _extract_stream(extractor, parts, batch_size=batch_size)
    while ready < len(chunk):
        if len(found[ready]) == counts[ready]:
            yield chunk[ready], _outcome(found[ready])
            found[ready] = []  # handed over: its findings are the caller's now
            ready += 1
            continue
        k, result = next(stream)
        a, offset = owners[k]
        found[a].append((result, offset))
        if on_part is not None and counts[a] > 1:
            on_part(chunk[a], len(found[a]), counts[a])


def _outcome(found: list[tuple[Extraction | Exception, int]]) -> Extraction | Exception:
    """An article's extraction from those of its parts (none: it was not extracted), or
    the first failure among them."""
    if not found:
        return Extraction(claims=[], mentions=[])
    failed = next((r for r, _ in found if isinstance(r, Exception)), None)
    return failed if failed is not None else _merge(found)  # type: ignore[arg-type]


def _extract_stream(
    extractor: ArticleExtractor, parts: list[Article], *, batch_size: int
) -> Iterator[tuple[int, Extraction | Exception]]:
    """(index, extraction) of every part, in order, each as soon as the extractor gives it."""
    for first, group in _groups(parts, batch_size=batch_size):
        for k, result in _extract_batch(extractor, group):
            yield first + k, result


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


def _part_limit(extractor: ArticleExtractor, part_chars: int | None) -> int:
    """The longest part: PART_CHARS, or less if the caller or spaCy's max_length says so."""
    limit = min(PART_CHARS, part_chars) if part_chars else PART_CHARS
    nlp = getattr(extractor, "nlp", None)
    max_length = getattr(nlp, "max_length", None)
    return min(limit, max_length) if isinstance(max_length, int) else limit


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


def _extract_batch(
    extractor: ArticleExtractor, batch: list[Article]
) -> Iterator[tuple[int, Extraction | Exception]]:
    """Extract a batch in one `extract_many` call, yielding each result as it comes; if the
    call fails, the articles not yet given are taken one by one, so one article the
    extractor chokes on fails alone."""
    given = 0
    try:
        for _, extraction in extractor.extract_many(batch, batch_size=SPACY_BATCH):
            yield given, extraction
            given += 1
    except Exception:  # the extractor's own bug: isolate the article that triggers it
        for i in range(given, len(batch)):
            try:
                yield i, extractor.extract(batch[i])
            except Exception as err:
                yield i, err
