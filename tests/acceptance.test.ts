/**
 * The core issue's acceptance queries, verbatim, against the default data (the seed article), and
 * `node(id:)` for every id they print.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSeed } from '../src/import/seed.js';
import { getTestPrisma, resetDatabase } from './helpers/db.js';
import { gqlData } from './helpers/server.js';
import { Q1, Q2, Q3, Q4 } from './helpers/acceptanceQueries.js';


/** Every `id` value anywhere in a response. */
function idsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => idsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'string') out.push(v);
      else idsIn(v, out);
    }
  }
  return out;
}

describe('acceptance queries on the default data', () => {
  // Each test starts from the seed alone, so any of them passes when run by itself.
  beforeEach(async () => {
    await resetDatabase();
    await loadSeed(getTestPrisma());
  });

  it('1: the Shusha Declaration with its signatories, their roles, and the articles about it', async () => {
    const data = await gqlData(Q1);
    const { declarations } = data;
    expect(declarations.totalCount).toBe(1);
    const shusha = declarations.nodes[0];
    expect(shusha).toMatchObject({ title: 'Shusha Declaration on Allied Relations', kind: 'DECLARATION', signedOn: '2021', place: { name: 'Shusha' } });
    const signers = shusha.signatories.map((s: any) => s.person?.name);
    expect(signers).toEqual(expect.arrayContaining(['Ilham Aliyev', 'Recep Tayyip Erdogan']));
    const aliyev = shusha.signatories.find((s: any) => s.person?.name === 'Ilham Aliyev');
    expect(aliyev.role).toMatch(/President/);
    expect(aliyev.person.affiliations).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'President' })]));
    expect(shusha.articles.totalCount).toBe(1);
    expect(shusha.articles.nodes[0]).toMatchObject({ publishedAt: '2021-09-28T00:00:00.000Z', source: { name: 'Azernews' } });
  });

  it('2: Hasanov, his role in the Defence Ministry of Azerbaijan, and who else his article mentions', async () => {
    const data = await gqlData(Q2);
    const [hasanov] = data.people.nodes;
    expect(hasanov.name).toBe('Zakir Hasanov');
    expect(hasanov.affiliations).toEqual(
      expect.arrayContaining([{ title: 'Defence Minister', organization: expect.objectContaining({ country: { name: 'Azerbaijan' } }) }]),
    );
    const article = hasanov.articles.nodes[0];
    const people = article.people.map((p: any) => p.name);
    expect(people).toEqual(expect.arrayContaining(['Zakir Hasanov', 'Muhsin Dere', 'Karim Valiyev', 'Nizam Osmanov', 'Ilham Aliyev', 'Recep Tayyip Erdogan', 'Cahit Bagci']));
    expect(article.organizations.length).toBeGreaterThanOrEqual(5);
  });

  it('3: what Aliyev said, and where', async () => {
    const data = await gqlData(Q3);
    const aliyev = data.people.nodes.find((p: any) => p.name === 'Ilham Aliyev');
    expect(aliyev.quotes.nodes).toHaveLength(1);
    expect(aliyev.quotes.nodes[0].text).toMatch(/^In fact, by signing the Shusha Declaration, we raised our de facto relations to the de jure level/);
    expect(aliyev.quotes.nodes[0].article.title).toBeTruthy();
  });

  it('4: the latest article with its byline and quotes with speakers', async () => {
    const data = await gqlData(Q4);
    const { articles } = data;
    expect(articles.pageInfo).toEqual({ hasNextPage: false, endCursor: articles.edges[0].cursor });
    const node = articles.edges[0].node;
    expect(node.authors).toEqual([{ name: 'Vugar Khalilov' }]);
    expect(node.quotes.map((q: any) => q.speaker?.name)).toEqual(['Ilham Aliyev', 'Cahit Bagci']);
  });

  it('node(id:) returns each object whose id these queries printed', async () => {
    const results = [];
    for (const q of [Q1, Q2, Q3, Q4]) results.push(await gqlData(q));
    const ids = [...new Set(idsIn(results))];
    expect(ids.length).toBeGreaterThanOrEqual(3); // a declaration, a person, an article
    for (const id of ids) {
      const { node } = await gqlData(`query($id: ID!) { node(id: $id) { id __typename } }`, { id });
      expect(node?.id).toBe(id);
    }
    const { nodes } = await gqlData(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(nodes.map((n: any) => n.id)).toEqual(ids);
  });

  it('answers "who met the Turkish delegation on 27 September?"', async () => {
    const data = await gqlData(`{ events(first: 10, filter: { kinds: [MEETING], participant: "turkish-defence-delegation", from: "2021-09-27", to: "2021-09-27" }) {
      nodes { title participants { role person { name } organization { name } } evidence { text } } } }`);
    const hosts = data.events.nodes.flatMap((e: any) => e.participants.map((p: any) => p.person?.name)).filter(Boolean);
    expect(hosts).toEqual(expect.arrayContaining(['Zakir Hasanov', 'Karim Valiyev', 'Nizam Osmanov']));
    for (const e of data.events.nodes) expect(e.evidence.text.length).toBeGreaterThan(10);
  });

  it('keeps provenance: every affiliation points at the words that state it', async () => {
    const data = await gqlData(`{ person(slug: "zakir-hasanov") { affiliations { title evidence { text start end article { title } } } } }`);
    const minister = data.person.affiliations.find((a: any) => a.title === 'Defence Minister');
    expect(minister.evidence.text).toMatch(/Defence Minister Zakir Hasanov/);
  });

  it('relates the Shusha Declaration to the Treaty of Kars in both directions', async () => {
    const data = await gqlData(`{ a: declaration(slug: "shusha-declaration") { relatedDeclarations { kind direction declaration { title signedOn } evidence { text } } }
      b: declaration(slug: "treaty-of-kars") { relatedDeclarations { kind direction declaration { slug } } } }`);
    expect(data.a.relatedDeclarations).toEqual([expect.objectContaining({ kind: 'COMPARED_TO', direction: 'OUTGOING', declaration: { title: 'Treaty of Kars', signedOn: '1921' } })]);
    expect(data.b.relatedDeclarations).toEqual([{ kind: 'COMPARED_TO', direction: 'INCOMING', declaration: { slug: 'shusha-declaration' } }]);
  });

  it('lists the provisions of the Shusha Declaration, each with its evidence', async () => {
    const data = await gqlData(`{ declaration(slug: "shusha-declaration") { provisions { position text evidence { text } } } }`);
    expect(data.declaration.provisions.length).toBeGreaterThanOrEqual(3);
    for (const p of data.declaration.provisions) expect(p.evidence.text.length).toBeGreaterThan(5);
  });

  it('finds the declaration and the award by search', async () => {
    const data = await gqlData(`{ search(query: "medal military cooperation", first: 5) { nodes { __typename } } d: search(query: "shusha", types: [DECLARATION], first: 3) { nodes { ... on Declaration { slug } } } }`);
    expect(data.search.nodes[0].__typename).toBe('Article');
    expect(data.d.nodes).toEqual([{ slug: 'shusha-declaration' }]);
  });
});
