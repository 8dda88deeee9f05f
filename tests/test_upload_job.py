"""The Upload page's background job: it starts on Analyse, the page shows each file's
progress (a big text part by part) while it runs, can be left and come back to, and shows
the report and the new claims when it ends; an error that stops it is shown, per file."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from analysis import config
from analysis.errors import StoreError
from analysis.ingest import ItemResult

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import FakeExtractor  # noqa: E402
from pages_support import TIMEOUT, analyse, empty_fixture, page  # noqa: E402, F401  (fixtures)
from test_big_texts import claim_text  # noqa: E402
from test_robustness import GOOD  # noqa: E402


class GatedExtractor(FakeExtractor):
    """Holds the big text (the one with "report" in it) after its first part, until the
    test opens the gate: the job is caught in the middle, whatever the machine's speed."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = threading.Event()
        self.gate = threading.Event()
        self.big_parts = 0

    def extract(self, article):
        if "report" in article.text:
            self.big_parts += 1
            if self.big_parts == 2:
                self.holding.set()
                assert self.gate.wait(TIMEOUT), "the test never opened the gate"
        return super().extract(article)


@pytest.fixture(name="gated")
def gated_fixture(monkeypatch, empty):
    from dashboard import state

    extractor = GatedExtractor()
    monkeypatch.setattr(state, "extractor", lambda: extractor)
    monkeypatch.setenv(config.BIG_TEXT_ENV, "1000")
    yield extractor
    extractor.gate.set()  # never leave a job thread waiting


def _status(at) -> dict[str, str]:
    return dict(at.main.dataframe[0].value[["file", "status"]].itertuples(index=False))


def test_upload_runs_in_the_background_with_each_files_progress(gated):
    from dashboard import jobs

    at = page("upload")
    big = claim_text(40)
    at.get("file_uploader")[0].set_value(
        [
            ("big.txt", big.encode(), "text/plain"),
            ("broken.json", b'{"text": ', "application/json"),
            ("small.txt", GOOD.encode(), "text/plain"),
        ]
    )
    at.main.button[0].click().run()
    assert not at.exception, at.exception
    job = jobs.get(at.session_state["upload_job"])
    assert gated.holding.wait(TIMEOUT), "the job never reached the big text"

    at.run()  # the status, as the page's refresh draws it
    status = _status(at)
    assert status["small.txt"] == "added (2 claims)"
    assert status["broken.json"].startswith("failed: not valid JSON")
    assert status["big.txt"] == "part 1 of 8"
    assert at.main.button[0].disabled  # one analysis at a time per session
    assert not job.finished

    at.switch_page("dashboard/views/overview.py").run()  # leave the page...
    at.switch_page("dashboard/views/upload.py").run()  # ...and come back
    assert _status(at)["big.txt"] == "part 1 of 8"

    gated.gate.set()
    assert job.wait(TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    report = at.main.dataframe[0].value.set_index("source")
    assert report.loc["big.txt", "status"] == "added"
    assert report.loc["big.txt", "claims"] == 160
    assert report.loc["small.txt", "status"] == "added"
    assert report.loc["broken.json", "status"] == "failed"
    assert at.subheader[1].value == "162 new claims"
    assert "upload_job" not in at.session_state
    assert not at.main.button[0].disabled


def test_an_error_that_stops_the_job_is_shown_file_by_file(empty):
    from dashboard import jobs, uploads

    def work(job):
        job.on_item(ItemResult("a.txt", "A", "queued", file="a.txt"))
        job.on_item(ItemResult("b.txt", "B", "queued", file="b.txt"))
        job.on_item(ItemResult("a.txt", "A", "duplicate", "already in the store", file="a.txt"))
        raise StoreError("tracker.db: the store is locked")

    job = jobs.get(jobs.start(["a.txt", "b.txt"], work))
    assert job.wait(TIMEOUT)
    result = uploads.job_result(job)
    assert result.error == "tracker.db: the store is locked"
    rows = result.items.set_index("source")
    assert rows.loc["a.txt", "status"] == "duplicate"
    assert rows.loc["b.txt", "status"] == "failed"
    assert rows.loc["b.txt", "reason"] == "tracker.db: the store is locked"
    assert list(job.table()["status"]) == ["duplicate: already in the store", "not analysed"]


def test_a_failed_job_shows_its_error_on_the_page(empty, monkeypatch):
    from dashboard import state

    def broken():
        raise StoreError("tracker.db: the disk is full")

    monkeypatch.setattr(state, "extractor", broken)
    at = page("upload")
    at.text_area[0].input("Qatar funds the GNA.")
    analyse(at)
    assert not at.exception, at.exception
    assert at.error[0].value == "tracker.db: the disk is full"
    report = at.main.dataframe[0].value.set_index("source")
    assert report.loc["pasted text", "status"] == "failed"
