"""Conflict Actor Tracker dashboard: `streamlit run dashboard.py`.

The entry point the README names; the dashboard itself is the `dashboard` package
(`dashboard/app.py` declares the pages, `dashboard/views/` holds them).
"""

from dashboard import app

app.main()
