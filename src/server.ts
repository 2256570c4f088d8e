/**
 * createServer(): the GraphQL schema, Apollo Server and the HTTP layer around it: health checks,
 * request ids, authentication, rate limits, body and time limits. No side effects on import;
 * main.ts and the tests call it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import cors from 'cors';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { DEFAULT_LIMITS, type Limits } from './config.js';
import { awaitLazyFields, executingGateway } from './execution/executor.js';
import { createContext, type Context } from './context.js';
import type { Db } from './db/client.js';
import type { Reader } from './db/reader.js';
import type { ReadRouting } from './db/replicas.js';
import { etagOf, matches } from './http/cache.js';
import { clientAddress } from './http/clientAddress.js';
import { formatError } from './http/formatError.js';
import { idePlugin } from './http/ide.js';
import { operationHooks } from './http/operationHooks.js';
import { resolveTrusted, type TrustedDocuments } from './http/trustedDocuments.js';
import { webHandler } from './http/web.js';
import { readBody, sendError, sendJson, SENT } from './http/respond.js';
import { documentGuard } from './lib/documentGuard.js';
import { classifyDbError } from './lib/dbErrors.js';
import { ErrorCode } from './lib/errors.js';
import type { Logger } from './lib/logger.js';
import { createMetrics, requestRecorder } from './lib/metrics.js';
import { subgraphSchema } from './federation/subgraph.js';
import { createResponseCache, type ResponseCacheOptions } from './cache/responseCache.js';
import { ChangeFeed } from './live/feed.js';
import type { LiveHub } from './live/hub.js';
import { attachLive, DEFAULT_LIVE, type LiveOptions } from './live/server.js';
import { memoryRateLimiter, type RateLimiter } from './lib/rateLimit.js';
import { resolvers } from './resolvers/index.js';
import { describedScalars } from './resolvers/scalars.js';
import { allows } from './services/apiKeys.js';
import { ANONYMOUS, authenticate, type Viewer } from './services/auth.js';

export const SCHEMA_PATH = new URL('../schema.graphql', import.meta.url);
export const typeDefs = readFileSync(SCHEMA_PATH, 'utf8');

export interface ServerOptions {
  db: Db;
  /** The read path; Prisma (db) serves reads too when absent. */
  reader?: Reader;
  /** Reads spread over streaming replicas (src/db/replicas.ts); every read goes to `reader` when absent. */
  reads?: ReadRouting;
  /** Further dependencies /health/ready checks besides the database (Redis, when configured). */
  readinessChecks?: Record<string, () => Promise<unknown>>;
  logger: Logger;
  /** Show Apollo Sandbox (falling back to the local GraphiQL) at GET /graphql, and GraphiQL at /graphiql (default true). */
  sandbox?: boolean;
  /** Allow introspection (default true). */
  introspection?: boolean;
  /** Reads need an API key with the read scope. */
  privateMode?: boolean;
  limits?: Limits;
  /** Rate limiting; none when absent or when the limits' per-minute rates are 0. */
  rateLimiter?: RateLimiter;
  /** Where automatic persisted queries are kept (Redis, to share them); Apollo's in-memory LRU when absent. */
  apqCache?: KeyValueCache<string>;
  /** The shared response cache (RESPONSE_CACHE); off when absent. */
  responseCache?: ResponseCacheOptions;
  /** Trusted documents (persisted operations); `off` when absent. */
  trustedDocuments?: TrustedDocuments;
  /** Subscriptions over graphql-ws on /graphql; off when absent. */
  live?: Partial<LiveOptions> & { databaseUrl: string };
  /** Serve the Apollo Federation subgraph schema at /subgraph too (src/federation). */
  federation?: boolean;
}

export interface NewsgraphServer {
  apollo: ApolloServer<Context>;
  /** The subscription hub, when subscriptions are on. */
  live?: LiveHub;
  httpServer: http.Server;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, waits for in-flight requests, then stops Apollo. */
  stop(): Promise<void>;
}

let schema: GraphQLSchema | undefined;
/** The executable schema, built once: Apollo serves it over HTTP and graphql-ws over WebSocket. */
export function executableSchema(): GraphQLSchema {
  schema ??= awaitLazyFields(makeExecutableSchema({ typeDefs, resolvers: { ...resolvers, ...describedScalars(typeDefs) } }));
  return schema;
}

