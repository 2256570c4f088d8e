#!/usr/bin/env bash
# Starts the failover cluster on loopback, in one command: etcd, two Postgres nodes under Patroni
# (a leader and a synchronous streaming replica), HAProxy (a write port routed to the Patroni
# leader and a read port to the replica, through Patroni's REST checks; and the HTTP load balancer
# for newsgraph), a private Redis, and two newsgraph processes. Waits until all is healthy and
# prints the URLs. `scripts/cluster/down.sh` stops it all. Needs Debian's patroni, etcd-server,
# haproxy and redis-server, and Postgres 15 binaries (CLUSTER_PG_BIN).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUN=${CLUSTER_DIR:-/tmp/newsgraph-cluster}
PG_BIN=${CLUSTER_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PASSWORD=newsgraph-cluster
ETCD_PORT=12379 PEER_PORT=12380
PG_PORTS=(15432 15433) REST_PORTS=(18008 18009)
WRITE_PORT=15000 READ_PORT=15001 LB_PORT=18080 REDIS_PORT=16379
NG_PORTS=(14001 14002)
export CLUSTER_DIR=$RUN

for cmd in patroni etcd haproxy redis-server; do
  command -v "$cmd" >/dev/null || { echo "missing $cmd: apt-get install -y patroni etcd-server haproxy redis-server" >&2; exit 1; }
done
[ -x "$PG_BIN/postgres" ] || { echo "no Postgres binaries in $PG_BIN (set CLUSTER_PG_BIN)" >&2; exit 1; }
if [ -d "$RUN/pids" ]; then
  for f in "$RUN"/pids/*; do
    if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then echo "a cluster is already running in $RUN (scripts/cluster/down.sh stops it)" >&2; exit 1; fi
  done
fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir "$RUN" postgres

rm -rf "$RUN" && mkdir -p "$RUN/pids" && chown postgres: "$RUN" && chmod 700 "$RUN"
trap 'echo "start-up failed; logs in $RUN; stopping what started" >&2; bash "$ROOT/scripts/cluster/down.sh" --keep-logs' ERR

# As the postgres user (Postgres refuses to run as root); exec, so the pid is the program's own.
as_postgres() { exec setpriv --reuid=postgres --regid=postgres --init-groups env HOME="$RUN" "$@"; }
wait_for() { # what, seconds, command...
  local what=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "timed out waiting for $what" >&2; return 1
}
http_ok() { curl -fsS -o /dev/null --max-time 1 "$1"; }

echo "== etcd on 127.0.0.1:$ETCD_PORT"
etcd --name ng-etcd --data-dir "$RUN/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$PEER_PORT" \
  --initial-cluster "ng-etcd=http://127.0.0.1:$PEER_PORT" --log-level warn >"$RUN/etcd.log" 2>&1 &
echo $! >"$RUN/pids/etcd"
wait_for etcd 20 http_ok "http://127.0.0.1:$ETCD_PORT/health"

cat >"$RUN/post_bootstrap.sh" <<SH
#!/bin/sh
# Patroni runs this once on the new cluster's first leader, with a superuser connection URL.
exec "$PG_BIN/psql" "\$1" -v ON_ERROR_STOP=1 -qc 'CREATE DATABASE newsgraph'
SH
chmod 755 "$RUN/post_bootstrap.sh"

for i in 0 1; do
  name=pg$((i + 1))
  cat >"$RUN/$name.yml" <<YAML
scope: newsgraph
name: $name
restapi:
  listen: 127.0.0.1:${REST_PORTS[$i]}
  connect_address: 127.0.0.1:${REST_PORTS[$i]}
etcd3:
  hosts: 127.0.0.1:$ETCD_PORT
bootstrap:
  dcs:
    # Quick failover: the leader key lives 10 s, Patroni loops every 2 s.
    ttl: 10
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    # A crashed leader is failed over at once instead of being restarted in place for 300 s.
    primary_start_timeout: 0
    # A commit is acknowledged only once the synchronous standby has it, and Patroni promotes only
    # that standby: an acknowledged write survives the loss of the primary.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: 'on'
        wal_log_hints: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 100
  initdb:
    - encoding: UTF8
    - locale: C
  post_bootstrap: $RUN/post_bootstrap.sh
postgresql:
  listen: 127.0.0.1:${PG_PORTS[$i]}
  connect_address: 127.0.0.1:${PG_PORTS[$i]}
  data_dir: $RUN/$name
  bin_dir: $PG_BIN
  pgpass: $RUN/$name.pgpass
  # The replica's pg_basebackup asks for an immediate checkpoint rather than waiting for a spread one.
  basebackup:
    - checkpoint: fast
  authentication:
    superuser: {username: postgres, password: $PG_PASSWORD}
    replication: {username: replicator, password: $PG_PASSWORD}
  parameters:
    unix_socket_directories: $RUN
    shared_buffers: 64MB
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
watchdog:
  mode: off
log:
  level: INFO
YAML
  chown postgres: "$RUN/$name.yml"
done

echo "== Patroni pg1 (127.0.0.1:${PG_PORTS[0]}, REST ${REST_PORTS[0]}) bootstraps the cluster"
as_postgres patroni "$RUN/pg1.yml" >"$RUN/pg1.log" 2>&1 &
echo $! >"$RUN/pids/pg1"
wait_for "pg1 to lead" 60 http_ok "http://127.0.0.1:${REST_PORTS[0]}/primary"
echo "== Patroni pg2 (127.0.0.1:${PG_PORTS[1]}, REST ${REST_PORTS[1]}) joins as streaming replica"
as_postgres patroni "$RUN/pg2.yml" >"$RUN/pg2.log" 2>&1 &
echo $! >"$RUN/pids/pg2"
wait_for "pg2 to replicate" 90 http_ok "http://127.0.0.1:${REST_PORTS[1]}/replica"
sync_ok() { curl -fsS --max-time 1 "http://127.0.0.1:${REST_PORTS[0]}/cluster" | grep -q '"sync_standby"'; }
wait_for "pg2 to become the synchronous standby" 30 sync_ok

# HAProxy's own answers (no server, a server that died mid-request) speak newsgraph's error
# format, UNAVAILABLE with Retry-After (keeping HAProxy's status), so clients retry them like any
# outage.
for status in 502 503 504; do
  reason=$([ $status = 502 ] && echo "Bad Gateway" || ([ $status = 503 ] && echo "Service Unavailable" || echo "Gateway Timeout"))
  body='{"errors":[{"message":"No newsgraph process could answer; retry shortly","extensions":{"code":"UNAVAILABLE"}}]}'
  printf 'HTTP/1.1 %s %s\r\ncontent-type: application/json\r\nretry-after: 1\r\nx-load-balancer-error: %s\r\ncache-control: no-store\r\nconnection: close\r\ncontent-length: %s\r\n\r\n%s' \
    "$status" "$reason" "$status" "${#body}" "$body" >"$RUN/lb-$status.http"
done

cat >"$RUN/haproxy.cfg" <<CFG
global
  maxconn 2000
  log stdout format raw local0 notice

defaults
  log global
  mode tcp
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 1s

# Postgres writes: the Patroni leader only (GET /primary is 200 on the leader alone).
listen pg_write
  bind 127.0.0.1:$WRITE_PORT
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
  server pg1 127.0.0.1:${PG_PORTS[0]} maxconn 100 check port ${REST_PORTS[0]}
  server pg2 127.0.0.1:${PG_PORTS[1]} maxconn 100 check port ${REST_PORTS[1]}

# Postgres reads: the streaming replicas (GET /replica is 200 on a running standby).
listen pg_read
  bind 127.0.0.1:$READ_PORT
  balance roundrobin
  option httpchk GET /replica
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
  server pg1 127.0.0.1:${PG_PORTS[0]} maxconn 100 check port ${REST_PORTS[0]}
  server pg2 127.0.0.1:${PG_PORTS[1]} maxconn 100 check port ${REST_PORTS[1]}

# newsgraph: the processes whose /health/ready is 200. While none is ready (the database is
# failing over), requests go to the processes that are alive (/health/live), so clients get
# newsgraph's own UNAVAILABLE answer with Retry-After rather than the balancer's.
frontend newsgraph
  bind 127.0.0.1:$LB_PORT
  mode http
  timeout client 30s
  use_backend newsgraph_live if { nbsrv(newsgraph_ready) lt 1 }
  default_backend newsgraph_ready

defaults newsgraph_backend
  mode http
  balance roundrobin
  timeout connect 2s
  timeout server 30s
  timeout check 1s
  # A connection refused (a process that just died) is retried on another process: safe, the
  # request never reached it. Requests in flight at a process's death are not retried.
  retries 2
  option redispatch 1
  retry-on conn-failure
  errorfile 502 $RUN/lb-502.http
  errorfile 503 $RUN/lb-503.http
  errorfile 504 $RUN/lb-504.http
  http-check expect status 200
  default-server inter 1s fall 2 rise 1

backend newsgraph_ready from newsgraph_backend
  option httpchk GET /health/ready
  server ng1 127.0.0.1:${NG_PORTS[0]} check
  server ng2 127.0.0.1:${NG_PORTS[1]} check

backend newsgraph_live from newsgraph_backend
  option httpchk GET /health/live
  server ng1 127.0.0.1:${NG_PORTS[0]} check
  server ng2 127.0.0.1:${NG_PORTS[1]} check
CFG
haproxy -c -f "$RUN/haproxy.cfg" >/dev/null
echo "== HAProxy: write 127.0.0.1:$WRITE_PORT, read 127.0.0.1:$READ_PORT, newsgraph 127.0.0.1:$LB_PORT"
haproxy -f "$RUN/haproxy.cfg" >"$RUN/haproxy.log" 2>&1 &
echo $! >"$RUN/pids/haproxy"
wait_for "the write port to reach the leader" 20 "$PG_BIN/pg_isready" -h 127.0.0.1 -p $WRITE_PORT -q
wait_for "the read port to reach the replica" 20 "$PG_BIN/pg_isready" -h 127.0.0.1 -p $READ_PORT -q

echo "== Redis on 127.0.0.1:$REDIS_PORT"
redis-server --bind 127.0.0.1 --port $REDIS_PORT --save "" --appendonly no --dir "$RUN" >"$RUN/redis.log" 2>&1 &
echo $! >"$RUN/pids/redis"
wait_for redis 10 redis-cli -p $REDIS_PORT ping

DB_URL="postgresql://postgres:$PG_PASSWORD@127.0.0.1:$WRITE_PORT/newsgraph"
REPLICA_URL="postgresql://postgres:$PG_PASSWORD@127.0.0.1:$READ_PORT/newsgraph"
start_newsgraph() { # index
  local i=$1 name=ng$(($1 + 1))
  env NODE_ENV=production HOST=127.0.0.1 PORT="${NG_PORTS[$i]}" LOG_LEVEL=warn \
    DATABASE_URL="$DB_URL" DATABASE_REPLICA_URLS="$REPLICA_URL" REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    DATABASE_POOL_SIZE=8 TRUST_PROXY=loopback HEALTH_READY_CACHE_MS=250 \
    RATE_LIMIT_ANONYMOUS_PER_MINUTE=600000 RATE_LIMIT_KEY_PER_MINUTE=600000 \
    node --max-semi-space-size=32 --import tsx/esm src/main.ts >"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/pids/$name"
}
node scripts/build-web.mjs --if-missing >/dev/null
# The first process migrates and loads the sample; the second starts on a ready database.
echo "== newsgraph ng1 on 127.0.0.1:${NG_PORTS[0]} (migrates, seeds)"
start_newsgraph 0
wait_for ng1 90 http_ok "http://127.0.0.1:${NG_PORTS[0]}/health/ready"
echo "== newsgraph ng2 on 127.0.0.1:${NG_PORTS[1]}"
start_newsgraph 1
wait_for ng2 90 http_ok "http://127.0.0.1:${NG_PORTS[1]}/health/ready"
wait_for "the load balancer" 20 http_ok "http://127.0.0.1:$LB_PORT/health/ready"
trap - ERR

cat <<TXT
cluster is up (files and logs in $RUN)
  newsgraph (load balancer)  http://127.0.0.1:$LB_PORT/graphql
  newsgraph processes        http://127.0.0.1:${NG_PORTS[0]}/graphql  http://127.0.0.1:${NG_PORTS[1]}/graphql
  Postgres writes (leader)   $DB_URL
  Postgres reads (replica)   $REPLICA_URL
  Patroni REST               http://127.0.0.1:${REST_PORTS[0]}/cluster  http://127.0.0.1:${REST_PORTS[1]}/cluster
  etcd                       http://127.0.0.1:$ETCD_PORT
  Redis                      redis://127.0.0.1:$REDIS_PORT
stop it with: bash scripts/cluster/down.sh
TXT
