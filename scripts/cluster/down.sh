#!/usr/bin/env bash
# Stops what scripts/cluster/up.sh started (by the pids it recorded, newest first) and removes its
# files. --keep-logs leaves the directory for a look at the logs.
set -uo pipefail
RUN=${CLUSTER_DIR:-/tmp/newsgraph-cluster}
[ -d "$RUN/pids" ] || { echo "no cluster running in $RUN"; exit 0; }

stop() { # name: SIGTERM, then SIGKILL after 15 s
  local file="$RUN/pids/$1" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$file"
}
# The HTTP side first (newsgraph drains its requests), then the databases (Patroni stops its
# Postgres on SIGTERM; the replica before the leader, so the leader doesn't wait on a standby).
stop ng2 & stop ng1 & wait
stop haproxy
stop redis
stop pg2
stop pg1
# A Postgres whose Patroni was killed would be left running: stop it by its own pid file.
for dir in "$RUN"/pg1 "$RUN"/pg2; do
  if [ -f "$dir/postmaster.pid" ]; then
    pid=$(head -1 "$dir/postmaster.pid")
    kill -0 "$pid" 2>/dev/null && kill -QUIT "$pid" 2>/dev/null
  fi
done
stop etcd
rmdir "$RUN/pids" 2>/dev/null
if [ "${1:-}" = --keep-logs ]; then echo "cluster stopped; logs kept in $RUN"; else rm -rf "$RUN"; echo "cluster stopped and removed ($RUN)"; fi
