/**
 * The one reader of process.env. Everything the process can be told from outside is parsed and
 * validated here once, at start, and handed around as a frozen, typed object.
 */
import path from 'node:path';
import { z } from 'zod';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL'),
  NEWSGRAPH_DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  SEED: boolish.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SANDBOX: boolish.optional(),
  INTROSPECTION: boolish.optional(),
  PRIVATE_MODE: boolish.default(false),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_QUERY_FIELDS: z.coerce.number().int().min(1).default(500),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(50_000),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_KEY_PER_MINUTE: z.coerce.number().int().min(0).default(3_000),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(60),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5_000),
  MAX_QUERY_OPERATIONS: z.coerce.number().int().min(1).default(50),
  MAX_QUERY_FRAGMENTS: z.coerce.number().int().min(0).default(200),
  MAX_QUERY_SELECTIONS: z.coerce.number().int().min(1).default(1_000),
  MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(0).default(64),
  MAX_CONNECTIONS: z.coerce.number().int().min(0).default(1_000),
  MAX_HEADERS: z.coerce.number().int().min(10).max(2_000).default(100),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  DATABASE_STATEMENT_CACHE_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  RESPONSE_CACHE: z.enum(['off', 'memory', 'redis']).default('off'),
  PERSISTED_DOCUMENTS: z.enum(['off', 'allow', 'require']).default('off'),
  PERSISTED_DOCUMENTS_MANIFEST: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((p) => p.trim()).filter(Boolean) : [])),
  SUBSCRIPTIONS: boolish.default(true),
  FEDERATION: boolish.default(false),
  LIVE_BATCH_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(20),
  LIVE_MAX_SUBSCRIPTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(200),
  HEALTH_READY_CACHE_MS: z.coerce.number().int().min(0).default(1_000),
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseTrustProxy(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL'),
  DATABASE_REPLICA_URLS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((u) => u.trim()).filter(Boolean) : []))
    .refine((urls) => urls.every((u) => /^postgres(ql)?:\/\//.test(u)), 'must be a comma-separated list of postgres:// URLs'),
  REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).default(5_000),
  REPLICA_CHECK_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
  READ_YOUR_WRITES_MS: z.coerce.number().int().min(0).default(5_000),
  FOLLOW: z
    .enum(['gdelt', 'off', ''])
    .optional()
    .transform((v) => (v === 'gdelt' ? v : undefined)),
  GDELT_BASE_URL: z
    .string()
    .trim()
    .default('http://data.gdeltproject.org/gdeltv2')
    .refine((v) => /^https?:\/\//.test(v), 'must be an http:// or https:// URL')
    .transform((v) => v.replace(/\/+$/, '')),
  FOLLOW_INTERVAL_MS: z.coerce.number().int().min(1_000).default(15 * 60 * 1000),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  /** Server processes sharing the port (node:cluster); the primary owns the database start-up. */
  workers: number;
  host: string;
  /** A Postgres server to use; when absent, newsgraph starts its own embedded Postgres. */
  databaseUrl: string | undefined;
  /** Where the embedded Postgres keeps its files. */
  dataDir: string;
  embeddedPgPort: number;
  poolSize: number;
  /** Load the sample articles into an empty database at start. */
  seed: boolean;
  logLevel: string;
  /** Apollo Sandbox at GET /graphql; off in production unless SANDBOX=true. */
  sandbox: boolean;
  introspection: boolean;
  /** Reads need an API key with the read scope too. */
  privateMode: boolean;
  limits: Limits;
  /** Named statements each read connection keeps prepared (least recently used go first). */
  statementCacheSize: number;
  /** The shared response cache: off, per process (memory), or shared through Redis (needs REDIS_URL). */
  responseCache: 'off' | 'memory' | 'redis';
  /** Trusted documents: the mode, and the manifests (client-preset persisted-documents.json files). */
  persistedDocuments: { mode: 'off' | 'allow' | 'require'; manifests: string[] };
  /** Subscriptions over graphql-ws; null when off (SUBSCRIPTIONS=false). */
  live: { batchMs: number; maxPerConnection: number; maxPerAddress: number } | null;
  /** Serve the Apollo Federation 2 subgraph schema at /subgraph (FEDERATION=true). */
  federation: boolean;
  redisUrl: string | undefined;
  /** Streaming replicas that serve reads (DATABASE_REPLICA_URLS); none: every read goes to the primary. */
  replicas: ReplicaSettings;
  /** The GDELT follower's settings (src/follow). */
  follow: FollowSettings;
}>;

export type ReplicaSettings = Readonly<{
  urls: string[];
  /** A replica further behind than this (pg_last_xact_replay_timestamp) is skipped until it catches up. */
  maxLagMs: number;
  /** How often each replica's health and lag are checked. */
  checkIntervalMs: number;
  /** After a client's mutation, its reads go to the primary for this long (read-your-writes). */
  readYourWritesMs: number;
}>;

export type FollowSettings = Readonly<{
  /** Run the follower inside the server process (FOLLOW=gdelt, or `npm start -- --follow gdelt`). */
  feed: 'gdelt' | undefined;
  /** Where GDELT's lastupdate.txt and masterfilelist.txt are, without a trailing slash. */
  gdeltBaseUrl: string;
  /** Time between two polls of lastupdate.txt. */
  intervalMs: number;
}>;

/**
 * Which proxies in front of the server may say who the client is (X-Forwarded-For): none, the
 * nearest `hops` proxies, or those at the listed addresses/CIDRs ('loopback', 'uniquelocal' and
 * 'linklocal' name their ranges), as Express' and Fastify's `trust proxy` read it.
 */
export type TrustProxy = false | { hops: number } | { addresses: string[] };

export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (!value || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return { hops: Number(value) };
  if (value === 'true') throw new Error('give a hop count or a list of proxy addresses, not "true" (that would trust any client)');
  const addresses = value.split(',').map((a) => a.trim()).filter(Boolean);
  const valid = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
  const bad = addresses.find((a) => !valid.test(a));
  if (bad) throw new Error(`"${bad}" is not an address, a CIDR range or loopback/linklocal/uniquelocal`);
  return { addresses };
}

export type Limits = Readonly<{
  maxDepth: number;
  maxFields: number;
  maxAliases: number;
  maxCost: number;
  maxBodyBytes: number;
  statementTimeoutMs: number;
  requestTimeoutMs: number;
  /** Token bucket refill per minute; 0 turns rate limiting off for that kind of caller. */
  anonymousPerMinute: number;
  keyPerMinute: number;
  burst: number;
  /** Requests with an unknown or revoked key, per client address, before they are refused unread. */
  authFailuresPerMinute: number;
  /** Parse and shape limits checked before validation (see src/lib/documentGuard.ts). */
  maxTokens: number;
  maxOperations: number;
  maxFragments: number;
  maxSelections: number;
  /** GraphQL operations executing at once; beyond it requests get 503 with Retry-After. 0: no cap. */
  maxConcurrentRequests: number;
  /** Open sockets; beyond it new connections are refused. 0: no cap. */
  maxConnections: number;
  /** Request headers; a request with more is refused (431) rather than read with some dropped. */
  maxHeaders: number;
  headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this. */
  httpRequestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  trustProxy: TrustProxy;
  /** How long one /health/ready database check answers every probe. */
  readinessCacheMs: number;
}>;

/** The limits used when nothing is configured (tests build servers with these). */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxDepth: 12,
  maxFields: 500,
  maxAliases: 30,
  maxCost: 50_000,
  maxBodyBytes: 1_000_000,
  statementTimeoutMs: 5_000,
  requestTimeoutMs: 15_000,
  anonymousPerMinute: 0,
  keyPerMinute: 0,
  burst: 60,
  authFailuresPerMinute: 0,
  maxTokens: 5_000,
  maxOperations: 50,
  maxFragments: 200,
  maxSelections: 1_000,
  maxConcurrentRequests: 64,
  maxConnections: 1_000,
  maxHeaders: 100,
  headersTimeoutMs: 10_000,
  httpRequestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  trustProxy: false,
  readinessCacheMs: 1_000,
});

