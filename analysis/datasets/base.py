"""What every public data set shares: its declared interface (`Dataset`), reading a CSV file
row by row, and dates written as numbers in an order the file does not state.

A data set module declares one `Dataset` and a `parse` function that turns the file's bytes
into articles; the rest (reading a path, the size limit, marking each article with the data
set's name) happens here, so that the module holds only what is peculiar to its format.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from analysis.errors import InputError
from analysis.loaders import LoadResult, max_file_bytes, read_file, too_big

# parse(source, data, limit) -> the articles of the file's first `limit` rows (all if None)
Parser = Callable[[str, bytes, "int | None"], LoadResult]


@dataclass(frozen=True)
class Dataset:
    """A public data set the tracker can import, with the attribution its licence asks for.

    `name` is the registry key and the value of `articles.dataset`; `citation` names the
    authors, title, venue and year; `url` is where the data is published (its DOI link).
    """

    name: str
    title: str
    citation: str
    license: str
    url: str
    parse: Parser

    def read(
        self,
        path_or_bytes: str | os.PathLike | bytes,
        *,
        source: str = "",
        limit: int | None = None,
    ) -> LoadResult:
        """The articles of a file of this data set (a path, or its bytes with `source` as
        their name in messages), each marked with the data set; rows that cannot be read
        are in `errors`. InputError if the file cannot be read at all."""
        if isinstance(path_or_bytes, bytes):
            source = source or f"{self.name} data"
            if len(path_or_bytes) > max_file_bytes():
                raise too_big(source, len(path_or_bytes))
            data = path_or_bytes
        else:
            source = source or str(path_or_bytes)
            data = read_file(path_or_bytes)
        result = self.parse(source, data, limit)
        for article in result:
            article.dataset = self.name
        return result

    def attribution(self) -> str:
        """One line to show or print wherever the data set's articles are used."""
        return f"{self.citation} Licence: {self.license}. {self.url}"


# -- CSV ------------------------------------------------------------------------------------


def csv_rows(
    source: str, text: str, *, required: Sequence[str], limit: int | None = None
) -> list[tuple[int, dict[str, str] | ValueError]]:
    """The data rows of a CSV text as (row number, {column: value}), row 1 being the first
    after the header; a row the csv module cannot read is (number, ValueError). Column names
    are matched without case or surrounding spaces; InputError names the `required` columns
    the header lacks. Quoted fields may hold newlines; fields missing at the end of a row are
    empty, and a row with more fields than the header is an error."""
    csv.field_size_limit(max(csv.field_size_limit(), max_file_bytes()))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error as err:
        raise InputError(source, f"CSV header cannot be read: {err}") from None
    missing = [name for name in required if name not in header]
    if missing:
        shown = ", ".join(h for h in header if h)[:200] or "none"
        raise InputError(
            source, f"CSV lacks the columns {', '.join(missing)} (columns found: {shown})"
        )
    rows: list[tuple[int, dict[str, str] | ValueError]] = []
    number = 0
    while limit is None or number < limit:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            number += 1
            rows.append((number, ValueError(f"unreadable CSV row ({err})")))
            continue
        if not any(v.strip() for v in values):
            continue  # a blank line between rows is not a row
        number += 1
        if len(values) > len(header):
            rows.append((number, ValueError("more fields than the header has")))
            continue
        values += [""] * (len(header) - len(values))  # a short row: its last fields empty
        rows.append((number, dict(zip(header, values, strict=True))))
    return rows


# -- numeric dates --------------------------------------------------------------------------
# "4/15/2013" or "15/4/2013" (also with dots or dashes, a two-digit year, a time after it).
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T].*)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
DAY_FIRST, MONTH_FIRST = "dmy", "mdy"


def date_order(values: Iterable[str]) -> str:
    """The order a file writes its numeric dates in, judged from the dates that can be read
    one way only (a first number over 12 is a day, a second one over 12 is a day): the more
    common of the two, and month first when no date decides (or as many say each)."""
    day_first = month_first = 0
    for value in values:
        found = _NUMERIC_DATE.match(value.strip())
        if found:
            first, second = int(found[1]), int(found[2])
            day_first += first > 12 >= second
            month_first += second > 12 >= first
    return DAY_FIRST if day_first > month_first else MONTH_FIRST


def numeric_date(value: str, order: str) -> tuple[date, bool]:
    """A date written as numbers (or as an ISO date) as a date, and whether its order was
    taken from `order` because the value alone allows both readings (4/5/2013). A value
    that can be read only the other way ("4/15/2013" in a day-first file) is read that way.
    ValueError says why a value is not a date."""
    value = value.strip()
    if not value:
        raise ValueError("no date")
    iso = _ISO_DATE.match(value)
    if iso:
        return _day(value, int(iso[1]), int(iso[2]), int(iso[3])), False
    found = _NUMERIC_DATE.match(value)
    if not found:
        raise ValueError(f"date {value!r} is not written as day, month and year in numbers")
    first, second, year = int(found[1]), int(found[2]), int(found[3])
    year += 2000 if year < 100 else 0
    readings = [(first, second), (second, first)]  # (month, day) month first, then day first
    if order == DAY_FIRST:
        readings.reverse()
    for month, day in readings:
        if 1 <= month <= 12:
            return _day(value, year, month, day), first != second and max(first, second) <= 12
    raise ValueError(f"date {value!r} has no month (both numbers are over 12)")


def _day(value: str, year: int, month: int, day: int) -> date:
    if not 1900 <= year <= 2100:
        raise ValueError(f"date {value!r} has an unlikely year")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"date {value!r} is not a day of the calendar") from None
