#!/bin/sh
# Runs npm for the TypeScript client and the dashboard when Node.js 20 or newer is on the PATH.
# Without it the API still builds and runs (GraphiQL included): the build says once what it
# skipped and how to get it, and /dashboard/ answers with a page saying how to build it.
#   npm-if-node.sh <skip: true|false> <announce|quiet|required> <npm arguments...>
# "announce" (the first step) prints the one line saying what was skipped, "quiet" skips in
# silence, and "required" (the tests) fails: the full test command needs Node and says so.
skip="$1"; mode="$2"; shift 2
[ "$skip" = "true" ] && exit 0
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 20 ] 2>/dev/null && command -v npm >/dev/null 2>&1; then
  exec npm "$@"
fi
found=$(node --version 2>/dev/null || echo "none")
if [ "$mode" = "required" ]; then
  echo "[revgraph] The test command needs Node.js 20 or newer and npm on the PATH (found: $found): install them (Debian: apt-get install nodejs npm) and run it again." >&2
  exit 1
fi
if [ "$mode" = "announce" ]; then
  echo "[revgraph] Node.js 20+ not found (found: $found): skipped the TypeScript client and the dashboard bundle; the API and GraphiQL build without them. Install Node.js 20+ and npm, then build again to get /dashboard/."
fi
exit 0
