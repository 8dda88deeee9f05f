"""Map: the towns the evidence sentences name, coloured by relation; a town lists its claims."""

import streamlit as st

from analysis import charts, tally
from dashboard import render, state

f = state.filters()
st.title("Map")
st.caption(
    "Towns named in the evidence sentences of the selected claims (GeoNames towns of the "
    "claim's theater): blue where the sentence says an actor supports a side, red where it "
    "opposes one; larger with more claims. Click a town for its claims."
)
if not state.map_outlines_installed():
    st.warning(
        "The country outlines are not installed, so the towns are drawn on a blank map. "
        "Run `./scripts/setup.sh` (it fetches them once, then the map works offline)."
    )
places = state.read(tally.evidence_places, f)
event = st.plotly_chart(
    charts.evidence_map(places),
    key="evidence_map",
    on_select="rerun",
    selection_mode="points",
    config={"topojsonURL": state.OUTLINES_URL},
)
read = places.attrs.get("read", 0)
st.caption(f"Read from the evidence of the newest {read:,} claims of this selection.")
if picked := state.picked_place(event):
    claims = state.read(tally.place_claims, f, place=picked.place, relation=picked.relation)
    noun = "claim" if len(claims) == 1 else "claims"
    title = f"{picked.place}: {len(claims)} {noun} that {picked.relation}"
    st.markdown(f"**{render.escape_markdown(title)}**")
    st.dataframe(
        claims[render.CLAIM_TABLE], hide_index=True, column_config=render.CLAIM_TABLE_CONFIG
    )
elif not places.empty:
    st.caption("Click a town to list the claims behind it.")
if not places.empty:
    st.subheader("Towns")
    st.dataframe(places.drop(columns=["lat", "lon"]), hide_index=True)
