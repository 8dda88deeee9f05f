"""The upload view's work: load the uploaded files, pasted text and article addresses,
ingest them with a progress bar, and find the new claims with filters that show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from analysis import tally
from analysis.loaders import SUFFIXES
from analysis.tally import Filters
from dashboard import state

UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUFFIXES]


@dataclass
class UploadResult:
    """What the upload page shows after analysing: one report row per item, the new
    asserted claims, and filters that show them in the alignments view."""

    items: pd.DataFrame
    claims: pd.DataFrame
    filters: Filters


def analyse_uploads(
    files, *, text: str, title: str, when: date | None, url: str, urls: str = ""
) -> UploadResult:
    """Load the uploaded files, the pasted text and the pages at `urls` (one address a
    line, fetched safely), analyse them with a progress bar and add them to the store. A
    file or page that cannot be read is reported, not raised; the model is loaded only if
    there is something new to analyse."""
    from analysis.ingest import ingest_loaded, load_uploads, load_urls
    from analysis.loaders import LoadResult
    from analysis.models import Article

    def load():
        yield from load_uploads((upload.name, upload.getvalue()) for upload in files)
        if text.strip():
            pasted = Article(
                text=text,
                source="pasted text",
                title=title.strip(),
                date=when.isoformat() if when else None,
                date_source="metadata" if when else None,
                url=url.strip(),
            )
            yield "pasted text", LoadResult([pasted])
        yield from load_urls(state.engine(), urls.splitlines())

    bar = st.progress(0.0, text="Analysing…")
    report = ingest_loaded(
        state.engine(),
        load(),
        extractor=state.extractor,  # loaded only if there is something new
        progress=lambda done, total: bar.progress(done / max(total, 1), f"Analysed {done}/{total}"),
    )
    bar.empty()
    items = pd.DataFrame(
        [(i.source, i.title, i.status, i.reason, i.claims) for i in report.items],
        columns=["source", "title", "status", "reason", "claims"],
    )
    added = [i.article_id for i in report.items if i.status == "added" and i.article_id]
    return UploadResult(items, *new_claims(added))


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
