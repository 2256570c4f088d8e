/**
 * createServer(): the GraphQL schema, Apollo Server and the HTTP layer around it: health checks,
 * request ids, authentication, rate limits, body and time limits. No side effects on import;
 * main.ts and the tests call it.
 */
import { randomUUID } from 'node:crypto';
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
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import cors from 'cors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DEFAULT_LIMITS, type Limits } from './config.js';
import { createContext, type Context } from './context.js';
import type { Db } from './db/client.js';
import type { Reader } from './db/reader.js';
import { budgetPlugin } from './lib/budget.js';
import { classifyDbError } from './lib/dbErrors.js';
import { badUserInput, ErrorCode, isClientSafe, timeout, unavailable } from './lib/errors.js';
import type { Logger } from './lib/logger.js';
import type { RateLimiter } from './lib/rateLimit.js';
import { resolvers } from './resolvers/index.js';
import { allows } from './services/apiKeys.js';
import { ANONYMOUS, authenticate, type Viewer } from './services/auth.js';

export const SCHEMA_PATH = new URL('../schema.graphql', import.meta.url);
export const typeDefs = readFileSync(SCHEMA_PATH, 'utf8');

// Codes graphql-js and Apollo attach to request errors: the client's fault, safe to show as they are.
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export interface ServerOptions {
  db: Db;
  /** The read path; Prisma (db) serves reads too when absent. */
  reader?: Reader;
  logger: Logger;
  /** Show Apollo Sandbox at GET /graphql (default true). */
  sandbox?: boolean;
  /** Allow introspection (default true). */
  introspection?: boolean;
  /** Reads need an API key with the read scope. */
  privateMode?: boolean;
  limits?: Limits;
  /** Rate limiting; none when absent or when the limits' per-minute rates are 0. */
  rateLimiter?: RateLimiter;
}

export interface NewsgraphServer {
  apollo: ApolloServer<Context>;
  httpServer: http.Server;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, waits for in-flight requests, then stops Apollo. */
  stop(): Promise<void>;
}

/**
 * What a client sees of an error: our own codes as they are, database outages as UNAVAILABLE or
 * TIMEOUT, and anything else as a bare INTERNAL_SERVER_ERROR, with no stack or SQL.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (isClientSafe(original) || (typeof code === 'string' && PASS_THROUGH.has(code))) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const failure = classifyDbError(original);
  const replacement =
    failure === 'UNAVAILABLE'
      ? unavailable()
      : failure === 'TIMEOUT'
        ? timeout()
        : failure === 'BAD_TEXT'
          ? badUserInput(String(formatted.path?.at(-1) ?? 'input'), 'contains a character that cannot be stored or searched (NUL)')
          : undefined;
  return {
    message: replacement?.message ?? 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: replacement?.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Logs every error of a request once, with its request id: client errors at info, ours at error. */
function errorLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, request }) {
          for (const err of errors) {
            const original = unwrapResolverError(err);
            const requestId = contextValue?.requestId;
            const clientFault = isClientSafe(original) || PASS_THROUGH.has(String(err.extensions?.code));
            if (clientFault) {
              logger.info({ requestId, code: err.extensions?.code, path: err.path, msg: err.message }, 'client error');
            } else {
              logger.error({ requestId, err: original, path: err.path, operation: request.operationName }, 'server error');
            }
          }
        },
      };
    },
  };
}

export function createApollo(opts: ServerOptions, httpServer?: http.Server): ApolloServer<Context> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const plugins: ApolloServerPlugin<Context>[] = [
    budgetPlugin(limits) as ApolloServerPlugin<Context>,
    // We set no cache hints; the default cache-control plugin would still wrap every field resolver.
    ApolloServerPluginCacheControlDisabled(),
    errorLogPlugin(opts.logger),
    opts.sandbox === false
      ? ApolloServerPluginLandingPageDisabled()
      : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
  ];
  if (httpServer) plugins.push(ApolloServerPluginDrainHttpServer({ httpServer }));
  return new ApolloServer<Context>({
    typeDefs,
    resolvers: resolvers as never,
    introspection: opts.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins,
    logger: apolloLogger(opts.logger),
  });
}

