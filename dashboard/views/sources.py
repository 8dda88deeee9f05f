"""Sources: the news feeds polled for new articles; add or remove one, poll them now."""

import streamlit as st

from dashboard import panels, sources, state

st.title("Sources")
st.caption(
    "RSS and Atom feeds. `python -m analysis watch` polls them in rounds; "
    "**Poll now** runs one round here."
)
table = st.container()
left, right = st.columns(2)
with left.form("add_feed", clear_on_submit=True):
    url = st.text_input("Feed URL", key="feed_url")
    theater = st.selectbox(
        "Theater (optional)",
        ["", *state.theater_options()],
        format_func=lambda name: name or "none",
        key="feed_theater",
    )
    if st.form_submit_button("Add feed"):
        done, said = sources.add(url, theater)
        (st.success if done else st.error)(said)
listed = sources.feed_table()
with right.form("remove_feed"):
    chosen = st.selectbox(
        "Feed", list(listed["url"]), index=None, placeholder="Choose a feed", key="feed_remove"
    )
    if st.form_submit_button("Remove feed") and chosen:
        st.info(sources.remove(chosen))
        listed = sources.feed_table()
if st.button("Poll now", type="primary", disabled=listed.empty):
    with st.spinner("Polling the feeds…"):
        st.session_state["poll_result"] = sources.poll_now()
    listed = sources.feed_table()
table.dataframe(listed, hide_index=True)

result = st.session_state.get("poll_result")
if result is None:
    st.stop()
st.subheader(f"{result.new} new articles", anchor=False)
st.dataframe(result.feeds, hide_index=True)
panels.new_claims(result.claims, result.filters)
