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
# Before 0.2.0 the distribution was called `parley`; a .venv made then still holds it.
if python -m pip show --quiet parley >/dev/null 2>&1; then python -m pip uninstall --quiet --yes parley; fi
python -m pip install --quiet -e '.[test]'