export function createApollo(
  opts: ServerOptions,
  httpServer?: http.Server,
  extraPlugins: ApolloServerPlugin<Context>[] = [],
  schema: GraphQLSchema = executableSchema(),
): ApolloServer<Context> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const plugins: ApolloServerPlugin<Context>[] = [
    ...extraPlugins,
    operationHooks(limits, opts.logger),
    // Cache hints come from the operation's root fields (operationHooks); Apollo's own plugin
    // would wrap every field resolver to compute them.
    ApolloServerPluginCacheControlDisabled(),
    opts.sandbox === false
      ? ApolloServerPluginLandingPageDisabled()
      : idePlugin(),
  ];
  if (httpServer) plugins.push(ApolloServerPluginDrainHttpServer({ httpServer }));
  return new ApolloServer<Context>({
    gateway: executingGateway(schema),
    persistedQueries: opts.apqCache ? { cache: opts.apqCache, ttl: 24 * 3600 } : undefined,
    introspection: opts.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    formatError,
    // graphql-js' own bound on parsing; the HTTP layer's document guard answers first with a coded
    // 400, and this keeps executeOperation (tests, in-process callers) bounded too.
    parseOptions: { maxTokens: limits.maxTokens },
    plugins,
    logger: apolloLogger(opts.logger),
    // The process owns shutdown (src/main.ts: follower, then this server, then the database).
    // Apollo's own SIGTERM handler would race it, stopping Apollo under it and re-sending the
    // signal once done.
    stopOnTerminationSignals: false,
  });
}

