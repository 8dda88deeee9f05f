"""Precision, recall and F1 of extracted claims against hand-labelled sets, with bootstrap
95 % intervals (articles resampled), per theater, per outlet and per year.

    python bench/accuracy.py                      # development set written for the project
    python bench/accuracy.py --set sample         # the sample corpus and its gold labels
    python bench/accuracy.py --set real-dev       # real news (FA-KES pool), dev split
    python bench/accuracy.py --set real-test      # real news, test split: report, never tune
    python bench/accuracy.py --errors             # also list every miss and false alarm
    python bench/accuracy.py --set real-dev --alleged   # also the `alleged` flag's agreement

A claim matches when (supporter, relation, target) agree within the same article; on the
real sets its evidence sentence must also overlap a labelled evidence sentence (a claim
with the wrong sentence is a false alarm, and the labelled claim stays missed). Claims
labelled optional count neither way. Outside-actor claims (the product's core) and
faction-vs-faction hostility (a supporter that is itself a faction of the target's war,
`KnowledgeBase.group_of`) are scored apart. Prints; asserts nothing (tests/test_accuracy
sets the floor). The real sets need the pool (../shared/data/fakes_pool).

`--alleged` also scores the `alleged` flag of the labelled claims that were found (on the
real sets, in a labelled evidence sentence): how many agree with the label, and how many
plain reports were flagged alleged or allegations left plain.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from analysis.corpus import judge, load_pool, read_labels, text_sha1, verdict  # noqa: E402
from analysis.models import Article  # noqa: E402
from analysis.relmodel.model import rule_family  # noqa: E402

WRITTEN = {
    "dev": (ROOT / "bench/data/devset.jsonl", None),
    "sample": (ROOT / "analysis/data/sample_corpus.jsonl", ROOT / "bench/data/sample_gold.jsonl"),
}
REAL = {"real-train": "train", "real-dev": "dev", "real-test": "test"}
SETS = (*WRITTEN, *REAL)


@dataclass
class Item:
    """One labelled article: the article, its gold claims and the outlet."""

    article: Article
    gold: list[dict]
    outlet: str = ""
    evidence: bool = False  # whether gold claims carry evidence offsets


def load_written(name: str) -> list[Item]:
    texts, gold = WRITTEN[name]
    rows = [json.loads(line) for line in texts.read_text(encoding="utf-8").splitlines() if line]
    labels = (
        [json.loads(line)["claims"] for line in gold.read_text(encoding="utf-8").splitlines()]
        if gold
        else [row["claims"] for row in rows]
    )
    out = []
    for i, (row, claims) in enumerate(zip(rows, labels, strict=True)):
        source = row.get("id") or row.get("url") or f"item-{i}"
        article = Article(
            text=row["text"], title=row.get("title", ""), date=row.get("date"), source=source
        )
        out.append(Item(article, claims, outlet=row.get("outlet", "")))
    return out


def load_real(split: str) -> list[Item]:
    pool = load_pool()
    out = []
    for row in read_labels():
        if row["split"] != split:
            continue
        text = pool[row["id"]]["text"]
        if text_sha1(text) != row["text_sha1"]:
            raise SystemExit(f"{row['id']}: the pool's text differs from the labelled one")
        title = pool[row["id"]].get("title", "")
        article = Article(
            text=text, title=title, date=row["date"], source=row["id"], outlet=row["outlet"]
        )
        out.append(Item(article, row["claims"], outlet=row["outlet"], evidence=True))
    return out


@dataclass
class Tally:
    """Per-article counts, so that intervals can resample articles."""

    per_article: list[tuple[int, int, int]] = field(default_factory=list)

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.per_article.append((tp, fp, fn))

    def totals(self, rows=None) -> tuple[int, int, int]:
        rows = self.per_article if rows is None else rows
        return tuple(sum(r[k] for r in rows) for k in range(3))  # type: ignore[return-value]


def score(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def interval(tally: Tally, *, reps: int = 1000, seed: int = 7) -> list[tuple[float, float]]:
    """Bootstrap 95 % intervals of P, R and F1 over articles."""
    rows = tally.per_article
    if not rows:
        return [(0.0, 0.0)] * 3
    rng = random.Random(seed)
    samples = [score(*tally.totals(rng.choices(rows, k=len(rows)))) for _ in range(reps)]
    out = []
    for k in range(3):
        values = sorted(s[k] for s in samples)
        out.append((values[int(0.025 * reps)], values[int(0.975 * reps) - 1]))
    return out


def evidence_of(item: Item, key: tuple[str, str, str]) -> str:
    """The first evidence passage the gold gives for a claim (for error listings)."""
    for g in item.gold:
        if (g["supporter"], g["relation"], g["target"]) == key and g.get("evidence"):
            start, end = g["evidence"][0]
            return item.article.text[start:end]
    return ""


def compare(item: Item, claims, group_of, errors: list[str]) -> dict[tuple[str, str], list]:
    """(group, theater) -> [tp, fp, fn] for one article."""
    got: dict[tuple, list] = defaultdict(list)
    for claim in claims:
        got[(claim.supporter, claim.relation, claim.target)].append(claim)
    found = {key: [(c.start, c.end) for c in cs] for key, cs in got.items()}
    theaters = {(g["supporter"], g["relation"], g["target"]): g["theater"] for g in item.gold}
    cells: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, 0])
    for key, counts in judge(item.gold, found, evidence=item.evidence).items():
        theater = theaters.get(key) or got[key][0].theater
        cell = cells[(group_of(key[0], key[2]), theater)]
        for k in range(3):
            cell[k] += counts[k]
        if counts[1]:
            errors.append(f"FP {item.article.source}: {key} <- {got[key][0].sentence!r}")
        if counts[2]:
            errors.append(f"FN {item.article.source}: {key} <- {evidence_of(item, key)!r}")
    return cells


def report(name: str, tallies: dict[tuple[str, str], Tally], width: int = 22) -> None:
    print(
        f"{'claims':<9}{name:<{width}}{'tp':>5}{'fp':>5}{'fn':>5}"
        f"{'P':>7}{'R':>7}{'F1':>7}   95% interval P / R / F1"
    )
    for (group, key), tally in sorted(tallies.items()):
        tp, fp, fn = tally.totals()
        p, r, f = score(tp, fp, fn)
        ci = interval(tally)
        bounds = " / ".join(f"{lo:.2f}-{hi:.2f}" for lo, hi in ci)
        print(
            f"{group:<9}{key:<{width}}{tp:>5}{fp:>5}{fn:>5}{p:>7.3f}{r:>7.3f}{f:>7.3f}   {bounds}"
        )


def by_rule(item: Item, claims, tally: dict[str, list[int]]) -> None:
    """Add each claim of an article to its rule's [claims, right] (optional labels skipped):
    how often each rule, and the model, is right on this set."""
    for claim in claims:
        key = (claim.supporter, claim.relation, claim.target)
        right = verdict(item.gold, key, claim.start, claim.end, evidence=item.evidence)
        if right is None:
            continue
        counts = tally[rule_family(claim.rule)]
        counts[0] += 1
        counts[1] += right


def alleged_agreement(item: Item, claims, group_of, tally: Counter) -> None:
    """Count, for each labelled claim that was found (optional ones skipped), the label's
    `alleged` against the extractor's: `tally[(group, labelled, found)] += 1`. The found
    claim is alleged when every sentence it was found in (that the label's evidence
    overlaps, on the real sets) is: one plain statement makes the article's claim plain."""
    for g in item.gold:
        if g.get("optional"):
            continue
        key = (g["supporter"], g["relation"], g["target"])
        spans = g.get("evidence") if item.evidence else None
        found = [
            c.alleged
            for c in claims
            if (c.supporter, c.relation, c.target) == key
            and (spans is None or any(c.start < ge and gs < c.end for gs, ge in spans))
        ]
        if found:
            tally[(group_of(key[0], key[2]), bool(g.get("alleged")), all(found))] += 1


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score 95 % interval of a proportion of `hits` in `n`."""
    if not n:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return centre - half, centre + half


def report_alleged(tally: Counter) -> None:
    print(
        f"{'alleged':<9}{'found':>7}{'agree':>7}{'rate':>7}{'95%':>11}"
        f"{'plain->alleged':>16}{'alleged->plain':>16}"
    )
    for group in ("outside", "faction"):
        n = {(lab, got): tally[(group, lab, got)] for lab in (False, True) for got in (False, True)}
        total, agree = sum(n.values()), n[(False, False)] + n[(True, True)]
        rate = agree / total if total else 1.0
        flagged, missed = n[(False, True)], n[(True, False)]
        low, high = wilson(agree, total)
        print(
            f"{group:<9}{total:>7}{agree:>7}{rate:>7.3f}{f'{low:.2f}-{high:.2f}':>11}"
            f"{flagged:>16}{missed:>16}"
        )


def report_rules(tally: dict[str, list[int]]) -> None:
    print(f"{'rule':<14}{'claims':>8}{'right':>7}{'P':>7}")
    for rule, (n, right) in sorted(tally.items(), key=lambda kv: -kv[1][0]):
        print(f"{rule:<14}{n:>8}{right:>7}{right / n:>7.3f}")


def extract_all(extractor, items: list[Item]) -> list:
    """The extraction of every item's article, in order."""
    articles = [item.article for item in items]
    return [extraction for _, extraction in extractor.extract_many(articles)]


