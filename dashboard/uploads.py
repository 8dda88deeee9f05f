"""The upload view's work: load the uploaded files, pasted text and article addresses,
ingest them in a background job (see `dashboard/jobs.py`) whose per-file status the page
shows, and find the new claims with filters that show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from analysis import tally
from analysis.loaders import SUFFIXES
from analysis.tally import Filters
from dashboard import jobs, state

UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUFFIXES]


@dataclass
class UploadResult:
    """What the upload page shows after analysing: one report row per item, the new
    asserted claims, filters that show them in the alignments view, and the error that
    stopped the analysis, if one did."""

    items: pd.DataFrame
    claims: pd.DataFrame
    filters: Filters
    error: str = ""


def start_analysis(
    files, *, text: str, title: str, when: date | None, url: str, urls: str = ""
) -> str:
    """Start analysing the uploaded files, the pasted text and the pages at `urls` (one
    address a line, fetched safely) in the background; returns the job's id. The files'
    bytes are read now (the uploads belong to this run of the page); the model is loaded
    by the job, once per process, and only if there is something new to analyse."""
    from analysis.models import Article

    uploaded = [(upload.name, upload.getvalue()) for upload in files]
    pasted = None
    if text.strip():
        pasted = Article(
            text=text,
            source="pasted text",
            title=title.strip(),
            date=when.isoformat() if when else None,
            date_source="metadata" if when else None,
            url=url.strip(),
        )
    addresses = [line.strip() for line in urls.splitlines() if line.strip()]
    names = [name for name, _ in uploaded] + (["pasted text"] if pasted else []) + addresses
    engine, extractor = state.engine(), state.extractor  # looked up here, called there
    return jobs.start(
        names, lambda job: _analyse(job, engine, extractor, uploaded, pasted, addresses)
    )


def _analyse(job: jobs.UploadJob, engine, extractor, uploaded, pasted, addresses):
    """The job's work: files, text and pages loaded one by one and ingested, news going to
    `job`."""
    from analysis.ingest import ingest_loaded, load_uploads, load_urls
    from analysis.loaders import LoadResult

    def load():
        yield from load_uploads(uploaded)
        if pasted is not None:
            yield "pasted text", LoadResult([pasted])
        yield from load_urls(engine, addresses)

    return ingest_loaded(
        engine, load(), extractor=extractor, progress=job.on_progress, on_item=job.on_item
    )


def job_result(job: jobs.UploadJob) -> UploadResult:
    """The page's result of a finished job: its report (or, if an error stopped it, what
    was done and what was not), and the new claims."""
    items = job.final_items()
    table = pd.DataFrame(
        [(i.source, i.title, i.status, i.reason, i.claims) for i in items],
        columns=["source", "title", "status", "reason", "claims"],
    )
    added = [i.article_id for i in items if i.status == "added" and i.article_id]
    return UploadResult(table, *new_claims(added), error=job.error)


def new_claims(article_ids: list[int]) -> tuple[pd.DataFrame, Filters]:
    """The asserted claims of the newly added articles, and filters that select them."""
    details = [tally.article_detail(state.engine(), i) for i in article_ids]
    parts = [d.claims.assign(**_article_fields(d.article)) for d in details if d is not None]
    if not parts:
        return pd.DataFrame(columns=list(tally.CLAIM_COLUMNS)), Filters()
    found = pd.concat(parts, ignore_index=True)
    found = found[found["status"] == tally.ASSERTED]
    theaters = found["theater"].unique()
    return found, Filters(
        theater=theaters[0] if len(theaters) == 1 else None,
        actors=tuple(sorted(set(found["supporter"]))),
        include_factions=bool((found["supporter_type"] == "faction").any()),
    )


def _article_fields(article: dict) -> dict:
    return {k: article.get(k) for k in ("title", "outlet", "url", "published")}


REFRESH_SECONDS = 1.0
STATUS_CONFIG = {
    "progress": st.column_config.ProgressColumn("progress", min_value=0.0, max_value=1.0),
}


def collect_job() -> UploadResult | None:
    """Called on each run of the page: if this session's job has finished, its result
    (kept in the session, the job forgotten); None while it runs or when there is none."""
    job_id = st.session_state.get("upload_job")
    if job_id is None:
        return None
    job = jobs.get(job_id)
    if job is None:  # the server restarted: the articles stored before that are kept
        del st.session_state["upload_job"]
        st.warning("The analysis was interrupted; the articles it stored before are kept.")
        return None
    if not job.finished:
        return None
    del st.session_state["upload_job"]
    st.session_state["upload_result"] = result = job_result(job)
    return result


@st.fragment(run_every=REFRESH_SECONDS)
def job_status(job_id: str) -> None:
    """The running job's progress, file by file, redrawn every second; when the job ends
    the whole page runs again to show its report."""
    job = jobs.get(job_id)
    if job is None or job.finished:
        st.rerun()
    st.progress(job.done / max(job.total, 1), text=f"Analysed {job.done}/{job.total} articles")
    st.caption("Running in the background: other pages can be opened meanwhile.")
    st.dataframe(job.table(), hide_index=True, column_config=STATUS_CONFIG)
