"""Ingest throughput against spaCy's own speed on the same texts, measured in one run.

    python bench/ingest.py                          # 300 articles of the news mix
    python bench/ingest.py --articles 1000 --profile
    python bench/ingest.py --articles 10000 --no-reference --no-check   # memory at scale
    python bench/ingest.py --articles 1000 --workers 2      # Dask: 1 worker, then 2
    python bench/ingest.py --scheduler tcp://host:8786      # Dask: the workers there

The reference is the English model run as spaCy users run it: `spacy.load(name)` with its
full default pipeline and `nlp.pipe(texts)` in one process. The project's figure is
`python -m analysis ingest FOLDER --db TMP` run as a subprocess (loading files, the model,
extraction and the store: everything), and, in this process, `ingest_paths` after the
extractor is loaded (the same work without start-up and model load). The articles come from
`bench/news_mix.py` (a third on Libya or Syria), written as .json and .txt files.

The claims the command stored are compared, article by article, with those of the plain
path (`Extractor.extract`, one article at a time, `fast=False` when the extractor has that
switch). `--profile` adds where the time goes: each pipeline component, extraction, the
store, and how much text a pre-filter could keep from the parser. The target is a ratio of
at least 3 and a peak resident size under 1.5 GiB for 10,000 articles. Prints; asserts
nothing.

`--workers N` measures the ingest on a local Dask cluster (`analysis.distributed`) instead:
one worker, then N, each after the cluster is up and its workers have loaded the model
(timed apart), with articles per second per worker, the scaling from 1 to N, the load
average of the machine beside each figure (other work on it skews them), and the claims of
the runs compared with each other and with the plain path. `--scheduler URL` measures the
workers of a running cluster the same way.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from news_mix import news_mix  # noqa: E402
from sqlalchemy import select  # noqa: E402

from analysis import loaders, store  # noqa: E402
from analysis.models import MENTION_OFFSETS, RELATION_FIELDS  # noqa: E402
from analysis.nlp import SPANS_KEY, resolve_model_name  # noqa: E402

TARGET_RATIO = 3.0
TARGET_RSS_GIB = 1.5
# A claim as compared: every stored field but the sentence text (given by offsets).
CLAIM_FIELDS = (
    *RELATION_FIELDS,
    "start",
    "end",
    "status",
    "alleged",
    *MENTION_OFFSETS,
    "date",
    "confidence",
    "rule",
)
MENTION_FIELDS = ("actor", "label", "start", "end")


def write_articles(folder: Path, n: int, *, seed: int) -> int:
    """Write `n` articles of the news mix: two in three as .json, one in three as .txt."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i, article in enumerate(news_mix(n, seed=seed)):
        words += len(article["text"].split())
        name = folder / f"article_{i:06d}"
        if i % 3 == 2:
            name.with_suffix(".txt").write_text(article["text"], encoding="utf-8")
        else:
            fields = {k: article[k] for k in ("title", "date", "text", "url", "outlet")}
            name.with_suffix(".json").write_text(json.dumps(fields), encoding="utf-8")
    return words


def load_articles(folder: Path):
    return [a for _, result in loaders.load_paths([folder]) for a in result]


def reference(model: str, texts: list[str], *, n_process: int = 1) -> float:
    """Seconds for spaCy's full default pipeline over `texts` (after a short warm-up)."""
    import spacy

    nlp = spacy.load(model)
    for _ in nlp.pipe(texts[:5]):
        pass
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process):
        pass
    return time.perf_counter() - started


def run_command(args: list[str]) -> tuple[float, int, int, str]:
    """Wall seconds, exit code, peak resident KiB and output of a subprocess."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not all children's
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return seconds, proc.returncode, usage.ru_maxrss, out.read()


def stored_findings(db: Path) -> tuple[dict[str, set[tuple]], dict[str, set[tuple]]]:
    """Claims and mentions in the store, keyed by their article's content hash."""
    engine = store.open_store(str(db), create=False)
    c, a, m = store.claims.c, store.articles.c, store.mentions.c
    claims: dict[str, set[tuple]] = defaultdict(set)
    mentions: dict[str, set[tuple]] = defaultdict(set)
    with engine.connect() as conn:
        for digest in conn.execute(select(a.content_hash)).scalars():
            claims[digest], mentions[digest] = set(), set()
        stmt = select(a.content_hash, *[c[name] for name in CLAIM_FIELDS]).join_from(
            store.claims, store.articles, c.article_id == a.id
        )
        for digest, *values in conn.execute(stmt):
            claims[digest].add(_claim_key(dict(zip(CLAIM_FIELDS, values, strict=True))))
        stmt = select(a.content_hash, *[m[name] for name in MENTION_FIELDS]).join_from(
            store.mentions, store.articles, m.article_id == a.id
        )
        for digest, *values in conn.execute(stmt):
            mentions[digest].add(tuple(values))
    engine.dispose()
    return claims, mentions


