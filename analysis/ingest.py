"""Files -> articles -> claims -> store: one code path for the command line and uploads.

Duplicates are recognised by content hash before extraction (extraction is the slow
part), and again by the store's UNIQUE constraint when two ingests race. Each article is
committed with its claims and mentions in its own transaction, so an interruption or a
failure loses at most the article in hand, never half of one.

Web addresses go through the same path: `load_urls` fetches each page safely
(`analysis.fetch`) and reads it as HTML; an address already stored (by its canonical form,
`articles.url`) is reported as a duplicate before it is fetched, and again after, under the
address the page says is its own.

Before extraction an article goes through `extract_articles`: one that is not in English
is stored with a flag and nothing is extracted from it, and a text longer than spaCy can
take in one piece is split at paragraph breaks and its claims put back at their offsets.

A big text (over `settings().big_text_chars`) never holds the others back: the smaller
articles of a batch are extracted and stored first, each as soon as it is done, then the
big ones, smallest first, each streamed through the parser in parts (reported part by part
to `on_item`) and stored once, with all its claims, in one transaction.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from analysis import datasets, fetch, loaders
from analysis.config import SAMPLE_CORPUS, STREAM_PART_CHARS, settings
from analysis.errors import InputError
from analysis.fetch import Fetcher, FetchError
from analysis.models import Article, Extraction
from analysis.pipeline import (
    EXTRACT_BATCH,
    NOT_ENGLISH_FLAG,
    ArticleExtractor,
    ExtractorSource,
    extract_articles,
    resolve_extractor,
    split_text,
)
from analysis.store import (
    add_article,
    content_hash,
    count_articles,
    describe_engine,
    existing_hashes,
    existing_urls,
    is_store_fault,
    record_dataset,
    replace_findings,
    row_article,
    store_error,
    store_errors,
    write_transaction,
)
from analysis.store import articles as articles_table

# Re-exported: callers of the ingest meet the pipeline's names here too.
__all__ = [
    "EXTRACT_BATCH",
    "NOT_ENGLISH_FLAG",
    "SAMPLE_CORPUS",
    "DatasetImport",
    "FINAL",
    "IngestReport",
    "ItemProgress",
    "ItemResult",
    "ensure_sample_corpus",
    "extract_articles",
    "import_dataset",
    "ingest_articles",
    "ingest_loaded",
    "ingest_paths",
    "ingest_uploads",
    "ingest_urls",
    "is_big",
    "load_uploads",
    "load_urls",
    "reanalyze",
    "split_text",
]

Progress = Callable[[int, int], None]  # articles done, articles in all
FINAL = ("added", "duplicate", "failed")


@dataclass
class ItemResult:
    """What happened to one article (or one unreadable file or line).

    `file` is the file (or upload) the item came from. A report holds final statuses only;
    `on_item` callbacks also hear "queued" (to be extracted) and "working" (a big text in
    hand, at `part` of `parts`)."""

    source: str
    title: str
    status: str  # "added", "duplicate" or "failed"; "queued" or "working" while in hand
    reason: str = ""
    article_id: int | None = None
    claims: int = 0
    file: str = ""
    part: int = 0
    parts: int = 0


ItemProgress = Callable[[ItemResult], None]


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


def ingest_articles(
    engine: Engine,
    articles: Iterable[Article],
    *,
    extractor: ExtractorSource,
    sample: bool = False,
    progress: Progress | None = None,
    on_item: ItemProgress | None = None,
    batch_size: int = EXTRACT_BATCH,
) -> IngestReport:
    """Extract claims from new articles and store them; duplicates are skipped unextracted.

    The report lists the articles in input order; the work goes small texts first (see
    the module's docstring). `on_item` hears of each article queued, each part of a big
    text and each article finished, as it happens.
    Raises StoreError if the store cannot be written; articles committed before that stay.
    """
    articles = list(articles)
    total, done = len(articles), 0
    report = IngestReport()
    results: list[ItemResult | None] = [None] * total
    if progress:
        progress(0, total)

    def tell(item: ItemResult) -> None:
        if on_item:
            on_item(item)

    def finish(i: int, item: ItemResult) -> None:
        nonlocal done
        results[i] = item
        done += 1
        tell(item)
        if progress:
            progress(done, total)

    hashes = [content_hash(a.text) if a.text.strip() else "" for a in articles]
    where = describe_engine(engine)
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
            tell(_item(articles[i], "queued", ""))

    if todo:
        extractor = resolve_extractor(extractor)
        version = str(getattr(extractor, "version", ""))
        big_chars = settings().big_text_chars
        # A cluster (`analysis.distributed`) takes every text, big ones split by its workers;
        # in this process big texts wait for the small ones and stream in parts.
        spread = getattr(extractor, "extract_indexed", None) is not None
        small = todo if spread else [i for i in todo if not is_big(articles[i], big_chars)]
        big = sorted(set(todo) - set(small), key=lambda i: (len(articles[i].text), i))

        def store(i: int, extraction: Extraction | Exception) -> None:
            if isinstance(extraction, Exception):
                reason = f"extraction failed: {type(extraction).__name__}: {extraction}"
                finish(i, _item(articles[i], "failed", reason))
            else:
                finish(i, _store_one(engine, where, articles[i], extraction, version, sample))

        for i, extraction in _extracted(extractor, articles, small, batch_size=batch_size):
            store(i, extraction)
        part_chars = min(big_chars, STREAM_PART_CHARS)
        for i in big:  # one at a time: its parts fill the parser's batches by themselves

            def working(article: Article, part: int, parts: int) -> None:
                tell(dataclasses.replace(_item(article, "working", ""), part=part, parts=parts))

            [(_, extraction)] = extract_articles(
                extractor, [articles[i]], part_chars=part_chars, on_part=working
            )
            store(i, extraction)
    report.items = [item for item in results if item is not None]
    return report


def is_big(article: Article, big_chars: int | None = None) -> bool:
    """Whether `article` is a big text: taken after the others, streamed in parts."""
    return len(article.text) > (big_chars or settings().big_text_chars)


def _extracted(
    extractor: ArticleExtractor, articles: list[Article], todo: list[int], *, batch_size: int
) -> Iterator[tuple[int, Extraction | Exception]]:
    """(index, extraction) for the articles at `todo`: in this process, batch by batch in
    order; or, when the extractor spreads the work itself (`extract_indexed`, a Dask
    cluster's: see `analysis.distributed`), in the order the extractions come back, so the
    writer stores each one as soon as it is there."""
    spread = getattr(extractor, "extract_indexed", None)
    if spread is not None:
        for k, extraction in spread([articles[i] for i in todo]):
            yield todo[k], extraction
        return
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        extracted = extract_articles(extractor, [articles[i] for i in batch], batch_size=batch_size)
        for i, (_, extraction) in zip(batch, extracted, strict=True):
            yield i, extraction


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
        file=article.source,
    )


def _item(article: Article, status: str, reason: str) -> ItemResult:
    where = article.meta.get("item")
    source = f"{article.source} ({where})" if where else article.source
    return ItemResult(
        source=source, title=article.title, status=status, reason=reason, file=article.source
    )


def ingest_loaded(
    engine: Engine,
    loaded: Iterable[tuple[str, loaders.LoadResult | InputError | ItemResult]],
    *,
    extractor: ExtractorSource,
    sample: bool = False,
    progress: Progress | None = None,
    on_item: ItemProgress | None = None,
) -> IngestReport:
    """Ingest what `load_paths`, `load_urls` (or a list of `load_bytes` results) produced:
    unreadable files and lines become failed items, outcomes settled already (a stored URL)
    are reported as they are (each told to `on_item` as it is met), the articles are
    ingested together."""
    failed: list[ItemResult] = []
    articles: list[Article] = []
    for source, result in loaded:
        if isinstance(result, ItemResult):
            failed.append(result)
            if on_item:
                on_item(result)
            continue
        if isinstance(result, InputError):
            problems = [result.reason]
        else:
            articles.extend(result)
            problems = result.errors
        for reason in problems:
            failed.append(
                ItemResult(source=source, title="", status="failed", reason=reason, file=source)
            )
            if on_item:
                on_item(failed[-1])
    report = ingest_articles(
        engine, articles, extractor=extractor, sample=sample, progress=progress, on_item=on_item
    )
    report.items = failed + report.items
    return report


def ingest_paths(
    engine: Engine,
    paths: Iterable[str | os.PathLike],
    *,
    extractor: ExtractorSource,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
    on_item: ItemProgress | None = None,
) -> IngestReport:
    """Load files, folders and web addresses (any "scheme://", see `fetch.is_url`), in
    the order given, and ingest every article in them."""
    paths = list(paths)
    urls = UrlLoader(engine, fetcher) if any(fetch.is_url(str(p)) for p in paths) else None

    def load() -> Iterator[tuple[str, loaders.LoadResult | InputError | ItemResult]]:
        for path in paths:
            if urls is not None and fetch.is_url(str(path)):
                yield urls.load(str(path))
            else:
                yield from loaders.load_paths([path])

    try:
        return ingest_loaded(
            engine, load(), extractor=extractor, progress=progress, on_item=on_item
        )
    finally:
        if urls is not None:
            urls.close()


def ingest_urls(
    engine: Engine,
    urls: Iterable[str],
    *,
    extractor: ExtractorSource,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """Fetch web pages and ingest the article of each (see `load_urls`)."""
    loader = UrlLoader(engine, fetcher)
    try:
        loaded = [loader.load(url) for url in urls if url.strip()]
    finally:
        loader.close()
    return ingest_loaded(engine, loaded, extractor=extractor, progress=progress)


def load_urls(
    engine: Engine, urls: Iterable[str], *, fetcher: Fetcher | None = None
) -> Iterator[tuple[str, loaders.LoadResult | InputError | ItemResult]]:
    """Fetch and read web pages one by one, as `ingest_loaded` takes them (blank lines are
    skipped): a page that cannot be fetched or read gives its error, an address already
    stored (or met earlier here) a duplicate item, without a fetch when it is known before."""
    urls = [url for url in urls if url.strip()]
    if not urls:  # no client to open
        return
    loader = UrlLoader(engine, fetcher)
    try:
        for url in urls:
            yield loader.load(url)
    finally:
        loader.close()


class UrlLoader:
    """Loads the articles of web addresses for one ingest: one `Fetcher` (robots.txt read
    once per host), and the canonical addresses met so far, to report repeats."""

    def __init__(self, engine: Engine, fetcher: Fetcher | None = None) -> None:
        self.engine = engine
        self._own = fetcher is None
        self.fetcher = fetcher or Fetcher()
        self.seen: set[str] = set()

    def close(self) -> None:
        if self._own:
            self.fetcher.close()

    def load(self, url: str) -> tuple[str, loaders.LoadResult | InputError | ItemResult]:
        url = url.strip()
        try:
            fetch.check_url(url)
            known = self._known(url, [fetch.canonical_url(url)])
            if known:
                return url, known
            page = self.fetcher.get(url)
            if not page.is_html:
                shown = page.content_type or "no content type"
                raise FetchError(url, fetch.CODE_NOT_HTML, f"not an HTML page ({shown})")
            result = loaders.load_html(url, page.content)
        except InputError as err:
            return url, err
        article = result[0]
        article.source = url
        article.url = _canonical_of(article.url, page.final_url)
        article.outlet = article.outlet or _host(page.final_url)
        # Under the addresses the page turned out to have (after redirects, its own
        # canonical one), it may be known although the address asked for was not.
        other = {article.url, fetch.canonical_url(page.final_url)} - {fetch.canonical_url(url)}
        known = self._known(url, sorted(other)) if other else None
        return url, known or result

    def _known(self, url: str, canonical: list[str]) -> ItemResult | None:
        """A duplicate item if one of the canonical addresses is stored or met earlier
        in this ingest; otherwise they are remembered and None."""
        try:
            with self.engine.connect() as conn:
                stored = existing_urls(conn, canonical)
        except SQLAlchemyError as err:
            raise store_error(describe_engine(self.engine), err) from None
        if stored:
            reason = f"already in the store (as {sorted(stored)[0]})"
        elif self.seen.intersection(canonical):
            reason = "same address as an earlier item here"
        else:
            self.seen.update(canonical)
            return None
        return ItemResult(source=url, title="", status="duplicate", reason=reason)


def _canonical_of(declared: str, final_url: str) -> str:
    """The address an article is stored under: the page's own canonical URL when it is on
    the site that served the page (so no page can claim another site's article), else the
    address that answered; normalised by `fetch.canonical_url`."""
    if declared.startswith(("http://", "https://")) and fetch.same_site(declared, final_url):
        return fetch.canonical_url(declared)
    return fetch.canonical_url(final_url)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def ingest_uploads(
    engine: Engine,
    files: Iterable[tuple[str, bytes]],
    *,
    extractor: ExtractorSource,
    progress: Progress | None = None,
    on_item: ItemProgress | None = None,
) -> IngestReport:
    """Ingest uploaded files given as (name, bytes) pairs, as the dashboard receives them."""
    return ingest_loaded(
        engine, load_uploads(files), extractor=extractor, progress=progress, on_item=on_item
    )


def load_uploads(
    files: Iterable[tuple[str, bytes]],
) -> Iterator[tuple[str, loaders.LoadResult | InputError]]:
    """Load (name, bytes) pairs one by one, as `ingest_loaded` takes them: a file that
    cannot be read gives its InputError instead of stopping the others."""
    for name, data in files:
        try:
            yield name, loaders.load_bytes(name, data)
        except InputError as err:
            yield name, err


@dataclass
class DatasetImport:
    """The outcome of importing a public data set: the ingest item by item, and how many
    articles of the data set the store holds afterwards (this import's and earlier ones)."""

    dataset: datasets.Dataset
    report: IngestReport
    stored: int


def import_dataset(
    engine: Engine,
    dataset: datasets.Dataset,
    location: str,
    *,
    extractor: ExtractorSource,
    limit: int | None = None,
    progress: Progress | None = None,
) -> DatasetImport:
    """Import a public data set's file (a path or a URL; its first `limit` rows when given)
    through the ordinary ingest, then record the data set's attribution and article count in
    the store. InputError if the file cannot be read at all: nothing is stored then."""
    loaded = datasets.read(dataset, location, limit=limit)
    report = ingest_loaded(engine, [(location, loaded)], extractor=extractor, progress=progress)
    with store_errors(describe_engine(engine)), write_transaction(engine) as conn:
        stored = record_dataset(
            conn,
            name=dataset.name,
            title=dataset.title,
            citation=dataset.citation,
            license=dataset.license,
            url=dataset.url,
        )
    return DatasetImport(dataset, report, stored)


def ensure_sample_corpus(
    engine: Engine, extractor: ExtractorSource, *, path: str | os.PathLike = SAMPLE_CORPUS
) -> IngestReport | None:
    """Fill an empty store with the sample corpus (flagged `sample`); None if the store
    already has articles. `extractor` may be a zero-argument loader, called only if needed."""
    if count_articles(engine):
        return None
    loaded = [(str(path), loaders.load_path(path))]
    return ingest_loaded(engine, loaded, extractor=extractor, sample=True)


def reanalyze(
    engine: Engine,
    extractor: ExtractorSource,
    *,
    batch_size: int = 50,
    progress: Progress | None = None,
) -> int:
    """Re-extract every stored article with `extractor`, replacing its claims and mentions.

    One transaction per batch, so an interrupted run leaves each article either old or new,
    never half-done. Articles go through `extract_articles`, so a non-English one stays
    without claims and a very long one is extracted in parts; an article the extractor
    fails on keeps its old findings. Returns how many articles were re-analysed.
    """
    with store_errors(describe_engine(engine)):
        return _reanalyze(engine, extractor, batch_size=batch_size, progress=progress)


def _reanalyze(engine: Engine, extractor: ArticleExtractor, *, batch_size: int, progress) -> int:
    table = articles_table
    with engine.connect() as conn:
        ids = list(conn.execute(select(table.c.id).order_by(table.c.id)).scalars())
    total, done = len(ids), 0
    if progress:
        progress(0, total)
    version = str(getattr(extractor, "version", ""))
    for i in range(0, total, batch_size):
        with engine.connect() as conn:
            rows = (
                conn.execute(
                    select(table)
                    .where(table.c.id.in_(ids[i : i + batch_size]))
                    .order_by(table.c.id)
                )
                .mappings()
                .all()
            )
        batch = [row_article(row) for row in rows]
        results = list(extract_articles(extractor, batch, batch_size=min(batch_size, 32)))
        with write_transaction(engine) as conn:
            for article, extraction in results:
                if isinstance(extraction, Exception):  # keep the old findings of this one
                    continue
                done += replace_findings(
                    conn, article.meta["article_id"], extraction, extractor_version=version
                )
        if progress:
            progress(min(i + batch_size, total), total)
    return done
