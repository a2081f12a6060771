#!/usr/bin/env bash
# Generates benchmark data into the running benchmark database (bench/server.sh start first).
#   bench/generate.sh 1000000            # 1M spend lines, 1M revenue lines, 100k customers, 500k touchpoints
#   FAST=1 bench/generate.sh 10000000    # load without triggers and FK checks, then rebuild the rollups
#   SPEND=10000000 REVENUE=10000000 CUSTOMERS=1000000 TOUCHPOINTS=5000000 bench/generate.sh
set -euo pipefail
cd "$(dirname "$0")"
SCALE=${1:-1000000}
SPEND=${SPEND:-$SCALE}
REVENUE=${REVENUE:-$SCALE}
CUSTOMERS=${CUSTOMERS:-$((SCALE / 10))}
TOUCHPOINTS=${TOUCHPOINTS:-$((SCALE / 2))}
CHUNK=${CHUNK:-1000000}
FAST=${FAST:-0}
ROLE=origin; [ "$FAST" = 1 ] && ROLE=replica
PG_PORT=${PG_PORT:-54329}
time psql -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v customers="$CUSTOMERS" -v spend="$SPEND" \
  -v revenue="$REVENUE" -v touchpoints="$TOUCHPOINTS" -v chunk="$CHUNK" -v fast="$FAST" -v replication_role="$ROLE" -f generate.sql
