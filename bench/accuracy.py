"""Precision, recall and F1 of extracted claims against a hand-labelled development set.

    python bench/accuracy.py                      # bench/data/devset.jsonl
    python bench/accuracy.py --set sample         # the sample corpus and its gold labels
    python bench/accuracy.py --errors             # also list every miss and false alarm

A claim matches when (supporter, relation, target) agree within the same article; claims are
counted once per article. Figures are printed per theater, for outside-actor claims (the
product's core) and separately for faction-vs-faction hostility. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.extract import Extractor  # noqa: E402
from analysis.models import Article  # noqa: E402

SETS = {
    "dev": (ROOT / "bench/data/devset.jsonl", None),
    "sample": (ROOT / "analysis/data/sample_corpus.jsonl", ROOT / "bench/data/sample_gold.jsonl"),
}


def load_set(name: str) -> list[tuple[Article, list[dict]]]:
    texts, gold = SETS[name]
    rows = [json.loads(line) for line in texts.read_text(encoding="utf-8").splitlines() if line]
    labels = (
        [
            json.loads(line)["claims"]
            for line in gold.read_text(encoding="utf-8").splitlines()
            if line
        ]
        if gold
        else [row["claims"] for row in rows]
    )
    out = []
    for i, (row, claims) in enumerate(zip(rows, labels, strict=True)):
        source = row.get("id") or row.get("url") or f"item-{i}"
        article = Article(
            text=row["text"], title=row.get("title", ""), date=row.get("date"), source=source
        )
        out.append((article, claims))
    return out


def score(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)

    extractor = Extractor.load(args.model, announce=True)
    data = load_set(args.set)
    outside = extractor.kb.outside_actors()
    started = time.perf_counter()
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    alleged_agree = alleged_total = 0
    errors: list[str] = []
    for article, gold_claims in data:
        got = {}
        for claim in extractor.extract(article).claims:
            got.setdefault((claim.supporter, claim.relation, claim.target), claim)
        gold = {(g["supporter"], g["relation"], g["target"]): g for g in gold_claims}
        for key in got.keys() | gold.keys():
            sup = key[0]
            group = "outside" if sup in outside or sup not in extractor.kb.actors else "faction"
            if extractor.kb.actors.get(sup) and extractor.kb.actors[sup].type != "faction":
                group = "outside"
            theater = (gold.get(key) or {}).get("theater") or got[key].theater
            cell = counts[(group, theater)]
            if key in got and key in gold:
                cell[0] += 1
                alleged_total += 1
                alleged_agree += bool(got[key].alleged) == bool(gold[key].get("alleged"))
            elif key in got:
                cell[1] += 1
                errors.append(f"FP {article.source}: {key} <- {got[key].sentence!r}")
            else:
                cell[2] += 1
                errors.append(f"FN {article.source}: {key}")
    elapsed = time.perf_counter() - started

    print(f"set: {args.set} ({len(data)} articles), {extractor.info}")
    print(f"{'claims':<10}{'theater':<10}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for group in ("outside", "faction"):
        total = [0, 0, 0]
        for (g, theater), cell in sorted(counts.items()):
            if g != group:
                continue
            total = [a + b for a, b in zip(total, cell, strict=True)]
            p, r, f = score(*cell)
            print(
                f"{group:<10}{theater:<10}{cell[0]:>5}{cell[1]:>5}{cell[2]:>5}"
                f"{p:>8.3f}{r:>8.3f}{f:>8.3f}"
            )
        p, r, f = score(*total)
        print(
            f"{group:<10}{'all':<10}{total[0]:>5}{total[1]:>5}{total[2]:>5}"
            f"{p:>8.3f}{r:>8.3f}{f:>8.3f}"
        )
    if alleged_total:
        print(f"alleged flag agrees on {alleged_agree}/{alleged_total} matched claims")
    print(f"extraction time: {elapsed:.1f} s")
    if args.errors:
        print("\n".join(sorted(errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
