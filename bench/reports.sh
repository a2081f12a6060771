#!/usr/bin/env bash
# Times every report through HTTP (after warm-up) and the hand SQL for the same figures with psql.
#   bench/reports.sh            # RUNS=20 WARMUP=3 SQL_RUNS=5 MODELS='LINEAR ...' REPORTS='pnl raw segment segment-stream campaign mrr mrr-stream mrr-raw cohort cohort-raw'
#   REPORTS='cohort-grouped pnl-loaded acquisition funnel expansion department budget allocations forecast' bench/reports.sh
#                               # every other report, HTTP only
#   SQL=0 RUNS=3 WARMUP=1 bench/reports.sh   # HTTP only for every report (slow reports at 30M)
# Start the server with -Drevgraph.report-cache.enabled=false to time computations: with the cache on,
# every run after the first is answered from memory.
# Prints a Markdown table: report, HTTP p50/p95 (ms), hand SQL p50 (ms), ratio. A response with
# GraphQL errors counts as a failure and stops the script.
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=${BENCH_DIR:-/tmp/revgraph-bench}
HTTP_PORT=${HTTP_PORT:-18080}
PG_PORT=${PG_PORT:-54329}
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
SQL_RUNS=${SQL_RUNS:-5}
SQL=${SQL:-1}
URL="http://127.0.0.1:$HTTP_PORT/graphql"

percentile() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR*p+99)/100); if (i<1) i=1; printf "%.0f", a[i]}'; }

http_times() {
  # one kept-alive connection per report (bench/http_times.py), as a dashboard's browser keeps one
  python3 http_times.py "$URL" "$BENCH_DIR/admin-token" "$1" "$WARMUP" "$RUNS" || echo "ERROR"
}

sql_times() {
  local file=$1; shift
  for i in $(seq 1 $((SQL_RUNS + 1))); do
    psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@" -c '\timing on' -f "$file" -o /dev/null 2>&1 \
      | awk '/^Time:/ {print $2}' | tail -1 | { [ "$i" -gt 1 ] && cat || cat > /dev/null; }
  done
}

row() {
  local name=$1 doc=$2 sql=${3:-}
  shift $(( $# < 3 ? $# : 3 ))
  local h p50 p95 s50="" ratio=""
  h=$(http_times "graphql/$doc")
  if echo "$h" | grep -q ERROR; then echo "| $name | error (see stderr) | | | |"; return; fi
  p50=$(echo "$h" | percentile 50); p95=$(echo "$h" | percentile 95)
  if [ -n "$sql" ] && [ "$SQL" = 1 ]; then
    s50=$(sql_times "sql/$sql" "$@" | percentile 50)
    ratio=$(awk -v a="$p50" -v b="$s50" 'BEGIN {printf "%.2f", a / b}')
  fi
  echo "| $name | $p50 | $p95 | ${s50:-n/a} | ${ratio:-n/a} |"
}

echo "| report | HTTP p50 ms | HTTP p95 ms | hand SQL p50 ms | ratio |"
echo "| --- | --- | --- | --- | --- |"
REPORTS=${REPORTS:-pnl raw segment campaign mrr cohort}
for r in $REPORTS; do case $r in
  pnl) row "profitAndLoss 2026 monthly by segment" profitAndLoss.graphql pnl-rollup.sql ;;
  raw) echo "| (same P&L figures, hand SQL over the raw lines) | | | $(sql_times sql/pnl-raw.sql | percentile 50) | |" ;;
  segment) row "segmentEconomics 2026" segmentEconomics.graphql segment-economics.sql ;;
  campaign) for m in ${MODELS:-FIRST_TOUCH LAST_TOUCH LINEAR POSITION_BASED TIME_DECAY}; do
      row "campaignPerformance $m" "campaignPerformance-$m.graphql" campaign-performance.sql -v model="$m"; done ;;
  mrr) row "mrrMovements 2026" mrrMovements.graphql mrr-movements.sql ;;
  mrr-stream) echo "| (mrrMovements figures, hand SQL streaming the customer-month rollup, no maintained movements) | | | $(sql_times sql/mrr-movements-stream.sql | percentile 50) | |" ;;
  segment-stream) echo "| (segmentEconomics figures, hand SQL streaming the customer-month rollup, no maintained movements) | | | $(sql_times sql/segment-economics-stream.sql | percentile 50) | |" ;;
  mrr-raw) echo "| (mrrMovements figures, hand SQL over the raw lines) | | | $(sql_times sql/mrr-movements-raw.sql | percentile 50) | |" ;;
  cohort) row "cohortRetention 2026 (revenue)" cohortRetention.graphql cohort-retention.sql ;;
  cohort-raw) echo "| (cohortRetention figures, hand SQL over the raw lines) | | | $(sql_times sql/cohort-retention-raw.sql | percentile 50) | |" ;;
  # the other reports, HTTP only (no hand SQL kept for them)
  cohort-grouped) row "cohortRetention 2026 by acquisition channel (logos)" cohortRetention-grouped.graphql ;;
  pnl-loaded) row "profitAndLoss 2026 monthly by department, fully loaded" profitAndLoss-fullyLoaded.graphql ;;
  acquisition) row "acquisitionEconomics 2026 LINEAR by channel" acquisitionEconomics.graphql ;;
  funnel) row "campaignFunnel 2026 LINEAR by campaign" campaignFunnel.graphql ;;
  expansion) row "expansionAttribution 2026 LINEAR by campaign" expansionAttribution.graphql ;;
  department) row "departmentStatement 2026 quarterly LINEAR" departmentStatement.graphql ;;
  budget) row "budgetVsActual 2026" budgetVsActual.graphql ;;
  allocations) row "allocations 2026" allocations.graphql ;;
  forecast) row "forecast 2026-01 .. 2027-06 monthly" forecast.graphql ;;
esac; done
