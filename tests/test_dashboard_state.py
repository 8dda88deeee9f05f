"""The dashboard's typed, cached reads (`dashboard.state.read`): the same results as the
queries they wrap, one cache per query, and fresh numbers after every write to the store."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import store, tally
from analysis.models import Article
from analysis.queries.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the top-level `dashboard` package
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_tally import build_store  # noqa: E402

from dashboard import state  # noqa: E402

FILTERS = [Filters(), Filters(theater="Libya"), Filters(include_factions=True, min_articles=2)]


@pytest.fixture
def url(db, monkeypatch):
    url = build_store(db)
    monkeypatch.setenv(store.DB_ENV, url)
    return url


@pytest.mark.parametrize("f", FILTERS)
def test_cached_aggregates_equal_the_queries(url, f):
    engine = store.open_store(url)
    assert state.read(tally.counts, f) == tally.counts(engine, f)
    pd.testing.assert_frame_equal(state.read(tally.matrix, f), tally.matrix(engine, f))
    pd.testing.assert_frame_equal(state.read(tally.timeline, f), tally.timeline(engine, f))
    assert state.read(tally.claims_count, f, supporter="Turkey") == tally.claims_count(
        engine, f, supporter="Turkey"
    )


def test_queries_with_the_same_arguments_keep_apart(url):
    engine = store.open_store(url)
    articles, samples = tally.articles_count(engine), tally.sample_articles(engine)
    assert articles != samples  # the store must tell the two apart for this test to mean much
    assert (state.read(tally.articles_count), state.read(tally.sample_articles)) == (
        articles,
        samples,
    )
    assert state.read(tally.theaters) == tally.theaters(engine)


def test_a_write_to_the_store_refreshes_cached_results(url, fake_extractor):
    from analysis.ingest import ingest_articles

    before = state.read(tally.articles_count)
    article = Article(text="TRIPOLI, June 14, 2020 - Turkey backs GNA.", source="new.txt")
    ingest_articles(store.open_store(url), [article], extractor=fake_extractor)
    assert state.read(tally.articles_count) == before + 1


def test_arguments_are_part_of_the_key(url):
    engine = store.open_store(url)
    for search in ("Tripoli", "Damascus", None):
        assert state.read(tally.articles_count, search=search) == tally.articles_count(
            engine, search=search
        )