def _claim_key(fields: dict) -> tuple:
    """A claim as compared: every stored field but the sentence text (given by offsets)."""
    fields = {**fields, "alleged": bool(fields["alleged"]), "date": store.to_date(fields["date"])}
    return tuple(fields[n] for n in CLAIM_FIELDS)


def plain_extractor():
    """The unoptimised extractor: `fast=False` when the extractor offers that switch."""
    from analysis.extract import Extractor

    if "fast" in inspect.signature(Extractor.load).parameters:
        return Extractor.load(fast=False)
    return Extractor.load()


def compare(articles, db: Path) -> tuple[int, int, int, list[str]]:
    """Articles compared, articles whose claims differ, articles whose mentions differ, and
    a few examples of claim differences."""
    stored, stored_mentions = stored_findings(db)
    extractor = plain_extractor()
    differ = mentions_differ = 0
    examples: list[str] = []
    for article in articles:
        extraction = extractor.extract(article)
        plain = {
            _claim_key({n: getattr(claim, n) for n in CLAIM_FIELDS})
            for claim in [*extraction.claims, *extraction.rejected]
        }
        digest = store.content_hash(article.text)
        found = stored.get(digest, set())
        if found != plain:
            differ += 1
            if len(examples) < 5:
                extra = sorted(map(str, found - plain))[:2]
                missing = sorted(map(str, plain - found))[:2]
                examples.append(f"{article.source}: extra {extra} missing {missing}")
        plain_mentions = {
            tuple(getattr(mention, n) for n in MENTION_FIELDS) for mention in extraction.mentions
        }
        if stored_mentions.get(digest, set()) != plain_mentions:
            mentions_differ += 1
    return len(articles), differ, mentions_differ, examples


def in_process(folder: Path, db: Path) -> tuple[float, float, int]:
    """(model load seconds, ingest seconds after load, claims) with `ingest_paths`."""
    from analysis.extract import Extractor
    from analysis.ingest import ingest_paths

    started = time.perf_counter()
    extractor = Extractor.load()
    loaded = time.perf_counter()
    engine = store.open_store(str(db))
    report = ingest_paths(engine, [folder], extractor=extractor)
    done = time.perf_counter()
    engine.dispose()
    no_failures(report, "in-process ingest")
    return loaded - started, done - loaded, report.claims


def no_failures(report, run: str) -> None:
    """A run in which articles failed measured something else: stop with the first reason."""
    if report.failed:
        first = report.failures[0]
        raise SystemExit(
            f"{run}: {report.failed} articles failed (first, {first.source}: {first.reason}); "
            "no figure is given for it"
        )


