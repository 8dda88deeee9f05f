"""Camps network: outside actors and factions as a graph; click an edge for its claims."""

import streamlit as st

from analysis import charts, tally
from dashboard import panels, state

f = state.filters()
st.title("Camps network")
st.caption(
    "Blue edges: support; red: opposition; an edge's width is its independent articles. "
    "Backers of one faction are drawn near it, so each camp is a cluster."
)
net = state.read(tally.matrix_network, f)
event = st.plotly_chart(
    charts.camps_network(net), key="network", on_select="rerun", selection_mode="points"
)
edges = {
    f"{s} → {r} → {t}": (s, t, r)
    for s, t, r in net.edges[["supporter", "target", "relation"]].itertuples(index=False)
}
state.follow_edge(state.picked_edge(event), edges)
label = st.selectbox(
    "Edge",
    list(edges),
    key="edge",
    index=None,
    placeholder="Click the dot in an edge's middle",
    bind="query-params",
)
if label:
    supporter, target, relation = edges[label]
    panels.claims_list(
        f, key="edge_claims_page", supporter=supporter, target=target, relation=relation
    )
else:
    st.caption("Click the dot in the middle of an edge to list the claims behind it.")
