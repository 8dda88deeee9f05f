"""Alignments: the matrix, its flows and the outlets reporting them; pick a cell to read
the claims behind it."""

import streamlit as st

from analysis import charts, tally
from dashboard import panels, state

f = state.filters()
st.title("Alignments")
matrix = state.read(tally.matrix, f)

# The open tab is in the URL; the outlets chart (read from every claim) runs only when open.
heat, flows, by_outlet = st.tabs(
    ["Matrix", "Flows", "By outlet"], key="tab", on_change="rerun", bind="query-params"
)
event = heat.plotly_chart(
    charts.matrix_heatmap(matrix, f.include_factions),
    key="heatmap",
    on_select="rerun",
    selection_mode="points",
)
heat.caption("Click a cell to list the claims behind it.")
flows.plotly_chart(charts.alignment_sankey(matrix), key="sankey")
if by_outlet.open:
    by_outlet.caption(
        "Which outlets report which alignments: articles of each outlet saying the actor "
        "supports (+) or opposes (−) the faction."
    )
    by_outlet.plotly_chart(
        charts.outlet_heatmap(state.read(tally.outlet_alignments, f)), key="outlet_heatmap"
    )

state.follow_selection(state.picked_cell(event))
left, right = st.columns(2)
pick = {"index": None, "placeholder": "Any", "bind": "query-params"}  # a link keeps the cell
supporter = left.selectbox(
    "Supporter", sorted(matrix["supporter"].unique()), key="pick_supporter", **pick
)
target = right.selectbox("Target", sorted(matrix["target"].unique()), key="pick_target", **pick)

panels.claims_list(f, key="claims_page", supporter=supporter, target=target)
