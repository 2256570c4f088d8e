#!/usr/bin/env bash
# Starts `npm start` on a fresh embedded database as a new user would, queries the sample data
# over HTTP, then stops it with SIGTERM and checks that it exits cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-4477}
data=$(mktemp -d /tmp/newsgraph-smoke-XXXXXX)
chmod 755 "$data" # as root, Postgres runs as the postgres user, who must reach it
log="$data/server.log"
# In its own process group, so SIGTERM reaches the server the way Ctrl-C does in a terminal:
# npm (via sh -c) does not pass a SIGTERM sent to npm alone on to its child.
setsid env -u DATABASE_URL PORT="$port" NEWSGRAPH_DATA_DIR="$data/pg" EMBEDDED_PG_PORT=$((port + 1)) npm start >"$log" 2>&1 &
pid=$!
cleanup() { kill -TERM -- "-$pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q 'newsgraph listening' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "server exited during start"; exit 1; }
  sleep 0.5
done
grep -q 'newsgraph listening' "$log" || { cat "$log"; echo "server did not start within 60s"; exit 1; }

query='{"query":"{ declarations(first: 5, filter: { title: \"shusha\" }) { totalCount nodes { title signatories { person { name } } } } }"}'
answer=$(curl -sS -H 'content-type: application/json' --data "$query" "http://127.0.0.1:$port/graphql")
echo "$answer"
echo "$answer" | grep -q 'Ilham Aliyev' || { cat "$log"; echo "sample data not served"; exit 1; }

kill -TERM -- "-$pid"
trap - EXIT
status=0
wait "$pid" || status=$?
for _ in $(seq 1 40); do grep -q '"msg":"stopped"' "$log" && break; sleep 0.25; done
grep -q '"msg":"stopped"' "$log" || { cat "$log"; echo "server did not stop cleanly (exit $status)"; exit 1; }
if pgrep -f "EMBEDDED_PG_PORT=$((port + 1))|-p $((port + 1)) " >/dev/null; then echo "embedded Postgres still running"; exit 1; fi
echo "smoke test passed: started, served the sample data, stopped cleanly"
rm -rf "$data"
