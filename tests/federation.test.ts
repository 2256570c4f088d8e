/**
 * newsgraph as an Apollo Federation 2 subgraph: composed with a small "bookmarks" subgraph
 * (tests/fixtures/bookmarks) by @apollo/composition, served by @apollo/gateway, both subgraphs
 * over HTTP on free ports. Entities are read in batches through the planner: one `_entities` call
 * and one statement per type, whatever the number of representations.
 */
import assert from 'node:assert';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { toGlobalId } from '../src/lib/globalId.js';
import { bookmarksTypeDefs, startBookmarks, type Bookmark } from './fixtures/bookmarks/index.js';
import { countStatements, getTestPrisma, getTestReader, recordReads, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { silentLogger } from './helpers/server.js';

let newsgraph: NewsgraphServer;
let newsgraphUrl: string;
let bookmarks: { url: string; stop: () => Promise<void> };
const saved: Bookmark[] = [];
/** The operations the gateway sent to newsgraph, as sent. */
const sentToNewsgraph: string[] = [];

async function post(url: string, query: string): Promise<{ data?: any; errors?: Array<{ extensions?: { code?: string } }> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
}

beforeAll(async () => {
  newsgraph = createServer({ db: getTestPrisma(), reader: getTestReader(), logger: silentLogger, federation: true });
  newsgraphUrl = (await newsgraph.listen(0, '127.0.0.1')).replace(/\/graphql$/, '/subgraph');
  bookmarks = await startBookmarks(saved);
});
afterAll(async () => {
  await bookmarks?.stop();
  await newsgraph?.stop();
});

/** Composes the two subgraphs' SDL (as each serves it in `_service`) and serves the supergraph. */
async function gateway(): Promise<ApolloServer> {
  const services = [];
  for (const [name, url] of [['newsgraph', newsgraphUrl], ['bookmarks', bookmarks.url]]) {
    const { data } = await post(url, '{ _service { sdl } }');
    services.push({ name, url, typeDefs: parse(data._service.sdl as string) });
  }
  const composed = composeServices(services);
  expect(composed.errors ?? []).toEqual([]);
  assert(composed.supergraphSdl);
  const gw = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest: ({ request }) => {
          if (name === 'newsgraph') sentToNewsgraph.push(request.query ?? '');
        },
      }),
  });
  const server = new ApolloServer({ gateway: gw });
  await server.start();
  return server;
}

async function through(server: ApolloServer, query: string) {
  const res = await server.executeOperation({ query });
  assert(res.body.kind === 'single');
  return res.body.singleResult as { data?: any; errors?: unknown[] };
}

const CROSSING = `{
  bookmarks {
    note
    saved {
      __typename
      ... on Article { title source { name } people { name } }
      ... on Person { name quotes(first: 2) { nodes { text } } }
    }
  }
}`;

