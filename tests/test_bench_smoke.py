"""The benchmark scripts run end to end on tiny sizes and print their figures.

Nothing here is timed: the figures themselves live in BENCHMARKS.md.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import news_mix  # noqa: E402
import pg_support  # noqa: E402


def run(script: str, *args: str, timeout: int = 600) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_news_mix_is_deterministic_and_a_third_conflict():
    first = news_mix.news_mix(60, seed=3)
    assert first == news_mix.news_mix(60, seed=3)
    assert first != news_mix.news_mix(60, seed=4)
    conflict = [a for a in first if a["topic"] in ("Libya", "Syria")]
    assert len(conflict) == 20
    words = [len(a["text"].split()) for a in first]
    assert min(words) >= news_mix.MIN_WORDS
    assert max(words) <= news_mix.MAX_WORDS + 100  # the last paragraph may run over


def test_synthetic_store_is_marked_and_offsets_point_into_the_text(tmp_path):
    db = tmp_path / "synthetic.db"
    out = run("make_synthetic_store.py", "--articles", "40", "--db", str(db))
    assert "40 articles" in out
    con = sqlite3.connect(db)
    titles = {t for (t,) in con.execute("SELECT DISTINCT outlet FROM articles")}
    assert titles == {"synthetic"}
    rows = con.execute(
        "SELECT a.text, c.start, c.end, c.sentence, c.sup_start, c.sup_end, c.supporter_text "
        "FROM claims c JOIN articles a ON a.id = c.article_id"
    ).fetchall()
    assert rows
    for text, start, end, sentence, sup_start, sup_end, supporter_text in rows:
        assert text[start:end] == sentence
        assert text[sup_start:sup_end] == supporter_text
    indexes = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"ix_claims_cell", "ix_claims_article"} <= indexes


def test_synthetic_store_in_postgresql_equals_the_sqlite_one(pg_url, tmp_path):
    """The COPY load gives PostgreSQL the same store as SQLite's inserts (claims, offsets,
    summary tables), and the article ids' sequence is moved past the ids it wrote."""
    import make_synthetic_store
    from sqlalchemy import text

    from analysis import store, tally
    from analysis.models import Article, Extraction
    from analysis.tally import Filters

    make_synthetic_store.build(pg_url, articles=60, seed=5)
    make_synthetic_store.build(str(tmp_path / "s.db"), articles=60, seed=5)
    pg, lite = store.open_store(pg_url, create=False), store.open_store(str(tmp_path / "s.db"))
    try:
        assert store.stats(pg) == store.stats(lite)
        assert tally.counts(pg, Filters()) == tally.counts(lite, Filters())
        assert tally.matrix(pg, Filters()).equals(tally.matrix(lite, Filters()))
        assert tally.timeline(pg, Filters()).equals(tally.timeline(lite, Filters()))
        with pg.connect() as conn:
            rows = conn.execute(
                text(
                    'SELECT a.text, c.start, c."end", c.sentence, c.alleged, c.date '
                    "FROM claims c JOIN articles a ON a.id = c.article_id"
                )
            ).all()
            indexes = set(
                conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'claims'"))
                .scalars()
                .all()
            )
        assert rows and all(t[start:end] == sentence for t, start, end, sentence, *_ in rows)
        assert {type(r.alleged) for r in rows} == {bool}
        assert {"ix_claims_cell", "ix_claims_article"} <= indexes
        with store.write_transaction(pg) as conn:
            article = Article(text="A real one.", title="t")
            new = store.add_article(conn, article, Extraction([], []), extractor_version="x")
        assert new == 61
    finally:
        pg.dispose()
        lite.dispose()


def test_synthetic_store_refuses_to_overwrite(tmp_path):
    db = tmp_path / "synthetic.db"
    run("make_synthetic_store.py", "--articles", "2", "--db", str(db))
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "make_synthetic_store.py"),
            "--articles",
            "2",
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "--replace" in done.stderr


@pytest.mark.slow
def test_dashboard_benchmark_prints_its_ratios(tmp_path):
    out = run(
        "dashboard.py", "--small", "50", "--large", "200", "--runs", "1", "--dir", str(tmp_path)
    )
    assert "cores" in out
    for line in ("overview", "alignments", "matrix", "claims_page"):
        assert any(row.startswith(line) for row in out.splitlines()), line
    assert "query plans" in out


@pytest.mark.slow
def test_dashboard_benchmark_runs_on_postgresql(tmp_path, pg_server):
    if pg_server is None:  # the benchmark starts its own server; skip (or fail) as the rest
        pg_support.unavailable("see the pg_server fixture")
    out = run("dashboard.py", "--postgres", "--small", "50", "--large", "200", "--runs", "1")
    assert "stores (PostgreSQL 1" in out
    for line in ("overview", "alignments", "articles", "matrix", "claims_page"):
        assert any(row.startswith(line) for row in out.splitlines()), line
    assert "Seq Scan" in out or "Index" in out  # PostgreSQL's own plans, not SQLite's


@pytest.mark.slow
@pytest.mark.model
def test_ingest_benchmark_prints_its_ratios(tmp_path):
    out = run("ingest.py", "--articles", "6", "--dir", str(tmp_path))
    assert "cores" in out
    assert "reference" in out and "python -m analysis ingest" in out
    assert "ratio" in out and "peak resident size" in out
    assert "vs plain Extractor.extract" in out


@pytest.mark.slow
@pytest.mark.model
def test_big_text_benchmark_prints_its_figures(tmp_path):
    out = run(
        "big_text.py", "--mb", "0.02", "--small", "2", "--big-chars", "8000", "--dir", str(tmp_path)
    )
    assert "first small file stored after" in out
    assert "(5 parts)" in out  # 20,000 characters and more, parts of at most 5,000
    assert "big text throughput:" in out and "MB/s" in out and "words/s" in out
    assert "3 added" in out and "1 failed" in out  # the two small files and the big one


@pytest.mark.slow
@pytest.mark.model
def test_ingest_benchmark_on_dask_compares_one_and_two_workers(tmp_path):
    out = run("ingest.py", "--articles", "6", "--dir", str(tmp_path), "--workers", "2")
    assert "dask       1 worker:" in out and "dask       2 workers:" in out
    assert "per worker" in out and "load average" in out
    assert "scaling 1 -> 2 workers" in out
    assert "1 worker vs 2 workers: identical" in out
    assert "6/6 articles identical" in out


@pytest.mark.model
def test_accuracy_can_score_the_rules_without_the_model():
    """`--rules-only` switches the relation model off: no claim in the per-rule report is the
    model's (on the written dev set the model otherwise adds claims)."""
    out = run("accuracy.py", "--set", "dev", "--by-rule", "--rules-only")
    assert "relation model off" in out
    lines = out.splitlines()
    table = lines[next(n for n, line in enumerate(lines) if line.startswith("rule")) + 1 :]
    rules = [line.split()[0] for line in table if line and not line.startswith("extraction")]
    assert rules and "model" not in rules
