"""Conflict Actor Tracker: who backs or opposes whom in proxy-war news.

This package never imports Streamlit; the dashboard is a thin view over it.
"""

__version__ = "0.1.0"
