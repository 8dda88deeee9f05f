"""Concurrent use and faults: two processes ingest into one store at once; an ingest is
killed with SIGKILL and rerun (both on SQLite and on PostgreSQL); and a store that is locked,
read-only, full, corrupt or out of reach is reported in one line by the CLI. (Bad input is in
test_robustness.py.)
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import store
from analysis.__main__ import main
from analysis.ingest import ingest_articles
from analysis.models import Article
from analysis.store import count_articles, open_store, stats

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_robustness import GOOD, _table  # noqa: E402
from test_summary import _rebuilt, _tables  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent

# -- concurrency and a killed ingest ----------------------------------------------------------

RUNNER = """
import sys, time
sys.path[:0] = [{root!r}, {tests!r}]
from conftest import FakeExtractor
from analysis import store
from analysis.ingest import ingest_paths

db, delay, *paths = sys.argv[1:]
if float(delay):
    write_findings = store.writes._insert_findings

    def slow(*args, **kwargs):  # inside the article's transaction: a kill lands mid-write
        write_findings(*args, **kwargs)
        time.sleep(float(delay))

    store.writes._insert_findings = slow
report = ingest_paths(store.open_store(db), paths, extractor=FakeExtractor())
print(report.added, report.duplicates, report.failed)
"""


SNAPSHOT = "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims)"


def _corpus(folder: Path, n: int) -> list[Path]:
    """n reports; reports 2k and 2k + 1 share a claim no other report has (Russia opposes
    LNA<k>), so that two writers taking them in swapped pairs may add the same new summary
    rows at once."""
    folder.mkdir()
    paths = []
    for i in range(n):
        path = folder / f"report{i:03d}.txt"
        path.write_text(f"Report {i}: Turkey backs GNA. Russia opposes LNA{i // 2}.\n")
        paths.append(path)
    return paths


def _runner(tmp_path: Path, db: str, delay: float, paths) -> subprocess.Popen:
    script = tmp_path / "runner.py"
    script.write_text(RUNNER.format(root=str(ROOT), tests=str(TESTS)))
    command = [sys.executable, str(script), str(db), str(delay), *map(str, paths)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_whole(engine) -> None:
    """Every stored article has exactly its two claims and its mentions: none half-stored;
    and the summary tables written alongside equal a rebuild from the claims."""
    if engine.dialect.name == "sqlite":
        assert _table(engine, "PRAGMA integrity_check") == [("ok",)]
    assert _tables(engine) == _rebuilt(engine)
    per_article = _table(
        engine,
        "SELECT a.id, (SELECT count(*) FROM claims c WHERE c.article_id = a.id),"
        " (SELECT count(*) FROM mentions m WHERE m.article_id = a.id) FROM articles a",
    )
    assert all(n_claims == 2 and n_mentions == 5 for _, n_claims, n_mentions in per_article)
    assert _table(
        engine, "SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)"
    ) == [(0,)]


@pytest.mark.slow
def test_two_processes_ingesting_at_once_lose_and_duplicate_nothing(tmp_path, db, engine):
    paths = _corpus(tmp_path / "in", 40)
    one = _runner(tmp_path, db, 0.005, paths)
    two = _runner(tmp_path, db, 0.005, [paths[i ^ 1] for i in range(len(paths))])
    reads = 0
    while one.poll() is None or two.poll() is None:  # the dashboard's reads keep working
        [(n_articles, n_claims)] = _table(engine, SNAPSHOT)  # one statement, one snapshot
        assert n_claims == 2 * n_articles
        assert stats(engine)["articles"] >= n_articles
        reads += 1
    outs = [proc.communicate() for proc in (one, two)]
    assert [proc.returncode for proc in (one, two)] == [0, 0], outs
    added, duplicates, failed = (sum(int(o.split()[k]) for o, _ in outs) for k in range(3))
    assert (added, duplicates, failed) == (40, 40, 0)
    assert count_articles(engine) == 40 and stats(engine)["claims"] == 80
    assert reads >= 1
    _assert_whole(engine)


def _wait_for_a_blocked_writer(url: str) -> None:
    """Return once a session of the store's database waits for a lock (bounded, so that a
    broken test fails instead of hanging)."""
    watcher = store.make_engine(url)
    query = (
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    try:
        for _ in range(3000):
            with watcher.connect() as conn:
                if conn.exec_driver_sql(query).scalar():
                    return
            time.sleep(0.01)
        raise AssertionError("the second writer never waited for the first")
    finally:
        watcher.dispose()


def test_postgresql_writers_adding_the_same_new_rows_take_turns(pg_url, fake_extractor):
    """Two articles that open the same summary rows, written at once: without turns the
    second would collide with the first's new rows and be lost as a duplicate."""
    from concurrent.futures import ThreadPoolExecutor

    from analysis.store import add_article, write_transaction

    first, second = open_store(pg_url), open_store(pg_url)
    one = Article(text="Report one: Turkey backs GNA.", source="one.txt")
    two = Article(text="Report two: Turkey backs GNA.", source="two.txt")
    with ThreadPoolExecutor(1) as pool:
        with write_transaction(first) as conn:
            add_article(conn, one, fake_extractor.extract(one), extractor_version="fake-1")
            later = pool.submit(ingest_articles, second, [two], extractor=fake_extractor)
            _wait_for_a_blocked_writer(pg_url)
        report = later.result()
    assert (report.added, report.duplicates, report.failed) == (1, 0, 0)
    assert count_articles(first) == 2
    assert _tables(first) == _rebuilt(first)
    first.dispose()
    second.dispose()


