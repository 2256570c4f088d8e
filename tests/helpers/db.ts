/**
 * The test database: one Prisma client per test worker, emptied before each test, and a counter
 * of the SQL statements sent (for N+1 guards).
 */
import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../src/db/client.js';
import { createReader, type ReaderPool } from '../../src/db/reader.js';

let prisma: PrismaClient | undefined;
let reader: ReaderPool | undefined;
let statements = 0;
let recording: string[] | undefined;

export function databaseUrl(): string {
  return inject('databaseUrl');
}

export function getTestPrisma(): PrismaClient {
  prisma ??= createPrismaClient(databaseUrl(), { poolSize: 5, onQuery: () => statements++ });
  return prisma;
}

/** The read path the server uses in production (plain pg), counting statements like the client. */
export function getTestReader(): ReaderPool {
  reader ??= createReader(databaseUrl(), {
    poolSize: 5,
    onQuery: (sql) => {
      statements++;
      recording?.push(sql);
    },
  });
  return reader;
}

/** Counts the SQL statements `fn` sends through the test client. */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = statements;
  const result = await fn();
  return { result, statements: statements - before };
}

/** The SQL texts `fn` sends through the read path (the planner's and the services' reads), in order. */
export async function recordReads<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  recording = sql;
  try {
    return { result: await fn(), sql };
  } finally {
    recording = undefined;
  }
}

/** Empties every table (but the migrations record) and restarts ids, so tests don't see each other. */
export async function resetDatabase(): Promise<void> {
  const db = getTestPrisma();
  const rows = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (!rows.length) return;
  const tables = rows.map((r) => `"${r.tablename}"`).join(', ');
  await db.$executeRawUnsafe(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
}
