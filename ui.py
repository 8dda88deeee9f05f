"""What the dashboard's pages share: cached engine, extractor and queries, the sidebar
filters, and safe (escaped) rendering of article text.

Caching lives here, not in `analysis/`: `st.cache_resource` holds the engine (keyed by
database URL) and the extractor (keyed by model name); `st.cache_data` holds query
results keyed by the query's name, its arguments and the store's version, so any write
to the store makes the next rerun read fresh numbers.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Concatenate, ParamSpec, TypeVar
from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from analysis import store, tally
from analysis.config import settings
from analysis.loaders import SUFFIXES
from analysis.tally import Filters

ALL = "All theaters"
MIN_DATE, MAX_DATE = date(1990, 1, 1), date(2100, 12, 31)
PAGE_SIZE = 50
URL_SAFE = ":/?#@!$&'()*+,;=%~"  # kept as is in links; anything else is %-quoted
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&\"'])")
UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUFFIXES]
CLAIM_TABLE = ["date", "supporter", "relation", "target", "kind", "alleged", "sentence"]
CLAIM_TABLE += ["outlet", "title", "url"]
CLAIM_TABLE_CONFIG = {
    "url": st.column_config.LinkColumn("link", display_text="open"),
    "sentence": st.column_config.TextColumn("evidence sentence", width="large"),
}
ARTICLE_TABLE_CONFIG = {"sample": st.column_config.CheckboxColumn("sample")}
DETAIL_CLAIMS = ["supporter", "relation", "target", "kind", "status", "alleged", "sentence"]
P = ParamSpec("P")
R = TypeVar("R")
KB_COLUMNS = ["actor", "type", "outside type", "theaters", "aliases", "description"]


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return store.open_store(url)


def engine() -> Engine:
    """The store named by $CONFLICT_TRACKER_DB (or the default), opened once per process."""
    return _engine(store.database_url())


@st.cache_resource(show_spinner="Loading the language model…")
def _extractor(model_name: str | None):
    from analysis.extract import Extractor

    return Extractor.load(model_name)


def extractor():
    """The extractor for $CONFLICT_TRACKER_MODEL (or the default model); loaded on first use."""
    return _extractor(settings().model)


@st.cache_resource(show_spinner=False)
def knowledge_base():
    """The actor knowledge base, read once per process."""
    from analysis.kb import load_kb

    return load_kb()


@st.cache_data(max_entries=512, show_spinner=False)
def _read(name: str, url: str, version: str, _query: Callable, *args, **kwargs):
    """The cached result of `_query(engine, *args, **kwargs)`: keyed by the query's `name`,
    the store and its version, and the arguments (`_query` itself is not hashed)."""
    return _query(_engine(url), *args, **kwargs)


def read(query: Callable[Concatenate[Engine, P], R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """`query(engine, *args, **kwargs)` on the dashboard's store, cached until the store
    changes: `ui.read(tally.matrix, f)`. The query is named by the function itself, so a
    misspelt query or a wrong argument is an error where it is written (and for a type
    checker), not a string looked up at run time."""
    url = store.database_url()
    name = f"{query.__module__}.{query.__qualname__}"
    with store.store_errors(url):  # a damaged store is one clear line, not a traceback
        return _read(name, url, store.store_version(_engine(url)), query, *args, **kwargs)


@st.cache_resource(show_spinner="First start: analysing the sample corpus…")
def _sample_loaded(url: str) -> bool:
    from analysis.ingest import ensure_sample_corpus

    ensure_sample_corpus(_engine(url), extractor)  # the model is loaded only if needed
    return True


def ensure_sample() -> None:
    """Fill an empty store with the bundled sample corpus, unless $CONFLICT_TRACKER_NO_SAMPLE=1."""
    if settings().no_sample or read(tally.articles_count) > 0:
        return
    _sample_loaded(store.database_url())


def theater_options() -> list[str]:
    """Theaters with claims in the store, then any other theater the knowledge base knows."""
    found = read(tally.theaters)
    known = [str(t) for t in knowledge_base().theaters]
    seen = {t.lower() for t in found}
    return found + sorted(t for t in known if t.lower() not in seen)


def sidebar() -> Filters:
    """Draw the shared filters; each is bound to a URL query parameter of the same name,
    so a link reproduces the view."""
    bound = {"bind": "query-params"}
    dates = {"value": None, "min_value": MIN_DATE, "max_value": MAX_DATE, **bound}
    with st.sidebar:
        st.selectbox("Theater", [ALL, *theater_options()], key="theater", **bound)
        st.date_input("From", key="date_from", **dates)
        st.date_input("To", key="date_to", **dates)
        factions = st.checkbox("Include faction-vs-faction hostility", key="factions", **bound)
        actors = read(tally.supporters, include_factions=factions)
        st.multiselect("Outside actors", actors, key="actors", placeholder="All", **bound)
        st.number_input("Min. independent articles", 1, 100, key="min_articles", **bound)
        st.slider(
            "Min. confidence",
            0.0,
            1.0,
            step=0.05,
            key="min_confidence",
            help="Claims found by the relation model carry its probability; rules 0.6-0.9.",
            **bound,
        )
        if read(tally.sample_articles):
            st.info("Sample corpus loaded: some articles are bundled examples, not your data.")
    return filters()


def apply_filters(f: Filters) -> None:
    """Set the sidebar filters to `f` (call before the sidebar is drawn, e.g. in on_click)."""
    st.session_state.update(
        theater=f.theater or ALL,
        date_from=f.date_from,
        date_to=f.date_to,
        actors=list(f.actors),
        min_articles=f.min_articles,
        factions=f.include_factions,
        min_confidence=f.min_confidence,
        pick_supporter=None,
        pick_target=None,
    )


def view_link(page: str, f: Filters) -> str:
    """A relative link that opens `page` with the filters `f` (for sharing a view)."""
    return f"{page}?{urlencode(f.to_params(), doseq=True)}"


def filters() -> Filters:
    """The filters chosen in the sidebar (defaults when the sidebar has not run)."""
    ss = st.session_state
    theater = ss.get("theater") or ALL
    return Filters(
        theater=None if theater == ALL else theater,
        date_from=ss.get("date_from"),
        date_to=ss.get("date_to"),
        actors=tuple(ss.get("actors") or ()),
        min_articles=int(ss.get("min_articles") or 1),
        include_factions=bool(ss.get("factions")),
        min_confidence=float(ss.get("min_confidence") or 0.0),
    )


def escape_markdown(text: str) -> str:
    """`text` made inert for st.markdown: punctuation backslash-escaped, runs of whitespace
    folded to one space, blank lines kept as paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", text)
    folded = "\n\n".join(re.sub(r"\s+", " ", para) for para in paragraphs)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", folded)


