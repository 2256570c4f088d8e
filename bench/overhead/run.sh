#!/usr/bin/env bash
# Server CPU per `{ __typename }` request (shape k) on three servers, loaded in turn, rounds
# alternating: bare node:http (bare.mjs), newsgraph's Apollo with minimal glue (apollo.ts), and
# newsgraph as `npm start` runs it. CPU from /proc/<pid>/stat (user + system) around each run of
# bench/load-one.ts; load-one needs the bench database (npm run bench creates it) for its samples.
#   bash bench/overhead/run.sh [seconds=5] [rounds=3] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-5}; rounds=${2:-3}; conns=${3:-32}
db=${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/newsgraph_bench}
tick=$(getconf CLK_TCK)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
PORT=4201 node bench/overhead/bare.mjs & pids+=($!)
PORT=4202 NODE_ENV=production node --max-semi-space-size=32 --import tsx/esm bench/overhead/apollo.ts & pids+=($!)
DATABASE_URL=$db PORT=4203 SEED=false LOG_LEVEL=warn NODE_ENV=production RATE_LIMIT_ANONYMOUS_PER_MINUTE=0 MAX_CONCURRENT_REQUESTS=0 \
  node --max-semi-space-size=32 --import tsx/esm src/main.ts & pids+=($!)
for port in 4201 4202 4203; do
  for _ in $(seq 60); do curl -sf -o /dev/null -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "http://127.0.0.1:$port/graphql" && break; sleep 0.5; done
done
cpu() { local f; read -ra f < "/proc/$1/stat"; echo $(( f[13] + f[14] )); }
names=(bare apollo newsgraph)
for round in $(seq "$rounds"); do
  for i in 0 1 2; do
    pid=${pids[$i]}; port=$((4201 + i))
    npx tsx bench/load-one.ts "http://127.0.0.1:$port/graphql" k 1 8 > /dev/null # warm-up
    c0=$(cpu "$pid")
    out=$(BENCH_DATABASE_URL=$db npx tsx bench/load-one.ts "http://127.0.0.1:$port/graphql" k "$seconds" "$conns")
    c1=$(cpu "$pid")
    rps=$(sed -E 's/.*: ([0-9.]+) req\/s.*/\1/' <<< "$out")
    echo "round $round ${names[$i]}: $rps req/s, server CPU $(python3 -c "print(round(($c1 - $c0) / $tick * 1e6 / ($rps * $seconds), 1))") µs/request"
  done
done
