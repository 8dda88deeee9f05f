"""The sub-commands of `python -m analysis`; each reads files, calls the package, prints."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="print the claims found in article files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("train", help="fit the relation model on the labelled real news")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=None, help="weights file (default: the bundled one)")
    p.set_defaults(func=cmd_train)
    # Store commands (ingest, import, reanalyze, stats) are registered below this line.
    add_store_commands(sub)


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract claims from each file; a bad file or row is reported on stderr and skipped,
    the others are still processed, and the exit code says that something failed. A file
    left unparsed because it is not in English is named on stderr too (not a failure)."""
    from analysis.errors import InputError, TrackerError
    from analysis.extract import Extractor
    from analysis.loaders import load_path
    from analysis.pipeline import extract_articles

    try:
        extractor = Extractor.load(args.model, announce=True)
    except TrackerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    failed = 0
    rows = []
    for path in args.files:
        try:
            articles = load_path(path)
        except InputError as err:
            print(f"error: {err}", file=sys.stderr)
            failed += 1
            continue
        for problem in getattr(articles, "errors", []):
            print(f"error: {path}: {problem}", file=sys.stderr)
            failed += 1
        # The ingest path's guard: long texts in parts, foreign articles flagged, not parsed.
        for article, extraction in extract_articles(extractor, articles):
            if isinstance(extraction, Exception):
                print(f"error: {path}: extraction failed: {extraction}", file=sys.stderr)
                failed += 1
                continue
            if "language_note" in article.meta:  # read, but not parsed: say so
                note = article.meta["language_note"].replace("; stored, nothing extracted", "")
                print(f"skipped: {path}: {note}", file=sys.stderr)
            for claim in extraction.claims:
                claim.source = path
                rows.append(claim.contract())
                if args.format == "jsonl":
                    print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    if args.format == "table":
        _print_table(rows)
    return 1 if failed else 0


def cmd_train(args: argparse.Namespace) -> int:
    """Fit the relation model on the train and dev splits (setting chosen by cross-validation)
    and write its weights."""
    from pathlib import Path

    from analysis.corpus import pool_available, pool_dir
    from analysis.extract import Extractor
    from analysis.relmodel.model import MODEL_PATH
    from analysis.relmodel.train import train

    if not pool_available():
        print(f"error: the labelled articles' texts are not at {pool_dir()}", file=sys.stderr)
        return 2
    extractor = Extractor.load(args.model, announce=True)
    out = Path(args.out) if args.out else MODEL_PATH
    train(extractor, seed=args.seed, out=out, log=lambda line: print(line, file=sys.stderr))
    return 0


def _print_table(rows: list[dict]) -> None:
    cols = ("supporter", "relation", "target", "theater", "kind", "date", "when", "phase")
    cols += ("alleged",)
    rows = [dict(r, when=_when(r)) for r in rows]
    widths = {c: max([len(c)] + [len(str(r[c])) for r in rows]) for c in cols}
    print("  ".join(c.ljust(widths[c]) for c in cols))
    for r in rows:
        print("  ".join(str(r[c]).ljust(widths[c]) for c in cols))


def _when(claim: dict) -> str:
    """The event time in a table cell: "2015-01-01..2024-12-08", "..2019-12-31", "" unknown."""
    start, end = claim.get("event_start"), claim.get("event_end")
    if start and start == end:
        return start
    return f"{start or ''}..{end or ''}" if start or end else ""


# -- store commands -------------------------------------------------------------------------


