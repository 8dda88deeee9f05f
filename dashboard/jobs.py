"""Upload analyses that run in the background: a thread of the server process per job, found
again by its id (kept in the session), so the page can be left and come back to.

A job writes to the store as the ingest goes (each article in its own transaction), and
keeps what each file has come to: the page redraws from `UploadJob.table()` while the job
runs. No Streamlit here: the thread never draws, the page reads. Every field the thread
writes is written under the job's lock.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from analysis.errors import TrackerError
from analysis.ingest import FINAL, IngestReport, ItemResult

KEEP_FINISHED = 50  # finished jobs kept for their pages to collect; older ones are dropped
STATUS_COLUMNS = ["file", "status", "progress"]
log = logging.getLogger(__name__)


@dataclass
class FileStatus:
    """Where one uploaded file (or the pasted text) stands: its articles queued and
    finished, and the part in hand of a big text."""

    pending: set[str] = field(default_factory=set)
    finished: list[ItemResult] = field(default_factory=list)
    part: int = 0
    parts: int = 0

    def progress(self) -> float:
        total = len(self.finished) + len(self.pending)
        if not total:
            return 0.0
        in_hand = self.part / self.parts if self.parts and self.pending else 0.0
        return min(1.0, (len(self.finished) + in_hand) / total)

    def describe(self, *, running: bool) -> str:
        """ "waiting", "part 3 of 60", "2 of 5 articles done", or what became of it."""
        if self.pending and self.parts:
            return f"part {self.part} of {self.parts}"
        if self.pending and self.finished:
            total = len(self.finished) + len(self.pending)
            return f"{len(self.finished)} of {total} articles done"
        if self.pending or not self.finished:
            return "waiting" if running else "not analysed"
        if len(self.finished) == 1:
            item = self.finished[0]
            said = f"{item.status}: {item.reason}" if item.reason else item.status
            return f"{said} ({item.claims} claims)" if item.status == "added" else said
        counts = {s: sum(i.status == s for i in self.finished) for s in FINAL}
        return ", ".join(f"{n} {s}" for s, n in counts.items() if n)


@dataclass
class UploadJob:
    """One analysis in the background: the files' statuses as it goes, then its report
    (or the error that stopped it; what was stored before that stays)."""

    id: str
    files: dict[str, FileStatus]
    done: int = 0
    total: int = 0
    report: IngestReport | None = None
    error: str = ""
    finished: bool = False
    items: list[ItemResult] = field(default_factory=list)  # final items, as they came
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    ended: threading.Event = field(default_factory=threading.Event, repr=False)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job has finished (for tests and scripts); False on timeout."""
        return self.ended.wait(timeout)

    def on_progress(self, done: int, total: int) -> None:
        with self.lock:
            self.done, self.total = done, total

    def on_item(self, item: ItemResult) -> None:
        """Follow the ingest's news of an item into its file's status."""
        with self.lock:
            status = self.files.setdefault(item.file or item.source, FileStatus())
            if item.status == "queued":
                status.pending.add(item.source)
            elif item.status == "working":
                status.part, status.parts = item.part, item.parts
            else:
                status.pending.discard(item.source)
                status.part = status.parts = 0
                status.finished.append(item)
                self.items.append(item)

    def table(self) -> pd.DataFrame:
        """One row per file: its name, what it has come to, and its progress (0 to 1)."""
        with self.lock:
            rows = [
                (name, s.describe(running=not self.finished), s.progress())
                for name, s in self.files.items()
            ]
        return pd.DataFrame(rows, columns=STATUS_COLUMNS)

    def final_items(self) -> list[ItemResult]:
        """The report's items; if the job stopped on an error, the items finished before it
        and each file left unfinished, failed with that error."""
        with self.lock:
            if self.report is not None:
                return list(self.report.items)
            left = [
                ItemResult(source=name, title="", status="failed", reason=self.error, file=name)
                for name, s in self.files.items()
                if s.pending or not s.finished
            ]
            return self.items + left


_jobs: dict[str, UploadJob] = {}
_jobs_lock = threading.Lock()


def start(files: list[str], work: Callable[[UploadJob], IngestReport]) -> str:
    """Run `work(job)` in a new thread; `files` are the names shown as waiting until the
    ingest reaches them. Returns the job's id."""
    job = UploadJob(id=uuid.uuid4().hex, files={name: FileStatus() for name in files})
    with _jobs_lock:
        finished = [j for j in _jobs.values() if j.finished]
        for old in finished[: max(0, len(finished) - KEEP_FINISHED + 1)]:
            del _jobs[old.id]
        _jobs[job.id] = job
    thread = threading.Thread(target=_run, args=(job, work), name=f"upload-{job.id[:8]}")
    thread.daemon = True  # a stopping server does not wait for it; stored articles stay
    thread.start()
    return job.id


def get(job_id: str | None) -> UploadJob | None:
    """The job with this id, or None (unknown id, or the server restarted since)."""
    with _jobs_lock:
        return _jobs.get(job_id or "")


def _run(job: UploadJob, work: Callable[[UploadJob], IngestReport]) -> None:
    report, error = None, ""
    try:
        report = work(job)
    except TrackerError as err:  # the store or the model: the user can act on it
        error = str(err)
    except Exception as err:  # a bug: logged with its traceback, named on the page
        log.exception("upload job %s failed", job.id)
        error = f"the analysis stopped: {type(err).__name__}: {err}"
    with job.lock:
        job.report, job.error, job.finished = report, error, True
    job.ended.set()