def profile(articles, *, batch_size: int = 32) -> None:
    """Where ingest time goes, one process: the first pass, each pipeline component on the
    articles it lets through, the extraction rules, the store; then how much of the parsed
    text a sentence-level pre-filter would keep, and what a second process gives."""
    from analysis.extract import Extractor, clean_text, load_cues
    from analysis.ingest import ingest_articles

    extractor = Extractor.load()
    nlp = extractor.nlp
    texts = [clean_text(a.text) for a in articles]
    times: dict[str, float] = {}
    started = time.perf_counter()
    cheap = [extractor.first_pass(t) for t in texts]
    todo = [i for i, doc in enumerate(cheap) if extractor.could_claim(doc)]
    times["first pass (tokenizer, KB rulers, filter)"] = time.perf_counter() - started
    parsed_words = sum(len(articles[i].text.split()) for i in todo)
    docs = [nlp.make_doc(texts[i]) for i in todo]
    for doc, i in zip(docs, todo, strict=True):
        doc._.article_date = articles[i].date
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        times[f"{name} (parsed articles only)"] = time.perf_counter() - started
    started = time.perf_counter()
    extractions = [extractor._mentions_only(doc, a) for doc, a in zip(cheap, articles, strict=True)]
    for doc, i in zip(docs, todo, strict=True):
        extractions[i] = extractor._extraction(doc, articles[i])
    times["claims back from the docs, mentions of skipped articles"] = time.perf_counter() - started
    by_id = {id(a): e for a, e in zip(articles, extractions, strict=True)}

    class Done:  # an extractor that hands back the extractions already made
        version = extractor.version

        def extract_many(self, batch, **_):
            for article in batch:
                yield article, by_id[id(article)]

    with tempfile.TemporaryDirectory() as tmp:
        engine = store.open_store(str(Path(tmp) / "profile.db"))
        started = time.perf_counter()
        ingest_articles(engine, articles, extractor=Done())
        times["store (language check, hashes, inserts)"] = time.perf_counter() - started
        engine.dispose()

    total = sum(times.values())
    print(
        f"\nprofile: {len(articles)} articles, {len(todo)} sent to the parser "
        f"({parsed_words:,} words), one process, batch {batch_size}"
    )
    for name, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<46}{seconds:>8.2f} s {100 * seconds / total:>5.1f} %")
    print(f"  {'total':<46}{total:>8.2f} s")

    cue_words = {w for words in load_cues().by_role.values() for w in words}
    tokens = kept_two = kept_cue = 0
    for doc in docs:
        tokens += len(doc)
        spans = doc.spans.get(SPANS_KEY, [])
        for sent in doc.sents:
            inside = [s for s in spans if s.start >= sent.start and s.end <= sent.end]
            if len(inside) >= 2:
                kept_two += len(sent)
                kept_cue += len(sent)
            elif inside and any(
                t.lemma_.lower() in cue_words or t.lower_ in cue_words for t in sent
            ):
                kept_cue += len(sent)
    tokens = max(tokens, 1)
    print("\nsentence pre-filter, share of the parsed articles' tokens it would keep:")
    print(f"  sentences naming two or more actor aliases:    {100 * kept_two / tokens:5.1f} %")
    print(f"  ... or one alias and a cue word:               {100 * kept_cue / tokens:5.1f} %")

    print("\nextract_many over all the articles (fast path):")
    for n_process in (1, 2):
        started = time.perf_counter()
        for _ in extractor.extract_many(articles, batch_size=batch_size, n_process=n_process):
            pass
        rate = len(articles) / (time.perf_counter() - started)
        print(f"  n_process={n_process}: {rate:7.1f} articles/s")


def on_cluster(
    folder: Path, db: Path, *, workers: int | None = None, scheduler: str | None = None
) -> tuple[float, float, int, int]:
    """(start-up seconds, ingest seconds after start-up, workers, claims) of `ingest_paths`
    on a Dask cluster: a local one of `workers` processes, or the one at `scheduler`."""
    from analysis.distributed import connect
    from analysis.ingest import ingest_paths

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    extractor = connect(workers=workers, scheduler=scheduler)
    up = time.perf_counter()
    try:
        count = extractor.workers()
        engine = store.open_store(str(db))
        report = ingest_paths(engine, [folder], extractor=extractor)
        done = time.perf_counter()
        engine.dispose()
    finally:
        extractor.close()
    no_failures(report, f"ingest on {count} Dask worker(s)")
    return up - started, done - up, count, report.claims