def add_store_commands(sub: argparse._SubParsersAction) -> None:
    db_help = "store file or SQLAlchemy URL (default: $CONFLICT_TRACKER_DB, else data/tracker.db)"
    p = sub.add_parser("ingest", help="add article files, folders or web pages to the store")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, folders (searched deeply) or http(s) addresses of articles",
    )
    p.add_argument("--db", default=None, metavar="PATH_OR_URL", help=db_help)
    add_cluster_options(p)
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("import", help="add a public data set's articles to the store")
    p.add_argument("name", nargs="?", metavar="NAME", help="the data set (see --list)")
    p.add_argument("location", nargs="?", metavar="PATH_OR_URL", help="the data set's file")
    p.add_argument("--list", action="store_true", help="list the data sets known")
    p.add_argument("--limit", type=_positive, default=None, metavar="N", help="first N rows only")
    p.add_argument("--db", default=None, metavar="PATH_OR_URL", help=db_help)
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("reanalyze", help="re-extract the claims of every stored article")
    p.add_argument("--db", default=None, metavar="PATH_OR_URL", help=db_help)
    p.set_defaults(func=cmd_reanalyze)
    p = sub.add_parser("stats", help="count the articles, claims and mentions in the store")
    p.add_argument("--db", default=None, metavar="PATH_OR_URL", help=db_help)
    p.set_defaults(func=cmd_stats)
    add_feed_commands(sub, db_help)


def _load_extractor(model: str | None):
    """The extractor for the store commands (a seam for tests, which swap in a fake)."""
    from analysis.extract import Extractor

    return Extractor.load(model, announce=True)


class _ProgressBar:
    """A tqdm bar fed by `progress(done, total)` calls, shown only when stderr is a terminal
    (no bar in logs or pipes); `callback` is None when there is no bar. A big text in hand
    gets a second bar below, counting its parts (fed by `on_item`)."""

    def __init__(self, what: str) -> None:
        self.bar = None
        self.parts = None  # the bar of the big text in hand
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=0, desc=what, unit="article", file=sys.stderr, leave=False)

    @property
    def callback(self):
        return self.update if self.bar is not None else None

    @property
    def item_callback(self):
        return self.on_item if self.bar is not None else None

    def update(self, done: int, total: int) -> None:
        self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def on_item(self, item) -> None:
        """Follow a big text's parts: "file: 3/60 parts" under the articles' bar."""
        if item.status != "working":
            if item.status != "queued":
                self._close_parts()
            return
        if self.parts is None:
            from tqdm import tqdm

            name = Path(item.file or item.source).name
            self.parts = tqdm(
                total=item.parts, desc=name, unit="part", file=sys.stderr, position=1, leave=False
            )
        self.parts.n = item.part
        self.parts.refresh()

    def _close_parts(self) -> None:
        if self.parts is not None:
            self.parts.close()
            self.parts = None

    def close(self) -> None:
        self._close_parts()
        if self.bar is not None:
            self.bar.close()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _print_report(report) -> int:
    """The ingest's summary lines and each failure; exit status 1 if any item failed."""
    print(f"added: {_plural(report.added, 'article')} ({_plural(report.claims, 'claim')} found)")
    print(f"duplicates skipped: {report.duplicates}")
    print(f"failed: {report.failed}")
    for item in report.failures:
        print(f"  {item.source}: {item.reason}")
    return 1 if report.failed else 0


