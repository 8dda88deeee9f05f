"""Overview: headline numbers, the actor × faction matrix and the camps it implies."""

import streamlit as st

from analysis import charts, tally
from dashboard import render, state

f = state.filters()
st.title("Overview")
st.caption(f"Theater: {f.theater or 'all'} · claims counted: asserted, not negated")

counts = state.read(tally.counts, f)
cols = st.columns(5)
cols[0].metric("Articles", counts.articles)
cols[1].metric("Claims", counts.claims)
cols[2].metric("Supporters", counts.actors)
cols[3].metric("First", str(counts.first or "—"))
cols[4].metric("Last", str(counts.last or "—"))

matrix = state.read(tally.matrix, f)
st.subheader("Who backs whom")
st.plotly_chart(charts.matrix_heatmap(matrix, f.include_factions), key="overview_heatmap")

st.subheader("Camps")
camps = tally.camps(matrix)
if camps.empty:
    st.info("No outside actor backs a faction on net with these filters.")
else:
    camps["backers"] = camps["backers"].map(", ".join)
    st.dataframe(camps, hide_index=True, column_config=render.CAMPS_TABLE_CONFIG)
