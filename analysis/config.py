"""Settings in one place: the environment variables the tracker reads, their defaults, and
the size limits the layers share.

`settings()` reads the environment each time it is called (cheap), so a variable set by a
test or a launcher after import still counts. Variables:

| variable | meaning | default |
| --- | --- | --- |
| CONFLICT_TRACKER_DB | the store: a file path or an SQLAlchemy URL | data/tracker.db |
| CONFLICT_TRACKER_MODEL | the spaCy pipeline to load | en_core_web_sm, else the repackaging |
| CONFLICT_TRACKER_NO_SAMPLE | "1": the dashboard never loads the sample corpus | unset |
| CONFLICT_TRACKER_MAX_FILE_MB | the largest file the loaders accept, in MB | 20 |
| CONFLICT_TRACKER_BIG_TEXT_CHARS | longer texts go last, streamed in parts | 100000 |
| CONFLICT_TRACKER_POOL | folder of the labelled real-news pool | ../shared/data/fakes_pool |
| CONFLICT_TRACKER_FETCH_ALLOW | private hosts or networks (CIDR) fetching may reach | unset |
| CONFLICT_TRACKER_FETCH_MAX_MB | the largest page or feed fetched, in MB | 5 |
| CONFLICT_TRACKER_FETCH_TIMEOUT | seconds one fetch may take in all, redirects included | 30 |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"

DB_ENV = "CONFLICT_TRACKER_DB"
MODEL_ENV = "CONFLICT_TRACKER_MODEL"
NO_SAMPLE_ENV = "CONFLICT_TRACKER_NO_SAMPLE"
MAX_MB_ENV = "CONFLICT_TRACKER_MAX_FILE_MB"
POOL_ENV = "CONFLICT_TRACKER_POOL"
FETCH_ALLOW_ENV = "CONFLICT_TRACKER_FETCH_ALLOW"
FETCH_MAX_MB_ENV = "CONFLICT_TRACKER_FETCH_MAX_MB"
FETCH_TIMEOUT_ENV = "CONFLICT_TRACKER_FETCH_TIMEOUT"
BIG_TEXT_ENV = "CONFLICT_TRACKER_BIG_TEXT_CHARS"

DEFAULT_DB = ROOT / "data" / "tracker.db"
SAMPLE_CORPUS = DATA_DIR / "sample_corpus.jsonl"
DEFAULT_MAX_MB = 20.0
# A news page or a feed is rarely over a megabyte; more is a mistake or an attack.
DEFAULT_FETCH_MAX_MB = 5.0
DEFAULT_FETCH_TIMEOUT = 30.0

# Longest piece of text given to spaCy at once (it refuses more than nlp.max_length, and
# needs about 1 GB of memory per 100,000 characters); longer texts are split.
PART_CHARS = 100_000
# Characters given to the extractor in one `extract_many` call: big enough for both cores
# to pay (see BENCHMARKS.md), small enough to keep memory flat.
BATCH_CHARS = 30 * PART_CHARS
# A text longer than this is "big": an ingest takes it after the smaller articles of its
# batch (so they are stored first) and streams it through the parser in parts of at most
# STREAM_PART_CHARS, reporting each part. A part is about a news article's length: the
# extractor's cost per part grows faster than the part (some steps rescan the whole
# document for each claim: 524 words/s on 20,000-character parts of claim sentences, 874
# on 5,000), parts that small keep the parser's memory low, and enough of them go to one
# `extract_many` call for both cores to be used.
DEFAULT_BIG_TEXT_CHARS = PART_CHARS
STREAM_PART_CHARS = 5_000


@dataclass(frozen=True)
class Settings:
    """The tracker's settings as read from the environment (see the module's table)."""

    db: str | None = None
    model: str | None = None
    no_sample: bool = False
    max_file_mb: float = DEFAULT_MAX_MB
    pool: str | None = None
    # Hosts and networks the fetcher may reach although they are loopback or private: the
    # tests' local server, an intranet news mirror. Empty: only public addresses.
    fetch_allow: tuple[str, ...] = ()
    fetch_max_mb: float = DEFAULT_FETCH_MAX_MB
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT
    big_text_chars: int = DEFAULT_BIG_TEXT_CHARS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `environ` (the process environment by default); an empty variable
        counts as unset, and an unreadable size falls back to its default."""
        env = os.environ if environ is None else environ
        return cls(
            db=env.get(DB_ENV) or None,
            model=env.get(MODEL_ENV) or None,
            no_sample=env.get(NO_SAMPLE_ENV) == "1",
            max_file_mb=_number(env.get(MAX_MB_ENV, ""), DEFAULT_MAX_MB),
            pool=env.get(POOL_ENV) or None,
            fetch_allow=tuple(
                part.strip() for part in env.get(FETCH_ALLOW_ENV, "").split(",") if part.strip()
            ),
            fetch_max_mb=_number(env.get(FETCH_MAX_MB_ENV, ""), DEFAULT_FETCH_MAX_MB),
            fetch_timeout=_number(env.get(FETCH_TIMEOUT_ENV, ""), DEFAULT_FETCH_TIMEOUT),
            big_text_chars=max(1, int(_number(env.get(BIG_TEXT_ENV, ""), DEFAULT_BIG_TEXT_CHARS))),
        )

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def fetch_max_bytes(self) -> int:
        return int(self.fetch_max_mb * 1024 * 1024)


def settings() -> Settings:
    """The settings of the process environment, read now."""
    return Settings.from_env()


def _number(raw: str, default: float) -> float:
    try:
        return float(raw) if raw else default
    except ValueError:
        return default
