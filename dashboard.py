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
    st.Page("views/overview.py", title="Overview", default=True),
    st.Page("views/alignments.py", title="Alignments"),
    st.Page("views/timeline.py", title="Timeline"),
    st.Page("views/articles.py", title="Articles"),
    st.Page("views/upload.py", title="Upload"),
    st.Page("views/actors.py", title="Actors"),
    st.Page("views/export.py", title="Export"),
]

page = st.navigation(PAGES)
try:
    ui.ensure_sample()
    ui.sidebar()
    page.run()
except TrackerError as err:  # a store or input problem the user can act on: no traceback
    st.error(str(err))
