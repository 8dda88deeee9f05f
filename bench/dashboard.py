"""Dashboard at scale: render time of every page that reads the store (all but the upload
form) on a small and a large synthetic store, measured in one run, and their ratio.

    python bench/dashboard.py                               # 10,000 and 1,000,000 claims
    python bench/dashboard.py --small 10000 --large 1000000 --runs 3 --reuse
    python bench/dashboard.py --small 500 --large 5000 --runs 1   # a quick check
    python bench/dashboard.py --sample      # every page on the bundled corpus (target < 2 s)
    python bench/dashboard.py --postgres --large 10000000   # on PostgreSQL (a throw-away server)

Each page is rendered headless with `streamlit.testing.v1.AppTest`, a fresh AppTest per
measurement and Streamlit's data cache cleared first, so every query really runs (the
engine stays open, as in a running server). The median of `--runs` renders is reported.
The dashboard's queries (`analysis.tally`) are also timed one by one, with the database's
query plan for each. `--postgres` puts the stores in PostgreSQL instead of SQLite: a server
started for the run in a temporary folder, as the test suite starts one (`initdb`/`pg_ctl`
of Debian's `postgresql`, default memory settings, durability off), stopped at the end.
The target is a large/small ratio of at most 2. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import make_synthetic_store  # noqa: E402
from sqlalchemy import event  # noqa: E402

from analysis import config, store, tally  # noqa: E402
from analysis.tally import Filters  # noqa: E402

PAGES = ("overview", "alignments", "network", "timeline", "map", "articles", "actors", "export")
# Every page of the dashboard, for --sample (the bundled corpus, each page under 2 s).
ALL_PAGES = (*PAGES, "upload")
SAMPLE_TARGET = 2.0
TARGET_RATIO = 2.0
TIMEOUT = 600
QUERIES = {
    "counts": lambda e: tally.counts(e, Filters()),
    "matrix": lambda e: tally.matrix(e, Filters()),
    "timeline": lambda e: tally.timeline(e, Filters()),
    "periods": lambda e: tally.periods(e, Filters()),
    "evidence_places": lambda e: tally.evidence_places(e, Filters()),
    "claims_count": lambda e: tally.claims_count(e, Filters()),
    "claims_page": lambda e: tally.claims_page(e, Filters(), limit=50),
    "claims_page (offset 5000)": lambda e: tally.claims_page(e, Filters(), offset=5000, limit=50),
    "supporters": lambda e: tally.supporters(e),
    "theaters": lambda e: tally.theaters(e),
    "sample_articles": lambda e: tally.sample_articles(e),
    "articles_count": lambda e: tally.articles_count(e),
    "articles_page": lambda e: tally.articles_page(e),
    "outlets": lambda e: tally.outlets(e),
    "outlet_alignments": lambda e: tally.outlet_alignments(e, Filters()),
}


def build_stores(folder: Path, sizes: dict[str, int], *, per_article: float, reuse: bool):
    """One synthetic SQLite store per size (claims), built unless `reuse` finds it there."""
    paths = {}
    for label, claims in sizes.items():
        path = folder / f"synthetic_{claims}.db"
        if not (reuse and path.exists()):
            _build(str(path), claims, per_article)
        paths[label] = str(path)
    return paths


def build_postgres_stores(server, sizes: dict[str, int], *, per_article: float):
    """One synthetic store per size in a new database of the throw-away `server`."""
    urls = {}
    for label, claims in sizes.items():
        urls[label] = server.url(server.create_database())
        _build(urls[label], claims, per_article)
    return urls


def _build(db: str, claims: int, per_article: float) -> None:
    n_articles = max(1, round(claims / per_article))
    result = make_synthetic_store.build(
        db, articles=n_articles, claims_per_article=per_article, replace=True
    )
    print(
        f"built {db}: {result['articles']} articles, {result['claims']} claims "
        f"in {result['seconds']:.1f} s (rows {result['load_seconds']:.1f} s)",
        flush=True,
    )


def _quiet() -> None:
    """No warnings about clearing caches outside a server (AppTest has no runtime)."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def render(page: str) -> float:
    """Seconds to render `page` (sidebar included) with an empty data cache."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    _quiet()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if page == "overview":
        st.cache_data.clear()
        started = time.perf_counter()
        at.run()
    else:
        at.run()  # lands on the overview first, as a visitor does
        st.cache_data.clear()
        started = time.perf_counter()
        at.switch_page(f"dashboard/views/{page}.py").run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"{page} failed: {at.exception}")
    return seconds


def time_pages(db: str, runs: int) -> dict[str, float]:
    os.environ[config.DB_ENV] = str(db)
    render("overview")  # warm-up: opens the engine, imports plotly, reads the file
    return {page: statistics.median(render(page) for _ in range(runs)) for page in PAGES}


def time_queries(db: str, runs: int) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Median seconds of each dashboard query, and the database's plan for the SQL it ran."""
    engine = store.open_store(db, create=False)
    explain = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
    captured: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    seconds, plans = {}, {}
    for name, query in QUERIES.items():
        captured.clear()
        event.listen(engine, "before_cursor_execute", capture)
        query(engine)
        event.remove(engine, "before_cursor_execute", capture)
        statements = list(captured)
        seconds[name] = statistics.median(_timed(query, engine) for _ in range(runs))
        with engine.connect() as conn:
            plans[name] = [
                " | ".join(
                    " ".join(str(row[-1]).split())
                    for row in conn.exec_driver_sql(f"{explain} {sql}", p)
                )
                for sql, p in statements
            ]
    engine.dispose()
    return seconds, plans


