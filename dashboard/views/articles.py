"""Articles: search and browse the articles the sidebar selects; read one with its actors
highlighted."""

import streamlit as st

from analysis import tally
from dashboard import panels, render, state

f = state.filters()
st.title("Articles")
search = st.text_input("Search title, outlet or text", key="article_search").strip() or None
total = state.read(tally.articles_count, search=search, f=f)
st.caption(f"{total} articles")
attributions = panels.dataset_credits("Articles from a public data set:")
if tally.article_filters(f):
    st.caption("Only articles with a claim in the sidebar's theater, dates, actors and confidence.")
offset = state.pager(total, key="articles_page")
page = state.read(tally.articles_page, search=search, f=f, offset=offset, limit=state.PAGE_SIZE)
st.dataframe(page, hide_index=True, column_config=render.ARTICLE_TABLE_CONFIG)

titles = dict(zip(page["id"].tolist(), page["title"].tolist(), strict=True))
chosen = st.selectbox(
    "Read an article",
    list(titles),
    index=None,
    format_func=lambda i: titles[i] or f"article {i}",
    placeholder="Choose an article of this page",
    key="article",
)
if chosen is None:
    st.stop()
detail = state.read(tally.article_detail, chosen)
st.subheader(render.escape_markdown(detail.article["title"] or "(untitled)"), anchor=False)
st.caption(render.article_caption(detail.article))
source_set = attributions[attributions["name"] == detail.article["dataset"]]
if not source_set.empty:
    st.caption(f"From the data set {render.dataset_attribution(source_set.iloc[0])}")
st.markdown(render.article_markdown(detail))
if not detail.claims.empty:
    st.subheader("Claims found", anchor=False)
    st.dataframe(detail.claims[render.DETAIL_CLAIMS], hide_index=True)
