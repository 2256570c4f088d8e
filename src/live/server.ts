/**
 * Subscriptions over the graphql-ws protocol (npm `graphql-ws` on `ws`), on the HTTP server's
 * `/graphql` path. The same API keys authenticate (in `connectionParams.authorization`), private
 * mode applies, and every operation passes the same document guard, validation and query budgets
 * as over HTTP. Limits: subscriptions per connection and per client address, a keep-alive ping
 * (a peer that stops answering is dropped), and a slow consumer is closed with code 1008 rather
 * than buffered without bound.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Limits } from '../config.js';
import { createContext, type Context } from '../context.js';
import type { Db } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import type { AddressOf } from '../http/clientAddress.js';
import { checkBudget } from '../lib/budget.js';
import { ErrorCode } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { allows } from '../services/apiKeys.js';
import { ANONYMOUS, authenticate, type Viewer } from '../services/auth.js';
import type { ChangeFeed } from './feed.js';
import { LiveHub, SlowConsumerError } from './hub.js';

export interface LiveOptions {
  /** The database the change feed LISTENs on (the same one the reader reads). */
  databaseUrl: string;
  /** Notifications within this window are served by one read per stream. */
  batchMs: number;
  maxPerConnection: number;
  maxPerAddress: number;
  /** Events a subscriber may have waiting, and bytes its socket may have unsent, before it is dropped. */
  maxQueue: number;
  maxBufferedBytes: number;
  keepAliveMs: number;
}

export const DEFAULT_LIVE: Omit<LiveOptions, 'databaseUrl'> = {
  batchMs: 50,
  maxPerConnection: 20,
  maxPerAddress: 200,
  maxQueue: 1_000,
  maxBufferedBytes: 4_000_000,
  keepAliveMs: 12_000,
};

/** WebSocket close code for a consumer that doesn't keep up (RFC 6455: policy violation). */
export const SLOW_CONSUMER_CLOSE = 1008;

export interface LiveDeps {
  schema: GraphQLSchema;
  db: Db;
  reader: Reader;
  logger: Logger;
  limits: Limits;
  privateMode: boolean;
  addressOf: AddressOf;
  /** The HTTP layer's document guard: a coded error for a document over the limits. */
  guard: (query: string) => GraphQLError | null;
  format: (err: GraphQLError) => GraphQLFormattedError;
  /** The process's one change feed (shared with the response cache); the server starts and stops it. */
  feed: ChangeFeed;
}

export interface LiveServer {
  hub: LiveHub;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type Ctx = WsContext<Record<string, unknown> | undefined, Extra>;

export function attachLive(httpServer: http.Server, deps: LiveDeps, options: LiveOptions): LiveServer {
  const { feed } = deps;
  const hub = new LiveHub({
    reader: deps.reader,
    feed,
    context: () => createContext(deps.db, 'live', ANONYMOUS, deps.reader),
    maxQueue: options.maxQueue,
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxBodyBytes });
  const viewers = new WeakMap<WebSocket, Viewer>();
  const perConnection = new WeakMap<WebSocket, Set<string>>();
  const perAddress = new Map<string, number>();
  const socketOf = new WeakMap<object, WebSocket>();

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== '/graphql') return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  httpServer.on('upgrade', onUpgrade);

  const release = (ctx: Ctx, id: string) => {
    const ids = perConnection.get(ctx.extra.socket);
    if (!ids?.delete(id)) return;
    const address = deps.addressOf(ctx.extra.request);
    const left = (perAddress.get(address) ?? 1) - 1;
    if (left > 0) perAddress.set(address, left);
    else perAddress.delete(address);
  };

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      schema: deps.schema,
      async onConnect(ctx) {
        const authorization = ctx.connectionParams?.authorization;
        let viewer: Viewer = ANONYMOUS;
        try {
          viewer = await authenticate(deps.db, typeof authorization === 'string' ? authorization : undefined);
        } catch {
          return false; // 4403 Forbidden: a wrong or revoked key
        }
        if (deps.privateMode && !(viewer.apiKey && allows(viewer.apiKey.scopes, 'read'))) return false;
        viewers.set(ctx.extra.socket, viewer);
        return true;
      },
      onSubscribe(ctx, id, payload): ExecutionArgs | readonly GraphQLError[] {
        const refusal = deps.guard(payload.query);
        if (refusal) return [refusal];
        let document;
        try {
          document = parse(payload.query, { maxTokens: deps.limits.maxTokens });
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('Syntax error')];
        }
        const errors = validate(deps.schema, document, specifiedRules);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [coded('BAD_REQUEST', 'The document names no operation to run (give operationName)')];
        try {
          checkBudget(deps.limits, deps.schema, document, operation, payload.variables ?? undefined);
        } catch (err) {
          return [err instanceof GraphQLError ? err : coded(ErrorCode.QUERY_TOO_COMPLEX, 'Query over budget')];
        }
        const socket = ctx.extra.socket;
        const viewer = viewers.get(socket) ?? ANONYMOUS;
        if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
          const ids = perConnection.get(socket) ?? new Set<string>();
          perConnection.set(socket, ids);
          const address = deps.addressOf(ctx.extra.request);
          if (ids.size >= options.maxPerConnection) {
            return [coded('TOO_MANY_SUBSCRIPTIONS', `At most ${options.maxPerConnection} subscriptions per connection`)];
          }
          if ((perAddress.get(address) ?? 0) >= options.maxPerAddress) {
            return [coded('TOO_MANY_SUBSCRIPTIONS', `At most ${options.maxPerAddress} subscriptions per client address`)];
          }
          ids.add(id);
          perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
        }
        const contextValue: Context = createContext(deps.db, `ws:${id}`, viewer, deps.reader);
        socketOf.set(contextValue, socket);
        return { schema: deps.schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      async subscribe(args) {
        const context = args.contextValue as Context;
        const scope = context.viewer.apiKey ? [...context.viewer.apiKey.scopes].sort().join('+') : 'anonymous';
        try {
          return guardSlow(await hub.subscribe(args, scope), socketOf.get(context));
        } catch (err) {
          if (err instanceof GraphQLError) return { errors: [err] } satisfies ExecutionResult;
          throw err;
        }
      },
      onNext(ctx, _id, _payload, _args, result) {
        if (ctx.extra.socket.bufferedAmount > options.maxBufferedBytes) {
          ctx.extra.socket.close(SLOW_CONSUMER_CLOSE, `Slow consumer: over ${options.maxBufferedBytes} bytes unsent`);
        }
        if (result.errors?.length) return { ...result, errors: result.errors.map((e) => deps.format(e)) };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((e) => deps.format(e));
      },
      onComplete(ctx, id) {
        release(ctx, id);
      },
      onDisconnect(ctx) {
        for (const id of [...(perConnection.get(ctx.extra.socket) ?? [])]) release(ctx, id);
      },
    },
    wss,
    options.keepAliveMs,
  );

  /** Closes the socket of a subscriber whose queue overflowed, with a code that says why. */
  async function* guardSlow(stream: AsyncIterableIterator<ExecutionResult>, socket: WebSocket | undefined) {
    try {
      for await (const result of stream) yield result;
    } catch (err) {
      if (!(err instanceof SlowConsumerError)) throw err;
      socket?.close(SLOW_CONSUMER_CLOSE, `Slow consumer: ${err.message}`);
    }
  }

  return {
    hub,
    start: async () => {},
    async stop() {
      httpServer.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function coded(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
