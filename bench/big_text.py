"""A big claim-bearing text in a batch of small files: its throughput, and how soon the
small files are stored beside it.

    python bench/big_text.py                 # a 6 MB text, 20 small articles, a bad file
    python bench/big_text.py --mb 0.2 --small 3 --big-chars 20000

The big text is made of the news mix's claim sentences (`bench/news_mix.py`, Libya and
Syria, four to a paragraph), so the parser reads all of it. The batch (the big text first
in name order, the small news-mix articles, one broken JSON file) is written to a folder
and ingested in this process with `ingest_paths` after the extractor is loaded, with the
settings' big-text size. Prints the time to the first and the last stored small file, the
big text's parts and throughput (MB/s, words/s) and the peak resident size of this process
and of its worker processes. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import news_mix  # noqa: E402

from analysis.config import BIG_TEXT_ENV, STREAM_PART_CHARS, settings  # noqa: E402

BIG_NAME = "a_big.txt"  # sorts first: the batch meets it before any small file


def claim_text(size: int, *, seed: int) -> str:
    """About `size` characters of claim sentences from the news mix, four to a paragraph."""
    rng = random.Random(seed)
    pool = news_mix.LIBYA_CLAIMS + news_mix.SYRIA_CLAIMS
    paragraphs, chars = [], 0
    while chars < size:
        paragraph = " ".join(news_mix._fill(rng.choice(pool), rng) for _ in range(4))
        paragraphs.append(paragraph)
        chars += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def write_batch(folder: Path, *, mb: float, small: int, seed: int) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    big = claim_text(int(mb * 1_000_000), seed=seed)
    (folder / BIG_NAME).write_text(big, encoding="utf-8")
    for i, article in enumerate(news_mix.news_mix(small, seed=seed)):
        (folder / f"small_{i:03d}.txt").write_text(article["text"], encoding="utf-8")
    (folder / "broken.json").write_text('{"text": ', encoding="utf-8")
    return big


def _cpu_seconds() -> float:
    """User and system time of this process and of its finished worker processes: on a
    shared machine the wall-clock figures vary with the load, this much less."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=6.0, help="size of the big text, in MB")
    parser.add_argument("--small", type=int, default=20, help="small articles beside it")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--big-chars", type=int, default=None, help="the big-text size (default: the setting)"
    )
    parser.add_argument("--dir", default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.big_chars:
        os.environ[BIG_TEXT_ENV] = str(args.big_chars)

    from analysis.extract import Extractor
    from analysis.ingest import ingest_paths
    from analysis.store import open_store

    work = Path(args.dir or tempfile.mkdtemp(prefix="big_text_"))
    big = write_batch(work / "batch", mb=args.mb, small=args.small, seed=args.seed)
    words = len(big.split())
    started = time.perf_counter()
    extractor = Extractor.load()
    loaded = time.perf_counter() - started
    engine = open_store(work / "big.db")
    times: dict[str, float] = {}
    stored_small: list[float] = []
    parts = 0

    def on_item(item) -> None:
        nonlocal parts
        now = time.perf_counter() - t0
        is_big = Path(item.file).name == BIG_NAME
        if item.status == "working":
            parts = item.parts
            times.setdefault("first part", now)
        elif item.status == "added" and is_big:
            times["big stored"] = now
        elif item.status == "added":
            stored_small.append(now)

    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    report = ingest_paths(engine, [work / "batch"], extractor=extractor, on_item=on_item)
    total = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    [big_item] = [i for i in report.items if Path(i.source).name == BIG_NAME]
    big_time = times["big stored"] - stored_small[-1]
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2

    print(f"machine: {os.cpu_count()} cores; model loaded in {loaded:.1f} s")
    print(
        f"batch: {BIG_NAME} {len(big) / 1e6:.2f} MB ({words:,} words), "
        f"{args.small} small articles, 1 broken file"
    )
    print(
        f"big-text size {settings().big_text_chars:,} characters; "
        f"parts of at most {min(settings().big_text_chars, STREAM_PART_CHARS):,}"
    )
    print(f"report: {report.summary()}")
    print(f"first small file stored after   {stored_small[0]:8.2f} s")
    print(f"last small file stored after    {stored_small[-1]:8.2f} s")
    first_part = times.get("first part", float("nan"))  # nan: the text was not big
    print(f"big text: first part done after {first_part:8.2f} s ({parts} parts)")
    print(f"big text stored after           {times['big stored']:8.2f} s ({total:.2f} s in all)")
    print(
        f"big text throughput: {len(big) / 1e6 / big_time:.3f} MB/s, "
        f"{words / big_time:,.0f} words/s, {big_item.claims:,} claims "
        f"({big_time:.1f} s after the small files)"
    )
    print(
        f"CPU time of the ingest: {cpu:.1f} s over {total:.1f} s "
        f"({words / cpu:,.0f} words per CPU second; load average {os.getloadavg()[0]:.1f})"
    )
    print(f"peak resident size: {own:.2f} GiB this process, {children:.2f} GiB a worker")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