def evaluate(
    extractor,
    items: list[Item],
    *,
    errors: list[str],
    min_confidence: float = 0.0,
    rules: dict[str, list[int]] | None = None,
    extractions: list | None = None,
    alleged: Counter | None = None,
    by_year: dict[tuple[str, str], Tally] | None = None,
):
    """Tallies by (group, theater) and by (group, outlet), each with an 'all' row; with
    `by_year`, also (group, year of the article) into it. `extractions` (one per item, from
    `extract_all`) saves extracting again when one set is scored at several confidence
    levels."""
    by_theater: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_outlet: dict[tuple[str, str], Tally] = defaultdict(Tally)
    if extractions is None:
        extractions = extract_all(extractor, items)
    for item, extraction in zip(items, extractions, strict=True):
        claims = [c for c in extraction.claims if c.confidence >= min_confidence]
        cells = compare(item, claims, extractor.kb.group_of, errors)
        if rules is not None:
            by_rule(item, claims, rules)
        if alleged is not None:
            alleged_agreement(item, claims, extractor.kb.group_of, alleged)
        for group in ("outside", "faction"):
            mine = {t: c for (g, t), c in cells.items() if g == group}
            for theater, cell in mine.items():
                by_theater[(group, theater)].add(*cell)
            total = [sum(c[k] for c in mine.values()) for k in range(3)]
            by_theater[(group, "all")].add(*total)
            if item.outlet:
                by_outlet[(group, item.outlet)].add(*total)
            if by_year is not None and item.article.date:
                by_year[(group, str(item.article.date)[:4])].add(*total)
    return by_theater, by_outlet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=SETS, default="dev")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--model", default=None, help="spaCy model (default: the bundled)")
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        help="score only claims at or above this confidence (the dashboard's filter)",
    )
    parser.add_argument(
        "--by-rule", action="store_true", help="precision of each rule's claims (and the model's)"
    )
    parser.add_argument(
        "--alleged", action="store_true", help="agreement of the alleged flag with the labels"
    )
    parser.add_argument(
        "--rules-only", action="store_true", help="the rules and constructions without the model"
    )
    args = parser.parse_args(argv)

    from analysis.extract import Extractor

    extractor = Extractor.load(args.model, announce=True)
    if args.rules_only:
        extractor.nlp.disable_pipe("relation_model")
    items = load_real(REAL[args.set]) if args.set in REAL else load_written(args.set)
    started = time.perf_counter()
    errors: list[str] = []
    rules: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    alleged: Counter = Counter()
    by_year: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_theater, by_outlet = evaluate(
        extractor,
        items,
        errors=errors,
        min_confidence=args.min_confidence,
        rules=rules,
        alleged=alleged,
        by_year=by_year,
    )
    elapsed = time.perf_counter() - started
    print(f"set: {args.set} ({len(items)} articles), {extractor.info}")
    if args.rules_only:
        print("rules and constructions only (relation model off)")
    if args.min_confidence:
        print(f"claims with confidence >= {args.min_confidence} only")
    report("theater", by_theater)
    if by_outlet:
        print()
        report("outlet", by_outlet)
    if by_year:
        print()
        report("year", by_year)
    if args.by_rule:
        print()
        report_rules(rules)
    if args.alleged:
        print()
        report_alleged(alleged)
    print(f"extraction time: {elapsed:.1f} s")
    if args.errors:
        print("\n".join(sorted(errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