export function createServer(opts: ServerOptions): NewsgraphServer {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  // Browsers may read the request id, Retry-After and ETag, and cache a preflight for 10 minutes.
  const corsHandler = cors({ exposedHeaders: CORS_EXPOSED, maxAge: 600 });
  // Node's defaults let a client hold a socket for 300 s by sending its body a byte at a time;
  // these bound every phase, and the check runs every second rather than every 30.
  const httpServer = http.createServer({
    requestTimeout: limits.httpRequestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.httpRequestTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: 1_000,
  });
  // One more than we accept, so a request with too many headers is seen (and refused), not cut.
  httpServer.maxHeadersCount = limits.maxHeaders + 1;
  if (limits.maxConnections > 0) httpServer.maxConnections = limits.maxConnections;
  const metrics = createMetrics(() => live?.hub.memberCount ?? 0, opts.reads);
  const record = requestRecorder(metrics);
  // One LISTEN connection per process, whoever follows the changes (subscriptions, the cache).
  const feedUrl = opts.live?.databaseUrl ?? opts.responseCache?.databaseUrl;
  const feed = feedUrl ? new ChangeFeed(feedUrl, opts.live?.batchMs ?? DEFAULT_LIVE.batchMs, opts.logger) : undefined;
  const responseCache =
    opts.responseCache && feed ? createResponseCache(opts.responseCache, opts.reader ?? opts.db, opts.logger, metrics, feed) : undefined;
  const apollo = createApollo(opts, httpServer, responseCache ? [responseCache.plugin] : []);
  // A router's endpoint: the same pipeline and resolvers, the contract plus federation's fields.
  const subgraph = opts.federation ? createApollo(opts, undefined, [], subgraphSchema(typeDefs)) : undefined;
  const rateLimiter = opts.rateLimiter ?? memoryRateLimiter();
  const addressOf = clientAddress(limits.trustProxy);
  const guard = documentGuard(limits);
  const web = webHandler({ graphiql: opts.sandbox !== false });
  const live = opts.live && feed
    ? attachLive(
        httpServer,
        {
          schema: executableSchema(),
          db: opts.db,
          // The primary, never a replica: a change is pushed as soon as it commits, before a
          // replica may have replayed it.
          reader: opts.reader ?? opts.db,
          logger: opts.logger,
          limits,
          feed,
          privateMode: opts.privateMode ?? false,
          addressOf,
          guard,
          format: (err) => {
            const formatted = formatError(err.toJSON(), err);
            if (formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
              opts.logger.error({ err: unwrapResolverError(err), path: err.path }, 'server error in a subscription');
            }
            return formatted;
          },
        },
        { ...DEFAULT_LIVE, ...opts.live },
      )
    : undefined;
  let started = false;
  // Operations still executing. A client that hangs up doesn't stop its operation, so draining
  // connections alone could close the pools under a running resolver.
  const inflight = new Set<Promise<unknown>>();

  httpServer.on('request', (req, res) => {
    const requestId = requestIdOf(req);
    const startedAt = process.hrtime.bigint();
    res.once('finish', () => record(routeOf(req.url), res.statusCode, Number(process.hrtime.bigint() - startedAt) / 1e9));
    res.setHeader('x-request-id', requestId);
    const serve = () =>
      route(req, res, requestId).catch((err) => {
        const outage = classifyDbError(err);
        if (outage === 'UNAVAILABLE' || outage === 'TIMEOUT') {
          // Outside GraphQL execution (the API-key lookup): the same answer an operation gets.
          opts.logger.warn({ err, requestId }, 'request failed: database unavailable');
          if (res.headersSent) return void res.end();
          res.setHeader('retry-after', '1');
          return sendError(res, 503, ErrorCode[outage], outage === 'TIMEOUT' ? 'The database took too long to answer' : 'The database is unavailable; retry shortly');
        }
        opts.logger.error({ err, requestId }, 'request failed');
        if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
        else res.end();
      });
    // A preflight goes through the cors package; any other request gets the two headers it would
    // set (any origin, our readable headers) without the middleware's per-request option callbacks.
    if (req.method === 'OPTIONS') return corsHandler(req, res, () => void serve());
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', CORS_EXPOSED);
    void serve();
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<void> {
    if (req.rawHeaders.length / 2 > limits.maxHeaders) {
      res.setHeader('connection', 'close');
      return sendError(res, 431, ErrorCode.HEADERS_TOO_MANY, `A request may carry at most ${limits.maxHeaders} headers`);
    }
    const { pathname, searchParams } = parseTarget(req.url);
    if (pathname === '/health/live') return sendJson(res, 200, { status: 'ok' });
    const address = addressOf(req);
    if (pathname === '/metrics') {
      if (!(await withinRate(res, `ip:${address}`, limits.anonymousPerMinute))) return;
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
      return;
    }
    if (pathname === '/health/ready') {
      if (!(await withinRate(res, `ip:${address}`, limits.anonymousPerMinute))) return;
      return ready(res);
    }
    if (pathname !== '/graphql' && pathname !== '/subgraph') {
      // Everything else is the explorer (and /graphiql): pages and their assets, no data.
      // Deep links are for browsers (Accept: text/html); API clients keep getting a JSON 404.
      const browser = /text\/html/.test(req.headers.accept ?? '') || /\.\w+$/.test(pathname);
      if ((req.method === 'GET' || req.method === 'HEAD') && browser) return web(req, res, pathname);
      return sendJson(res, 404, { error: `No route ${pathname}; GraphQL is at /graphql` });
    }
    const server = pathname === '/graphql' ? apollo : pathname === '/subgraph' ? subgraph : undefined;
    if (!server) return sendJson(res, 404, { error: `No route ${pathname}; GraphQL is at /graphql` });

    const viewer = await viewerOf(req, res, address);
    if (!viewer) return;
    const bucket = viewer.apiKey ? `key:${viewer.apiKey.id}` : `ip:${address}`;
    if (!(await withinRate(res, bucket, viewer.apiKey ? limits.keyPerMinute : limits.anonymousPerMinute))) return;
    if (limits.maxConcurrentRequests > 0 && inflight.size >= limits.maxConcurrentRequests) {
      res.setHeader('retry-after', '1');
      return sendError(res, 503, ErrorCode.OVERLOADED, 'The server is at its limit of concurrent requests; retry shortly');
    }
    const raw = await readBody(req, res, limits.maxBodyBytes);
    if (raw === SENT) return;
    const trusted = resolveTrusted(opts.trustedDocuments ?? NO_TRUSTED_DOCUMENTS, viewer, raw, searchParams);
    if (!trusted.ok) return sendError(res, 400, trusted.code, trusted.message);
    const body = trusted.body;
    const refusal = checkDocument(body, new URLSearchParams(trusted.search));
    if (refusal) return sendError(res, 400, refusal.code, refusal.message, refusal.extensions);
    const work = server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: toApolloRequest(req, trusted.search, body),
      context: async () => createContext(opts.db, requestId, viewer, opts.reads ? opts.reads.forRequest(bucket) : opts.reader),
    });
    inflight.add(work);
    void work.finally(() => inflight.delete(work)).catch(() => {});
    const response = await withTimeout(work, limits.requestTimeoutMs);
    if (response === TIMED_OUT) {
      opts.logger.warn({ requestId }, 'request timed out');
      return sendError(res, 503, ErrorCode.TIMEOUT, `The request took longer than ${limits.requestTimeoutMs} ms`);
    }
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (req.method === 'GET' && res.statusCode === 200) {
        const etag = etagOf(response.body.string);
        res.setHeader('etag', etag);
        if (matches(req.headers['if-none-match'], etag)) {
          res.statusCode = 304;
          res.removeHeader('content-type');
          res.end();
          return;
        }
      }
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /**
   * Checks the document before Apollo parses and validates it: its size and shape (document
   * guard), and that an automatic-persisted-query hash sent with its query matches it.
   */
  function checkDocument(body: unknown, params: URLSearchParams): { code: string; message: string; extensions: Record<string, unknown> } | null {
    const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    const query = fields ? fields.query : params.get('query');
    if (typeof query !== 'string') return null;
    const verdict = guard(query);
    if (verdict) {
      const { http: _http, ...extensions } = verdict.extensions;
      return { code: String(extensions.code), message: verdict.message, extensions };
    }
    const hash = persistedHashOf(fields ? fields.extensions : params.get('extensions'));
    if (hash !== undefined && hash !== createHash('sha256').update(query).digest('hex')) {
      return {
        code: ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
        message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it',
        extensions: {},
      };
    }
    return null;
  }

  /**
   * The caller's identity, or null after answering. A request with a key costs a database lookup,
   * so callers whose keys keep failing are refused by address before the lookup. In private mode,
   * a caller without a read key gets the landing page at most, never a GraphQL result.
   */
  async function viewerOf(req: http.IncomingMessage, res: http.ServerResponse, address: string): Promise<Viewer | null> {
    let viewer: Viewer = ANONYMOUS;
    if (req.headers.authorization !== undefined) {
      const failures = `authfail:${address}`;
      if (!(await withinRate(res, failures, limits.authFailuresPerMinute, 0))) return null;
      try {
        viewer = await authenticate(opts.db, req.headers.authorization, opts.reads?.forRequest() ?? opts.reader);
      } catch (err) {
        if (!(err instanceof GraphQLError)) throw err;
        await withinRate(res, failures, limits.authFailuresPerMinute, 1, false);
        sendError(res, 401, ErrorCode.UNAUTHENTICATED, err.message);
        return null;
      }
    }
    if (opts.privateMode && !(viewer.apiKey && allows(viewer.apiKey.scopes, 'read'))) {
      if (!(await sendLandingPage(req, res))) {
        sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'This server is private: send an API key with the read scope');
      }
      return null;
    }
    return viewer;
  }

  /**
   * Serves the landing page to a browser, if Apollo would: asked with nothing but the Accept
   * header (no query string, no body), so whatever Apollo answers cannot hold data.
   */
  async function sendLandingPage(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' || !req.headers.accept) return false;
    const headers = new HeaderMap([['accept', req.headers.accept]]);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'GET', headers, search: '', body: undefined },
      context: async () => createContext(opts.db, 'landing', ANONYMOUS, opts.reader),
    });
    if (!/^text\/html/.test(response.headers.get('content-type') ?? '') || response.body.kind !== 'complete') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(response.body.string);
    return true;
  }

  /**
   * Takes `cost` tokens from a bucket; false after answering 429 when it is empty (unless told
   * not to answer). A rate of 0 turns the limit off.
   */
  async function withinRate(res: http.ServerResponse, key: string, perMinute: number, cost = 1, answer = true): Promise<boolean> {
    if (perMinute <= 0) return true;
    let decision;
    try {
      decision = await rateLimiter.take(key, perMinute, limits.burst, cost);
    } catch (err) {
      // A broken limiter store must not take the API down with it: serve, and say so in the log.
      opts.logger.warn({ err }, 'rate limiter unavailable; request allowed');
      return true;
    }
    if (decision.allowed) return true;
    if (answer) {
      res.setHeader('retry-after', String(decision.retryAfterSeconds));
      sendError(res, 429, ErrorCode.RATE_LIMITED, `Too many requests; retry in ${decision.retryAfterSeconds} s`);
    }
    return false;
  }

  // One round of checks answers every probe for readinessCacheMs, and probes arriving while it
  // runs share it, so however many ask, the database sees one query at a time.
  let readiness: { at: number; report: Promise<Readiness>; done: boolean } | undefined;
  const checks: Record<string, () => Promise<unknown>> = {
    database: () => (opts.reader ?? opts.db).$queryRaw`SELECT 1`,
    ...opts.readinessChecks,
  };
  async function ready(res: http.ServerResponse): Promise<void> {
    const now = Date.now();
    if (!readiness || (readiness.done && now - readiness.at >= limits.readinessCacheMs)) {
      const round = { at: now, done: false, report: Promise.resolve<Readiness>({ ok: false, checks: {} }) };
      round.report = runChecks(checks).finally(() => {
        round.done = true;
        round.at = Date.now();
      });
      readiness = round;
    }
    const { ok, checks: results } = await readiness.report;
    // Replicas are shown but never make the process unready: without them, reads go to the primary.
    const replicas = opts.reads?.replicas();
    const body = { status: ok ? 'ready' : 'unavailable', checks: results, ...(replicas ? { replicas } : {}) };
    if (ok) sendJson(res, 200, body);
    else {
      const failed = Object.keys(results).filter((k) => results[k] !== 'ok');
      sendJson(res, 503, { ...body, reason: failed.map((k) => `${k} unreachable`).join(', ') }, { 'retry-after': '1' });
    }
  }

  return {
    apollo,
    live: live?.hub,
    httpServer,
    async listen(port, host) {
      await apollo.start();
      await subgraph?.start();
      await live?.start();
      await responseCache?.start();
      await feed?.start();
      started = true;
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve());
      });
      const { port: actual } = httpServer.address() as AddressInfo;
      const shownHost = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      return `http://${shownHost}:${actual}/graphql`;
    },
    async stop() {
      // At once, together: stop accepting and drain HTTP (the drain plugin, inside apollo.stop()),
      // and tell WebSocket clients the server is going away (1001) so they reconnect elsewhere.
      const http = started
        ? apollo.stop().then(() => subgraph?.stop())
        : httpServer.listening
          ? new Promise((r) => httpServer.close(r))
          : Promise.resolve();
      await Promise.all([http, live?.stop()]);
      await responseCache?.stop();
      await feed?.stop();
      await withTimeout(Promise.allSettled([...inflight]), limits.requestTimeoutMs);
      await rateLimiter.close();
    },
  };
}