def cluster_bench(args, folder: Path, work: Path, articles: list, words: int) -> None:
    """The Dask section: 1 worker then N (or the scheduler's workers), claims compared."""
    runs = [{"workers": 1}, {"workers": args.workers}] if args.workers else []
    if args.workers == 1:
        runs = runs[:1]
    if args.scheduler:
        runs = [{"scheduler": args.scheduler}]
    n = len(articles)
    rates: dict[int, list[float]] = defaultdict(list)
    dbs: list[Path] = []
    # Rounds alternate the sizes, so that a burst of other work on the machine does not
    # fall on one size only; the best round of each size is compared.
    for round_, run in enumerate(runs * args.rounds):
        db = work / f"dask-{run.get('workers', 'scheduler')}-{round_ // len(runs)}.db"
        before = os.getloadavg()[0]
        start_up, seconds, count, claims = on_cluster(folder, db, **run)
        after = os.getloadavg()[0]
        rates[count].append(n / seconds)
        dbs.append(db)
        print(
            f"dask       {count} worker{'s' if count != 1 else ''}: start-up and model load "
            f"{start_up:5.1f} s, ingest {seconds:8.2f} s {n / seconds:8.1f} articles/s "
            f"{n / seconds / count:7.1f} per worker {words / seconds:9.0f} words/s "
            f"({claims} claims; load average {before:.1f} before, {after:.1f} after)"
        )
    if len(rates) == 2:
        (one, r1), (many, rn) = sorted(rates.items())
        print(
            f"scaling {one} -> {many} workers: {max(rn) / max(r1):.2f}x, best round of each "
            f"(target ≥ 1.6 at 2 workers); rounds: "
            + ", ".join(f"{b / a:.2f}x" for a, b in zip(r1, rn, strict=True))
        )
    if len(runs) == 2:
        first, second = stored_findings(dbs[0]), stored_findings(dbs[1])
        verdict = "identical" if first == second else "DIFFERENT"
        print(f"claims and mentions, 1 worker vs {args.workers} workers: {verdict}")
    if not args.no_check:
        compared, differ, mentions_differ, examples = compare(articles, dbs[-1])
        print(
            f"claims, {dbs[-1].name} vs plain Extractor.extract: {compared - differ}/{compared} "
            f"articles identical; mentions: {compared - mentions_differ}/{compared}"
        )
        for line in examples:
            print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", default=None, help="work folder (default: a temp dir)")
    parser.add_argument("--no-reference", action="store_true", help="skip the spaCy reference")
    parser.add_argument("--no-check", action="store_true", help="skip the claims comparison")
    parser.add_argument("--no-inprocess", action="store_true", help="skip the in-process ingest")
    parser.add_argument("--profile", action="store_true", help="also show where time goes")
    cluster = parser.add_mutually_exclusive_group()
    cluster.add_argument(
        "--workers", type=int, default=None, help="Dask: a local cluster of 1, then N workers"
    )
    cluster.add_argument("--scheduler", default=None, help="Dask: the cluster at this URL")
    parser.add_argument("--rounds", type=int, default=1, help="Dask: runs of each size")
    args = parser.parse_args(argv)

    work = Path(args.dir or tempfile.mkdtemp(prefix="tracker-ingest-"))
    folder = work / "articles"
    words = write_articles(folder, args.articles, seed=args.seed)
    articles = load_articles(folder)
    texts = [a.text for a in articles]
    model, _ = resolve_model_name()
    n = len(articles)
    print(f"machine: {os.cpu_count()} cores; model {model}")
    print(f"news mix: {n} articles, {words:,} words (seed {args.seed}) in {folder}")
    if args.workers or args.scheduler:
        cluster_bench(args, folder, work, articles, words)
        return 0

    # Read the model files once so that neither side pays for a cold disk cache. The
    # ingest runs before this process grows: a child's peak resident size counts the
    # parent's pages it was forked with.
    run_command([sys.executable, "-c", f"import spacy; spacy.load({model!r})"])
    db = work / "ingest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    seconds, code, peak_kib, output = run_command(
        [sys.executable, "-m", "analysis", "ingest", str(folder), "--db", str(db)]
    )
    if code != 0:  # failed articles, or worse: the time measured something else
        raise SystemExit(f"ingest exited with {code}; no figure is given for it:\n{output}")
    print(
        f"project    python -m analysis ingest (everything):  {seconds:8.2f} s "
        f"{n / seconds:8.1f} articles/s {words / seconds:9.0f} words/s"
    )
    print(
        f"           peak resident size of the ingest: {peak_kib / 1048576:.2f} GiB "
        f"(target < {TARGET_RSS_GIB} GiB at 10,000 articles)"
    )

    ref = None
    if not args.no_reference:
        ref = reference(model, texts)
        print(
            f"reference  spaCy nlp.pipe, full pipeline, 1 process: {ref:8.2f} s "
            f"{n / ref:8.1f} articles/s {words / ref:9.0f} words/s"
        )

    load = after = None
    inproc_db = work / "inprocess.db"
    if not args.no_inprocess:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{inproc_db}{suffix}").unlink(missing_ok=True)
        load, after, _ = in_process(folder, inproc_db)
        print(
            f"project    ingest_paths after model load ({load:.1f} s):  {after:8.2f} s "
            f"{n / after:8.1f} articles/s {words / after:9.0f} words/s"
        )

    if ref is not None:
        ratio = ref / seconds
        verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
        print(
            f"\nratio (ingest throughput / reference throughput): {ratio:.2f} "
            f"(target ≥ {TARGET_RATIO:g}: {verdict})"
        )
        if after:
            print(f"ratio without start-up and model load:             {ref / after:.2f}")

    if not args.no_check:
        # Against the in-process store when there is one: its code was read by this process,
        # as the plain extractor's is, so an edit to the source during the run cannot differ.
        checked = inproc_db if after else db
        compared, differ, mentions_differ, examples = compare(articles, checked)
        verdict = "identical" if differ == 0 else "DIFFERENT"
        print(
            f"\nclaims, ingested ({checked.name}) vs plain Extractor.extract: "
            f"{compared - differ}/{compared} "
            f"articles identical ({verdict})"
        )
        print(
            f"mentions, ingested ({checked.name}) vs plain Extractor.extract: "
            f"{compared - mentions_differ}/{compared} articles identical"
        )
        for line in examples:
            print(f"  {line}")

    if args.profile:
        profile(articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
