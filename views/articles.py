"""Articles: search and browse the store; read one article with its actors highlighted."""

import streamlit as st

import ui
from analysis import tally

st.title("Articles")
search = st.text_input("Search title, outlet or text", key="article_search").strip() or None
total = ui.read(tally.articles_count, search=search)
st.caption(f"{total} articles")
offset = ui.pager(total, key="articles_page")
page = ui.read(tally.articles_page, search=search, offset=offset, limit=ui.PAGE_SIZE)
st.dataframe(page, hide_index=True, column_config=ui.ARTICLE_TABLE_CONFIG)

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
detail = ui.read(tally.article_detail, chosen)
st.subheader(ui.escape_markdown(detail.article["title"] or "(untitled)"), anchor=False)
st.caption(ui.article_caption(detail.article))
st.markdown(ui.article_markdown(detail))
if not detail.claims.empty:
    st.subheader("Claims found", anchor=False)
    st.dataframe(detail.claims[ui.DETAIL_CLAIMS], hide_index=True)
