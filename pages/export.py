"""Export: the filtered claims as CSV or JSON and the matrix as CSV."""

import streamlit as st

import ui
from analysis import tally

ui.in_app()
f = ui.filters()
st.title("Export")
st.caption("Downloads follow the sidebar filters; only asserted claims are exported.")
st.json(f.to_params() or {"filters": "none"}, expanded=True)
total = ui.claims_count(f)
st.metric("Claims to export", total)

engine = ui.engine()
left, mid, right = st.columns(3)
left.download_button(
    "Claims (CSV)",
    lambda: tally.export_claims(engine, f, fmt="csv"),
    file_name="claims.csv",
    mime="text/csv",
    disabled=not total,
)
mid.download_button(
    "Claims (JSON)",
    lambda: tally.export_claims(engine, f, fmt="json"),
    file_name="claims.json",
    mime="application/json",
    disabled=not total,
)
matrix = ui.matrix(f)
right.download_button(
    "Matrix (CSV)",
    tally.matrix_csv(matrix),
    file_name="matrix.csv",
    mime="text/csv",
    disabled=matrix.empty,
)
