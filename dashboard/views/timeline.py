"""Timeline: periods of support and opposition per actor → faction pair, dated by when the
evidence says the acts happened; the changes between them; reports per month."""

import streamlit as st

from analysis import charts, tally
from dashboard import render, state

f = state.filters()
st.title("Timeline")

periods = state.read(tally.periods, f)
changes = tally.stance_changes(periods)
st.subheader("Periods of support and opposition")
st.caption(
    "One lane per actor → faction pair; blue supports, red opposes, paler with less "
    "evidence. A period runs while reports keep coming and closes when a report says it "
    "ended (✕) or after a stretch with no evidence (set per theater in theaters.csv). "
    'Dates are when the sentence says the act happened ("since 2015", "in the early '
    "years of the war\"), else the article's date. Click a period or a marker for its claims."
)
event = st.plotly_chart(
    charts.period_lanes(periods, changes),
    key="period_lanes",
    on_select="rerun",
    selection_mode="points",
)
if picked := state.picked_period(event):
    title = f"{picked.supporter} → {picked.relation} → {picked.target}, {picked.theater}"
    span = f"{picked.start}" if picked.start == picked.end else f"{picked.start} to {picked.end}"
    st.markdown(f"**{render.escape_markdown(title)}**, {render.escape_markdown(span)}")
    claims = state.read(
        tally.period_claims,
        f,
        supporter=picked.supporter,
        target=picked.target,
        theater=picked.theater,
        relation=picked.relation,
        start=picked.start,
        end=picked.end,
    )
    st.dataframe(
        claims[render.PERIOD_CLAIM_TABLE],
        hide_index=True,
        column_config=render.CLAIM_TABLE_CONFIG,
    )
else:
    st.caption("Click a period or a marker to list the claims behind it.")

st.subheader("Stance changes")
if changes.empty:
    st.info(
        "No support or opposition ended, resumed or turned with these filters. "
        "(Evidence of both relations at the same time is mixed, not a change.)"
    )
else:
    st.dataframe(changes, hide_index=True, column_config=render.CHANGES_TABLE_CONFIG)

st.subheader("Reports per month")
st.caption("Articles per month of publication: supporting above zero, opposing below.")
timeline = state.read(tally.timeline, f)
event = st.plotly_chart(
    charts.timeline_bars(timeline),
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
