#!/usr/bin/env bash
# Set up a virtual environment with the pinned packages and the English spaCy model.
# --dev also installs the test tools and Debian's headless Chromium for the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  "$VENV/bin/python" -m pip install --quiet -r requirements-dev.txt
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
else
  "$VENV/bin/python" -m pip install --quiet -r requirements.txt
fi
"$VENV/bin/python" scripts/map_outlines.py   # the Map's country outlines, served locally
"$VENV/bin/python" -c "import analysis.nlp as n; print('Model:', n.load_model()[1])"
