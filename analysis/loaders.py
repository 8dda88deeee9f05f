"""Files in, Articles out: plain text, Markdown, HTML, JSON, JSON Lines, CSV and PDF.

Every loader takes bytes and a source name, so an uploaded file and a file on disk go
through the same code. A file that cannot be read at all raises InputError naming the
file and the reason; a multi-article file with some bad items returns the good articles
and lists the bad ones (with line numbers) in `LoadResult.errors`. A date is only ever
taken from the file itself (metadata, HTML or a dateline), never invented.

Decoding bytes to text is `analysis.decoding`; dates and datelines are `analysis.text`.
`decode_text`, `normalise_date` and `find_dateline` are importable from here too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis.config import MAX_MB_ENV, settings
from analysis.decoding import decode_text
from analysis.errors import InputError
from analysis.models import Article
from analysis.text import find_dateline, is_dateline, normalise_date

__all__ = [
    "SUFFIXES",
    "LoadResult",
    "decode_text",
    "find_dateline",
    "load_bytes",
    "load_html",
    "load_path",
    "load_paths",
    "max_file_bytes",
    "normalise_date",
    "read_file",
]

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".json", ".jsonl", ".csv", ".pdf")
# Archives are refused rather than unpacked: no paths climbing out of a folder, no
# archive that expands to many times its size.
ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar")
FIELDS = ("title", "date", "text", "url", "outlet", "language")
TITLE_MAX_CHARS = 150
MIN_HTML_WORDS = 5  # less than this is a menu or a caption, not an article


class LoadResult(list):
    """The articles loaded from one file (a list), plus `errors`: the items that were
    skipped, each "line N: reason", so the good part of a file is never lost to a bad line."""

    def __init__(self, articles: Iterable[Article] = (), errors: Iterable[str] = ()) -> None:
        super().__init__(articles)
        self.errors: list[str] = list(errors)


def max_file_bytes() -> int:
    """The size limit for one file: $CONFLICT_TRACKER_MAX_FILE_MB megabytes, default 20."""
    return settings().max_file_bytes


def too_big(source: str, size: int) -> InputError:
    """The error for a file of `size` bytes over the limit, saying how to raise it."""
    limit = max_file_bytes() / 1048576
    return InputError(
        source,
        f"file is {size / 1048576:.3g} MB, over the {round(limit, 3):g} MB limit "
        f"(raise it with ${MAX_MB_ENV})",
    )


# -- entry points ---------------------------------------------------------------------------


def load_path(path: str | os.PathLike) -> LoadResult:
    """Load the articles in one file; raises InputError when nothing usable is in it."""
    return load_bytes(str(path), read_file(path))


def read_file(path: str | os.PathLike) -> bytes:
    """The bytes of one file within the size limit; InputError if it is absent, a folder,
    too big or unreadable. Readers of other formats (public data sets) use it too."""
    source = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(source, "no such file")
    if p.is_dir():
        raise InputError(source, "is a folder (pass folders to load_paths)")
    size = p.stat().st_size
    if size > max_file_bytes():
        raise too_big(source, size)
    try:
        return p.read_bytes()
    except OSError as err:
        raise InputError(source, f"cannot be read: {err.strerror or err}") from None


def load_paths(
    paths: Iterable[str | os.PathLike],
) -> Iterator[tuple[str, LoadResult | InputError]]:
    """Load files and folders (searched recursively, in sorted order, supported types only,
    hidden files skipped); yields (source, articles) or (source, the InputError)."""
    for path in paths:
        p = Path(path)
        if not p.is_dir():
            yield _load_one(str(path))
            continue
        found = sorted(
            f
            for f in p.rglob("*")
            if f.is_file()
            and f.suffix.lower() in (*SUFFIXES, *ARCHIVE_SUFFIXES)
            and not any(part.startswith(".") for part in f.relative_to(p).parts)
        )
        if not found:
            yield (
                str(path),
                InputError(str(path), f"folder holds no supported files ({', '.join(SUFFIXES)})"),
            )
        for f in found:
            yield _load_one(str(f))


def _load_one(source: str) -> tuple[str, LoadResult | InputError]:
    try:
        return source, load_path(source)
    except InputError as err:
        return source, err


def load_bytes(name: str, data: bytes) -> LoadResult:
    """Load the articles in an uploaded file's bytes; `name` picks the format by extension
    and names the file in messages."""
    suffix = Path(name).suffix.lower()
    loader = _LOADERS.get(suffix)
    if suffix in ARCHIVE_SUFFIXES:
        raise InputError(name, "archives are not accepted; unpack it and add the files")
    if loader is None:
        shown = f"'{suffix}'" if suffix else "without an extension"
        raise InputError(name, f"unsupported file type {shown} (supported: {', '.join(SUFFIXES)})")
    if len(data) > max_file_bytes():
        raise too_big(name, len(data))
    if not data.strip():
        raise InputError(name, "empty file")
    result = loader(name, data)
    for article in result:
        article.source = article.source or name
    return result


# -- dates ----------------------------------------------------------------------------------


def _set_date(article: Article, value: object, kind: str) -> None:
    """Set the article's date from `value` (noting an unparseable one), else a dateline."""
    if value not in (None, ""):
        day = normalise_date(value)
        if day:
            article.date, article.date_source = day, kind
            return
        article.meta.setdefault("flags", []).append("date-unparsed")
        article.meta["raw_date"] = str(value)
    day, outlet = find_dateline(article.text)
    if day:
        article.date, article.date_source = day, "dateline"
        article.outlet = article.outlet or outlet


