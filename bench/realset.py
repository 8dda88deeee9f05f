"""The real-news corpus for the benchmarks: see analysis/corpus.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.corpus import (  # noqa: E402,F401
    ATTRIBUTION,
    GOLD,
    POOL_ENV,
    ROOT,
    header,
    load_pool,
    pool_available,
    pool_dir,
    read_labels,
    split_of,
    text_sha1,
)
