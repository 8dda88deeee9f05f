"""The real-news corpus: FA-KES articles (read from the shared pool) and their gold labels.

The repository keeps labels and offsets only; the texts are read from the pool folder, given
by `$CONFLICT_TRACKER_POOL` or `../shared/data/fakes_pool` beside the repository. The split
rule is fixed here (see docs/labelling.md) and never tuned.

Texts: FA-KES (Abu Salem, Al Feel, Elbassuoni, Jaber and Farah, ICWSM 2019,
doi:10.5281/zenodo.2607278), CC BY 4.0.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.config import POOL_ENV, settings  # noqa: F401  (POOL_ENV: named in messages)

ROOT = Path(__file__).resolve().parent.parent  # the repository
GOLD = ROOT / "bench/data/real/gold.jsonl"
ATTRIBUTION = (
    "Labels of texts from FA-KES (Abu Salem, Al Feel, Elbassuoni, Jaber and Farah, "
    "'FA-KES: A Fake News Dataset around the Syrian War', ICWSM 2019, "
    "doi:10.5281/zenodo.2607278), licensed CC BY 4.0. The texts are not included."
)
TEST_OUTLETS = frozenset({"sputnik", "trt", "arabiya", "nna", "asharqalawsat"})


def pool_dir() -> Path:
    """Where the pool's articles.jsonl lives."""
    return Path(settings().pool or ROOT.parent / "shared/data/fakes_pool")


def pool_available() -> bool:
    return (pool_dir() / "articles.jsonl").is_file()


def split_of(outlet: str, day: str) -> str:
    """The split of an article: new outlets and 2017+ are test; late 2016 is dev."""
    if outlet in TEST_OUTLETS or day >= "2017-01-01":
        return "test"
    if day >= "2016-07-01":
        return "dev"
    return "train"


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_pool() -> dict[str, dict]:
    """The pool's articles by id, each with its split."""
    path = pool_dir() / "articles.jsonl"
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["split"] = split_of(row["outlet"], row["date"])
            rows[row["id"]] = row
    return rows


def read_labels(path: Path = GOLD) -> list[dict]:
    """The labelled articles of a gold file (its header line is skipped)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if "id" in row:
                out.append(row)
    return out


def header() -> str:
    return json.dumps({"attribution": ATTRIBUTION, "guideline": "docs/labelling.md"})


Key = tuple[str, str, str]  # (supporter, relation, target)


def verdict(
    gold: list[dict], key: Key, start: int, end: int, *, evidence: bool = True
) -> bool | None:
    """Whether one claim found in `text[start:end]` is right: True when a label of its
    (supporter, relation, target) covers it (with `evidence`, one whose evidence overlaps
    that stretch), None when only optional labels do (it counts neither way), else False."""
    hits = [
        g
        for g in gold
        if (g["supporter"], g["relation"], g["target"]) == key
        and (not evidence or any(s < end and start < e for s, e in g["evidence"]))
    ]
    if hits and all(g.get("optional") for g in hits):
        return None
    return bool(hits)


def judge(
    gold: list[dict], found: dict[Key, list[tuple[int, int]]], *, evidence: bool
) -> dict[Key, tuple[int, int, int]]:
    """(tp, fp, fn) for each claim of an article, labelled or found.

    `found` maps each claim found to the (start, end) of the sentences it was read in. A
    found claim matches its label; with `evidence`, only when one of those sentences
    overlaps a labelled evidence sentence (else it is a false alarm and the label stays
    missed). Optional labels count neither way.
    """
    labels = {(g["supporter"], g["relation"], g["target"]): g for g in gold}
    out: dict[Key, tuple[int, int, int]] = {}
    for key in found.keys() | labels.keys():
        label = labels.get(key)
        if label is not None and label.get("optional"):
            continue
        spans = found.get(key, [])
        if evidence and label is not None:
            spans = [
                (s, e) for s, e in spans if any(s < ge and gs < e for gs, ge in label["evidence"])
            ]
        hit = bool(spans) and label is not None
        out[key] = (int(hit), int(not hit and key in found), int(label is not None and not hit))
    return out
