"""What the views share besides drawing: the cached engine, extractor, knowledge base and
query results, the sidebar's filters (bound to the URL, so a link reproduces a view), and
reading selections out of chart events.

Caching lives here, not in `analysis/`: `st.cache_resource` holds the engine (keyed by
database URL) and the extractor (keyed by model name); `st.cache_data` holds query
results keyed by the query's name, its arguments and the store's version, so any write
to the store makes the next rerun read fresh numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Concatenate, NamedTuple, ParamSpec, TypeVar
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from analysis import store, tally
from analysis.config import settings
from analysis.tally import OPPOSES, SUPPORTS, Filters
from analysis.text import parse_iso_date
from dashboard import render

ALL = "All theaters"
MIN_DATE, MAX_DATE = date(1990, 1, 1), date(2100, 12, 31)
PAGE_SIZE = 50
KB_COLUMNS = ["actor", "type", "outside type", "theaters", "aliases", "description"]
P = ParamSpec("P")
R = TypeVar("R")


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
    changes: `state.read(tally.matrix, f)`. The query is named by the function itself, so a
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


def place_names() -> tuple[str, ...]:
    """The words that place a sentence in a theater (places, demonyms): known, so never
    listed as unknown names."""
    return tuple(sorted({k for t in knowledge_base().theaters.values() for k in t.keywords}))


def theater_options() -> list[str]:
    """Theaters with claims in the store, then any other theater the knowledge base knows."""
    found = read(tally.theaters)
    known = [str(t) for t in knowledge_base().theaters]
    seen = {t.lower() for t in found}
    return found + sorted(t for t in known if t.lower() not in seen)


def actor_options(theater: str | None) -> list[str]:
    """The outside actors with claims in `theater` (all theaters when None), never a local
    faction, whatever the hostility box says; actors already chosen stay on the list so a
    link or an earlier choice is shown, not silently dropped."""
    return _with_chosen(read(tally.supporters, theater=theater), "actors")


def outlet_options() -> list[str]:
    """The outlets of the stored articles, and any outlet already chosen (by a link)."""
    return _with_chosen(read(tally.outlets), "outlets")


def _with_chosen(found: list[str], key: str) -> list[str]:
    """`found` and the values the multiselect `key` holds or its link names, sorted."""
    asked = st.session_state.get(key) or st.query_params.get_all(key)
    return sorted({*found, *asked})


def sidebar() -> Filters:
    """Draw the shared filters; each is bound to a URL query parameter of the same name,
    so a link reproduces the view."""
    bound = {"bind": "query-params"}
    dates = {"value": None, "min_value": MIN_DATE, "max_value": MAX_DATE, **bound}
    theaters = [ALL, *theater_options()]
    with st.sidebar:
        _check_linked_theater(theaters)
        theater = st.selectbox("Theater", theaters, key="theater", **bound)
        start = st.date_input("From", key="date_from", **dates)
        end = st.date_input("To", key="date_to", **dates)
        if start and end and start > end:
            st.warning(f"From ({start}) is after To ({end}): no claim can match.")
        st.checkbox("Include faction-vs-faction hostility", key="factions", **bound)
        st.multiselect(
            "Outside actors",
            actor_options(None if theater == ALL else theater),
            key="actors",
            placeholder="All",
            **bound,
        )
        st.multiselect("Outlets", outlet_options(), key="outlets", placeholder="All", **bound)
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


def _check_linked_theater(theaters: list[str]) -> None:
    """A theater given in the link in another case ("libya") is read as the theater it
    names; one the dashboard does not know is said, not silently replaced by all theaters."""
    linked = st.query_params.get("theater")
    if not linked or linked in theaters:
        return
    same = [t for t in theaters if t.lower() == linked.strip().lower()]
    if same:
        st.query_params["theater"] = same[0]
        st.session_state["theater"] = same[0]
    else:
        del st.query_params["theater"]
        shown = render.escape_markdown(linked)
        st.warning(f"The link names no theater called “{shown}”: showing all theaters.")


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
        outlets=list(f.outlets),
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
        outlets=tuple(ss.get("outlets") or ()),
    )


def pager(total: int, *, key: str) -> int:
    """A page chooser for `total` rows; returns the offset of the chosen page."""
    pages = max(1, -(-total // PAGE_SIZE))
    if pages == 1:
        return 0
    page = st.number_input(f"Page (of {pages})", 1, pages, 1, key=key)
    return (int(page) - 1) * PAGE_SIZE


def _picked(event) -> list[list]:
    """The customdata of each point selected in a plotly_chart event (points without any
    left out)."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    return [list(p["customdata"]) for p in points if p.get("customdata")]


def picked_cell(event) -> tuple[str, str] | None:
    """The (supporter, target) of the heatmap cell selected in a plotly_chart event."""
    for data in _picked(event):
        if len(data) >= 2:
            return str(data[0]), str(data[1])
    return None


def picked_bar(event) -> tuple[str, str, str] | None:
    """The (supporter, target, month) of a timeline bar selected in a plotly_chart event."""
    for data in _picked(event):
        if len(data) >= 3:
            return str(data[0]), str(data[1]), str(data[2])
    return None


def picked_edge(event) -> tuple[str, str, str] | None:
    """The (supporter, target, relation) of the camps network's edge selected in a
    plotly_chart event (a click on a node selects no edge)."""
    for data in _picked(event):
        if len(data) >= 3 and str(data[2]) in (SUPPORTS, OPPOSES):
            return str(data[0]), str(data[1]), str(data[2])
    return None


class PickedPeriod(NamedTuple):
    supporter: str
    target: str
    theater: str
    relation: str
    start: date
    end: date


def picked_period(event) -> PickedPeriod | None:
    """The period (or change marker) of the Timeline's lanes selected in a plotly_chart
    event: its pair, theater, relation and days."""
    for data in _picked(event):
        if len(data) < 6:
            continue
        start, end = parse_iso_date(str(data[4])), parse_iso_date(str(data[5]))
        if start is None or end is None or str(data[3]) not in (SUPPORTS, OPPOSES):
            continue
        return PickedPeriod(str(data[0]), str(data[1]), str(data[2]), str(data[3]), start, end)
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


def follow_edge(picked: tuple[str, str, str] | None, edges: dict[str, tuple]) -> None:
    """Copy a newly clicked network edge into the edge chooser (its label among `edges`),
    and clear a chosen edge the filters no longer draw."""
    if picked and picked != st.session_state.get("picked_edge"):
        st.session_state["edge"] = next((k for k, v in edges.items() if v == picked), None)
    elif st.session_state.get("edge") not in (None, *edges):
        st.session_state["edge"] = None
    st.session_state["picked_edge"] = picked


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


# The Map's country outlines, served by Streamlit from ./static (scripts/map_outlines.py).
OUTLINES_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"
OUTLINES_URL = "/app/static/topojson/"


def map_outlines_installed() -> bool:
    return (OUTLINES_DIR / "world_50m.json").is_file()


class PickedPlace(NamedTuple):
    place: str
    relation: str


def picked_place(event) -> PickedPlace | None:
    """The town and relation of a Map marker selected in a plotly_chart event."""
    for data in _picked(event):
        if len(data) >= 2 and str(data[1]) in (SUPPORTS, OPPOSES):
            return PickedPlace(str(data[0]), str(data[1]))
    return None
