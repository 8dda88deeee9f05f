"""Conflict Actor Tracker dashboard: `streamlit run dashboard.py`.

Declares the pages, fills an empty store with the sample corpus on first start, and
draws the sidebar filters every page shares (they live in the URL, so links reproduce
a view).
"""

import streamlit as st

import ui
from analysis.errors import TrackerError

st.set_page_config(page_title="Conflict Actor Tracker", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/alignments.py", title="Alignments"),
    st.Page("pages/timeline.py", title="Timeline"),
    st.Page("pages/articles.py", title="Articles"),
    st.Page("pages/upload.py", title="Upload"),
    st.Page("pages/actors.py", title="Actors"),
    st.Page("pages/export.py", title="Export"),
]

page = st.navigation(PAGES)
try:
    ui.ensure_sample()
    ui.sidebar()
    page.run()
except TrackerError as err:  # a store or input problem the user can act on: no traceback
    st.error(str(err))
