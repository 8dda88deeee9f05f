"""Actors: the knowledge base for a theater, and names it does not know yet."""

import streamlit as st

from analysis import tally
from dashboard import render, state

f = state.filters()
st.title("Actors")
st.caption(f"Knowledge base entries for: {f.theater or 'all theaters'}")
st.dataframe(state.kb_actors(f.theater), hide_index=True)

st.subheader("Unknown names", anchor=False)
st.caption(
    "Names found in articles that the knowledge base does not know: candidates to add "
    "(the theaters' place names are left out, with their possessives and areas; spellings "
    "differing only in case, a hyphen or a leading 'the' count as one)."
)
unknown = state.read(tally.unknown_entities, limit=100, places=state.place_names())
if unknown.empty:
    st.info("Every named entity found so far is in the knowledge base.")
else:
    st.dataframe(unknown.drop(columns="contexts"), hide_index=True)
    pick = st.selectbox("Show where a name appears", unknown["text"], index=None)
    if pick:
        contexts = unknown.set_index("text").loc[pick, "contexts"]
        for context in contexts:
            st.markdown(f"> …{render.escape_markdown(context)}…")
