"""The Streamlit dashboard, a thin view over `analysis`: `app` declares the pages, `state`
holds the cached reads and the sidebar, `render` draws user text safely, `uploads` does the
upload view's work, and `views/` has one short file per page. `streamlit run dashboard.py`
starts it.
"""
