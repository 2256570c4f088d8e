import { beforeEach, describe, expect, it } from 'vitest';
import { resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { errorCodes, gql, gqlData } from './helpers/server.js';

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
  articles(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { title } }
    nodes { title }
  }
}`;

async function fiveArticles() {
  const src = await f.source();
  for (let i = 1; i <= 5; i++) {
    await f.article({ title: `A${i}`, sourceId: src.id, publishedAt: new Date(Date.UTC(2021, 8, i)) });
  }
}

describe('keyset pagination', () => {
  beforeEach(async () => {
    await resetDatabase();
    await fiveArticles();
  });

  it('pages forward newest first with cursors until hasNextPage is false', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { articles }: { articles: any } = await gqlData(PAGE, { first: 2, after });
      seen.push(...articles.nodes.map((n: { title: string }) => n.title));
      expect(articles.totalCount).toBe(5);
      if (!articles.pageInfo.hasNextPage) break;
      after = articles.pageInfo.endCursor;
    }
    expect(seen).toEqual(['A5', 'A4', 'A3', 'A2', 'A1']);
  });

  it('pages backward with last/before and keeps the requested order', async () => {
    const { articles: first } = await gqlData(PAGE, { first: 5 });
    const before = first.edges[3].cursor; // A2
    const { articles } = await gqlData(PAGE, { last: 2, before });
    expect(articles.nodes.map((n: { title: string }) => n.title)).toEqual(['A4', 'A3']);
    expect(articles.pageInfo.hasPreviousPage).toBe(true);
    expect(articles.pageInfo.hasNextPage).toBe(true);
  });

  it('orders by title ascending when asked', async () => {
    const { articles } = await gqlData(PAGE, { first: 3, orderBy: { field: 'TITLE', direction: 'ASC' } });
    expect(articles.nodes.map((n: { title: string }) => n.title)).toEqual(['A1', 'A2', 'A3']);
    const next = await gqlData(PAGE, { first: 3, after: articles.pageInfo.endCursor, orderBy: { field: 'TITLE', direction: 'ASC' } });
    expect(next.articles.nodes.map((n: { title: string }) => n.title)).toEqual(['A4', 'A5']);
  });

  it('rejects first > 100 with BAD_USER_INPUT naming the argument', async () => {
    const res = await gql(PAGE, { first: 101 });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(res.errors?.[0].message).toMatch(/at most 100/);
  });

  it('rejects last > 100 and negative counts with BAD_USER_INPUT', async () => {
    expect(await errorCodes(PAGE, { last: 500 })).toEqual(['BAD_USER_INPUT']);
    expect(await errorCodes(PAGE, { first: -1 })).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects a malformed cursor with BAD_USER_INPUT', async () => {
    expect(await errorCodes(PAGE, { first: 2, after: 'not a cursor!' })).toEqual(['BAD_USER_INPUT']);
    const forged = Buffer.from(JSON.stringify(['article:PUBLISHED_AT:DESC', 'yesterday', 1])).toString('base64url');
    expect(await errorCodes(PAGE, { first: 2, after: forged })).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects a cursor issued under another sort order', async () => {
    const { articles } = await gqlData(PAGE, { first: 2 });
    const res = await gql(PAGE, { first: 2, after: articles.pageInfo.endCursor, orderBy: { field: 'TITLE', direction: 'ASC' } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/different sort order/);
  });
});
