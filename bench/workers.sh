#!/usr/bin/env bash
# One process against WORKERS=2 (same total pool: 10 against 2 × 5), both up, loaded alternately
# with bench/load-one.ts on shapes a, i, k; needs the bench database (npm run bench creates it).
cd "$(dirname "$0")/.."
export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsgraph_bench SEED=false LOG_LEVEL=warn RATE_LIMIT_ANONYMOUS_PER_MINUTE=0 MAX_CONCURRENT_REQUESTS=0 SUBSCRIPTIONS=false DATABASE_POOL_SIZE=10
WORKERS=1 PORT=4601 setsid node --max-semi-space-size=32 --import tsx/esm src/main.ts > /tmp/w1.log 2>&1 &
p1=$!
WORKERS=2 PORT=4602 DATABASE_POOL_SIZE=5 setsid node --max-semi-space-size=32 --import tsx/esm src/main.ts > /tmp/w2.log 2>&1 &
p2=$!
sleep 15
for round in 1 2; do
  for shape in a i k; do
    for port in 4601 4602; do
      echo "round $round port $port $(npx tsx bench/load-one.ts http://127.0.0.1:$port/graphql $shape 8 32 2>&1 | tail -1)"
    done
  done
done
kill -TERM -- -$p1 -$p2
