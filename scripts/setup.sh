#!/usr/bin/env bash
# Set up a virtual environment with the pinned packages and the English spaCy model.
# --dev also installs the test tools, Debian's headless Chromium for the browser test and
# Debian's PostgreSQL server binaries (the tests start a server of their own; none is set up).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  "$VENV/bin/python" -m pip install --quiet -r requirements-dev.txt
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  MISSING=""
  [ -x /usr/bin/chromium ] || MISSING="chromium chromium-driver"
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || MISSING="$MISSING postgresql"
  if [ -n "$MISSING" ]; then
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING >/dev/null
  fi
else
  "$VENV/bin/python" -m pip install --quiet -r requirements.txt
fi
"$VENV/bin/python" scripts/map_outlines.py   # the Map's country outlines, served locally
"$VENV/bin/python" -c "import analysis.nlp as n; print('Model:', n.load_model()[1])"
