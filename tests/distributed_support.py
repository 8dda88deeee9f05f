"""Extractor factories for the Dask workers of the tests: a worker imports them by name
("distributed_support:fake"), so they live in a module of their own, not in a test."""

from __future__ import annotations

import os
import time
from collections import Counter

from conftest import FakeExtractor

VERSION = "fake-dask"
SLOW_SECONDS = 0.03  # per article: long enough to kill a worker while it works
POISON = "Poison"  # an article with this word kills the worker process that extracts it
LOADS: Counter[str] = Counter()  # factory calls in this process, by factory


class SlowFake(FakeExtractor):
    def extract(self, article):
        time.sleep(SLOW_SECONDS)
        return super().extract(article)


class DeadlyFake(FakeExtractor):
    def extract(self, article):
        if POISON in article.text:
            os._exit(3)  # as a segfault in the parser would: no exception, no clean-up
        return super().extract(article)


def fake(model: str | None) -> FakeExtractor:
    LOADS["fake"] += 1
    return FakeExtractor(VERSION)


def slow(model: str | None) -> FakeExtractor:
    return SlowFake(VERSION)


def deadly(model: str | None) -> FakeExtractor:
    return DeadlyFake(VERSION)


def failing(model: str | None) -> FakeExtractor:
    return FakeExtractor(VERSION, fail_on="Yemen")


def broken(model: str | None) -> FakeExtractor:
    raise OSError(f"model {model} not installed on this worker")