def highlight(text: str, spans: list[tuple[int, int, bool]]) -> str:
    """Escaped markdown of `text` with each (start, end, known) span in bold (a known
    actor) or italics (an unknown entity). Overlapping or out-of-range spans are skipped."""
    out, pos = [], 0
    for start, end, known in sorted(spans):
        if start < pos or end > len(text) or start >= end or not text[start:end].strip():
            continue
        mark = "**" if known else "*"
        inner = escape_markdown(text[start:end])
        out += [escape_markdown(text[pos:start]), f"{mark}{inner}{mark}"]
        pos = end
    out.append(escape_markdown(text[pos:]))
    return "".join(out)


def claim_markdown(claim: pd.Series | dict) -> str:
    """A claim's evidence sentence with supporter and target in bold, then its source."""
    sentence, base = str(claim["sentence"]), int(claim["start"])
    spans = [
        (int(claim[a]) - base, int(claim[b]) - base, True)
        for a, b in (("sup_start", "sup_end"), ("tgt_start", "tgt_end"))
        if int(claim[a]) >= base
    ]
    when = claim.get("published") or claim.get("date") or "undated"
    source = " · ".join(
        escape_markdown(str(v)) for v in (claim.get("title"), claim.get("outlet"), when) if v
    )
    link = str(claim.get("url") or "")
    if link.startswith(("http://", "https://")):
        source += f" · [link](<{quote(link, safe=URL_SAFE)}>)"
    flag = " _(alleged)_" if claim.get("alleged") else ""
    return f"> {highlight(sentence, spans)}{flag}\n>\n> {source}"


