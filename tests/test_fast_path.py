"""The fast path (first pass + parser only where a claim is possible) finds exactly the
claims of the full path, on every bundled article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.models import Article

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent


def bundled_articles() -> list[Article]:
    out = []
    for path in (ROOT / "analysis/data/sample_corpus.jsonl", ROOT / "bench/data/devset.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out.append(Article(text=row["text"], date=row.get("date"), source=path.name))
    return out


@pytest.fixture(scope="module")
def extractors():
    from analysis.extract import Extractor

    fast = Extractor.load()
    full = Extractor(fast.nlp, fast.kb, fast=False)
    return fast, full


def claims_of(extractor, articles, **kwargs):
    return [
        [c.contract() for c in extraction.claims]
        for _, extraction in extractor.extract_many(articles, **kwargs)
    ]


def test_fast_and_full_paths_find_the_same_claims(extractors):
    fast, full = extractors
    articles = bundled_articles()
    assert claims_of(fast, articles) == claims_of(full, articles)


def test_first_pass_skips_articles_that_cannot_hold_a_claim(extractors):
    fast, _ = extractors
    assert not fast.could_claim(fast.first_pass("The Lakers beat the Celtics in Boston."))
    assert not fast.could_claim(fast.first_pass("Russia and the United States held talks."))
    assert fast.could_claim(fast.first_pass("Turkey backs the GNA."))


def test_skipped_article_still_reports_its_known_mentions(extractors):
    fast, _ = extractors
    result = fast.extract(Article(text="Russia and the United States held talks.", date=None))
    assert result.claims == []
    assert {m.actor for m in result.mentions} == {"Russia", "United States"}


def test_two_processes_give_the_same_claims(extractors):
    fast, _ = extractors
    articles = bundled_articles()[:40]
    assert claims_of(fast, articles, n_process=2, batch_size=8) == claims_of(
        fast, articles, n_process=1
    )


@pytest.fixture
def parsed_24(extractors):
    """24 bundled articles that go to the parser, and their extractions in one process;
    skips where forked workers cannot run."""
    import os

    from analysis.extract.extractor import can_fork

    if not can_fork() or (os.cpu_count() or 1) < 2:
        pytest.skip("forked workers need the fork start method and two cores")
    fast, _ = extractors
    articles = [a for a in bundled_articles() if fast.could_claim(fast.first_pass(a.text))][:24]
    return articles, [e for _, e in fast.extract_many(articles, n_process=1)]


def test_two_processes_extract_in_forked_workers(extractors, parsed_24, tmp_path, monkeypatch):
    """On two cores, 24 articles that go to the parser are enough to share them with forked
    workers, which read the claims off the parse and send back extractions rather than
    parsed documents: each extraction is made in a process other than this one, and the
    result equals the one-process path's, mentions too."""
    import os

    from analysis.extract import extractor as module

    fast, _ = extractors
    articles, alone = parsed_24
    made_in = tmp_path / "pids"
    original = module.Extractor._extraction

    def recorded(self, doc, article):
        with made_in.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return original(self, doc, article)

    monkeypatch.setattr(module.Extractor, "_extraction", recorded)
    shared = list(fast.extract_many(articles, batch_size=4))
    pids = [int(line) for line in made_in.read_text().split()]
    assert len(pids) == len(articles)
    assert os.getpid() not in pids
    assert [e for _, e in shared] == alone


def test_a_forked_worker_that_dies_does_not_hang_the_ingest(extractors, parsed_24, monkeypatch):
    """A worker killed mid-task (here it exits at once, as the kernel's out-of-memory
    killer would end it) breaks the pool, which raises; the batch is then taken one article
    at a time in this process, so every article still gets its claims. A pool that waited
    for the lost task would never return: the alarm turns that into a failure."""
    import os
    import signal

    from analysis.extract import extractor as module
    from analysis.pipeline import extract_articles

    fast, _ = extractors
    articles, alone = parsed_24
    parent = os.getpid()
    original = module.Extractor._extraction

    def dies_in_a_worker(self, doc, article):
        if os.getpid() != parent:
            os._exit(1)
        return original(self, doc, article)

    class Hung(BaseException):  # not an Exception: the batch's fallback must not catch it
        pass

    def hung(signum, frame):
        raise Hung

    monkeypatch.setattr(module.Extractor, "_extraction", dies_in_a_worker)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        found = [e for _, e in extract_articles(fast, articles)]
    except Hung:
        pytest.fail("the extraction waited for a dead worker")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert found == alone


def test_no_fork_from_a_thread_other_than_the_main_one():
    """A web server's request thread shares the work with spaCy's processes, as before,
    rather than forking a copy of a process whose other threads may hold locks."""
    import multiprocessing
    import threading

    from analysis.extract.extractor import can_fork

    seen = []
    thread = threading.Thread(target=lambda: seen.append(can_fork()))
    thread.start()
    thread.join()
    assert seen == [False]
    assert can_fork() is ("fork" in multiprocessing.get_all_start_methods())


def mentions_of(extractor, articles):
    return [
        [(m.text, m.start, m.end, m.label, m.actor) for m in extraction.mentions]
        for _, extraction in extractor.extract_many(articles)
    ]


def test_articles_with_claims_keep_every_mention_of_the_full_path(extractors):
    """The mentions of the articles with claims, the unknown names included, equal the full
    path's, and so do their claims' dates."""
    fast, full = extractors
    articles = bundled_articles()
    with_claims = [a for a, found in full.extract_many(articles) if found.claims]
    assert len(with_claims) > 50
    unknown = [m for row in mentions_of(full, with_claims) for m in row if m[4] is None]
    assert unknown  # the comparison covers names the knowledge base does not know
    assert mentions_of(fast, with_claims) == mentions_of(full, with_claims)
    assert claims_of(fast, with_claims) == claims_of(full, with_claims)
