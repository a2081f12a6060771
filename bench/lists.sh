#!/usr/bin/env bash
# The same first page of a list through Revgraph (HTTP), PostGraphile 5 (HTTP, the npm package
# `postgraphile`, run by Node 22 from the npm package `node@22`) and pgbench (the page's SQL),
# side by side, CONNECTIONS clients each, on the benchmark database (bench/server.sh start,
# bench/generate.sh 1000000 first).
#   bench/lists.sh                 # every page below; PAGES='department all revenue day customer campaign'
#   EXPLAIN=1 bench/lists.sh       # also EXPLAIN (ANALYZE) Revgraph's page statement of each page
# Environment: CONNECTIONS (10), DURATION (10 s measured), WARMUP (3 s), DEPT (B-D01), DAY (2026-03-02),
# CUSTOMER (bc-77), CAMPAIGN (B-CA1), BENCH_DIR, PG_PORT, HTTP_PORT, PGL_PORT (15679: PostGraphile),
# TOOLS (the npm packages; installed there when missing).
# PostGraphile offers conditions only on columns that lead a full index: no campaign condition
# (spend_line's campaign index is partial), so that row has no PostGraphile figure.
# Prints a Markdown table: requests/s and p50 of each, and pgbench for two statements: the bare page
# (the columns both APIs show, as PostGraphile asks for them) and Revgraph's own page statement
# (bench/sql/lists/*.sql: all columns, the conversion rate and the effective objective of each line).
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=${BENCH_DIR:-/tmp/revgraph-bench}
PG_PORT=${PG_PORT:-54329}
HTTP_PORT=${HTTP_PORT:-18080}
PGL_PORT=${PGL_PORT:-15679}
TOOLS=${TOOLS:-$BENCH_DIR/tools}
CONNECTIONS=${CONNECTIONS:-10}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
DEPT=${DEPT:-B-D01}
DAY=${DAY:-2026-03-02}
CUSTOMER=${CUSTOMER:-bc-77}
CAMPAIGN=${CAMPAIGN:-B-CA1}
PSQL="psql -X -Atq -h 127.0.0.1 -p $PG_PORT -U postgres -d postgres"
export CONNECTIONS DURATION WARMUP

if [ ! -d "$TOOLS/node_modules/postgraphile" ] || [ ! -d "$TOOLS/node_modules/autocannon" ]; then
  npm i --prefix "$TOOLS" postgraphile@5 node@22 autocannon@7 > /dev/null
fi
NODE22="$TOOLS/node_modules/.bin/node"
"$NODE22" --version | grep -q '^v22' || { echo "Node 22 (npm package node@22) did not install in $TOOLS" >&2; exit 1; }

# PostGraphile over the same database, the public schema, production mode, on 127.0.0.1 only: started
# here and stopped on exit, so the figures never come from a PostGraphile left over another database
if curl -s -o /dev/null "http://127.0.0.1:$PGL_PORT/graphql"; then
  echo "port $PGL_PORT already answers (another PostGraphile?): stop it or set PGL_PORT" >&2; exit 1
fi
( cd "$TOOLS" && exec "$NODE22" node_modules/postgraphile/dist/cli-run.js --preset postgraphile/presets/amber \
    -c "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -s public --host 127.0.0.1 --port "$PGL_PORT" \
    > "$BENCH_DIR/postgraphile.log" 2>&1 ) &
PGL_PID=$!
trap 'kill "$PGL_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null -H 'content-type: application/json' -d '{"query":"{__typename}"}' "http://127.0.0.1:$PGL_PORT/graphql" && break
  kill -0 "$PGL_PID" 2>/dev/null || { echo "PostGraphile stopped; see $BENCH_DIR/postgraphile.log" >&2; exit 1; }
  sleep 1
done

DEPT_ID=$($PSQL -c "select id from department where code = '$DEPT'")
CUSTOMER_ID=$($PSQL -c "select id from customer where external_id = '$CUSTOMER'")
CAMPAIGN_ID=$($PSQL -c "select id from campaign where code = '$CAMPAIGN'")
TOKEN=$(cat "$BENCH_DIR/admin-token")

http() { # url body [token] -> JSON line
  URL=$1 BODY=$2 AUTH=${3:-} NODE_PATH="$TOOLS/node_modules" "$NODE22" lists.js
}

bench_sql() { # file psql-variables... -> "tps p50"
  local file=$1; shift
  local dir; dir=$(mktemp -d)
  ( cd "$dir" && pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CONNECTIONS" -j 2 -T "$WARMUP" "$@" -f "$file" postgres > /dev/null 2>&1
    pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CONNECTIONS" -j 2 -T "$DURATION" -l "$@" -f "$file" postgres > out.txt 2>&1
    tps=$(awk '/^tps/ {printf "%.0f", $3}' out.txt)
    p50=$(cat pgbench_log.* | awk '{print $3 / 1000}' | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR + 1) / 2)]}')
    echo "$tps $p50" )
  rm -rf "$dir"
}

gql() { python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "$1"; }

