"""How far two annotators agree on the real-news labels, beside the extractor's score.

    python bench/agreement.py            # agreement and the extractor, per split and group
    python bench/agreement.py --sample   # the ids of the double-labelled sample

A sample of the pool (SAMPLE_SIZE articles of each split, drawn with SAMPLE_SEED) was
labelled a second time (`bench/data/real/second.jsonl`) by annotators who never saw the
first labels (`gold.jsonl`) or the extractor's output, from the same guideline
(docs/labelling.md). The second labels are scored against the first exactly as the
extractor is scored (`bench/accuracy.py`): a claim matches when supporter, relation and
target agree in the article and one of its evidence sentences overlaps the other's. A claim
either annotator marked optional counts neither way; a second column counts the grey cases
too, as plain claims (do the two label the same claims at all?). F1 between two annotators
is symmetric (the second's precision against the first is the first's recall against the
second), and it bounds what any extractor can be shown to reach on these labels. The
extractor is scored on the same articles against each annotator in turn. Intervals:
bootstrap 95 %, articles resampled. Prints; asserts nothing. Needs the pool
(../shared/data/fakes_pool).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import Item, Tally, compare, extract_all, interval, load_real, score  # noqa: E402

from analysis.corpus import GOLD, judge, read_labels  # noqa: E402

SECOND = GOLD.with_name("second.jsonl")
SAMPLE_SEED = 37
SAMPLE_SIZE = 12  # articles per split
SPLITS = ("train", "dev", "test")
GROUPS = ("outside", "faction")


def sample_ids(labels: list[dict], seed: int = SAMPLE_SEED, size: int = SAMPLE_SIZE) -> list[str]:
    """The double-labelled articles: `size` of each split, drawn in split order."""
    rng = random.Random(seed)
    out: list[str] = []
    for split in SPLITS:
        ids = sorted(row["id"] for row in labels if row["split"] == split)
        out += rng.sample(ids, size)
    return out


def _optional_keys(claims: list[dict]) -> set[tuple[str, str, str]]:
    return {(c["supporter"], c["relation"], c["target"]) for c in claims if c.get("optional")}


def compare_labels(
    first: list[dict], second: list[dict], group_of, *, strict: bool = False
) -> dict[str, list[int]]:
    """group -> [tp, fp, fn] of `second` scored against `first` for one article; evidence
    sentences must overlap. A claim optional in either counts neither way, unless `strict`:
    then every claim counts, grey or not (do the two label the same claims at all?)."""
    grey = set() if strict else _optional_keys(first) | _optional_keys(second)
    reference = [
        {**c, "optional": False}
        for c in first
        if (c["supporter"], c["relation"], c["target"]) not in grey
    ]
    found: dict[tuple, list] = defaultdict(list)
    for c in second:
        key = (c["supporter"], c["relation"], c["target"])
        if key not in grey:
            found[key] += [tuple(span) for span in c["evidence"]]
    cells = {group: [0, 0, 0] for group in GROUPS}
    for key, counts in judge(reference, found, evidence=True).items():
        cell = cells[group_of(key[0], key[2])]
        for k in range(3):
            cell[k] += counts[k]
    return cells


def compare_claims(item: Item, labels: list[dict], claims, group_of) -> dict[str, list[int]]:
    """group -> [tp, fp, fn] of extracted claims against one annotator's labels of the
    item's article: `accuracy.compare`, the extractor's own scoring, summed over theaters."""
    cells = {group: [0, 0, 0] for group in GROUPS}
    scored = compare(Item(item.article, labels, evidence=True), claims, group_of, [])
    for (group, _), cell in scored.items():
        for k in range(3):
            cells[group][k] += cell[k]
    return cells


def tallies(items: list[tuple[str, Item]], second: dict[str, list[dict]], extractions, group_of):
    """(comparison, split, group) -> Tally, for comparison in "annotators", "annotators,
    grey cases too", "extractor vs first", "extractor vs second"; split "all" too. `items`
    are (split, item)."""
    out: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    for (split, item), extraction in zip(items, extractions, strict=True):
        other = second[item.article.source]
        rows = {
            "annotators": compare_labels(item.gold, other, group_of),
            "annotators, grey cases too": compare_labels(item.gold, other, group_of, strict=True),
            "extractor vs first": compare_claims(item, item.gold, extraction.claims, group_of),
            "extractor vs second": compare_claims(item, other, extraction.claims, group_of),
        }
        for name, cells in rows.items():
            for group, cell in cells.items():
                for where in (split, "all"):
                    out[(name, where, group)].add(*cell)
    return out


def load_sample(path: Path = SECOND) -> tuple[list[tuple[str, Item]], dict[str, list[dict]]]:
    """The double-labelled articles, (split, item with the first labels), and the second
    labels by id."""
    second = {row["id"]: row["claims"] for row in read_labels(path)}
    items = [
        (split, item)
        for split in SPLITS
        for item in load_real(split)
        if item.article.source in second
    ]
    missing = set(second) - {item.article.source for _, item in items}
    if missing:
        raise SystemExit(f"{path}: ids not in the first labels: {sorted(missing)}")
    return items, second


def report(table: dict[tuple[str, str, str], Tally]) -> None:
    print(
        f"{'split':<7}{'claims':<9}{'annotators: tp fp fn':>22}{'P':>7}{'R':>7}{'F1':>7}"
        f"{'F1 95%':>12}   {'grey too F1':>18}   {'extractor F1 vs first':>22}"
        f"   {'vs second':>18}"
    )
    for split in (*SPLITS, "all"):
        for group in GROUPS:
            both = table[("annotators", split, group)]
            tp, fp, fn = both.totals()
            p, r, f = score(tp, fp, fn)
            lo, hi = interval(both)[2]
            cells = []
            for name in ("annotators, grey cases too", "extractor vs first", "extractor vs second"):
                other = table[(name, split, group)]
                o_lo, o_hi = interval(other)[2]
                cells.append(f"{score(*other.totals())[2]:.3f} ({o_lo:.2f}-{o_hi:.2f})")
            print(
                f"{split:<7}{group:<9}{tp:>12}{fp:>5}{fn:>5}{p:>7.3f}{r:>7.3f}{f:>7.3f}"
                f"{lo:>7.2f}-{hi:.2f}   {cells[0]:>18}   {cells[1]:>22}   {cells[2]:>18}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", action="store_true", help="print the sample's ids")
    parser.add_argument("--second", type=Path, default=SECOND, help="the second labels")
    args = parser.parse_args(argv)
    if args.sample:
        print("\n".join(sample_ids(read_labels())))
        return 0
    from analysis.extract import Extractor

    extractor = Extractor.load(announce=True)
    items, second = load_sample(args.second)
    extractions = extract_all(extractor, [item for _, item in items])
    print(f"double-labelled articles: {len(items)}, {extractor.info}")
    report(tallies(items, second, extractions, extractor.kb.group_of))
    return 0


if __name__ == "__main__":
    sys.exit(main())