# -- formats --------------------------------------------------------------------------------


def _load_text(source: str, data: bytes) -> LoadResult:
    text, notes = decode_text(source, data)
    # The text is kept whole, so that claim offsets index the file as the user has it;
    # a short first line also serves as the title.
    lines = text.strip().splitlines()
    title = ""
    first = lines[0].strip().lstrip("#").strip()
    if len(lines) > 1 and len(first) <= TITLE_MAX_CHARS and not is_dateline(first):
        title = first
    article = Article(text=text, source=source, title=title, meta={"flags": notes})
    _set_date(article, None, "dateline")
    return LoadResult([article])


def load_html(source: str, data: bytes) -> LoadResult:
    """One article from an HTML page: trafilatura's main text, title, date, site name and
    the page's own canonical address (`url`, "" when it names none)."""
    import trafilatura

    html, notes = decode_text(source, data)
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # trafilatura raises assorted parser errors on broken markup
        raise InputError(source, f"HTML could not be parsed: {err}") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < MIN_HTML_WORDS:
        raise InputError(source, "no article text found in the HTML")
    article = Article(
        text=text,
        source=source,
        title=(doc.title or "").strip(),
        url=doc.url or "",
        outlet=(doc.sitename or "").strip(),
        meta={"flags": notes},
    )
    _set_date(article, doc.date, "html")
    return LoadResult([article])


def record_article(source: str, record: object) -> Article:
    """One JSON object or CSV row as an Article; ValueError says what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError(f"expected an object with a text field, got {type(record).__name__}")
    record = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no text" if text in (None, "") else "text is empty or not a string")
    article = Article(
        text=text.strip(),
        source=source,
        title=str(record.get("title") or "").strip(),
        url=str(record.get("url") or "").strip(),
        outlet=str(record.get("outlet") or "").strip(),
        language=str(record.get("language") or "en").strip() or "en",
    )
    _set_date(article, record.get("date"), "metadata")
    return article


def _collect(source: str, items: Iterable[tuple[str, object]]) -> LoadResult:
    """Articles from (where, record) pairs; bad records become errors, unless all are bad."""
    result = LoadResult()
    for where, record in items:
        if isinstance(record, Exception):
            result.errors.append(f"{where}: {record}")
            continue
        try:
            article = record_article(source, record)
        except ValueError as err:
            result.errors.append(f"{where}: {err}")
            continue
        article.meta["item"] = where
        result.append(article)
    if not result:
        shown = "; ".join(result.errors[:3]) or "no records"
        more = f" (and {len(result.errors) - 3} more)" if len(result.errors) > 3 else ""
        raise InputError(source, f"no usable articles: {shown}{more}")
    return result


def _load_json(source: str, data: bytes) -> LoadResult:
    text, _ = decode_text(source, data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            source, f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from None
    except RecursionError:
        raise InputError(source, "JSON is nested too deeply to be an article") from None
    if isinstance(value, dict):
        return _collect(source, [("item 1", value)])
    if not isinstance(value, list):
        raise InputError(source, "JSON must be an article object or a list of them")
    return _collect(source, ((f"item {i}", v) for i, v in enumerate(value, 1)))


def _load_jsonl(source: str, data: bytes) -> LoadResult:
    text, _ = decode_text(source, data)

    def records() -> Iterator[tuple[str, object]]:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield f"line {n}", json.loads(line)
            except json.JSONDecodeError as err:
                yield f"line {n}", ValueError(f"not valid JSON ({err.msg}, column {err.colno})")
            except RecursionError:
                yield f"line {n}", ValueError("JSON nested too deeply")

    return _collect(source, records())


def _load_csv(source: str, data: bytes) -> LoadResult:
    text, _ = decode_text(source, data)
    csv.field_size_limit(max(csv.field_size_limit(), max_file_bytes()))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    except csv.Error as err:
        raise InputError(source, f"CSV header cannot be read: {err}") from None
    if "text" not in header:
        shown = ", ".join(h for h in header if h)[:200] or "none"
        raise InputError(
            source, f"CSV needs a header row with a 'text' column (columns found: {shown})"
        )

    def records() -> Iterator[tuple[str, object]]:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield f"line {start}", ValueError(f"unreadable CSV row ({err})")
                continue
            if row.get(None):
                yield f"line {start}", ValueError("more fields than the header has")
                continue
            yield f"line {start}", row

    return _collect(source, records())


def _load_pdf(source: str, data: bytes) -> LoadResult:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(source, "PDF is encrypted (a password is needed to read it)")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise InputError(source, f"not a readable PDF ({err})") from None
    except Exception as err:  # pypdf raises various errors for damaged files and ciphers
        raise InputError(source, f"PDF cannot be read ({type(err).__name__}: {err})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not re.search(r"\w{2}", text):
        raise InputError(source, "PDF has no text layer (a scanned image?); run OCR first")
    title = ((info.title if info else None) or "").strip()
    if not title:
        first = text.splitlines()[0].strip()
        if len(first) <= TITLE_MAX_CHARS and not is_dateline(first):
            title = first
    article = Article(text=text, source=source, title=title)
    _set_date(article, None, "dateline")
    return LoadResult([article])


_LOADERS = {
    ".txt": _load_text,
    ".md": _load_text,
    ".html": load_html,
    ".htm": load_html,
    ".json": _load_json,
    ".jsonl": _load_jsonl,
    ".csv": _load_csv,
    ".pdf": _load_pdf,
}
