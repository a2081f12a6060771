#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's browser test when it is missing (CI machines are
# fresh). Never downloads a browser build of its own: playwright-core drives this binary.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing: install Debian's chromium package (apt-get install chromium)" >&2
  exit 1
fi
echo "Installing chromium (Debian package) for the dashboard browser test"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
command -v chromium
