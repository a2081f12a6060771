#!/usr/bin/env bash
# Runs the mixed dashboard workload (bench/load.js) and samples the API heap and the PostgreSQL
# connections in use while it runs. Needs autocannon: npm i --prefix /tmp/revgraph-bench/tools autocannon@7
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=${BENCH_DIR:-/tmp/revgraph-bench}
PG_PORT=${PG_PORT:-54329}
TOOLS=${TOOLS:-/tmp/revgraph-bench/tools}
[ -d "$TOOLS/node_modules/autocannon" ] || npm i --prefix "$TOOLS" autocannon@7 > /dev/null
PID=$(cat "$BENCH_DIR/app.pid")
( for _ in $(seq 1 ${DURATION:-60}); do
    sleep 1
    heap=$(jcmd "$PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ {for (i=1;i<=NF;i++) if ($i ~ /used/) {print $(i+1); exit}}')
    conns=$(psql -X -Atq -h 127.0.0.1 -p "$PG_PORT" -U postgres -c \
      "select count(*) filter (where state = 'active'), count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()")
    echo "heap_used=$heap pg_active|pg_total=$conns"
  done ) > "$BENCH_DIR/load-samples.log" &
SAMPLER=$!
NODE_PATH="$TOOLS/node_modules" node load.js
wait "$SAMPLER" || true
echo "samples (heap used, active|open PostgreSQL connections): max active $(awk -F'[=|]' '{print $4}' "$BENCH_DIR/load-samples.log" | sort -n | tail -1), open $(awk -F'[=|]' '{print $5}' "$BENCH_DIR/load-samples.log" | sort -n | tail -1)"
echo "heap used samples: $(awk -F'[= ]' '{print $2}' "$BENCH_DIR/load-samples.log" | sort | uniq | tr '\n' ' ' | cut -c1-200)"
