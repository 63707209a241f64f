#!/usr/bin/env bash
# deps.sh: install what zuofeng needs to build, run and test, and nothing already there.
# Idempotent: a second run on a ready machine does nothing but check.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PKGS=(
  build-essential cmake pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3
  libsodium-dev libssl-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev libqrencode-dev
  libcmocka-dev libcurl4-openssl-dev poppler-utils zbar-tools
  chromium fonts-wqy-microhei wrk curl
)

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Browser tests drive Debian's chromium with playwright-core (no browser download).
if [ ! -d tests/ui/node_modules/playwright-core ]; then
  echo "deps: installing playwright-core for the browser tests"
  (cd tests/ui && npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent)
fi
