#!/usr/bin/env bash
# Starts or stops the Revgraph API for benchmarks, with its embedded PostgreSQL on a fixed port and
# its data under /tmp (never in the repository). Only ever listens on 127.0.0.1.
#   bench/server.sh start   # builds the jar when missing, waits until healthy
#   bench/server.sh stop
# Environment: BENCH_DIR (default /tmp/revgraph-bench), PG_PORT (54329), HTTP_PORT (18080), JAVA_OPTS,
# JAR (default: a copy of api/target/revgraph.jar taken at start into BENCH_DIR, so a build while the
# benchmark runs does not replace the jar under the running JVM).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/revgraph-bench}
PG_PORT=${PG_PORT:-54329}
HTTP_PORT=${HTTP_PORT:-18080}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
mkdir -p "$BENCH_DIR"
case "${1:-start}" in
  start)
    [ -f api/target/revgraph.jar ] || ./mvnw -B -q -DskipTests package
    if [ -f "$BENCH_DIR/app.pid" ] && kill -0 "$(cat "$BENCH_DIR/app.pid")" 2>/dev/null; then
      echo "already running: pid $(cat "$BENCH_DIR/app.pid")"; exit 0
    fi
    JAR=${JAR:-}
    if [ -z "$JAR" ]; then JAR="$BENCH_DIR/revgraph.jar"; cp api/target/revgraph.jar "$JAR"; fi
    # shellcheck disable=SC2086
    nohup java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$HTTP_PORT" \
      --revgraph.embedded.port="$PG_PORT" --revgraph.embedded.data-dir="$BENCH_DIR/data" \
      > "$BENCH_DIR/app.log" 2>&1 &
    echo $! > "$BENCH_DIR/app.pid"
    # the first start on a large database after an upgrade may rebuild maintained tables: wait long
    for _ in $(seq 1 1800); do
      if curl -sf "http://127.0.0.1:$HTTP_PORT/actuator/health" > /dev/null; then
        grep -o 'Embedded PostgreSQL on [^ ]*' "$BENCH_DIR/app.log" | head -1
        echo "API on http://127.0.0.1:$HTTP_PORT/graphql, pid $(cat "$BENCH_DIR/app.pid"), token in $BENCH_DIR/admin-token"
        exit 0
      fi
      sleep 1
    done
    echo "did not start; see $BENCH_DIR/app.log" >&2; exit 1 ;;
  stop)
    if [ -f "$BENCH_DIR/app.pid" ]; then
      pid=$(cat "$BENCH_DIR/app.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      rm -f "$BENCH_DIR/app.pid"
      echo "stopped $pid"
    fi ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