@pytest.mark.slow
def test_killed_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path, db, engine):
    paths = _corpus(tmp_path / "in", 60)
    proc = _runner(tmp_path, db, 0.05, paths)
    while proc.poll() is None and count_articles(engine) < 3:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    engine.dispose()
    engine = open_store(db)
    kept = count_articles(engine)
    assert 3 <= kept < 60
    _assert_whole(engine)
    rerun = _runner(tmp_path, db, 0, paths)
    out, err = rerun.communicate()
    assert rerun.returncode == 0, err
    assert out.split() == [str(60 - kept), str(kept), "0"]
    assert count_articles(engine) == 60 and stats(engine)["claims"] == 120
    _assert_whole(engine)
    engine.dispose()


# -- a store that cannot be used: one clear line from the CLI, no traceback -------------------


def _ingest_cli(tmp_path, db: str, capsys) -> tuple[int, str]:
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    code = main(["ingest", str(article), "--db", db])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def _filled_store(path: Path, extractor) -> None:
    engine = open_store(path)
    ingest_articles(
        engine,
        [Article(text=f"Egypt backs LNA, report {i}. " * 40) for i in range(30)],
        extractor=extractor,
    )
    engine.dispose()


def test_locked_store_via_cli(tmp_path, db_path, capsys, use_fake, monkeypatch, fake_extractor):
    _filled_store(db_path, fake_extractor)

    def quick_pragmas(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    monkeypatch.setattr(store.engine, "_sqlite_pragmas", quick_pragmas)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, err = _ingest_cli(tmp_path, str(db_path), capsys)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and err.startswith(f"error: store {db_path} is locked by another process")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only file")
def test_read_only_file_via_cli(tmp_path, db_path, capsys, use_fake, fake_extractor):
    _filled_store(db_path, fake_extractor)
    db_path.chmod(0o444)
    code, err = _ingest_cli(tmp_path, str(db_path), capsys)
    assert code == 1 and err.startswith(f"error: store {db_path} is read-only")


def test_read_only_store_via_cli(tmp_path, db_path, capsys, use_fake, monkeypatch, fake_extractor):
    _filled_store(db_path, fake_extractor)
    wal_pragmas = store.engine._sqlite_pragmas

    def read_only(dbapi_connection, record) -> None:  # as on read-only media
        wal_pragmas(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA query_only=ON")

    monkeypatch.setattr(store.engine, "_sqlite_pragmas", read_only)
    code, err = _ingest_cli(tmp_path, str(db_path), capsys)
    assert code == 1 and err.startswith(f"error: store {db_path} is read-only")
    monkeypatch.undo()
    assert count_articles(open_store(db_path)) == 30


def test_full_store_via_cli(tmp_path, db_path, capsys, use_fake, monkeypatch, fake_extractor):
    _filled_store(db_path, fake_extractor)
    pages = sqlite3.connect(db_path).execute("PRAGMA page_count").fetchone()[0]
    wal_pragmas = store.engine._sqlite_pragmas

    def capped(dbapi_connection, record) -> None:  # as if the disk had no room left
        wal_pragmas(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    monkeypatch.setattr(store.engine, "_sqlite_pragmas", capped)
    article = tmp_path / "big.txt"
    article.write_text(" ".join(f"Turkey backs GNA{i}." for i in range(20_000)))
    code = main(["ingest", str(article), "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 1 and err.startswith(
        f"error: store {db_path} cannot be written: the disk is full"
    )


@pytest.mark.parametrize("command", ["ingest", "stats"])
def test_file_that_is_not_a_database_via_cli(tmp_path, capsys, use_fake, command):
    db = tmp_path / "junk.db"
    db.write_bytes(b"this is not a database at all " * 200)
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    code = main([command, *([str(article)] if command == "ingest" else []), "--db", str(db)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 1 and f"error: store {db} is not a readable SQLite database" in err


@pytest.mark.parametrize("command", ["ingest", "stats", "reanalyze"])
def test_damaged_store_via_cli(tmp_path, db_path, capsys, use_fake, fake_extractor, command):
    _filled_store(db_path, fake_extractor)
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[2 * page :] = b"\xde\xad\xbe\xef" * ((len(data) - 2 * page) // 4)  # keep the schema page
    db_path.write_bytes(bytes(data))
    article = tmp_path / "new.txt"
    article.write_text("Qatar backs GNA, said a brand new report.")
    code = main([command, *([str(article)] if command == "ingest" else []), "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 1 and err.startswith(f"error: store {db_path} ")


# -- a PostgreSQL store that cannot be used: the same one line, with the server's reason ------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stats_cli(url: str, capsys) -> tuple[int, str]:
    code = main(["stats", "--db", url])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def test_unreachable_postgresql_server_via_cli(tmp_path, capsys, use_fake):
    url = f"postgresql+psycopg://tracker@127.0.0.1:{_free_port()}/tracker"
    code, err = _ingest_cli(tmp_path, url, capsys)
    assert code == 1 and err.startswith(
        f"error: store {url} cannot be reached; check that the server runs"
    )
    assert err.count("\n") == 1


def test_missing_postgresql_database_via_cli(tmp_path, capsys, use_fake, pg_url):
    url = pg_url.rsplit("/", 1)[0] + "/no_such_store"
    code, err = _ingest_cli(tmp_path, url, capsys)
    assert code == 1 and err.startswith(f"error: store {url} does not exist on the server")


def test_unknown_postgresql_user_via_cli(tmp_path, capsys, use_fake, pg_url):
    url = pg_url.replace("//tracker@", "//stranger@")
    code, err = _ingest_cli(tmp_path, url, capsys)
    assert code == 1 and err.startswith(f"error: store {url} refused the login")


def test_read_only_postgresql_store_via_cli(tmp_path, capsys, use_fake, pg_url, fake_extractor):
    _filled_store(pg_url, fake_extractor)
    engine = store.make_engine(pg_url)
    with engine.begin() as conn:
        name = engine.url.database
        conn.exec_driver_sql(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    engine.dispose()
    code, err = _ingest_cli(tmp_path, pg_url, capsys)
    assert code == 1 and err.startswith(f"error: store {pg_url} is read-only")
    assert _stats_cli(pg_url, capsys)[0] == 0  # reading still works


def test_postgresql_tests_fail_instead_of_skipping_where_required(monkeypatch):
    import pg_support

    monkeypatch.delenv(pg_support.REQUIRE_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no binaries"):
        pg_support.unavailable("no binaries")
    monkeypatch.setenv(pg_support.REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="no binaries.*requires it"):
        pg_support.unavailable("no binaries")