export function createServer(opts: ServerOptions): NewsgraphServer {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const corsHandler = cors();
  const httpServer = http.createServer();
  const apollo = createApollo(opts, httpServer);
  let started = false;
  // Operations still executing. A client that hangs up doesn't stop its operation, so draining
  // connections alone could close the pools under a running resolver.
  const inflight = new Set<Promise<unknown>>();

  httpServer.on('request', (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    corsHandler(req, res, () => {
      route(req, res, requestId).catch((err) => {
        opts.logger.error({ err, requestId }, 'request failed');
        if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
        else res.end();
      });
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<void> {
    const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/health/live') return sendJson(res, 200, { status: 'ok' });
    if (pathname === '/health/ready') return ready(res);
    if (pathname === '/') {
      res.writeHead(302, { location: '/graphql' }).end();
      return;
    }
    if (pathname !== '/graphql') return sendJson(res, 404, { error: `No route ${pathname}; GraphQL is at /graphql` });

    const viewer = await viewerOf(req, res);
    if (!viewer) return;
    if (!(await withinRate(req, res, viewer))) return;
    const body = await readBody(req, res, limits.maxBodyBytes);
    if (body === SENT) return;
    const work = apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: toApolloRequest(req, search, body),
      context: async () => createContext(opts.db, requestId, viewer, opts.reader),
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
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /** The caller's identity, or null after answering 401 for a bad key or a private-mode read. */
  async function viewerOf(req: http.IncomingMessage, res: http.ServerResponse): Promise<Viewer | null> {
    let viewer: Viewer = ANONYMOUS;
    try {
      viewer = await authenticate(opts.db, req.headers.authorization);
    } catch (err) {
      if (err instanceof GraphQLError) {
        sendError(res, 401, ErrorCode.UNAUTHENTICATED, err.message);
        return null;
      }
      throw err;
    }
    const browsing = req.method === 'GET' && /text\/html/.test(req.headers.accept ?? '');
    if (opts.privateMode && !browsing && !(viewer.apiKey && allows(viewer.apiKey.scopes, 'read'))) {
      sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'This server is private: send an API key with the read scope');
      return null;
    }
    return viewer;
  }

  async function withinRate(req: http.IncomingMessage, res: http.ServerResponse, viewer: Viewer): Promise<boolean> {
    const perMinute = viewer.apiKey ? limits.keyPerMinute : limits.anonymousPerMinute;
    if (!opts.rateLimiter || perMinute <= 0) return true;
    const key = viewer.apiKey ? `key:${viewer.apiKey.id}` : `ip:${req.socket.remoteAddress ?? 'unknown'}`;
    let decision;
    try {
      decision = await opts.rateLimiter.take(key, perMinute, limits.burst);
    } catch (err) {
      // A broken limiter store must not take the API down with it: serve, and say so in the log.
      opts.logger.warn({ err }, 'rate limiter unavailable; request allowed');
      return true;
    }
    if (decision.allowed) return true;
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    sendError(res, 429, ErrorCode.RATE_LIMITED, `Too many requests; retry in ${decision.retryAfterSeconds} s`);
    return false;
  }

  async function ready(res: http.ServerResponse): Promise<void> {
    try {
      await (opts.reader ?? opts.db).$queryRaw`SELECT 1`;
      sendJson(res, 200, { status: 'ready' });
    } catch {
      sendJson(res, 503, { status: 'unavailable', reason: 'database unreachable' });
    }
  }

  return {
    apollo,
    httpServer,
    async listen(port, host) {
      await apollo.start();
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
      // The drain plugin stops accepting and waits for in-flight requests during apollo.stop().
      if (started) await apollo.stop();
      else if (httpServer.listening) await new Promise((r) => httpServer.close(r));
      await withTimeout(Promise.allSettled([...inflight]), limits.requestTimeoutMs);
      await opts.rateLimiter?.close();
    },
  };
}

const SENT = Symbol('response already sent');
const TIMED_OUT = Symbol('timed out');

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  if (!ms) return work;
  let timer: NodeJS.Timeout;
  const expiry = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

/** Reads and parses a JSON body, answering 413/400 itself when it is too large or malformed. */
async function readBody(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return tooLarge(req, res, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return tooLarge(req, res, maxBytes);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (!/json/i.test(type)) return text.length ? text : undefined;
  try {
    return text.length ? JSON.parse(text) : undefined;
  } catch {
    sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'Request body is not valid JSON');
    return SENT;
  }
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): typeof SENT {
  res.setHeader('connection', 'close');
  sendError(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, `Request body exceeds ${maxBytes} bytes`);
  req.resume(); // drain without buffering, so the client sees the answer rather than a reset
  return SENT;
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

function sendJson(res: http.ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

function apolloLogger(logger: Logger) {
  return {
    debug: (m: string) => logger.debug(m),
    info: (m: string) => logger.info(m),
    warn: (m: string) => logger.warn(m),
    error: (m: string) => logger.error(m),
  };
}
