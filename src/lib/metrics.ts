/**
 * Prometheus metrics (prom-client), served at /metrics: requests by route and status, request
 * latency, response-cache lookups by result, and open subscriptions. One registry per server, so
 * tests that start several servers don't share counters.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReadRouting } from '../db/replicas.js';

export interface Metrics {
  registry: Registry;
  requests: Counter<'route' | 'status'>;
  latency: Histogram<'route'>;
  cacheLookups: Counter<'result'>;
  subscriptions: Gauge;
}

/**
 * Records an answered request: its count by route and status, and its latency by route. The
 * label children are looked up once per route and status, not per request: prom-client hashes
 * the label object on every inc() and observe() it is given, a visible share of a request that
 * asks for little data.
 */
export function requestRecorder(metrics: Pick<Metrics, 'requests' | 'latency'>): (route: string, status: number, seconds: number) => void {
  const children = new Map<string, { count: { inc(): void }; latency: { observe(v: number): void } }>();
  return (route, status, seconds) => {
    const key = `${route} ${status}`;
    let child = children.get(key);
    if (!child) {
      child = { count: metrics.requests.labels(route, String(status)), latency: metrics.latency.labels(route) };
      children.set(key, child);
    }
    child.count.inc();
    child.latency.observe(seconds);
  };
}

export function createMetrics(countSubscriptions: () => number = () => 0, reads?: ReadRouting): Metrics {
  const registry = new Registry();
  if (reads) registerReplicaMetrics(registry, reads);
  return {
    registry,
    requests: new Counter({ name: 'newsgraph_http_requests_total', help: 'HTTP requests answered, by route and status', labelNames: ['route', 'status'], registers: [registry] }),
    latency: new Histogram({
      name: 'newsgraph_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route',
      labelNames: ['route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    cacheLookups: new Counter({ name: 'newsgraph_response_cache_lookups_total', help: 'Response-cache lookups, by result (hit, miss)', labelNames: ['result'], registers: [registry] }),
    subscriptions: new Gauge({
      name: 'newsgraph_subscriptions',
      help: 'Subscriptions open on this process',
      registers: [registry],
      collect() {
        this.set(countSubscriptions());
      },
    }),
  };
}

/** Where requests' reads went, and each replica's lag and health, read from the routing when scraped. */
function registerReplicaMetrics(registry: Registry, reads: ReadRouting): void {
  new Gauge({
    name: 'newsgraph_db_routed_requests',
    help: 'Requests whose reads went to the primary or to a replica, since start (a gauge read from the router)',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      const routed = reads.routed();
      this.set({ target: 'primary' }, routed.primary);
      this.set({ target: 'replica' }, routed.replica);
    },
  });
  new Gauge({
    name: 'newsgraph_replica_lag_ms',
    help: 'Replay lag of each read replica in milliseconds, as last checked (-1: unreachable)',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      for (const r of reads.replicas()) this.set({ replica: r.name }, r.lagMs ?? -1);
    },
  });
  new Gauge({
    name: 'newsgraph_replica_healthy',
    help: 'Whether each read replica is serving reads (1) or skipped (0)',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      for (const r of reads.replicas()) this.set({ replica: r.name }, r.healthy ? 1 : 0);
    },
  });
}
