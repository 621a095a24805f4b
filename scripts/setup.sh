#!/usr/bin/env bash
# Install Parley and what a build needs (into a .venv unless one is active), at the versions pinned
# in constraints.txt (scripts/lock.sh writes it). The tests' own packages are test.sh's to install.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
python -m pip install --quiet --upgrade -c constraints.txt pip
# Before 0.2.0 the distribution was called `parley`; a .venv made then still holds it.
if python -m pip show --quiet parley >/dev/null 2>&1; then python -m pip uninstall --quiet --yes parley; fi
# setuptools adds a note to every editable install ("Editable installation…"): nothing to act on.
PYTHONWARNINGS="ignore:Editable installation" python -m pip install --quiet -c constraints.txt -e .
