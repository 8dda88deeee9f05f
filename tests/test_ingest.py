"""Ingestion: files to stored claims, duplicates skipped before extraction, failures itemised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.errors import InputError
from analysis.ingest import (
    ensure_sample_corpus,
    ingest_articles,
    ingest_paths,
    ingest_uploads,
)
from analysis.models import Article
from analysis.store import count_articles, stats


def _articles(*texts: str) -> list[Article]:
    return [Article(text=t, source=f"{i}.txt", title=f"T{i}") for i, t in enumerate(texts)]


def test_ingest_reports_added_duplicates_and_claims(engine, fake_extractor):
    report = ingest_articles(
        engine,
        _articles("Turkey backs GNA.", "Egypt backs LNA. UAE backs LNA."),
        extractor=fake_extractor,
    )
    assert (report.added, report.duplicates, report.failed, report.claims) == (2, 0, 0, 3)
    assert [item.claims for item in report.items] == [1, 2]
    assert all(item.article_id for item in report.items)
    again = ingest_articles(engine, _articles("turkey  backs GNA."), extractor=fake_extractor)
    assert (again.added, again.duplicates) == (0, 1)
    assert again.items[0].reason == "already in the store"


def test_duplicates_are_skipped_before_extraction(engine, fake_extractor):
    ingest_articles(engine, _articles("Turkey backs GNA."), extractor=fake_extractor)
    fake_extractor.seen.clear()
    report = ingest_articles(
        engine,
        _articles("Turkey backs GNA.", "Russia backs LNA.", "Russia backs LNA."),
        extractor=fake_extractor,
    )
    assert [i.status for i in report.items] == ["duplicate", "added", "duplicate"]
    assert fake_extractor.seen == ["Russia backs LNA."]


def test_extractor_factory_is_not_called_for_duplicates_only(engine, fake_extractor):
    ingest_articles(engine, _articles("Turkey backs GNA."), extractor=fake_extractor)

    def factory():
        raise AssertionError("the model should not be loaded")

    report = ingest_articles(engine, _articles("Turkey backs GNA."), extractor=factory)
    assert report.duplicates == 1


def test_extraction_failure_fails_that_article_only(engine, make_extractor):
    extractor = make_extractor(fail_on="Yemen")
    report = ingest_articles(
        engine,
        _articles("Turkey backs GNA.", "Iran backs Yemen rebels.", "Egypt backs LNA."),
        extractor=extractor,
    )
    assert [i.status for i in report.items] == ["added", "failed", "added"]
    assert "cannot parse Yemen" in report.items[1].reason
    assert count_articles(engine) == 2


def test_empty_text_fails(engine, fake_extractor):
    report = ingest_articles(engine, _articles("  "), extractor=fake_extractor)
    assert report.failed == 1 and report.items[0].reason == "no text"


def test_progress_is_reported(engine, fake_extractor):
    seen = []
    ingest_articles(
        engine,
        _articles("Turkey backs GNA.", "Turkey backs GNA.", "Egypt backs LNA."),
        extractor=fake_extractor,
        progress=lambda done, total: seen.append((done, total)),
        batch_size=1,
    )
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_ingest_paths_mixes_good_and_bad_files(tmp_path, engine, fake_extractor):
    (tmp_path / "a.txt").write_text("Drones\n\nJune 14, 2020 - Turkey backs GNA.")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"text": "Egypt backs LNA.", "date": "2020-07-01"}) + "\n{broken\n"
    )
    (tmp_path / "c.txt").write_bytes(b"")
    report = ingest_paths(engine, [tmp_path], extractor=fake_extractor)
    assert (report.added, report.failed, report.claims) == (2, 2, 2)
    reasons = sorted(f"{i.source.removeprefix(str(tmp_path))}: {i.reason}" for i in report.failures)
    assert reasons[0].startswith("/b.jsonl: line 2: not valid JSON")
    assert reasons[1] == "/c.txt: empty file"
    assert stats(engine)["first_date"] == "2020-06-14"


def test_uploads_take_the_same_path(engine, fake_extractor):
    report = ingest_uploads(
        engine,
        [("a.json", json.dumps({"text": "Turkey backs GNA."}).encode()), ("b.exe", b"MZ")],
        extractor=fake_extractor,
    )
    assert (report.added, report.failed) == (1, 1)
    assert report.failures[0].source == "b.exe"
    assert "unsupported file type" in report.failures[0].reason


def test_sample_corpus_fills_an_empty_store_once(tmp_path, engine, fake_extractor):
    corpus = tmp_path / "sample.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"title": t, "text": t, "date": "2020-01-02"})
            for t in ("Turkey backs GNA.", "Russia backs LNA.")
        )
    )
    report = ensure_sample_corpus(engine, fake_extractor, path=corpus)
    assert report.added == 2
    assert stats(engine)["sample_articles"] == 2
    assert ensure_sample_corpus(engine, fake_extractor, path=corpus) is None


def test_missing_sample_corpus_is_an_input_error(tmp_path, engine, fake_extractor):
    with pytest.raises(InputError, match="no such file"):
        ensure_sample_corpus(engine, fake_extractor, path=tmp_path / "absent.jsonl")


def test_summary_line(engine, fake_extractor):
    report = ingest_articles(
        engine, _articles("Turkey backs GNA.", "Turkey backs GNA."), extractor=fake_extractor
    )
    assert report.summary() == "1 added (1 claim), 1 duplicate skipped, 0 failed"


def test_concurrent_ingests_store_each_article_once(db, engine, make_extractor):
    from concurrent.futures import ThreadPoolExecutor

    from analysis.store import open_store

    texts = [f"Turkey backs GNA, report {i}." for i in range(30)]

    def run(order: int):
        other = open_store(db)
        try:
            batch = _articles(*(texts if order == 0 else reversed(texts)))
            return ingest_articles(other, batch, extractor=make_extractor(), batch_size=4)
        finally:
            other.dispose()

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(run, (0, 1)))
    assert sum(r.added for r in reports) == 30
    assert sum(r.duplicates for r in reports) == 30
    assert stats(engine)["claims"] == 30


@pytest.mark.model
def test_real_extractor_round_trip(engine):
    """The real model: what is stored is what the extractor found, and reanalysis agrees."""
    extract = pytest.importorskip("analysis.extract")
    from analysis.ingest import reanalyze

    extractor = extract.Extractor.load()
    path = Path(__file__).parent / "data" / "turkey_russia_2020.txt"
    report = ingest_paths(engine, [path], extractor=extractor)
    assert report.added == 1 and report.failed == 0
    before = stats(engine)
    assert before["claims"] >= report.claims and before["mentions"] > 0
    assert reanalyze(engine, extractor) == 1
    assert stats(engine)["claims"] == before["claims"]
