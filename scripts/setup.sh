#!/usr/bin/env bash
# Install Parley and its Python dependencies (into a .venv unless one is active).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e '.[test]'
