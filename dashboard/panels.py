"""Parts of a page that several views draw the same way: the claims behind a pick (a
matrix cell, a network edge), counted, paged, tabled and quoted; the claims an upload or a
poll just added; the attribution of the public data sets in the store."""

from __future__ import annotations

from typing import Unpack

import pandas as pd
import streamlit as st

from analysis import tally
from analysis.tally import Filters, Pick
from dashboard import render, state


def claims_list(f: Filters, *, key: str, **pick: Unpack[Pick]) -> None:
    """The claims of `pick` under the filters `f`: how many, a page of them as a table
    (the pager's widget key is `key`), and their evidence sentences quoted, each named
    above its quote unless the pick fixes supporter, relation and target (one quote can
    hold several claims, and a cell both relations)."""
    total = state.read(tally.claims_count, f, **pick)
    st.subheader(f"{total} claim{'' if total == 1 else 's'}")
    offset = state.pager(total, key=key)
    page = state.read(tally.claims_page, f, offset=offset, limit=state.PAGE_SIZE, **pick)
    st.dataframe(page[render.CLAIM_TABLE], hide_index=True, column_config=render.CLAIM_TABLE_CONFIG)
    named = not all(pick.get(k) for k in ("supporter", "relation", "target"))
    with st.expander("Evidence sentences", expanded=any(pick.values())):
        for _, claim in page.iterrows():
            if named:
                st.markdown(render.claim_summary(claim))
            st.markdown(render.claim_markdown(claim))


def new_claims(claims: pd.DataFrame, filters: Filters) -> None:
    """Claims just added (by an upload or a poll), each named above its evidence, and a way
    to the alignments view filtered to show them."""
    st.subheader(f"{len(claims)} new claims", anchor=False)
    for _, claim in claims.iterrows():
        st.markdown(render.claim_summary(claim))
        st.markdown(render.claim_markdown(claim))
    if claims.empty:
        return
    shown = st.button(
        "Show them in the alignments view", on_click=state.apply_filters, args=(filters,)
    )
    st.markdown(f"[Link to that view]({state.view_link('alignments', filters)})")
    if shown:  # the sidebar re-fills the URL from the filters applied
        st.switch_page("dashboard/views/alignments.py", query_params={})


def dataset_credits(lead: str) -> pd.DataFrame:
    """The attribution of each public data set with articles in the store, after `lead`
    (their licences ask for it wherever their articles are shown or copied); returns the
    data sets (`tally.dataset_attributions`)."""
    attributions = state.read(tally.dataset_attributions)
    for row in attributions.to_dict("records"):
        st.markdown(f"{lead} {render.dataset_attribution(row)}")
    return attributions
