#!/usr/bin/env bash
# Import benchmark: generates the demo dataset at a scale (default 2000: about 5 million ledger
# lines), imports it with `revgraph.jar import` into a fresh embedded PostgreSQL on a fixed port,
# then times against the same server a bare `\copy` of the same spend.csv and revenue.csv into plain
# tables (no keys, no checks) and an indexed `\copy` of the same lines into tables created
# `like spend_line including all` / `like revenue_line including all` (the ledgers' own indexes,
# no triggers, no foreign keys), and appends the rates and their ratios to docs/performance.md.
# The indexed copy loads the lines as the ledgers hold them (department, customer and other ids
# instead of codes), exported from the imported ledgers in id order before the clock starts.
#
#   bench/import.sh [scale] [port]
#
# Needs a JDK 17+ and psql on the PATH. Works in $BENCH_DIR (default /tmp/revgraph-bench),
# which it empties first; it builds api/target/revgraph.jar when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE="${1:-2000}"
PORT="${2:-54329}"
WORK="${BENCH_DIR:-/tmp/revgraph-bench}"
JAR="${JAR:-api/target/revgraph.jar}"
REPORT=docs/performance.md

[ -f "$JAR" ] || ./mvnw -B -q -pl api -am package -DskipTests
rm -rf "$WORK" && mkdir -p "$WORK"

echo "== generate-demo --scale $SCALE"
java -jar "$JAR" generate-demo "$WORK/data" --scale "$SCALE" | tee "$WORK/generate.log"
SPEND_ROWS=$(( $(wc -l < "$WORK/data/spend.csv") - 1 ))
REVENUE_ROWS=$(( $(wc -l < "$WORK/data/revenue.csv") - 1 ))
LEDGER_ROWS=$(( SPEND_ROWS + REVENUE_ROWS ))
TOTAL_ROWS=$(grep -o 'Wrote [0-9,]* rows' "$WORK/generate.log" | tr -dc '0-9')

echo "== import ($LEDGER_ROWS ledger lines, $TOTAL_ROWS rows in all)"
START=$(date +%s.%N)
java -jar "$JAR" import "$WORK/data" --revgraph.embedded.data-dir="$WORK/db" \
  --revgraph.embedded.port="$PORT" --logging.level.dev.revgraph.importing=debug | tee "$WORK/import.log"
END=$(date +%s.%N)
IMPORT_WALL=$(printf "%.1f" "$(echo "$END - $START" | bc)")
IMPORT_ENGINE=$(grep -o 'Done in [0-9.]* s' "$WORK/import.log" | tr -dc '0-9.')
line_of() { grep -E "^  $1 " "$WORK/import.log" | head -1; }
SPEND_LINE=$(line_of spend.csv)
REVENUE_LINE=$(line_of revenue.csv)
secs_of() { echo "$1" | grep -o 'in [0-9.]* s' | tr -dc '0-9.'; }
SPEND_S=$(secs_of "$SPEND_LINE")
REVENUE_S=$(secs_of "$REVENUE_LINE")
LEDGER_IMPORT_RATE=$(echo "$LEDGER_ROWS / ($SPEND_S + $REVENUE_S)" | bc)
ALL_IMPORT_RATE=$(echo "$TOTAL_ROWS / $IMPORT_ENGINE" | bc)

echo "== bare COPY into plain tables on the same server"
java -jar "$JAR" --revgraph.embedded.data-dir="$WORK/db" --revgraph.embedded.port="$PORT" \
  --server.port=0 > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q 'Started Application' "$WORK/server.log" && break; sleep 1; done
PSQL="psql -X -q -v ON_ERROR_STOP=1 -h localhost -p $PORT -U postgres postgres"
$PSQL -c "drop table if exists bench_spend, bench_revenue;
  create table bench_spend (external_id text, department_code text, booked_on date, amount numeric,
    currency text, category text, campaign_code text, segment_code text, product_code text,
    region_code text, vendor text, memo text);
  create table bench_revenue (external_id text, customer_external_id text, product_code text,
    recognized_on date, amount numeric, currency text, recurring boolean);"
