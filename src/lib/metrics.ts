/**
 * Prometheus metrics (prom-client), served at /metrics: requests by route and status, request
 * latency, response-cache lookups by result, and open subscriptions. One registry per server, so
 * tests that start several servers don't share counters.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'route' | 'status'>;
  latency: Histogram<'route'>;
  cacheLookups: Counter<'result'>;
  subscriptions: Gauge;
}

export function createMetrics(countSubscriptions: () => number = () => 0): Metrics {
  const registry = new Registry();
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
