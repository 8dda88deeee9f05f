"""Shared fixtures: a store in a temporary folder, a fake extractor (no spaCy model), and
the real extractor (loaded once per session, by the tests that ask for it)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

# The top-level `dashboard` package, imported before any test module can put bench/ (which
# holds a dashboard.py script) first on the path: which runs first must not matter.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import dashboard  # noqa: E402, F401
from analysis.models import Article, Claim, Extraction, Mention  # noqa: E402
from analysis.store import open_store  # noqa: E402

_RELATION = re.compile(r"\b(?P<sup>[A-Z]\w+) (?P<verb>backs|opposes) (?P<tgt>[A-Z]\w+)")
_KNOWN = {"Turkey", "Russia", "Egypt", "GNA", "LNA", "UAE"}


class FakeExtractor:
    """The Extractor API over a regex: "X backs Y" / "X opposes Y" is a claim, a known name
    a mention. `fail_on` makes extraction raise for texts containing that word."""

    def __init__(self, version: str = "fake-1", *, fail_on: str | None = None) -> None:
        self.version = version
        self.fail_on = fail_on
        self.seen: list[str] = []  # texts extracted, in order

    def extract(self, article: Article) -> Extraction:
        self.seen.append(article.text)
        if self.fail_on and self.fail_on in article.text:
            raise RuntimeError(f"cannot parse {self.fail_on}")
        claims = [
            Claim(
                source=article.source,
                supporter=m["sup"],
                supporter_type="state",
                relation="supports" if m["verb"] == "backs" else "opposes",
                target=m["tgt"],
                theater="Libya",
                kind="political",
                sentence=m.group(0),
                start=m.start(),
                end=m.end(),
                date=article.date,
                alleged=False,
                confidence=0.9,
                group=f"{self.version}-group",
                supporter_text=m["sup"],
                target_text=m["tgt"],
                sup_start=m.start("sup"),
                sup_end=m.end("sup"),
                tgt_start=m.start("tgt"),
                tgt_end=m.end("tgt"),
            )
            for m in _RELATION.finditer(article.text)
        ]
        mentions = [
            Mention(
                m.group(0), m.start(), m.end(), "ORG", m.group(0) if m.group(0) in _KNOWN else None
            )
            for m in re.finditer(r"\b[A-Z]\w+", article.text)
        ]
        return Extraction(claims=claims, mentions=mentions)

    def extract_many(self, articles, *, batch_size: int = 32, n_process: int = 1):
        for article in list(articles):
            yield article, self.extract(article)


@pytest.fixture
def fake_extractor() -> FakeExtractor:
    return FakeExtractor()


@pytest.fixture
def make_extractor():
    """The FakeExtractor class, for tests that need a second version or a failing one."""
    return FakeExtractor


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "tracker.db"


@pytest.fixture
def engine(db_path):
    engine = open_store(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def use_fake(monkeypatch, make_extractor):
    """The command line loads a fake extractor instead of the spaCy model."""
    from analysis import cli

    monkeypatch.setattr(cli, "_load_extractor", lambda model: make_extractor("fake-cli"))


@pytest.fixture(scope="session")
def extractor():
    """The bundled extractor on the real spaCy model, loaded once for the whole session."""
    from analysis.extract import Extractor

    return Extractor.load()