/** Thrown when the environment is invalid; names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.RESPONSE_CACHE === 'redis' && !e.REDIS_URL) throw new ConfigError('Invalid environment: RESPONSE_CACHE=redis needs REDIS_URL');
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    workers: e.WORKERS,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.NEWSGRAPH_DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    poolSize: e.DATABASE_POOL_SIZE,
    seed: e.SEED,
    logLevel: e.LOG_LEVEL,
    sandbox: e.SANDBOX ?? e.NODE_ENV !== 'production',
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== 'production',
    privateMode: e.PRIVATE_MODE,
    limits: Object.freeze({
      maxDepth: e.MAX_QUERY_DEPTH,
      maxFields: e.MAX_QUERY_FIELDS,
      maxAliases: e.MAX_QUERY_ALIASES,
      maxCost: e.MAX_QUERY_COST,
      maxBodyBytes: e.MAX_BODY_BYTES,
      statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      anonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      keyPerMinute: e.RATE_LIMIT_KEY_PER_MINUTE,
      burst: e.RATE_LIMIT_BURST,
      authFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
      maxTokens: e.MAX_QUERY_TOKENS,
      maxOperations: e.MAX_QUERY_OPERATIONS,
      maxFragments: e.MAX_QUERY_FRAGMENTS,
      maxSelections: e.MAX_QUERY_SELECTIONS,
      maxConcurrentRequests: e.MAX_CONCURRENT_REQUESTS,
      maxConnections: e.MAX_CONNECTIONS,
      maxHeaders: e.MAX_HEADERS,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      trustProxy: e.TRUST_PROXY,
      readinessCacheMs: e.HEALTH_READY_CACHE_MS,
    }),
    statementCacheSize: e.DATABASE_STATEMENT_CACHE_SIZE,
    responseCache: e.RESPONSE_CACHE,
    persistedDocuments: { mode: e.PERSISTED_DOCUMENTS, manifests: e.PERSISTED_DOCUMENTS_MANIFEST },
    live: e.SUBSCRIPTIONS
      ? {
          batchMs: e.LIVE_BATCH_MS,
          maxPerConnection: e.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION,
          maxPerAddress: e.LIVE_MAX_SUBSCRIPTIONS_PER_ADDRESS,
        }
      : null,
    federation: e.FEDERATION,
    redisUrl: e.REDIS_URL,
    replicas: Object.freeze({
      urls: e.DATABASE_REPLICA_URLS,
      maxLagMs: e.REPLICA_MAX_LAG_MS,
      checkIntervalMs: e.REPLICA_CHECK_INTERVAL_MS,
      readYourWritesMs: e.READ_YOUR_WRITES_MS,
    }),
    follow: Object.freeze({ feed: e.FOLLOW, gdeltBaseUrl: e.GDELT_BASE_URL, intervalMs: e.FOLLOW_INTERVAL_MS }),
  });
}
