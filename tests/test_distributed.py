"""Ingest on a Dask cluster: a local cluster of two worker processes, shared by the module
(starting one takes a few seconds); fake extractors named by import path, one test with the
real model; a worker killed mid-run loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select

from analysis import distributed as spread
from analysis.errors import ClusterError
from analysis.ingest import ingest_articles
from analysis.models import Article
from analysis.pipeline import extract_articles
from analysis.store import articles as table
from analysis.store import content_hash, count_articles, existing_hashes

pytest.importorskip("distributed")

SUPPORT = "distributed_support"
# How long a test waits for its workers (a killed one is restarted by its nanny): a
# restart under a loaded machine took over a minute once, which is no failure of the code.
WORKERS_BACK = 180


@pytest.fixture(scope="module")
def client():
    import dask
    from distributed import Client, LocalCluster

    # A batch is given up after killing two workers (Dask's default is four), so that
    # the test of an article that kills its worker stays short.
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            memory_limit="2GiB",
        )
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def on_cluster(client, factory: str) -> spread.ClusterExtractor:
    client.wait_for_workers(2, timeout=WORKERS_BACK)
    return spread.ClusterExtractor(client, factory=f"{SUPPORT}:{factory}")


def _articles(*texts: str) -> list[Article]:
    return [Article(text=t, source=f"{i}.txt", title=f"T{i}") for i, t in enumerate(texts)]


def _news(n: int) -> list[Article]:
    return _articles(*(f"Report {i}: Turkey backs GNA. Egypt opposes GNA." for i in range(n)))


def test_batches_are_cut_by_count_and_by_size(monkeypatch):
    monkeypatch.setattr(spread, "TASK_ARTICLES", 3)
    monkeypatch.setattr(spread, "TASK_CHARS", 100)
    articles = _articles("a", "b", "c", "d", "x" * 150, "e")
    assert list(spread.batches(articles)) == [[0, 1, 2], [3], [4], [5]]


def test_cluster_ingest_stores_what_the_local_ingest_stores(client, tmp_path, fake_extractor):
    from analysis.store import open_store, stats

    texts = [f"Item {i}: Russia backs LNA. Turkey opposes LNA." for i in range(40)]
    texts += ["Turkey backs GNA.", "Turkey backs GNA.", " "]
    cluster, local = open_store(tmp_path / "c.db"), open_store(tmp_path / "l.db")
    on = ingest_articles(cluster, _articles(*texts), extractor=on_cluster(client, "fake"))
    off = ingest_articles(local, _articles(*texts), extractor=fake_extractor)
    assert [(i.status, i.reason, i.claims) for i in on.items] == [
        (i.status, i.reason, i.claims) for i in off.items
    ]
    assert (on.added, on.duplicates, on.failed) == (41, 1, 1)
    assert stats(cluster)["claims"] == stats(local)["claims"] == 81
    cluster.dispose()
    local.dispose()


def test_workers_load_the_extractor_once(client):
    import distributed_support

    extractor = on_cluster(client, "fake")
    assert len(list(spread.batches(_news(100)))) > 4  # more batches than workers
    list(extractor.extract_indexed(_news(100)))
    loads = client.run(lambda: distributed_support.LOADS["fake"])
    assert sorted(loads.values()) == [1, 1]


@pytest.mark.sqlite_only(
    "the cluster's own behaviour: the store is the writer's, tested on both back-ends elsewhere"
)
def test_the_writer_is_told_the_language_verdict(client, engine):
    german = (
        "Die Türkei unterstützt seit Jahren die Regierung in Tripolis mit Drohnen, Söldnern "
        "und Militärberatern, wie die Nachrichtenagentur berichtet. Die Opposition kritisiert "
        "das scharf und fordert einen Abzug aller ausländischen Kräfte aus dem Land."
    )
    report = ingest_articles(
        engine, _articles(german, "Turkey backs GNA."), extractor=on_cluster(client, "fake")
    )
    assert report.added == 2
    assert "not English (language 'de'" in report.items[0].reason
    with engine.connect() as conn:
        stmt = select(table.c.title, table.c.language + ":" + table.c.flags)
        rows = dict(conn.execute(stmt).all())
    assert rows == {"T0": "de:not-english", "T1": "en:"}


@pytest.mark.sqlite_only(
    "the cluster's own behaviour: the store is the writer's, tested on both back-ends elsewhere"
)
def test_an_extraction_error_fails_that_article_alone(client, engine):
    report = ingest_articles(
        engine,
        _articles("Turkey backs GNA.", "Iran backs Yemen rebels.", "Egypt backs LNA."),
        extractor=on_cluster(client, "failing"),
    )
    assert [i.status for i in report.items] == ["added", "failed", "added"]
    assert report.items[1].reason == "extraction failed: RuntimeError: cannot parse Yemen"


@pytest.mark.sqlite_only(
    "the cluster's own behaviour: the store is the writer's, tested on both back-ends elsewhere"
)
def test_a_worker_killed_mid_run_loses_nothing(client, engine, monkeypatch):
    monkeypatch.setattr(spread, "TASK_ARTICLES", 4)
    articles = _news(96)
    extractor = on_cluster(client, "slow")
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed_at: list[int] = []

    def progress(done: int, total: int) -> None:
        if done >= 8 and not killed_at:  # the first batches are stored: kill mid-run
            os.kill(victim, signal.SIGKILL)
            killed_at.append(done)

    report = ingest_articles(engine, articles, extractor=extractor, progress=progress)
    assert killed_at and killed_at[0] < 48
    assert (report.added, report.failed, report.duplicates) == (96, 0, 0)
    assert count_articles(engine) == 96
    with engine.connect() as conn:
        assert existing_hashes(conn, [content_hash(a.text) for a in articles]) == {
            content_hash(a.text) for a in articles
        }
    client.wait_for_workers(2, timeout=WORKERS_BACK)  # the nanny restarts it
    assert victim not in client.run(os.getpid).values()


@pytest.mark.sqlite_only(
    "the cluster's own behaviour: the store is the writer's, tested on both back-ends elsewhere"
)
def test_an_article_that_kills_every_worker_fails_alone(client, engine):
    texts = ["Turkey backs GNA.", "Poison: Russia backs LNA.", "Egypt backs LNA."]
    report = ingest_articles(engine, _articles(*texts), extractor=on_cluster(client, "deadly"))
    assert [i.status for i in report.items] == ["added", "failed", "added"]
    assert "died while extracting it" in report.items[1].reason
    assert count_articles(engine) == 2
    client.wait_for_workers(2, timeout=WORKERS_BACK)


def test_a_cluster_left_without_workers_ends_the_ingest_with_an_error(monkeypatch):
    """Workers that died and never came back: an error after WORKERLESS_SECONDS, never a
    wait for ever (the extraction runs in a thread so that the test cannot hang)."""
    from distributed import Client, LocalCluster

    monkeypatch.setattr(spread, "WORKERLESS_SECONDS", 1.0)
    outcome: list = []
    with (
        LocalCluster(
            n_workers=1, processes=False, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as small,
    ):
        small.wait_for_workers(1, timeout=WORKERS_BACK)
        extractor = spread.ClusterExtractor(small, factory=f"{SUPPORT}:fake")
        cluster.scale(0)
        deadline = time.monotonic() + 60
        while small.scheduler_info(n_workers=-1)["workers"] and time.monotonic() < deadline:
            time.sleep(0.1)

        def run() -> None:
            try:
                outcome.append(list(extractor.extract_indexed(_news(3))))
            except ClusterError as err:
                outcome.append(err)

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(timeout=60)
    assert outcome and isinstance(outcome[0], ClusterError), outcome
    assert "no worker for 1 s" in str(outcome[0])


def test_workers_that_cannot_load_the_extractor_are_an_error(client):
    with pytest.raises(ClusterError, match="cannot load the extractor.*not installed"):
        on_cluster(client, "broken")


def test_workers_of_different_versions_are_an_error(client, monkeypatch):
    versions = {"tcp://10.0.0.1:4000": "2.1+aa", "tcp://10.0.0.2:4000": "2.0+bb"}
    monkeypatch.setattr(client, "run", lambda *args, **kwargs: versions)
    with pytest.raises(ClusterError, match=r"different extractors \(2.0\+bb, 2.1\+aa\)"):
        spread.ClusterExtractor(client, factory=f"{SUPPORT}:fake")


def test_no_cluster_is_reached_when_every_article_is_a_duplicate(engine, fake_extractor):
    ingest_articles(engine, _articles("Turkey backs GNA."), extractor=fake_extractor)
    with spread.cluster_extractor(scheduler="tcp://127.0.0.1:9") as load:
        report = ingest_articles(engine, _articles("Turkey backs GNA."), extractor=load)
    assert report.duplicates == 1


def test_an_absent_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(spread, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(ClusterError, match="tcp://127.0.0.1:9: no Dask scheduler answers"):
        spread.connect(scheduler="tcp://127.0.0.1:9")


def test_cli_ingest_on_two_local_workers(tmp_path, monkeypatch, capsys):
    from analysis import cli
    from analysis.__main__ import main

    monkeypatch.setattr(cli, "WORKER_FACTORY", f"{SUPPORT}:fake")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(20):
        (folder / f"{i}.json").write_text(json.dumps({"text": f"Story {i}: Egypt backs LNA."}))
    (folder / "bad.json").write_text("{broken")
    db = str(tmp_path / "cli.db")
    code = main(["ingest", str(folder), "--db", db, "--workers", "2"])
    out = capsys.readouterr().out
    assert code == 1  # the broken file
    assert "added: 20 articles (20 claims found)" in out
    assert "failed: 1" in out
    assert main(["ingest", str(folder), "--db", db, "--workers", "2"]) == 1
    assert "duplicates skipped: 20" in capsys.readouterr().out


def test_cli_refuses_workers_and_scheduler_together(capsys):
    from analysis.__main__ import main

    with pytest.raises(SystemExit):
        main(["ingest", "x", "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"])
    assert "not allowed with argument" in capsys.readouterr().err


def test_cli_names_an_absent_scheduler(tmp_path, monkeypatch, capsys):
    from analysis.__main__ import main

    monkeypatch.setattr(spread, "CONNECT_TIMEOUT", 1.0)
    (tmp_path / "a.txt").write_text("Turkey backs GNA.")
    code = main(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"),
                 "--scheduler", "tcp://127.0.0.1:9"])  # fmt: skip
    assert code == 1
    assert "error: tcp://127.0.0.1:9: no Dask scheduler answers" in capsys.readouterr().err


def test_dask_is_not_imported_by_a_plain_start():
    code = (
        "import sys, analysis.cli, analysis.ingest, analysis.__main__; "
        "sys.exit('distributed' in sys.modules or 'dask' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.model
def test_real_model_on_the_cluster_finds_the_plain_claims(client, extractor):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    rows = (root / "analysis/data/sample_corpus.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [
        Article(text=row["text"], date=row.get("date"), source=f"s{i}")
        for i, row in enumerate(map(json.loads, rows[:24]))
    ]
    client.wait_for_workers(2, timeout=WORKERS_BACK)
    remote = spread.ClusterExtractor(client)
    assert remote.version == extractor.version
    found = dict(remote.extract_indexed(articles))
    plain = [extraction for _, extraction in extract_articles(extractor, articles)]
    assert [[c.contract() for c in found[i].claims] for i in range(len(articles))] == [
        [c.contract() for c in extraction.claims] for extraction in plain
    ]
    assert sum(len(e.claims) for e in plain) > 0