row() { # name revgraph-query postgraphile-query bare-sql revgraph-sql-file psql-variables...
  local name=$1 rq=$2 pq=$3 bare=$4 file=$5; shift 5
  local r p b s bare_file
  r=$(http "http://127.0.0.1:$HTTP_PORT/graphql" "$(gql "$rq")" "$TOKEN")
  if [ "$pq" = - ]; then p='{"rps": "n/a", "p50": "n/a", "errors": 0}'
  else p=$(http "http://127.0.0.1:$PGL_PORT/graphql" "$(gql "$pq")"); fi
  bare_file=$(mktemp); echo "$bare" > "$bare_file"
  b=$(bench_sql "$bare_file"); rm -f "$bare_file"
  s=$(bench_sql "$PWD/sql/lists/$file" "$@")
  python3 - "$name" "$r" "$p" "$b" "$s" <<'PY'
import json, sys
name, r, p, b, s = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4].split(), sys.argv[5].split()
cell = lambda x: f"{x['rps']} | {x['p50']}" + (f" ({x['errors']} errors)" if x['errors'] else "")
print(f"| {name} | {cell(r)} | {cell(p)} | {b[0]} | {b[1]} | {s[0]} | {s[1]} |")
PY
  if [ "${EXPLAIN:-0}" = 1 ]; then
    local vars=("${@/#-D/-v}")
    echo; echo '```'; $PSQL "${vars[@]}" -f <(sed 's/^select/explain (analyze, costs off, timing off, summary off) select/' "sql/lists/$file") 2>&1 \
      | grep -v '^$'; echo '```'; echo
  fi
}

echo "| first page (20 rows) | Revgraph req/s | p50 ms | PostGraphile req/s | p50 ms | pgbench bare page tps | p50 ms | pgbench Revgraph's statement tps | p50 ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for page in ${PAGES:-department all revenue day customer campaign}; do case $page in
  department) row "spendLines, department $DEPT" \
      "{ spendLines(filter: {departmentCodes: [\"$DEPT\"]}, first: 20) { edges { node { bookedOn amount { amount currency } } } } }" \
      "{ allSpendLines(condition: {departmentId: \"$DEPT_ID\"}, first: 20, orderBy: [BOOKED_ON_ASC, PRIMARY_KEY_ASC]) { edges { node { bookedOn amount currency } } } }" \
      "select booked_on, amount, currency from spend_line where department_id = $DEPT_ID order by booked_on, id limit 21" \
      spend-department.sql -D dept_id="$DEPT_ID" ;;
  all) row "spendLines, no filter" \
      "{ spendLines(first: 20) { edges { node { bookedOn amount { amount currency } } } } }" \
      "{ allSpendLines(first: 20, orderBy: [BOOKED_ON_ASC, PRIMARY_KEY_ASC]) { edges { node { bookedOn amount currency } } } }" \
      "select booked_on, amount, currency from spend_line order by booked_on, id limit 21" \
      spend-all.sql ;;
  revenue) row "revenueLines, no filter" \
      "{ revenueLines(first: 20) { edges { node { recognizedOn amount { amount currency } } } } }" \
      "{ allRevenueLines(first: 20, orderBy: [RECOGNIZED_ON_ASC, PRIMARY_KEY_ASC]) { edges { node { recognizedOn amount currency } } } }" \
      "select recognized_on, amount, currency from revenue_line order by recognized_on, id limit 21" \
      revenue-all.sql ;;
  day) row "spendLines, one day ($DAY)" \
      "{ spendLines(filter: {from: \"$DAY\", to: \"$DAY\"}, first: 20) { edges { node { bookedOn amount { amount currency } } } } }" \
      "{ allSpendLines(condition: {bookedOn: \"$DAY\"}, first: 20, orderBy: [BOOKED_ON_ASC, PRIMARY_KEY_ASC]) { edges { node { bookedOn amount currency } } } }" \
      "select booked_on, amount, currency from spend_line where booked_on = '$DAY' order by booked_on, id limit 21" \
      spend-day.sql -D day="'$DAY'" ;;
  customer) row "revenueLines, customer $CUSTOMER" \
      "{ revenueLines(filter: {customerExternalId: \"$CUSTOMER\"}, first: 20) { edges { node { recognizedOn amount { amount currency } } } } }" \
      "{ allRevenueLines(condition: {customerId: \"$CUSTOMER_ID\"}, first: 20, orderBy: [RECOGNIZED_ON_ASC, PRIMARY_KEY_ASC]) { edges { node { recognizedOn amount currency } } } }" \
      "select recognized_on, amount, currency from revenue_line where customer_id = $CUSTOMER_ID order by recognized_on, id limit 21" \
      revenue-customer.sql -D customer_id="$CUSTOMER_ID" ;;
  campaign) row "spendLines, campaign $CAMPAIGN" \
      "{ spendLines(filter: {campaignCode: \"$CAMPAIGN\"}, first: 20) { edges { node { bookedOn amount { amount currency } } } } }" \
      - \
      "select booked_on, amount, currency from spend_line where campaign_id = $CAMPAIGN_ID order by booked_on, id limit 21" \
      spend-campaign.sql -D campaign_id="$CAMPAIGN_ID" ;;
esac; done
