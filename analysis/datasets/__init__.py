"""Public data sets the tracker can import (`python -m analysis import NAME PATH`).

Each data set is one module declaring a `Dataset` (its attribution and a parser of its
file, see `base.py`); registering it is one line in `REGISTRY`. The articles go into the
store through the ordinary ingest (`analysis.ingest.import_dataset`), so duplicates, bad
rows and extraction failures are reported as for any other file.
"""

from __future__ import annotations

from analysis.datasets import fakes
from analysis.datasets.base import Dataset
from analysis.errors import InputError
from analysis.loaders import LoadResult, max_file_bytes

REGISTRY: dict[str, Dataset] = {
    fakes.DATASET.name: fakes.DATASET,
}

__all__ = ["REGISTRY", "Dataset", "get", "is_url", "read"]


def get(name: str) -> Dataset:
    """The registered data set called `name`; InputError lists the known ones otherwise."""
    try:
        return REGISTRY[name.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise InputError(name, f"unknown data set (known: {known})") from None


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def read(dataset: Dataset, location: str, *, limit: int | None = None) -> LoadResult:
    """The articles of `dataset` in a local file or at a URL (see `_fetch`)."""
    if is_url(location):
        return dataset.read(_fetch(location), source=location, limit=limit)
    return dataset.read(location, limit=limit)


def _fetch(url: str) -> bytes:
    """The bytes at `url`, through the project's guarded fetcher (`analysis.fetch`: address
    checks, robots.txt, a deadline) with the loaders' per-file cap rather than the page cap:
    a data set is one file, larger than an article. A refusal is a FetchError (an InputError)
    naming the URL and the reason."""
    from analysis.fetch import Fetcher

    with Fetcher() as fetcher:
        return fetcher.get(url, max_bytes=max_file_bytes()).content
