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
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL'),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
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
  redisUrl: string | undefined;
}>;

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
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
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
    }),
    redisUrl: e.REDIS_URL,
  });
}
