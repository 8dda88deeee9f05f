"""FA-KES: 804 news articles on the Syrian war (2011-2018) from Arab, Turkish, Russian and
Western outlets, published on Zenodo under CC BY 4.0.

The file (`FA-KES-Dataset.csv`) has one article a row: `unit_id, article_title,
article_content, source, date, location, labels`. `source` is the outlet ("reuters",
"sana", ...) and `date` a numeric date whose order (month or day first) the file does not
state; `date_order` settles it from the rows that can be read one way only. The data set's
credibility label and casualty location are not kept: they do not say who backs whom.

The project's labelled pool (`../shared/data/fakes_pool/articles.jsonl`, a subset of the
data set) is read too: JSON lines of `id, title, date (ISO), outlet, url, text`, the id
being "fakes-" and the unit id.
"""

from __future__ import annotations

import json

from analysis.datasets.base import Dataset, csv_rows, date_order, numeric_date
from analysis.decoding import decode_text
from analysis.errors import InputError
from analysis.loaders import LoadResult, record_article
from analysis.models import Article

NAME = "fakes"
REQUIRED = ("unit_id", "article_title", "article_content", "source", "date")


def parse(source: str, data: bytes, limit: int | None) -> LoadResult:
    """The articles of an FA-KES CSV, or of the pool's JSON lines; each row that cannot be
    read (no text, no id, a date that is not a day) is an error naming its row or line
    number and unit id."""
    text, _ = decode_text(source, data)
    if text.lstrip().startswith("{"):
        return _no_empty(source, _pool(text, limit))
    rows = csv_rows(source, text, required=REQUIRED, limit=limit)
    order = date_order(row["date"] for _, row in rows if isinstance(row, dict))
    result = LoadResult()
    for number, row in rows:
        if isinstance(row, ValueError):
            result.errors.append(f"row {number}: {row}")
            continue
        unit_id = row["unit_id"].strip()
        where = f"row {number} (unit_id {unit_id})" if unit_id else f"row {number}"
        try:
            result.append(_article(row, order, item=f"row {number}"))
        except ValueError as err:
            result.errors.append(f"{where}: {err}")
    return _no_empty(source, result)


def _no_empty(source: str, result: LoadResult) -> LoadResult:
    if not result:
        shown = "; ".join(result.errors[:3]) or "no rows"
        raise InputError(source, f"no usable articles: {shown}")
    return result


def _pool(text: str, limit: int | None) -> LoadResult:
    """The articles of the pool's JSON lines, the first `limit` lines that are not blank."""
    result = LoadResult()
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    for n, line in lines[:limit]:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            result.errors.append(f"line {n}: not valid JSON ({err.msg}, column {err.colno})")
            continue
        unit_id = str(record.get("id") or "").strip() if isinstance(record, dict) else ""
        where = f"line {n} (id {unit_id})" if unit_id else f"line {n}"
        try:
            if not unit_id:
                raise ValueError("no id")
            article = record_article(f"{NAME}:{unit_id.removeprefix('fakes-')}", record)
            if not record.get("date"):
                raise ValueError("no date")
            if article.date_source != "metadata":  # not the dateline's day instead
                raise ValueError(f"date {record['date']!r} is not a day")
        except ValueError as err:
            result.errors.append(f"{where}: {err}")
            continue
        article.meta["item"] = f"line {n}"
        result.append(article)
    return result


def _article(row: dict[str, str], order: str, *, item: str) -> Article:
    unit_id, text = row["unit_id"].strip(), row["article_content"].strip()
    if not text:
        raise ValueError("no text")
    if not unit_id:
        raise ValueError("no unit_id")
    day, ambiguous = numeric_date(row["date"], order)
    flags = [f"date-order-{order}"] if ambiguous else []
    return Article(
        text=text,
        source=f"{NAME}:{unit_id}",
        title=" ".join(row["article_title"].split()),
        date=day.isoformat(),
        date_source="metadata",
        outlet=row["source"].strip(),
        meta={"item": item, "flags": flags},
    )


DATASET = Dataset(
    name=NAME,
    title="FA-KES: A Fake News Dataset around the Syrian War",
    citation=(
        "Fatima K. Abu Salem, Roaa Al Feel, Shady Elbassuoni, Mohamad Jaber and May Farah: "
        "FA-KES: A Fake News Dataset around the Syrian War. Proceedings of the International "
        "AAAI Conference on Web and Social Media (ICWSM), 2019. Data on Zenodo, "
        "doi:10.5281/zenodo.2607278."
    ),
    license="Creative Commons Attribution 4.0 International (CC BY 4.0)",
    url="https://doi.org/10.5281/zenodo.2607278",
    parse=parse,
)