def _fail(err: Exception) -> int:
    print(f"error: {err}", file=sys.stderr)
    return 1


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest files, folders and web pages; prints a summary, exit status 1 if any item
    failed."""
    from analysis.errors import TrackerError
    from analysis.ingest import ingest_paths
    from analysis.store import describe_url, open_store

    try:
        engine = open_store(args.db)
        bar = _ProgressBar("ingest")
        try:
            with _extractor_source(args) as extractor:
                report = ingest_paths(
                    engine,
                    args.paths,
                    extractor=extractor,
                    progress=bar.callback,
                    on_item=bar.item_callback,
                )
        finally:
            bar.close()
    except TrackerError as err:
        return _fail(err)
    except KeyboardInterrupt:
        print("interrupted: the articles stored so far are kept", file=sys.stderr)
        return 130
    print(f"store: {describe_url(str(engine.url))}")
    return _print_report(report)


# The extractor factory Dask workers call (a seam for tests, which name a fake one).
WORKER_FACTORY = "analysis.distributed:load_extractor"


def add_cluster_options(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="extract on a Dask cluster of N worker processes started on this machine",
    )
    group.add_argument(
        "--scheduler",
        default=None,
        metavar="URL",
        help="extract on the workers of the Dask scheduler at URL (tcp://host:8786)",
    )


def _extractor_source(args: argparse.Namespace):
    """A context giving the ingest its extractor loader: the model in this process, or a
    Dask cluster (Dask is imported only then) that is closed when the ingest is done."""
    import contextlib

    if args.workers is None and args.scheduler is None:
        return contextlib.nullcontext(lambda: _load_extractor(args.model))
    from analysis.distributed import cluster_extractor

    return cluster_extractor(
        scheduler=args.scheduler, workers=args.workers, model=args.model, factory=WORKER_FACTORY
    )


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def cmd_import(args: argparse.Namespace) -> int:
    """Import a public data set through the ingest; prints a summary and the attribution the
    data set's licence asks for, exit status 1 if any row or article failed."""
    from analysis import datasets
    from analysis.errors import TrackerError
    from analysis.ingest import import_dataset
    from analysis.store import describe_url, open_store

    if args.list:
        for dataset in datasets.REGISTRY.values():
            print(f"{dataset.name}: {dataset.title} ({dataset.license}) {dataset.url}")
        return 0
    if not args.name or not args.location:
        print("error: give a data set and its file: import NAME PATH_OR_URL", file=sys.stderr)
        print(f"known data sets: {', '.join(sorted(datasets.REGISTRY))}", file=sys.stderr)
        return 2
    try:
        dataset = datasets.get(args.name)
        engine = open_store(args.db)
        bar = _ProgressBar(f"import {dataset.name}")
        try:
            done = import_dataset(
                engine,
                dataset,
                args.location,
                extractor=lambda: _load_extractor(args.model),
                limit=args.limit,
                progress=bar.callback,
            )
        finally:
            bar.close()
    except TrackerError as err:
        return _fail(err)
    except KeyboardInterrupt:
        print("interrupted: the articles stored so far are kept", file=sys.stderr)
        return 130
    report = done.report
    print(f"store: {describe_url(str(engine.url))}")
    print(f"data set: {dataset.name}, {_plural(done.stored, 'article')} in the store")
    status = _print_report(report)
    print(f"attribution (required by the licence): {dataset.attribution()}")
    return status