def _timed(query, engine) -> float:
    started = time.perf_counter()
    query(engine)
    return time.perf_counter() - started


def sample_pages(folder: Path, runs: int) -> int:
    """Every page on a store of the bundled sample corpus (ingested here with the spaCy
    model), the median of `runs` renders each, against SAMPLE_TARGET seconds."""
    from analysis.extract import Extractor
    from analysis.ingest import ensure_sample_corpus

    db = folder / "sample.db"
    if not db.exists():
        engine = store.open_store(str(db))
        ensure_sample_corpus(engine, Extractor.load(announce=True))
        engine.dispose()
    os.environ[config.DB_ENV] = str(db)
    render("overview")  # warm-up
    print(f"\nmachine: {os.cpu_count()} cores; median of {runs} run(s), caches cleared")
    print(f"{'page on the sample corpus':<28}{'s':>8}   target < {SAMPLE_TARGET:g} s")
    for page in ALL_PAGES:
        seconds = statistics.median(render(page) for _ in range(runs))
        verdict = "met" if seconds < SAMPLE_TARGET else "NOT met"
        print(f"{page:<28}{seconds:>8.3f}   {verdict}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="claims in the small store")
    parser.add_argument("--large", type=int, default=1_000_000, help="claims in the large store")
    parser.add_argument("--claims-per-article", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3, help="renders per page and store")
    parser.add_argument("--dir", default=None, help="where the stores go (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="reuse stores already in --dir")
    parser.add_argument("--no-plans", action="store_true", help="skip the query plans")
    parser.add_argument("--sample", action="store_true", help="every page on the sample corpus")
    parser.add_argument(
        "--postgres", action="store_true", help="stores in a throw-away PostgreSQL server"
    )
    args = parser.parse_args(argv)

    folder = Path(args.dir or tempfile.mkdtemp(prefix="tracker-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[config.NO_SAMPLE_ENV] = "1"
    if args.sample:
        return sample_pages(folder, args.runs)
    sizes = {"small": args.small, "large": args.large}
    if args.postgres:
        sys.path.insert(0, str(ROOT / "tests"))
        import pg_support

        server = pg_support.start()
        try:
            paths = build_postgres_stores(server, sizes, per_article=args.claims_per_article)
            return measure(paths, args, f"PostgreSQL {server.version()}")
        finally:
            server.stop()
    paths = build_stores(folder, sizes, per_article=args.claims_per_article, reuse=args.reuse)
    measure(paths, args, "SQLite")
    print(f"\nstores kept in {folder} (rerun with --dir {folder} --reuse)")
    return 0


def measure(paths: dict[str, str], args, backend: str) -> int:
    """Time every page and query on the small and the large store; print the table."""
    claims = {}
    for label, path in paths.items():
        engine = store.open_store(path, create=False)
        claims[label] = store.stats(engine)["claims"]
        engine.dispose()

    pages = {label: time_pages(path, args.runs) for label, path in paths.items()}
    queries, plans = {}, {}
    for label, path in paths.items():
        queries[label], plans[label] = time_queries(path, args.runs)

    print(f"\nmachine: {os.cpu_count()} cores; median of {args.runs} run(s), caches cleared")
    sized = f"small {claims['small']:,} claims, large {claims['large']:,} claims"
    print(f"stores ({backend}): {sized}\n")
    print(f"{'page render':<28}{'small s':>10}{'large s':>10}{'ratio':>8}   target ≤ 2")
    for page in PAGES:
        small, large = pages["small"][page], pages["large"][page]
        verdict = "met" if large / small <= TARGET_RATIO else "NOT met"
        print(f"{page:<28}{small:>10.3f}{large:>10.3f}{large / small:>8.1f}   {verdict}")
    print(f"\n{'query (analysis.tally)':<28}{'small s':>10}{'large s':>10}{'ratio':>8}")
    for name in QUERIES:
        small, large = queries["small"][name], queries["large"][name]
        print(f"{name:<28}{small:>10.4f}{large:>10.4f}{large / max(small, 1e-6):>8.0f}")
    if not args.no_plans:
        print("\nquery plans (large store):")
        for name, found in plans["large"].items():
            for plan in found:
                print(f"  {name}: {plan}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
