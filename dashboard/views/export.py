"""Export: the filtered claims as CSV or JSON and the matrix as CSV."""

import streamlit as st

from analysis import tally
from dashboard import panels, state

f = state.filters()
st.title("Export")
st.caption("Downloads follow the sidebar filters; only asserted claims are exported.")
st.json(f.to_params() or {"filters": "none"}, expanded=True)
total = state.read(tally.claims_count, f)
st.metric("Claims to export", total)
panels.dataset_credits(
    "Claims whose `dataset` column is set quote a public data set; credit it with them:"
)

engine = state.engine()
left, mid, right = st.columns(3)
for column, fmt, mime in ((left, "csv", "text/csv"), (mid, "json", "application/json")):
    column.download_button(
        f"Claims ({fmt.upper()})",
        lambda fmt=fmt: tally.export_claims(engine, f, fmt=fmt),
        file_name=f"claims.{fmt}",
        mime=mime,
        disabled=not total,
    )
matrix = state.read(tally.matrix, f)
right.download_button(
    "Matrix (CSV)",
    tally.matrix_csv(matrix),
    file_name="matrix.csv",
    mime="text/csv",
    disabled=matrix.empty,
)