describe('federation subgraph', () => {
  let server: ApolloServer;
  beforeAll(async () => {
    server = await gateway();
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    await resetDatabase();
    saved.length = 0;
    sentToNewsgraph.length = 0;
  });

  /** Bookmarked articles `from`..`to` - 1 (each mentioning one person) and as many bookmarked people. */
  async function bookmarked(from: number, to: number) {
    for (let i = from; i < to; i++) {
      const a = await f.article({ title: `Story ${i}` });
      const p = await f.person({ name: `Reporter ${i}` });
      await f.mentionPerson(a.id, p.id);
      await f.quote(a.id, p.id, `Quote ${i}`);
      saved.push({ id: `a${i}`, note: `read ${i}`, saved: { __typename: 'Article', id: toGlobalId('Article', a.id) } });
      saved.push({ id: `p${i}`, note: `follow ${i}`, saved: { __typename: 'Person', id: toGlobalId('Person', p.id) } });
    }
  }

  it('resolves a query crossing both subgraphs with one _entities call and one statement per type', async () => {
    await bookmarked(0, 2);
    const small = await countStatements(() => recordReads(() => through(server, CROSSING)));
    expect(small.result.result.errors).toBeUndefined();
    expect(small.result.result.data.bookmarks).toEqual([
      { note: 'read 0', saved: { __typename: 'Article', title: 'Story 0', source: { name: expect.any(String) }, people: [{ name: 'Reporter 0' }] } },
      { note: 'follow 0', saved: { __typename: 'Person', name: 'Reporter 0', quotes: { nodes: [{ text: 'Quote 0' }] } } },
      { note: 'read 1', saved: { __typename: 'Article', title: 'Story 1', source: { name: expect.any(String) }, people: [{ name: 'Reporter 1' }] } },
      { note: 'follow 1', saved: { __typename: 'Person', name: 'Reporter 1', quotes: { nodes: [{ text: 'Quote 1' }] } } },
    ]);
    expect(sentToNewsgraph).toHaveLength(1);
    expect(sentToNewsgraph[0]).toMatch(/_entities\(representations:/);
    // Article rows with their source and people, and Person rows with their quotes: planned reads.
    expect(small.statements).toBe(2);
    expect(small.result.sql.every((sql) => /= ANY\(/.test(sql))).toBe(true);

    // Three times the representations (and the compiled execution path on the document's second
    // sighting): the same one call, the same two statements.
    await bookmarked(2, 6);
    sentToNewsgraph.length = 0;
    const large = await countStatements(() => through(server, CROSSING));
    expect(large.result.errors).toBeUndefined();
    expect(large.result.data.bookmarks).toHaveLength(12);
    expect(large.result.data.bookmarks[11]).toEqual({ note: 'follow 5', saved: { __typename: 'Person', name: 'Reporter 5', quotes: { nodes: [{ text: 'Quote 5' }] } } });
    expect(sentToNewsgraph).toHaveLength(1);
    expect(large.statements).toBe(2);
  });

  it('lets the other subgraph extend newsgraph entities', async () => {
    await bookmarked(0, 2);
    const { data, errors } = await through(server, `{ articles(first: 5, orderBy: { field: PUBLISHED_AT, direction: ASC }) { nodes { title bookmarks { note } } } }`);
    expect(errors).toBeUndefined();
    expect(data.articles.nodes).toEqual([
      { title: 'Story 0', bookmarks: [{ note: 'read 0' }] },
      { title: 'Story 1', bookmarks: [{ note: 'read 1' }] },
    ]);
  });

  it('answers null for a representation whose id is not an entity of its type', async () => {
    const p = await f.person();
    const res = await post(
      newsgraphUrl,
      `{ _entities(representations: [
          { __typename: "Article", id: "${toGlobalId('Person', p.id)}" },
          { __typename: "Person", id: "not-an-id" },
          { __typename: "Person", id: "${toGlobalId('Person', p.id)}" }
        ]) { ... on Person { name } } }`,
    );
    expect(res).toEqual({ data: { _entities: [null, null, { name: p.name }] } });
  });
});

describe('the public schema', () => {
  it('keys the six entity types in the subgraph SDL and keeps the rest of the contract', async () => {
    const { data } = await post(newsgraphUrl, '{ _service { sdl } }');
    const sdl = data._service.sdl as string;
    for (const type of ['Article', 'Person', 'Organization', 'Place', 'Declaration', 'Quote']) {
      expect(sdl).toMatch(new RegExp(`type ${type} implements Node @key\\(fields: "id"\\)`));
    }
    expect(sdl).not.toMatch(/type Source [^{]*@key/);
    expect(sdl).toMatch(/type Subscription/);
    // Composition accepts the bookmarks fixture on its own terms too (it is a subgraph, not a stub).
    expect(bookmarksTypeDefs).toMatch(/@key\(fields: "id"\)/);
  });

  it('shows plain clients no federation fields at /graphql', async () => {
    const graphqlUrl = newsgraphUrl.replace(/\/subgraph$/, '/graphql');
    const { data } = await post(graphqlUrl, '{ __schema { queryType { fields { name } } types { name } } }');
    const names = [...data.__schema.queryType.fields, ...data.__schema.types].map((t: { name: string }) => t.name);
    expect(names).toContain('articles');
    expect(names.filter((n) => n.startsWith('_') && !n.startsWith('__'))).toEqual([]);
    const refused = await post(graphqlUrl, '{ _service { sdl } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
