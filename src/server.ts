/**
 * createServer(): the GraphQL schema, Apollo Server and the HTTP layer around it (health checks,
 * request ids, body limits). No side effects on import; main.ts and the tests call it.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import cors from 'cors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Db } from './db/client.js';
import { createContext, type Context } from './context.js';
import { ErrorCode, isClientSafe } from './lib/errors.js';
import type { Logger } from './lib/logger.js';
import { resolvers } from './resolvers/index.js';
import { authenticate } from './services/auth.js';

export const SCHEMA_PATH = new URL('../schema.graphql', import.meta.url);
export const typeDefs = readFileSync(SCHEMA_PATH, 'utf8');

const MAX_BODY_BYTES = 1_000_000;

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
  logger: Logger;
  /** Show Apollo Sandbox at GET /graphql and allow introspection. */
  sandbox?: boolean;
}

export interface NewsgraphServer {
  apollo: ApolloServer<Context>;
  httpServer: http.Server;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, waits for in-flight requests, then stops Apollo. */
  stop(): Promise<void>;
}

/** Replaces anything that isn't a deliberate client-facing error with a bare INTERNAL_SERVER_ERROR. */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    if (isClientSafe(original) || (typeof code === 'string' && PASS_THROUGH.has(code))) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in resolver');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

export function createApollo(opts: ServerOptions, httpServer?: http.Server): ApolloServer<Context> {
  return new ApolloServer<Context>({
    typeDefs,
    resolvers: resolvers as never,
    introspection: opts.sandbox ?? true,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(opts.logger),
    plugins: httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : [],
    logger: apolloLogger(opts.logger),
  });
}

export function createServer(opts: ServerOptions): NewsgraphServer {
  const corsHandler = cors();
  const httpServer = http.createServer();
  const apollo = createApollo(opts, httpServer);
  let started = false;

  httpServer.on('request', (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    corsHandler(req, res, () => {
      route(req, res, requestId).catch((err) => {
        opts.logger.error({ err, requestId }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
        else res.end();
      });
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse, requestId: string) {
    const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/health/live') return sendJson(res, 200, { status: 'ok' });
    if (pathname === '/health/ready') return ready(res);
    if (pathname === '/') {
      res.writeHead(302, { location: '/graphql' }).end();
      return;
    }
    if (pathname !== '/graphql') return sendJson(res, 404, { error: `No route ${pathname}; GraphQL is at /graphql` });
    const body = await readBody(req, res);
    if (body === SENT) return;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: toApolloRequest(req, search, body),
      context: async () => createContext(opts.db, requestId, await authenticate(opts.db, req.headers.authorization)),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  async function ready(res: http.ServerResponse) {
    try {
      await opts.db.$queryRaw`SELECT 1`;
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
      // The drain plugin closes the listener and waits for in-flight requests during apollo.stop().
      if (started) await apollo.stop();
      else if (httpServer.listening) await new Promise((r) => httpServer.close(r));
    },
  };
}

const SENT = Symbol('response already sent');

/** Reads and parses a JSON body, answering 413/400 itself when it is too large or malformed. */
async function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      sendJson(res, 413, { errors: [{ message: `Request body exceeds ${MAX_BODY_BYTES} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      req.destroy();
      return SENT;
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (!/json/i.test(type)) return text.length ? text : undefined;
  try {
    return text.length ? JSON.parse(text) : undefined;
  } catch {
    sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    return SENT;
  }
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

function apolloLogger(logger: Logger) {
  return {
    debug: (m: string) => logger.debug(m),
    info: (m: string) => logger.info(m),
    warn: (m: string) => logger.warn(m),
    error: (m: string) => logger.error(m),
  };
}

export { GraphQLError };
