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
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SEED: boolish.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
}>;

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
  });
}
