"""Articles: search and browse the store; read one article with its actors highlighted."""

import streamlit as st

import ui

ui.in_app()
st.title("Articles")
search = st.text_input("Search title, outlet or text", key="article_search").strip() or None
total = ui.query("articles_count", search=search)
st.caption(f"{total} articles")
offset = ui.pager(total, key="articles_page")
page = ui.query("articles_page", search=search, offset=offset, limit=ui.PAGE_SIZE)
event = st.dataframe(
    page,
    hide_index=True,
    key="article_table",
    on_select="rerun",
    selection_mode="single-row",
    column_config=ui.ARTICLE_TABLE_CONFIG,
)

rows = [r for r in event.selection.rows if r < len(page)]
if not rows:
    st.info("Select an article in the table to read it.")
    st.stop()
detail = ui.query("article_detail", int(page.iloc[rows[0]]["id"]))
st.subheader(ui.escape_markdown(detail.article["title"] or "(untitled)"), anchor=False)
st.caption(ui.article_caption(detail.article))
st.markdown(ui.article_markdown(detail))
if not detail.claims.empty:
    st.subheader("Claims found", anchor=False)
    st.dataframe(detail.claims[ui.DETAIL_CLAIMS], hide_index=True)
