"""Alignments: the matrix and its flows; pick a cell to read the claims behind it."""

import streamlit as st

import ui
from analysis import charts, tally

f = ui.filters()
st.title("Alignments")
matrix = ui.read(tally.matrix, f)

heat, flows = st.tabs(["Matrix", "Flows"])
event = heat.plotly_chart(
    charts.matrix_heatmap(matrix), key="heatmap", on_select="rerun", selection_mode="points"
)
heat.caption("Click a cell to list the claims behind it.")
flows.plotly_chart(charts.alignment_sankey(matrix), key="sankey")

ui.follow_selection(ui.picked_cell(event))
left, right = st.columns(2)
pick = {"index": None, "placeholder": "Any"}
supporter = left.selectbox(
    "Supporter", sorted(matrix["supporter"].unique()), key="pick_supporter", **pick
)
target = right.selectbox("Target", sorted(matrix["target"].unique()), key="pick_target", **pick)

total = ui.read(tally.claims_count, f, supporter=supporter, target=target)
st.subheader(f"{total} claim{'' if total == 1 else 's'}")
offset = ui.pager(total, key="claims_page")
page = ui.read(
    tally.claims_page, f, supporter=supporter, target=target, offset=offset, limit=ui.PAGE_SIZE
)
st.dataframe(page[ui.CLAIM_TABLE], hide_index=True, column_config=ui.CLAIM_TABLE_CONFIG)
with st.expander("Evidence sentences", expanded=bool(supporter or target)):
    for _, claim in page.iterrows():
        st.markdown(ui.claim_markdown(claim))