# Runs two psql commands back to back; sets TOOK (seconds) and RATE (ledger lines per second).
timed() {
  local start end
  start=$(date +%s.%N)
  $PSQL -c "$1"
  $PSQL -c "$2"
  end=$(date +%s.%N)
  TOOK=$(printf "%.1f" "$(echo "$end - $start" | bc)")
  RATE=$(echo "$LEDGER_ROWS / ($end - $start)" | bc)
}
timed "\\copy bench_spend from '$WORK/data/spend.csv' with (format csv, header true)" \
  "\\copy bench_revenue from '$WORK/data/revenue.csv' with (format csv, header true)"
COPY_S=$TOOK
COPY_RATE=$RATE
$PSQL -c "drop table bench_spend, bench_revenue"

echo "== indexed COPY into tables like the ledgers (their own indexes, no triggers, no foreign keys)"
SPEND_COLUMNS="external_id, department_id, booked_on, amount, currency, category, campaign_id, segment_id,
  product_id, region_id, vendor, memo, objective, created_by"
REVENUE_COLUMNS="external_id, customer_id, product_id, recognized_on, amount, currency, recurring, created_by"
$PSQL -c "\\copy (select $SPEND_COLUMNS from spend_line order by id) to '$WORK/spend-ledger.csv' with (format csv)"
$PSQL -c "\\copy (select $REVENUE_COLUMNS from revenue_line order by id) to '$WORK/revenue-ledger.csv' with (format csv)"
$PSQL -c "drop table if exists bench_spend_line, bench_revenue_line;
  create table bench_spend_line (like spend_line including all);
  create table bench_revenue_line (like revenue_line including all);
  checkpoint;"
timed "\\copy bench_spend_line ($SPEND_COLUMNS) from '$WORK/spend-ledger.csv' with (format csv)" \
  "\\copy bench_revenue_line ($REVENUE_COLUMNS) from '$WORK/revenue-ledger.csv' with (format csv)"
INDEXED_S=$TOOK
INDEXED_RATE=$RATE
$PSQL -c "drop table bench_spend_line, bench_revenue_line"
rm -f "$WORK/spend-ledger.csv" "$WORK/revenue-ledger.csv"
kill $SERVER && wait $SERVER 2>/dev/null || true
trap - EXIT

MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM"
{
  echo
  echo "### $(date -u +%Y-%m-%d) import benchmark, scale $SCALE"
  echo
  echo "Machine: $MACHINE; embedded PostgreSQL 18, fresh data directory; \`bench/import.sh $SCALE\`."
  echo
  echo "| what | rows | seconds | rows/s |"
  echo "| --- | ---: | ---: | ---: |"
  echo "| \`revgraph.jar import\`, whole directory (engine time, one transaction) | $TOTAL_ROWS | $IMPORT_ENGINE | $ALL_IMPORT_RATE |"
  echo "| of which spend.csv + revenue.csv | $LEDGER_ROWS | $(echo "$SPEND_S + $REVENUE_S" | bc) | $LEDGER_IMPORT_RATE |"
  echo "| bare \`\\copy\` of spend.csv + revenue.csv into plain tables (psql) | $LEDGER_ROWS | $COPY_S | $COPY_RATE |"
  echo "| indexed \`\\copy\` of the same lines into tables \`like spend_line/revenue_line including all\` (psql) | $LEDGER_ROWS | $INDEXED_S | $INDEXED_RATE |"
  echo
  echo "Import rate over indexed COPY: $(echo "scale=2; $LEDGER_IMPORT_RATE / $INDEXED_RATE" | bc); over bare COPY: $(echo "scale=3; $LEDGER_IMPORT_RATE / $COPY_RATE" | bc)."
  echo "Wall time of the import command including JVM and Spring start: ${IMPORT_WALL} s."
  echo "Per file: \`$SPEND_LINE\` / \`$REVENUE_LINE\`"
} >> "$REPORT"
echo "== appended to $REPORT"
tail -12 "$REPORT"
