#!/usr/bin/env bash
# Set up (venv, pinned packages, spaCy model, Debian's chromium) and run the whole test
# suite: ruff, then every pytest test including the page tests and the real-browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
./scripts/setup.sh --dev
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/python" -m pytest "$@"