def cmd_reanalyze(args: argparse.Namespace) -> int:
    """Re-extract every stored article with the current extractor."""
    from analysis.errors import TrackerError
    from analysis.ingest import reanalyze
    from analysis.store import open_store, stats

    try:
        engine = open_store(args.db, create=False)
        before = stats(engine)["claims"]
        extractor = _load_extractor(args.model)
        bar = _ProgressBar("reanalyze")
        try:
            done = reanalyze(engine, extractor, progress=bar.callback)
        finally:
            bar.close()
        after = stats(engine)["claims"]
    except TrackerError as err:
        return _fail(err)
    except KeyboardInterrupt:
        print("interrupted: finished batches are kept", file=sys.stderr)
        return 130
    version = getattr(extractor, "version", "")
    print(
        f"re-analysed {_plural(done, 'article')} with extractor {version}: "
        f"{before} -> {_plural(after, 'claim')}"
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Print what the store holds."""
    from analysis.errors import TrackerError
    from analysis.store import describe_url, open_store, stats

    try:
        engine = open_store(args.db, create=False)
        counts = stats(engine)
    except TrackerError as err:
        return _fail(err)
    span = f"{counts['first_date']} to {counts['last_date']}" if counts["first_date"] else "-"
    print(f"store: {describe_url(str(engine.url))}")
    print(
        f"articles: {counts['articles']} ({counts['sample_articles']} sample, "
        f"{counts['undated_articles']} undated; dates {span})"
    )
    status = ", ".join(f"{n} {s}" for s, n in sorted(counts["claims_by_status"].items()))
    print(f"claims: {counts['claims']}" + (f" ({status})" if status else ""))
    for theater, n in counts["asserted_by_theater"].items():
        print(f"  {theater or '(no theater)'}: {n} asserted")
    print(
        f"mentions: {counts['mentions']} ({counts['unknown_mentions']} not in the knowledge base)"
    )
    versions = ", ".join(f"{v or '?'}: {n}" for v, n in counts["extractor_versions"].items())
    print(f"extractor versions: {versions or '-'}")
    return 0


# -- feeds ----------------------------------------------------------------------------------


def add_feed_commands(sub: argparse._SubParsersAction, db_help: str) -> None:
    p = sub.add_parser("feeds", help="the RSS and Atom feeds that `watch` polls")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("add", help="add a feed")
    a.add_argument("url", metavar="URL")
    a.add_argument("--theater", default="", help="the theater its articles are about (optional)")
    a.set_defaults(func=cmd_feeds_add)
    a = actions.add_parser("list", help="list the feeds with their last poll")
    a.set_defaults(func=cmd_feeds_list)
    a = actions.add_parser("remove", help="remove a feed (its articles stay)")
    a.add_argument("feed", metavar="URL_OR_NUMBER")
    a.set_defaults(func=cmd_feeds_remove)
    for action in ("add", "list", "remove"):
        actions.choices[action].add_argument(
            "--db", default=None, metavar="PATH_OR_URL", help=db_help
        )
    p = sub.add_parser("watch", help="poll every feed now and then every --interval")
    p.add_argument("--interval", default="15m", help="time between rounds: 30s, 15m, 1h (15m)")
    p.add_argument("--once", action="store_true", help="one round, then stop")
    p.add_argument("--db", default=None, metavar="PATH_OR_URL", help=db_help)
    p.set_defaults(func=cmd_watch)


def cmd_feeds_add(args: argparse.Namespace) -> int:
    from analysis.errors import TrackerError
    from analysis.feeds import add_feed
    from analysis.store import open_store

    try:
        feed = add_feed(open_store(args.db), args.url, theater=args.theater)
    except TrackerError as err:
        return _fail(err)
    print(f"added feed {feed.id}: {feed.url}" + (f" ({feed.theater})" if feed.theater else ""))
    return 0


def cmd_feeds_list(args: argparse.Namespace) -> int:
    from analysis.errors import TrackerError
    from analysis.feeds import list_feeds
    from analysis.store import open_store

    try:
        found = list_feeds(open_store(args.db))
    except TrackerError as err:
        return _fail(err)
    if not found:
        print("no feeds (add one with `python -m analysis feeds add URL`)")
    for feed in found:
        polled = (
            f"{feed.last_poll:%Y-%m-%d %H:%M} {feed.last_status}"
            if feed.last_poll
            else "never polled"
        )
        print(
            f"{feed.id}  {feed.url}  theater: {feed.theater or '-'}  {polled}, "
            f"{feed.last_new} new last time, {feed.total_new} in all"
            + (f"  error: {feed.last_error}" if feed.last_error else "")
        )
    return 0


def cmd_feeds_remove(args: argparse.Namespace) -> int:
    from analysis.errors import TrackerError
    from analysis.feeds import remove_feed
    from analysis.store import open_store

    try:
        feed = remove_feed(open_store(args.db), args.feed)
    except TrackerError as err:
        return _fail(err)
    print(f"removed feed {feed.id}: {feed.url} (its articles stay in the store)")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """Poll the feeds in rounds, one log line per feed per round; Ctrl-C stops cleanly (the
    articles stored so far stay)."""
    import functools
    from datetime import datetime

    from analysis.errors import TrackerError
    from analysis.feeds import list_feeds, parse_interval, watch
    from analysis.store import open_store

    try:
        interval = parse_interval(args.interval)
    except ValueError as err:
        return _fail(err)

    def log(line: str) -> None:
        print(f"{datetime.now():%Y-%m-%d %H:%M:%S} {line}", flush=True)

    try:
        engine = open_store(args.db)
        if not list_feeds(engine):
            print("no feeds to watch (add one with `python -m analysis feeds add URL`)")
            return 1
        # loaded at the first new entry, then kept for every round
        extractor = functools.cache(lambda: _load_extractor(args.model))
        watch(engine, extractor=extractor, interval=interval, once=args.once, log=log)
    except TrackerError as err:
        return _fail(err)
    except KeyboardInterrupt:
        print("stopped: the articles stored so far are kept", file=sys.stderr)
        return 0
    return 0
