/**
 * A second, empty database on the test server (CREATE DATABASE beside the test one), migrated,
 * with its own Prisma client and GraphQL server: for tests that compare two graphs, such as an
 * export imported elsewhere. Works on the embedded Postgres and on a shared DATABASE_URL alike.
 */
import assert from 'node:assert';
import type { ApolloServer } from '@apollo/server';
import pg from 'pg';
import { createContext, type Context } from '../../src/context.js';
import { createPrismaClient, type PrismaClient } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createReader, type ReaderPool } from '../../src/db/reader.js';
import { createApollo } from '../../src/server.js';
import { databaseUrl } from './db.js';
import type { GqlResult } from './server.js';
import { silentLogger } from './server.js';

export interface SecondDatabase {
  url: string;
  prisma: PrismaClient;
  /** Runs an operation that must succeed against this database, and returns its data. */
  gqlData<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Closes the clients and drops the database. */
  drop(): Promise<void>;
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates (or re-creates) database `name` on the test server. */
export async function createSecondDatabase(name: string): Promise<SecondDatabase> {
  assert(/^[a-z0-9_]+$/.test(name), 'a plain database name');
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const prisma = createPrismaClient(url.toString(), { poolSize: 5 });
  const reader: ReaderPool = createReader(url.toString(), { poolSize: 5 });
  let apollo: ApolloServer<Context> | undefined;
  return {
    url: url.toString(),
    prisma,
    async gqlData<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      if (!apollo) {
        apollo = createApollo({ db: prisma, logger: silentLogger });
        await apollo.start();
      }
      const res = await apollo.executeOperation<T>({ query, variables }, { contextValue: createContext(prisma, undefined, undefined, reader) });
      assert(res.body.kind === 'single');
      const result = res.body.singleResult as GqlResult<T>;
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    async drop() {
      await apollo?.stop();
      await reader.end();
      await prisma.$disconnect();
      await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
