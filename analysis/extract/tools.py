"""The shared tools of the extraction components: one knowledge base, cue book, theater
voter, mention resolver and set of argument finders per pair of data folders."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from analysis.extract.arguments import Arguments
from analysis.extract.mentions import MentionResolver
from analysis.extract.registry import Tools
from analysis.extract.theaters import TheaterVotes
from analysis.extract.vocab import DATA_DIR, load_cues
from analysis.kb import load_kb


@lru_cache(maxsize=8)
def resources(kb_dir: str, vocab_dir: str) -> Tools:
    """The knowledge base, cue words and argument finders for a pair of data folders."""
    kb = load_kb(Path(kb_dir)) if kb_dir else load_kb()
    cues = load_cues(vocab_dir or str(DATA_DIR))
    theaters = TheaterVotes(kb)
    resolver = MentionResolver(kb, theaters, set())
    return Tools(cues=cues, kb=kb, args=Arguments(cues, kb), resolver=resolver)
