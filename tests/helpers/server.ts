/** Runs GraphQL operations against the real schema and the test database. */
import assert from 'node:assert';
import type { ApolloServer } from '@apollo/server';
import { pino } from 'pino';
import { createContext, type Context } from '../../src/context.js';
import { createApollo } from '../../src/server.js';
import { createApiKey, type Scope } from '../../src/services/apiKeys.js';
import type { Viewer } from '../../src/services/auth.js';
import { getTestPrisma, getTestReader } from './db.js';

let apollo: ApolloServer<Context> | undefined;

export const silentLogger = pino({ level: process.env.TEST_LOG ?? 'silent' });

async function server(): Promise<ApolloServer<Context>> {
  if (!apollo) {
    apollo = createApollo({ db: getTestPrisma(), logger: silentLogger });
    await apollo.start();
  }
  return apollo;
}

export interface GqlResult<T = any> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** Executes one operation with a fresh per-request context, as an HTTP request would get. */
export async function gql<T = any>(
  query: string,
  variables?: Record<string, unknown>,
  viewer?: Viewer,
): Promise<GqlResult<T>> {
  const res = await (await server()).executeOperation<T>(
    { query, variables },
    { contextValue: createContext(getTestPrisma(), undefined, viewer, getTestReader()) },
  );
  assert(res.body.kind === 'single');
  return res.body.singleResult as GqlResult<T>;
}

/** Executes an operation that must succeed, and returns its data. */
export async function gqlData<T = any>(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<T> {
  const res = await gql<T>(query, variables, viewer);
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  return res.data as T;
}

/** The codes of the errors an operation got. */
export async function errorCodes(query: string, variables?: Record<string, unknown>): Promise<unknown[]> {
  const res = await gql(query, variables);
  return (res.errors ?? []).map((e) => e.extensions?.code);
}

/** A viewer holding a fresh API key with these scopes (and the key itself, for HTTP tests). */
export async function viewerWith(...scopes: Scope[]): Promise<Viewer & { key: string }> {
  const { key, info } = await createApiKey(getTestPrisma(), `test ${scopes.join('+')}`, scopes);
  return { apiKey: info, key };
}
