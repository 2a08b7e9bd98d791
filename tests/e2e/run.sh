#!/usr/bin/env bash
# Browser journeys: the real asbcase binary, Debian's Chromium, axe-core on every page, every
# journey with and without JavaScript. Run by scripts/test after the Rust tests.
# Installs what is missing where it can (Chromium with apt, the pinned npm packages); fails
# with a message naming what is missing where it cannot. It never reports browser tests as
# passed without running them.
set -euo pipefail
E2E="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$E2E/../.." && pwd)"
fail() { echo "tests/e2e: error: $*" >&2; exit 1; }

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Node.js 20 or later, and npm.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null || [ "$(node_major)" -lt 20 ]; then
  if can_install; then
    echo "Installing Node.js and npm with apt..."
    apt_install nodejs npm || true
  fi
fi
command -v node >/dev/null || fail "Node.js is missing and could not be installed: install Node.js 20 or later (with npm)"
command -v npm >/dev/null || fail "npm is missing and could not be installed: install npm"
[ "$(node_major)" -ge 20 ] || fail "Node.js $(node --version) is too old: the browser tests need Node.js 20 or later"

# Debian's Chromium (test tools cannot download their own browsers here).
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if can_install; then
    echo "Installing Debian's chromium with apt..."
    apt_install chromium || true
  fi
fi
[ -x "$CHROMIUM" ] || fail "Chromium is missing at $CHROMIUM and could not be installed: install Debian's 'chromium' package, or set CHROMIUM to a Chromium binary"
export CHROMIUM

# The pinned test packages.
(cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "could not install the pinned npm packages in tests/e2e (npm ci failed)"

# The binary under test.
(cd "$REPO" && cargo build -p asbcase --locked --quiet) || fail "could not build the asbcase binary"
# Where cargo put it: CARGO_TARGET_DIR if set (relative to the repository, where cargo ran).
TARGET_DIR="$(cd "$REPO" && realpath -m "${CARGO_TARGET_DIR:-target}")"
export ASBCASE_BIN="${ASBCASE_BIN:-$TARGET_DIR/debug/asbcase}"

export ASBCASE_SCREENSHOTS="${ASBCASE_SCREENSHOTS:-$REPO/target/e2e-screenshots}"
rm -rf "$ASBCASE_SCREENSHOTS"
mkdir -p "$ASBCASE_SCREENSHOTS"
echo "Chromium: $("$CHROMIUM" --version 2>/dev/null | head -1); Node.js $(node --version)"

status=0
(cd "$E2E" && node --test --test-concurrency=1 --test-reporter=spec journeys/) || status=$?
echo
echo "Screenshots of every step: $ASBCASE_SCREENSHOTS"
exit "$status"
