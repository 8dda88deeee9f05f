#!/usr/bin/env bash
# Set up (venv, pinned packages, spaCy model, Debian's chromium) and run the whole test
# suite: ruff, then every pytest test including the page tests and the real-browser test.
# The store and page tests run on SQLite and on a PostgreSQL server the tests start; here
# they must (CONFLICT_TRACKER_REQUIRE_PG), so that a missing server fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
./scripts/setup.sh --dev
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
CONFLICT_TRACKER_REQUIRE_PG=1 "$VENV/bin/python" -m pytest "$@"
