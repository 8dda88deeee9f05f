"""Upload: analyse new articles (files, pasted text or web pages) and add their claims to the store.

The analysis runs in the background: the page shows each file's progress while it runs,
may be left and come back to, and shows the report when the job ends."""

import streamlit as st

from dashboard import panels, state, uploads

st.title("Upload articles")
limit = st.get_option("server.maxUploadSize")
st.caption(
    f"Text, Markdown, HTML, JSON/JSONL, CSV or PDF; up to {limit} MB per file. "
    "Long texts are analysed after the others, in parts."
)
uploads.collect_job()  # a finished job's report becomes the result shown
running = st.session_state.get("upload_job")
with st.form("upload"):
    files = st.file_uploader("Article files", type=uploads.UPLOAD_TYPES, accept_multiple_files=True)
    text = st.text_area("…or paste an article", height=160)
    urls = st.text_area(
        "Article URLs (one a line)",
        height=100,
        help="Public http(s) pages only; each is fetched once, robots.txt respected.",
    )
    left, mid, right = st.columns(3)
    title = left.text_input("Title (optional)")
    when = mid.date_input("Date (optional)", value=None, min_value=state.MIN_DATE)
    url = right.text_input("URL (optional)")
    if st.form_submit_button("Analyse", type="primary", disabled=running is not None):
        st.session_state.pop("upload_result", None)
        running = st.session_state["upload_job"] = uploads.start_analysis(
            files or [], text=text, title=title, when=when, url=url, urls=urls
        )

if running is not None:
    uploads.job_status(running)
    st.stop()
result = st.session_state.get("upload_result")
if result is None:
    st.stop()
if result.error:
    st.error(result.error)
st.subheader("Report", anchor=False)
st.dataframe(result.items, hide_index=True)
panels.new_claims(result.claims, result.filters)
