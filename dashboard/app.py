"""The pages and what every page shares: `main` runs on every rerun of `dashboard.py`.

Declares the pages (the Overview is the default page, served at the root /; the others' URLs
come from their file names: /alignments, /network, ...),
fills an empty store with the sample corpus on first start, and draws the sidebar filters
every page shares (they live in the URL, so links reproduce a view).
"""

from __future__ import annotations

import streamlit as st

from analysis.errors import TrackerError
from dashboard import state

VIEWS = "dashboard/views"  # relative to dashboard.py, as st.Page wants it


def pages() -> list:
    return [
        st.Page(f"{VIEWS}/overview.py", title="Overview", default=True),
        st.Page(f"{VIEWS}/alignments.py", title="Alignments"),
        st.Page(f"{VIEWS}/network.py", title="Camps network"),
        st.Page(f"{VIEWS}/timeline.py", title="Timeline"),
        st.Page(f"{VIEWS}/map.py", title="Map"),
        st.Page(f"{VIEWS}/articles.py", title="Articles"),
        st.Page(f"{VIEWS}/upload.py", title="Upload"),
        st.Page(f"{VIEWS}/sources.py", title="Sources"),
        st.Page(f"{VIEWS}/actors.py", title="Actors"),
        st.Page(f"{VIEWS}/export.py", title="Export"),
    ]


def main() -> None:
    st.set_page_config(page_title="Conflict Actor Tracker", layout="wide")
    page = st.navigation(pages())
    try:
        state.ensure_sample()
        state.sidebar()
        page.run()
    except TrackerError as err:  # a store or input problem the user can act on: no traceback
        st.error(str(err))