def pager(total: int, *, key: str) -> int:
    """A page chooser for `total` rows; returns the offset of the chosen page."""
    pages = max(1, -(-total // PAGE_SIZE))
    if pages == 1:
        return 0
    page = st.number_input(f"Page (of {pages})", 1, pages, 1, key=key)
    return (int(page) - 1) * PAGE_SIZE


def picked_cell(event) -> tuple[str, str] | None:
    """The (supporter, target) of the heatmap cell selected in a plotly_chart event."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata")
        if data and len(data) >= 2:
            return str(data[0]), str(data[1])
    return None


def picked_bar(event) -> tuple[str, str, str] | None:
    """The (supporter, target, month) of a timeline bar selected in a plotly_chart event."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata")
        if data and len(data) >= 3:
            return str(data[0]), str(data[1]), str(data[2])
    return None


def month_filters(f: Filters, month: str) -> Filters:
    """The filters narrowed to one "YYYY-MM" month (within the sidebar's own range)."""
    first = date.fromisoformat(f"{month}-01")
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    start = max(first, f.date_from) if f.date_from else first
    end = min(last, f.date_to) if f.date_to else last
    return dataclasses.replace(f, date_from=start, date_to=end)


def follow_selection(picked: tuple[str, str] | None) -> None:
    """Copy a newly selected heatmap cell into the supporter/target choosers."""
    if picked and picked != st.session_state.get("picked_cell"):
        st.session_state["pick_supporter"], st.session_state["pick_target"] = picked
    st.session_state["picked_cell"] = picked


def article_caption(article: dict) -> str:
    """Outlet, date and source of a stored article, as escaped markdown."""
    parts = [article.get("outlet"), article.get("published") or "undated", article.get("source")]
    if article.get("sample"):
        parts.append("sample corpus")
    return " · ".join(escape_markdown(str(p)) for p in parts if p)


def article_markdown(detail: tally.ArticleDetail) -> str:
    """The article's text as escaped markdown: known actors in bold, unknown names in italics."""
    spans = [
        (int(m.start), int(m.end), m.actor is not None and not pd.isna(m.actor))
        for m in detail.mentions.itertuples(index=False)
    ]
    return highlight(detail.article["text"], spans)


def kb_actors(theater: str | None) -> pd.DataFrame:
    """The knowledge base's actors for `theater` (all when None) with their aliases."""
    kb = knowledge_base()
    aliases: dict[str, list[str]] = {}
    for alias in kb.aliases:
        aliases.setdefault(alias.actor, []).append(alias.text)
    wanted = (theater or "").lower()
    rows = [
        {
            "actor": a.name,
            "type": a.type,
            "outside type": a.outside_type or "",
            "theaters": ", ".join(sorted(a.theaters)),
            "aliases": ", ".join(sorted(set(aliases.get(a.name, [])))),
            "description": a.description or "",
        }
        for a in kb.actors.values()
        if not wanted or wanted in {t.lower() for t in a.theaters} or not a.theaters
    ]
    return pd.DataFrame(rows, columns=KB_COLUMNS)


@dataclass
class UploadResult:
    """What the upload page shows after analysing: one report row per item, the new
    asserted claims, and filters that show them in the alignments view."""

    items: pd.DataFrame
    claims: pd.DataFrame
    filters: Filters


def analyse_uploads(files, *, text: str, title: str, when: date | None, url: str) -> UploadResult:
    """Load the uploaded files and the pasted text, analyse them with a progress bar and
    add them to the store. A file that cannot be read is reported, not raised; the model
    is loaded only if there is something new to analyse."""
    from analysis.ingest import ingest_loaded, load_uploads
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

    bar = st.progress(0.0, text="Analysing…")
    report = ingest_loaded(
        engine(),
        load(),
        extractor=extractor,
        progress=lambda done, total: bar.progress(done / max(total, 1), f"Analysed {done}/{total}"),
    )
    bar.empty()
    items = pd.DataFrame(
        [(i.source, i.title, i.status, i.reason, i.claims) for i in report.items],
        columns=["source", "title", "status", "reason", "claims"],
    )
    added = [i.article_id for i in report.items if i.status == "added" and i.article_id]
    return UploadResult(items, *_new_claims(added))


def _new_claims(article_ids: list[int]) -> tuple[pd.DataFrame, Filters]:
    """The asserted claims of the newly added articles, and filters that select them."""
    details = [tally.article_detail(engine(), i) for i in article_ids]
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