const TIMED_OUT = Symbol('timed out');
const READINESS_CHECK_MS = 2_000;

interface Readiness {
  ok: boolean;
  checks: Record<string, 'ok' | 'unreachable'>;
}

/** Runs every readiness check at once, each bounded in time; ready when all answered. */
async function runChecks(checks: Record<string, () => Promise<unknown>>): Promise<Readiness> {
  const names = Object.keys(checks);
  const outcomes = await Promise.all(
    names.map(async (name) => (await withTimeout(checks[name]().then(() => true, () => false), READINESS_CHECK_MS)) === true),
  );
  const results: Readiness['checks'] = {};
  names.forEach((name, i) => (results[name] = outcomes[i] ? 'ok' : 'unreachable'));
  return { ok: outcomes.every(Boolean), checks: results };
}
const CORS_EXPOSED = 'x-request-id,retry-after,etag';

/**
 * The path and query of a request target. The common target, a plain path with no dot segments
 * or escapes, is split as it is; anything else goes through the URL parser, which normalizes it.
 */
function parseTarget(target = '/'): { pathname: string; searchParams: URLSearchParams } {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (!/^\/[\w/-]*$/.test(path) || path.includes('//')) {
    // A path is appended to an origin rather than resolved against one: resolved, `//graphql`
    // would be a host ("graphql") with the path `/`.
    const url = target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target, 'http://localhost');
    return { pathname: url.pathname, searchParams: url.searchParams };
  }
  return { pathname: path, searchParams: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
}

/** A request's route for metrics: a fixed set, so clients can't make label values up. */
function routeOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0];
  return ['/graphql', '/subgraph', '/health/live', '/health/ready', '/metrics', '/'].includes(path) ? path : 'other';
}
const NO_TRUSTED_DOCUMENTS: TrustedDocuments = { mode: 'off', byId: new Map() };

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  if (!ms) return work;
  let timer: NodeJS.Timeout;
  const expiry = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

/** The sha256Hash of an APQ `extensions` value (an object in a body, JSON text in a URL), if any. */
function persistedHashOf(extensions: unknown): string | undefined {
  let value = extensions;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined; // Apollo reports malformed extensions itself
    }
  }
  const hash = (value as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

function toApolloRequest(req: http.IncomingMessage, search: string, body: unknown): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return { method: (req.method ?? 'GET').toUpperCase(), headers, search, body };
}

function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

function apolloLogger(logger: Logger) {
  return {
    debug: (m: string) => logger.debug(m),
    info: (m: string) => logger.info(m),
    warn: (m: string) => logger.warn(m),
    error: (m: string) => logger.error(m),
  };
}

