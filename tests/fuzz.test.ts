/**
 * Thousands of generated bad requests (malformed queries, wrong variable types, huge numbers,
 * forged cursors and ids, unicode, deep input objects, non-GraphQL bodies, fragment chains that
 * double at every step, documents of thousands of operations) against the real HTTP
 * server. Each must get a 4xx or a GraphQL error with a code: never a 5xx, a crash or a hang.
 * Deterministic: a seeded generator, so a failure reproduces.
 */
import { rng } from './helpers/rng.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type NewsgraphServer } from '../src/server.js';
import { getTestPrisma, getTestReader, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { silentLogger } from './helpers/server.js';

let server: NewsgraphServer;
let url: string;

beforeAll(async () => {
  await resetDatabase();
  const a = await f.article();
  const p = await f.person({ slug: 'fuzz-person' });
  await f.mentionPerson(a.id, p.id);
  server = createServer({ db: getTestPrisma(), reader: getTestReader(), logger: silentLogger });
  url = await server.listen(0, '127.0.0.1');
});
afterAll(() => server.stop());

const WEIRD_VALUES: unknown[] = [
  -1, 0, 101, 1e21, -1e21, 2 ** 31, 2 ** 53 + 1, 3.5, NaN, Infinity, '', ' ', '12', 'null', null, true, [], {}, [1, 2],
  'ÿ', '😀'.repeat(50), '\u0000', '\uD800', 'a'.repeat(5000), "'; DROP TABLE article; --", '%', '_', '\\',
  'QXJ0aWNsZTox', 'UGVyc29uOjk5OTk5OTk5OTk5', 'eyJhIjoxfQ', 'WyJhcnRpY2xlOlBVQkxJU0hFRF9BVDpERVNDIiwiMjAyMSIsIngiXQ',
  Buffer.from('Person:-1').toString('base64'), Buffer.from('Article:1e3').toString('base64'),
];

const TEMPLATES: Array<[string, string[]]> = [
  ['query($v: Int) { articles(first: $v) { totalCount } }', ['v']],
  ['query($v: String) { articles(first: 2, after: $v) { nodes { title } } }', ['v']],
  ['query($v: String) { articles(last: 2, before: $v) { nodes { title } } }', ['v']],
  ['query($v: ID!) { node(id: $v) { id } }', ['v']],
  ['query($v: [ID!]!) { nodes(ids: $v) { id } }', ['v']],
  ['query($v: ID) { person(id: $v) { name } }', ['v']],
  ['query($v: String) { person(slug: $v) { name articles(first: 1) { totalCount } } }', ['v']],
  ['query($v: String) { people(first: 3, filter: { name: $v }) { nodes { name } } }', ['v']],
  ['query($v: ID) { articles(first: 3, filter: { mentionsPerson: $v }) { totalCount } }', ['v']],
  ['query($v: DateTime) { articles(first: 3, filter: { publishedAfter: $v }) { totalCount } }', ['v']],
  ['query($v: Date) { declarations(first: 3, filter: { signedAfter: $v }) { totalCount } }', ['v']],
  ['query($v: String!) { search(query: $v, first: 3) { totalCount edges { score snippet } } }', ['v']],
  ['query($v: ArticleOrder) { articles(first: 3, orderBy: $v) { nodes { title } } }', ['v']],
  ['query($v: ArticleFilter) { articles(first: 3, filter: $v) { totalCount } }', ['v']],
  ['query($v: [ID!]) { articles(first: 3, filter: { mentionsAll: $v }) { totalCount } }', ['v']],
  ['query($v: TimelineInterval!) { person(slug: "fuzz-person") { mentionTimeline(interval: $v) { count } } }', ['v']],
  ['mutation($v: JSON!) { articleUpsert(input: { document: $v }) { userErrors { message } } }', ['v']],
];

function deepObject(depth: number): unknown {
  let o: unknown = 'x';
  for (let i = 0; i < depth; i++) o = i % 2 ? { filter: o, mentionsAll: ['x'] } : [o];
  return o;
}

function garbageQuery(r: () => number): string {
  const alphabet = '{}()[]:$!@#"\\ \n\tquery mutation subscription fragment on ... articles first node id 0123456789 é😀';
  let s = '';
  const n = Math.floor(r() * 200);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

/** Fragments that each spread the next twice (or with aliases, or inline): 2^n when written out. */
function fragmentChain(r: () => number): string {
  const n = 5 + Math.floor(r() * 25);
  const on = r() < 0.5 ? 'Query' : 'Article';
  const leaf = on === 'Query' ? '__typename' : r() < 0.5 ? 'title' : '__typename';
  let text = '';
  for (let i = 0; i < n; i++) {
    const next = `...F${i + 1}`;
    text += r() < 0.5 ? `fragment F${i} on ${on} { ${next} ${next} } ` : `fragment F${i} on ${on} { ... on ${on} { ${next} } ${next} } `;
  }
  text += `fragment F${n} on ${on} { ${leaf} }`;
  const root = on === 'Query' ? '{ ...F0 }' : '{ articles(first: 1) { nodes { ...F0 } } }';
  return `${root} ${text}`;
}

/** A document of many operations, asking for one of them by name. */
function manyOperations(r: () => number): { query: string; operationName: string } {
  const n = 10 + Math.floor(r() * 3_000);
  const query = Array.from({ length: n }, (_, i) => `query q${i} { __typename }`).join(' ');
  return { query, operationName: `q${Math.floor(r() * n)}` };
}

type Body = { raw: string } | { json: unknown };

function generate(r: () => number): Body {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  switch (Math.floor(r() * 8)) {
    case 6:
      return { json: { query: fragmentChain(r) } };
    case 7:
      return { json: manyOperations(r) };
    case 0:
      return { json: { query: garbageQuery(r) } };
    case 1:
    case 2: {
      const [query] = pick(TEMPLATES);
      return { json: { query, variables: { v: pick(WEIRD_VALUES) } } };
    }
    case 3: {
      const [query] = pick(TEMPLATES);
      return { json: { query, variables: { v: deepObject(1 + Math.floor(r() * 60)) } } };
    }
    case 4:
      return { json: pick([null, 1, 'query', [], [{ query: '{ __typename }' }], { query: 1 }, { query: '{ __typename }', variables: 'x' }, { operationName: 5 }]) };
    default:
      return { raw: pick(['{', '', 'null', '{"query": "{ __typename }"', '\u0000\u0001', '[[[[[[[[[[[[', '{"query": "{ a'.repeat(100)]) };
  }
}

describe('fuzzing with invalid input', () => {
  it('answers 2,000 generated bad requests with 4xx or coded GraphQL errors, never 5xx', async () => {
    const r = rng(20261128);
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const body = generate(r);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
        body: 'raw' in body ? body.raw : JSON.stringify(body.json),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (res.status >= 500) {
        failures.push(`#${i} ${res.status} ${JSON.stringify(body).slice(0, 200)} -> ${text.slice(0, 200)}`);
        continue;
      }
      if (res.status === 200 || (res.status < 500 && /json/.test(res.headers.get('content-type') ?? '') && text.startsWith('{"errors"'))) {
        const payload = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
        const uncoded = (payload.errors ?? []).filter((e) => !e.extensions?.code);
        const internal = (payload.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
        if (uncoded.length || internal.length) failures.push(`#${i} ${JSON.stringify(body).slice(0, 200)} -> ${text.slice(0, 300)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The server is still healthy afterwards.
    expect((await fetch(url.replace('/graphql', '/health/ready'))).status).toBe(200);
  }, 120_000);
});
