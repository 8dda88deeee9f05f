"""Parts of a page that several views draw the same way: the claims behind a pick (a
matrix cell, a network edge), counted, paged, tabled and quoted."""

from __future__ import annotations

from typing import Unpack

import streamlit as st

from analysis import tally
from analysis.tally import Filters, Pick
from dashboard import render, state


def claims_list(f: Filters, *, key: str, **pick: Unpack[Pick]) -> None:
    """The claims of `pick` under the filters `f`: how many, a page of them as a table
    (the pager's widget key is `key`), and their evidence sentences quoted."""
    total = state.read(tally.claims_count, f, **pick)
    st.subheader(f"{total} claim{'' if total == 1 else 's'}")
    offset = state.pager(total, key=key)
    page = state.read(tally.claims_page, f, offset=offset, limit=state.PAGE_SIZE, **pick)
    st.dataframe(page[render.CLAIM_TABLE], hide_index=True, column_config=render.CLAIM_TABLE_CONFIG)
    with st.expander("Evidence sentences", expanded=any(pick.values())):
        for _, claim in page.iterrows():
            st.markdown(render.claim_markdown(claim))
