#!/usr/bin/env bash
# Pin every package Parley installs: resolve pyproject.toml's dependencies and test extras in a fresh
# virtual environment and write the versions to constraints.txt, which setup.sh and test.sh install
# with (and Dependabot keeps up to date). Run it with the Python that CI uses (the workflows'
# python-version); the pins apply to that version only.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet '.[test]'
version=$("$work/venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
{
  echo "# What a build and the tests install, pinned: written by scripts/lock.sh on Python $version."
  echo "# setup.sh and test.sh install with \`pip install -c constraints.txt\`; other Pythons resolve freely."
  "$work/venv/bin/python" -m pip freeze --all --exclude parley-briefings --exclude parley --exclude setuptools |
    LC_ALL=C sort -f | sed "s/\$/ ; python_version == \"$version\"/"
} > constraints.txt
echo "scripts/lock.sh: wrote constraints.txt for Python $version" >&2
