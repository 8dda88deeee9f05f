#!/usr/bin/env bash
# Set up (if needed) and start the dashboard; an empty store is filled with the sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/streamlit" ] || ./scripts/setup.sh
exec "$VENV/bin/streamlit" run dashboard.py "$@"
