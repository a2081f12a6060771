#!/usr/bin/env bash
# Runs the README's run command ($1) the way a new user does: in a fresh clone of this commit,
# with HOME an empty directory and no Node.js on the PATH; waits for health, sends one
# authenticated query with the token the first run saved in ~/.revgraph/admin-token, reads the
# reporting schema with psql as a BI role made by createBiCredentials, checks that
# /dashboard/ says how to get the dashboard, and stops everything it started.
set -euo pipefail
run_command="$1"
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/revgraph-first-run.XXXXXX)
home="$work/home"
mkdir -p "$home" "$work/bin"
log="$work/run.log"
port=8080
pgid=""

cleanup() {
  status=$?
  if [ -n "$pgid" ] && kill -0 -- "-$pgid" 2>/dev/null; then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  # an embedded postmaster left behind would hold the data directory
  pid_file="$home/.revgraph/data/postmaster.pid"
  if [ -f "$pid_file" ]; then
    leftover=$(head -1 "$pid_file")
    if kill -0 "$leftover" 2>/dev/null; then
      echo "first run: a PostgreSQL ($leftover) outlived the application; stopping it" >&2
      kill -TERM "$leftover" 2>/dev/null || true
      [ $status -ne 0 ] || status=1
    fi
  fi
  if [ $status -ne 0 ]; then
    echo "---- last 80 lines of the run command's output ($log) ----" >&2
    tail -80 "$log" >&2 || true
  fi
  exit $status
}
trap cleanup EXIT

# A PATH without Node: every command of the current PATH but node, npm, npx and corepack.
IFS=: read -r -a path_dirs <<< "$PATH"
for dir in "${path_dirs[@]}"; do
  [ -d "$dir" ] || continue
  for exe in "$dir"/*; do
    name=${exe##*/}
    case "$name" in node|nodejs|npm|npx|corepack) continue ;; esac
    [ -x "$exe" ] && [ ! -e "$work/bin/$name" ] && ln -s "$exe" "$work/bin/$name"
  done
done
if PATH="$work/bin" command -v node >/dev/null 2>&1; then
  echo "first run: could not hide node from the PATH" >&2; exit 1
fi

if curl -s -o /dev/null "http://localhost:$port/"; then
  echo "first run: port $port is already in use; the README's run command needs it" >&2; exit 1
fi

git clone -q "$repo" "$work/revgraph"
cd "$work/revgraph"
echo "first run: in $work/revgraph with HOME=$home and no Node: $run_command"
HOME="$home" PATH="$work/bin" setsid bash -c "$run_command" > "$log" 2>&1 &
pgid=$!

deadline=$((SECONDS + 900))
until curl -sf "http://localhost:$port/actuator/health" | grep -q '"status":"UP"'; do
  if ! kill -0 "$pgid" 2>/dev/null; then echo "first run: the run command exited before it was healthy" >&2; exit 1; fi
  if [ $SECONDS -ge $deadline ]; then echo "first run: not healthy within 15 minutes" >&2; exit 1; fi
  sleep 2
done
echo "first run: healthy after ${SECONDS} s"

grep -q "Node.js 20+ not found" "$log" || { echo "first run: the build did not say it skipped the Node modules" >&2; exit 1; }
token_file="$home/.revgraph/admin-token"
[ -s "$token_file" ] || { echo "first run: no token in $token_file" >&2; exit 1; }
token=$(cat "$token_file")
grep -q "$token" "$log" || { echo "first run: the token was not printed" >&2; exit 1; }
answer=$(curl -s "http://localhost:$port/graphql" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"query":"{ viewer { name role } }"}')
echo "first run: $answer"
echo "$answer" | grep -q '"role":"ADMIN"' || { echo "first run: the authenticated query failed" >&2; exit 1; }
# A BI tool's first connection, as docs/bi.md tells it: BI credentials from the mutation, then
# psql as that role on the embedded database, reading the P&L view.
bi_answer=$(curl -s "http://localhost:$port/graphql" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' \
  -d '{"query":"mutation { createBiCredentials(input: {name: \"ci_psql\"}) { password database errors { message } } }"}')
bi_password=$(echo "$bi_answer" | sed -n 's/.*"password":"\([A-Za-z0-9_-]*\)".*/\1/p')
[ -n "$bi_password" ] || { echo "first run: createBiCredentials failed: $bi_answer" >&2; exit 1; }
pg_port=$(grep -o 'Embedded PostgreSQL on jdbc:postgresql://localhost:[0-9]*' "$log" | head -1 | sed 's/.*://')
[ -n "$pg_port" ] || { echo "first run: the log does not name the embedded PostgreSQL's port" >&2; exit 1; }
bi_rows=$(PGPASSWORD="$bi_password" PGCONNECT_TIMEOUT=10 psql -X -v ON_ERROR_STOP=1 -At \
  "host=localhost port=$pg_port dbname=postgres user=ci_psql" \
  -c "select current_user, count(*) from reporting.pnl_monthly") \
  || { echo "first run: psql could not read reporting.pnl_monthly as the BI role" >&2; exit 1; }
echo "first run: psql as the BI role read reporting.pnl_monthly: $bi_rows"
[ "${bi_rows%%|*}" = "ci_psql" ] || { echo "first run: psql did not connect as the BI role" >&2; exit 1; }
if PGPASSWORD="$bi_password" psql -X -At "host=localhost port=$pg_port dbname=postgres user=ci_psql" \
     -c "select count(*) from public.api_token" >/dev/null 2>&1; then
  echo "first run: the BI role read public.api_token" >&2; exit 1
fi

status=$(curl -s -o "$work/dashboard.html" -w '%{http_code}' "http://localhost:$port/dashboard/")
grep -q "The dashboard is not in this build" "$work/dashboard.html" \
  || { echo "first run: /dashboard/ ($status) does not say how to build it" >&2; exit 1; }
[ -d "$home/.revgraph/data" ] || { echo "first run: no data in ~/.revgraph/data" >&2; exit 1; }

kill -TERM -- "-$pgid"
for _ in $(seq 1 60); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 1; done
if kill -0 -- "-$pgid" 2>/dev/null; then echo "first run: did not stop within 60 s of SIGTERM" >&2; exit 1; fi
pgid=""
echo "first run: passed"
