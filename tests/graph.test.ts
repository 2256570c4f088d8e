import { beforeEach, describe, expect, it } from 'vitest';
import { getTestPrisma, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { gql, gqlData } from './helpers/server.js';

/** Three articles: A mentions ann+bob+acme, B mentions ann+bob, C mentions ann+cy, on three days. */
async function scene() {
  const src = await f.source();
  const [ann, bob, cy] = [await f.person({ slug: 'ann', name: 'Ann Arbor' }), await f.person({ slug: 'bob', name: 'Bob Brown' }), await f.person({ slug: 'cy', name: 'Cy Clark' })];
  const acme = await f.organization({ slug: 'acme', name: 'Acme' });
  const a = await f.article({ title: 'A', sourceId: src.id, publishedAt: new Date('2021-01-05T10:00:00Z') });
  const b = await f.article({ title: 'B', sourceId: src.id, publishedAt: new Date('2021-01-20T10:00:00Z') });
  const c = await f.article({ title: 'C', sourceId: src.id, publishedAt: new Date('2021-03-02T10:00:00Z') });
  for (const p of [ann, bob]) await f.mentionPerson(a.id, p.id);
  await f.mentionOrganization(a.id, acme.id);
  for (const p of [ann, bob]) await f.mentionPerson(b.id, p.id);
  for (const p of [ann, cy]) await f.mentionPerson(c.id, p.id);
  return { ann, bob, cy, acme, a, b, c };
}

describe('co-mentions', () => {
  beforeEach(resetDatabase);

  it('ranks who appears with a person by shared articles, with those articles', async () => {
    await scene();
    const data = await gqlData(`{ person(slug: "ann") { coMentioned(first: 10) { totalCount nodes {
      count entity { __typename ... on Person { slug } ... on Organization { slug } }
      articles(first: 5) { totalCount nodes { title } } } } } }`);
    const nodes = data.person.coMentioned.nodes;
    expect(data.person.coMentioned.totalCount).toBe(3);
    expect(nodes[0]).toEqual({ count: 2, entity: { __typename: 'Person', slug: 'bob' }, articles: { totalCount: 2, nodes: [{ title: 'B' }, { title: 'A' }] } });
    expect(nodes.map((n: any) => [n.entity.slug, n.count])).toEqual(expect.arrayContaining([['acme', 1], ['cy', 1]]));
  });

  it('limits co-mentions to a date window', async () => {
    await scene();
    const data = await gqlData(`{ person(slug: "ann") { coMentioned(first: 10, since: "2021-02-01T00:00:00Z") { nodes { count entity { ... on Person { slug } } articles(first: 5) { nodes { title } } } } } }`);
    expect(data.person.coMentioned.nodes).toEqual([{ count: 1, entity: { slug: 'cy' }, articles: { nodes: [{ title: 'C' }] } }]);
  });

  it('pages co-mentions by cursor', async () => {
    await scene();
    const q = `query($after: String) { person(slug: "ann") { coMentioned(first: 1, after: $after) { pageInfo { hasNextPage endCursor } nodes { count } } } }`;
    const first = await gqlData(q);
    const second = await gqlData(q, { after: first.person.coMentioned.pageInfo.endCursor });
    expect(first.person.coMentioned.nodes[0].count).toBe(2);
    expect(second.person.coMentioned.nodes[0].count).toBe(1);
  });
});

describe('mention timelines', () => {
  beforeEach(resetDatabase);

  it('buckets articles per month with the articles behind each bucket', async () => {
    await scene();
    const data = await gqlData(`{ person(slug: "ann") { mentionTimeline(interval: MONTH) { start end count articles(first: 5) { nodes { title } } } } }`);
    expect(data.person.mentionTimeline).toEqual([
      { start: '2021-01-01T00:00:00.000Z', end: '2021-02-01T00:00:00.000Z', count: 2, articles: { nodes: [{ title: 'B' }, { title: 'A' }] } },
      { start: '2021-03-01T00:00:00.000Z', end: '2021-04-01T00:00:00.000Z', count: 1, articles: { nodes: [{ title: 'C' }] } },
    ]);
  });

  it('respects from/to and works for organizations', async () => {
    await scene();
    const data = await gqlData(`{ organization(slug: "acme") { mentionTimeline(interval: DAY, from: "2021-01-01T00:00:00Z", to: "2021-02-01T00:00:00Z") { start count } } }`);
    expect(data.organization.mentionTimeline).toEqual([{ start: '2021-01-05T00:00:00.000Z', count: 1 }]);
  });
});

describe('article filters across relations', () => {
  beforeEach(resetDatabase);

  it('filters by mentioning all of several entities (AND) or any (OR)', async () => {
    await scene();
    const all = await gqlData(`{ articles(first: 10, filter: { mentionsAll: ["ann", "bob"] }) { nodes { title } } }`);
    expect(all.articles.nodes.map((n: any) => n.title)).toEqual(['B', 'A']);
    const any = await gqlData(`{ articles(first: 10, filter: { mentionsAny: ["acme", "cy"] }) { nodes { title } } }`);
    expect(any.articles.nodes.map((n: any) => n.title)).toEqual(['C', 'A']);
  });

  it('sorts by mention count', async () => {
    await scene();
    const data = await gqlData(`{ articles(first: 3, orderBy: { field: MENTION_COUNT, direction: DESC }) { nodes { title } } }`);
    expect(data.articles.nodes[0].title).toBe('A');
  });

  it('rejects an unknown entity in mentionsAll naming its position', async () => {
    const res = await gql(`{ articles(first: 1, filter: { mentionsAll: ["nobody"] }) { totalCount } }`);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.mentionsAll[0]' });
  });
});

describe('time-scoped roles', () => {
  beforeEach(resetDatabase);

  it('gives the roles held on a day and the speaker role of a quote', async () => {
    const db = getTestPrisma();
    const p = await f.person({ slug: 'minister' });
    const ministry = await f.organization({ slug: 'ministry' });
    await db.affiliation.create({ data: { personId: p.id, organizationId: ministry.id, title: 'Deputy Minister', validFrom: new Date('2010-01-01'), validFromPrecision: 'YEAR', validTo: new Date('2012-01-01'), validToPrecision: 'YEAR' } });
    await db.affiliation.create({ data: { personId: p.id, organizationId: ministry.id, title: 'Minister', validFrom: new Date('2013-02-01'), validFromPrecision: 'MONTH' } });
    const a = await f.article({ publishedAt: new Date('2011-06-01T00:00:00Z') });
    await f.quote(a.id, p.id, 'Old words.');
    const data = await gqlData(`{ person(slug: "minister") {
      in2012: affiliations(at: "2012-12-31") { title }
      in2013: affiliations(at: "2013-01-31") { title }
      in2020: affiliations(at: "2020-01-01") { title validFrom }
      quotes(first: 1) { nodes { speakerRole { title organization { slug } } } } } }`);
    expect(data.person.in2012).toEqual([{ title: 'Deputy Minister' }]);
    expect(data.person.in2013).toEqual([]);
    expect(data.person.in2020).toEqual([{ title: 'Minister', validFrom: '2013-02' }]);
    expect(data.person.quotes.nodes[0].speakerRole).toEqual({ title: 'Deputy Minister', organization: { slug: 'ministry' } });
  });
});

describe('search', () => {
  beforeEach(resetDatabase);

  it('finds articles by words with web-search syntax, ranked, with highlighted snippets', async () => {
    const src = await f.source();
    await f.article({ sourceId: src.id, title: 'Shusha Declaration signed', body: 'The Shusha Declaration on allied relations was signed in Shusha.' });
    await f.article({ sourceId: src.id, title: 'Kars remembered', body: 'The Shusha Declaration is as important as the Treaty of Kars.' });
    await f.article({ sourceId: src.id, title: 'Unrelated', body: 'Nothing to see.' });
    const data = await gqlData(`{ search(query: "\\"shusha declaration\\" -kars", types: [ARTICLE], first: 10) {
      totalCount edges { score snippet node { ... on Article { title } } } } }`);
    expect(data.search.totalCount).toBe(1);
    expect(data.search.edges[0].node.title).toBe('Shusha Declaration signed');
    expect(data.search.edges[0].snippet).toMatch(/<mark>Shusha<\/mark> <mark>Declaration<\/mark>/);
    expect(data.search.edges[0].score).toBeGreaterThan(0);
  });

  it('finds people by accent-insensitive and approximate names', async () => {
    await f.person({ slug: 'erdogan', name: 'Recep Tayyip Erdoğan' });
    await f.person({ slug: 'other', name: 'Someone Else' });
    const exact = await gqlData(`{ search(query: "erdogan", first: 5) { nodes { __typename ... on Person { slug } } } }`);
    expect(exact.search.nodes).toEqual([{ __typename: 'Person', slug: 'erdogan' }]);
    const typo = await gqlData(`{ search(query: "erdogn", types: [PERSON], first: 5) { nodes { ... on Person { slug } } } }`);
    expect(typo.search.nodes).toEqual([{ slug: 'erdogan' }]);
  });

  it('rejects an empty query with BAD_USER_INPUT', async () => {
    const res = await gql(`{ search(query: "  ", first: 5) { totalCount } }`);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query' });
  });
});
