"""Shared fixtures: a store on each back-end (an SQLite file in a temporary folder, a
database of the session's PostgreSQL server), a fake extractor (no spaCy model), and the real
extractor (loaded once per session, by the tests that ask for it).

A test that asks for `db` (or `engine`, built on it) runs once per back-end; one marked
`sqlite_only` runs on SQLite alone (give the reason: a file corrupted, a PRAGMA read).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

# The top-level `dashboard` package, imported before any test module can put bench/ (which
# holds a dashboard.py script) first on the path: which runs first must not matter.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pg_support  # noqa: E402

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


BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): a store test that only makes sense on SQLite"
    )


def pytest_generate_tests(metafunc) -> None:
    """Run every test that uses a store (through `backend`) on each back-end."""
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("backend", BACKENDS[:1] if only else BACKENDS, indirect=True)


@pytest.fixture
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server, started on first use; None (with the reason kept in
    `pg_server_error`) when it cannot be started here."""
    try:
        server = pg_support.start()
    except pg_support.Unavailable as err:
        _PG_ERROR.append(str(err))
        yield None
        return
    yield server
    server.stop()


_PG_ERROR: list[str] = []


@pytest.fixture
def pg_url(pg_server):
    """The URL of a new empty PostgreSQL database, dropped after the test."""
    if pg_server is None:
        pg_support.unavailable(_PG_ERROR[0])
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def db_path(tmp_path):
    """An SQLite store's file (not yet created)."""
    return tmp_path / "tracker.db"


@pytest.fixture
def db(request, backend, tmp_path) -> str:
    """Where a test's store lives, as `open_store` takes it: an SQLite file path, or the URL
    of a fresh PostgreSQL database."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_url")
    return str(tmp_path / "tracker.db")


@pytest.fixture
def engine(db):
    engine = open_store(db)
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
