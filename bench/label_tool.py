"""Helpers for labelling the real-news corpus (see docs/labelling.md).

python bench/label_tool.py list [--split S] [--outlet O]   # ids with split, outlet, date
python bench/label_tool.py sentences ID [ID...]            # each sentence with offsets
python bench/label_tool.py check FILE [FILE...]            # validate a label file
python bench/label_tool.py merge OUT FILE...               # one gold file, header first
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.corpus import header, load_pool, read_labels, text_sha1  # noqa: E402
from analysis.kb import load_kb  # noqa: E402

_SENT_END = re.compile(r"(?<=[.?!])[\"']?\s+(?=[\"'(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence offsets: enough to point a label at its sentence."""
    out, start = [], 0
    for match in _SENT_END.finditer(text):
        end = match.start()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
        start = match.end()
    end = len(text.rstrip())
    if end > start:
        out.append((start, end))
    return out


def check(path: Path, pool: dict[str, dict]) -> list[str]:
    kb = load_kb()
    problems = []
    for row in read_labels(path):
        where = f"{path}: {row.get('id')}"
        article = pool.get(row["id"])
        if article is None:
            problems.append(f"{where}: not in the pool")
            continue
        if row.get("text_sha1") != text_sha1(article["text"]):
            problems.append(f"{where}: text_sha1 does not match the pool's text")
        if row.get("split") != article["split"]:
            problems.append(f"{where}: split should be {article['split']}")
        for n, claim in enumerate(row["claims"]):
            if claim["supporter"] not in kb.actors:
                problems.append(f"{where} claim {n}: unknown supporter {claim['supporter']!r}")
            if not kb.is_faction(claim["target"]):
                problems.append(f"{where} claim {n}: target {claim['target']!r} not a faction")
            if claim["relation"] not in ("supports", "opposes"):
                problems.append(f"{where} claim {n}: relation {claim['relation']!r}")
            if claim["supporter"] == claim["target"]:
                problems.append(f"{where} claim {n}: supporter is the target")
            for key in ("theater", "alleged", "optional", "evidence"):
                if key not in claim:
                    problems.append(f"{where} claim {n}: missing {key}")
            for start, end in claim.get("evidence", []):
                if not 0 <= start < end <= len(article["text"]):
                    problems.append(f"{where} claim {n}: evidence {start}:{end} out of range")
            if not claim.get("evidence"):
                problems.append(f"{where} claim {n}: no evidence")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    lst = sub.add_parser("list")
    lst.add_argument("--split")
    lst.add_argument("--outlet")
    sub.add_parser("sentences").add_argument("ids", nargs="+")
    sub.add_parser("check").add_argument("files", nargs="+", type=Path)
    merge = sub.add_parser("merge")
    merge.add_argument("out", type=Path)
    merge.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    pool = load_pool()
    if args.cmd == "list":
        for row in pool.values():
            if args.split in (None, row["split"]) and args.outlet in (None, row["outlet"]):
                print(row["id"], row["split"], row["outlet"], row["date"], sep="\t")
    elif args.cmd == "sentences":
        for id_ in args.ids:
            row = pool[id_]
            print(f"## {id_} ({row['outlet']}, {row['date']}, {row['split']})")
            print(f"sha1 {text_sha1(row['text'])}")
            print(f"title: {row['title']}")
            for start, end in sentences(row["text"]):
                print(f"[{start}, {end}] {row['text'][start:end]}")
            print()
    elif args.cmd == "check":
        problems = [p for f in args.files for p in check(f, pool)]
        print("\n".join(problems) or "ok")
        return 1 if problems else 0
    elif args.cmd == "merge":
        rows = {r["id"]: r for f in args.files for r in read_labels(f)}
        lines = [header()] + [json.dumps(rows[k], ensure_ascii=False) for k in sorted(rows)]
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(rows)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
