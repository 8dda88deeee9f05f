"""Timeline: evidence per month for each actor→faction pair, and where stances flip."""

import streamlit as st

from analysis import charts, tally
from dashboard import render, state

f = state.filters()
st.title("Timeline")

timeline = state.read(tally.timeline, f)
changes = tally.stance_changes(timeline)
st.subheader("Articles per month")
st.caption("Supporting articles above zero, opposing below; a star marks a stance change.")
event = st.plotly_chart(
    charts.timeline_bars(timeline, changes),
    key="timeline_bars",
    on_select="rerun",
    selection_mode="points",
)
if bar := state.picked_bar(event):  # a clicked bar lists the claims behind it
    supporter, target, month = bar
    claims = state.read(
        tally.claims_page, state.month_filters(f, month), supporter=supporter, target=target
    )
    st.markdown(
        f"**{render.escape_markdown(supporter)} → {render.escape_markdown(target)}, {month}**"
    )
    st.dataframe(
        claims[render.CLAIM_TABLE], hide_index=True, column_config=render.CLAIM_TABLE_CONFIG
    )
else:
    st.caption("Click a bar to list the claims behind it.")

st.subheader("Stance changes")
if changes.empty:
    st.info("No actor changed its net stance toward a faction with these filters.")
else:
    st.dataframe(changes, hide_index=True)

st.subheader("First and last attestation")
st.plotly_chart(charts.swimlane(state.read(tally.matrix, f)), key="swimlane")
