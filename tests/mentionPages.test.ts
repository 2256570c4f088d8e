/**
 * "Articles that mention X, newest first" is read one of two ways as the statement runs: gathering
 * X's mentions (X is rare) or walking the articles by date (X is everywhere). Both must give the
 * same pages; these tests build one entity on each side of the threshold and page through both.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { Prisma } from '../src/db/client.js';
import { toGlobalId } from '../src/lib/globalId.js';
import { WALK_THRESHOLD, walkNewestFirst } from '../src/plan/relations.js';
import { getTestPrisma, getTestReader, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { gqlData } from './helpers/server.js';

const PAGE = `query($id: ID!, $first: Int!, $after: String) {
  person(id: $id) { articles(first: $first, after: $after) {
    totalCount nodes { title } pageInfo { hasNextPage endCursor } } } }`;

const VIA_NODE = `query($id: ID!) { node(id: $id) { ... on Person { articles(first: 5) { nodes { title } } } } }`;

/** Whether the statement would walk for this person: the gate, evaluated on its own. */
async function walks(personId: number): Promise<boolean> {
  const { when } = walkNewestFirst('person');
  const [row] = await getTestReader().$queryRaw<Array<{ walk: boolean }>>(
    Prisma.sql`SELECT ${when} AS "walk" FROM (SELECT ${personId}::int AS "pid") parent`,
  );
  return row.walk;
}

async function threshold(): Promise<number> {
  const [row] = await getTestReader().$queryRaw<Array<{ n: number }>>(WALK_THRESHOLD);
  return row.n;
}

/** `n` articles a minute apart; every `stride`-th one mentions the person. Returns the expected titles, newest first. */
async function articlesMentioning(personId: number, n: number, stride: number, tag: string): Promise<string[]> {
  const db = getTestPrisma();
  const src = await f.source();
  const start = Date.UTC(2022, 0, 1);
  await db.article.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      url: `https://example.test/${tag}/${i}`,
      title: `${tag} ${String(i).padStart(4, '0')}`,
      body: '',
      // Pairs share a timestamp, so the id breaks ties.
      publishedAt: new Date(start + Math.floor(i / 2) * 60_000),
      sourceId: src.id,
    })),
  });
  const rows = await db.article.findMany({ where: { url: { startsWith: `https://example.test/${tag}/` } }, orderBy: { id: 'asc' } });
  const mentioned = rows.filter((_, i) => i % stride === 0);
  await db.mention.createMany({ data: mentioned.map((a) => ({ articleId: a.id, personId, kind: 'PERSON' as const })) });
  return mentioned
    .sort((x, y) => y.publishedAt.getTime() - x.publishedAt.getTime() || y.id - x.id)
    .map((a) => a.title);
}

async function allPages(personId: number, first: number): Promise<{ titles: string[]; totalCount: number }> {
  const titles: string[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (let guard = 0; guard < 100; guard++) {
    const { person }: { person: any } = await gqlData(PAGE, { id: toGlobalId('Person', personId), first, after });
    titles.push(...person.articles.nodes.map((n: { title: string }) => n.title));
    totalCount = person.articles.totalCount;
    if (!person.articles.pageInfo.hasNextPage) break;
    after = person.articles.pageInfo.endCursor;
  }
  return { titles, totalCount };
}

describe('articles mentioning an entity, newest first', () => {
  beforeEach(resetDatabase);

  it('gives the same pages whether the entity is common (walked by date) or rare (gathered)', async () => {
    const common = await f.person({ name: 'Everywhere' });
    const rare = await f.person({ name: 'Seldom' });
    const t = await threshold();
    // The common person is in every second of 2t articles (t of them: at the threshold), the rare one in 6.
    const commonTitles = await articlesMentioning(common.id, 2 * t, 2, 'c');
    const rareTitles = await articlesMentioning(rare.id, 36, 6, 'r');
    expect(await walks(common.id)).toBe(true);
    expect(await walks(rare.id)).toBe(false);

    const c = await allPages(common.id, 7);
    expect(c.totalCount).toBe(t);
    expect(c.titles).toEqual(commonTitles);
    const r = await allPages(rare.id, 4);
    expect(r.totalCount).toBe(6);
    expect(r.titles).toEqual(rareTitles);

    // The same relation read below a parent the planner did not read (node) pages the same way.
    const viaNode = await gqlData(VIA_NODE, { id: toGlobalId('Person', common.id) });
    expect(viaNode.node.articles.nodes.map((n: { title: string }) => n.title)).toEqual(commonTitles.slice(0, 5));
  });
});
