/**
 * An article that states facts about an entity is among its articles without a separate mention
 * (implied mentions), and Place.country answers through a place's parents; both read by the planner
 * in a constant number of statements.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { storeDocument } from '../src/import/store.js';
import { countStatements, getTestPrisma, resetDatabase } from './helpers/db.js';
import { gqlData } from './helpers/server.js';

beforeEach(resetDatabase);

const BODY = 'The Shusha Declaration was signed by Ilham Aliyev and Recep Tayyip Erdogan. "We formalized our relations," Aliyev said.';

/** A declaration with signatories and evidence, a quote and an event, and no `mentions` anywhere. */
function document(url = 'https://example.test/shusha', over: Record<string, unknown> = {}) {
  return {
    version: 1,
    article: { url, title: 'Shusha', body: BODY, publishedAt: '2021-06-16', language: 'en', source: { slug: 'example', name: 'Example' } },
    places: [
      { slug: 'azerbaijan', name: 'Azerbaijan', kind: 'COUNTRY', countryCode: 'AZ' },
      { slug: 'turkey', name: 'Turkey', kind: 'COUNTRY', countryCode: 'TR' },
      { slug: 'karabakh', name: 'Karabakh', kind: 'REGION', parent: 'azerbaijan' },
      { slug: 'shusha', name: 'Shusha', kind: 'CITY', parent: 'karabakh' },
      { slug: 'baku', name: 'Baku', kind: 'CITY', countryCode: 'AZ' },
      { slug: 'atlantis', name: 'Atlantis', kind: 'OTHER' },
    ],
    people: [
      { slug: 'ilham-aliyev', name: 'Ilham Aliyev' },
      { slug: 'recep-tayyip-erdogan', name: 'Recep Tayyip Erdogan' },
      { slug: 'bystander', name: 'Bystander' },
    ],
    organizations: [{ slug: 'azerbaijani-government', name: 'Government of Azerbaijan' }],
    declarations: [
      {
        slug: 'shusha-declaration',
        title: 'Shusha Declaration',
        evidence: { text: 'The Shusha Declaration was signed' },
        signatories: [
          { person: 'ilham-aliyev', place: 'azerbaijan', evidence: { text: 'Ilham Aliyev' } },
          { person: 'recep-tayyip-erdogan', place: 'turkey' },
        ],
      },
    ],
    quotes: [{ speaker: 'ilham-aliyev', text: 'We formalized our relations,', evidence: { text: '"We formalized our relations," Aliyev said' } }],
    events: [{ kind: 'SIGNING', title: 'Signing', participants: [{ organization: 'azerbaijani-government' }] }],
    ...over,
  };
}

async function store(doc: unknown) {
  const stored = await storeDocument(getTestPrisma(), doc);
  if (!stored.ok) throw new Error(JSON.stringify(stored.issues));
  return stored;
}

const ARTICLES_OF = `query($slug: String!) {
  declaration(slug: $slug) { articles(first: 5) { totalCount nodes { url } } }
  person(slug: "ilham-aliyev") { articles(first: 5) { totalCount nodes { url } } }
  erdogan: person(slug: "recep-tayyip-erdogan") { articles(first: 5) { totalCount } }
  bystander: person(slug: "bystander") { articles(first: 5) { totalCount } }
  organization(slug: "azerbaijani-government") { articles(first: 5) { totalCount } }
  place(slug: "turkey") { articles(first: 5) { totalCount } }
}`;

describe('implied mentions', () => {
  it('puts an article among the articles of every entity it states facts about, though it lists no mentions', async () => {
    await store(document());
    const data = await gqlData(ARTICLES_OF, { slug: 'shusha-declaration' });
    expect(data.declaration.articles).toEqual({ totalCount: 1, nodes: [{ url: 'https://example.test/shusha' }] });
    expect(data.person.articles).toEqual({ totalCount: 1, nodes: [{ url: 'https://example.test/shusha' }] });
    expect(data.erdogan.articles.totalCount).toBe(1); // a signatory without evidence
    expect(data.organization.articles.totalCount).toBe(1); // an event participant
    expect(data.place.articles.totalCount).toBe(1); // a country signing
    expect(data.bystander.articles.totalCount).toBe(0); // listed, but nothing stated about him
    const filtered = await gqlData(`{ articles(first: 5, filter: { mentionsAll: ["ilham-aliyev", "shusha-declaration"] }) { totalCount } }`);
    expect(filtered.articles.totalCount).toBe(1);
  });

  it('are not spans: Article.mentions lists only the words that name an entity, Article.people all it is about', async () => {
    const doc = document();
    (doc.people[0] as Record<string, unknown>).mentions = [{ text: 'Aliyev', occurrence: 2 }];
    await store(doc);
    const { article } = await gqlData(`{ article(url: "https://example.test/shusha") {
      mentions { entity { ... on Person { slug } } evidence { text } }
      people { slug } declarations { slug } } }`);
    expect(article.mentions).toEqual([{ entity: { slug: 'ilham-aliyev' }, evidence: { text: 'Aliyev' } }]);
    // In order of first mention: Aliyev's implied one would be at his signature, his own span comes later.
    expect(article.people.map((p: { slug: string }) => p.slug)).toEqual(['ilham-aliyev', 'recep-tayyip-erdogan']);
    expect(article.declarations).toEqual([{ slug: 'shusha-declaration' }]);
    const rows = await getTestPrisma().mention.findMany({ where: { implied: true }, orderBy: { id: 'asc' } });
    // Aliyev has a span of his own, so no implied row; the rest one each (declaration, Erdogan, two countries, the government).
    expect(rows.map((r) => r.personId ?? r.organizationId ?? r.placeId ?? r.declarationId)).toHaveLength(5);
  });

  it('are rewritten with the article: a new version that no longer states the fact drops them', async () => {
    await store(document());
    await store(document('https://example.test/shusha', { quotes: [], events: [], declarations: [] }));
    const data = await gqlData(ARTICLES_OF, { slug: 'shusha-declaration' });
    expect(data.person.articles.totalCount).toBe(0);
    expect(data.organization.articles.totalCount).toBe(0);
  });

  it('cost the same statements per request whatever the number of articles', async () => {
    await store(document('https://example.test/one'));
    const one = await countStatements(() => gqlData(ARTICLES_OF, { slug: 'shusha-declaration' }));
    for (let i = 0; i < 5; i++) await store(document(`https://example.test/more-${i}`));
    const six = await countStatements(() => gqlData(ARTICLES_OF, { slug: 'shusha-declaration' }));
    expect(six.result.person.articles.totalCount).toBe(6);
    expect(six.statements).toBe(one.statements);
  });
});

describe('Place.country', () => {
  it('answers the country a place lies in, through its parents, else by its country code', async () => {
    await store(document());
    const { shusha, karabakh, azerbaijan, baku, atlantis } = await gqlData(`{
      shusha: place(slug: "shusha") { country { slug } parent { slug country { slug } } }
      karabakh: place(slug: "karabakh") { country { slug name } }
      azerbaijan: place(slug: "azerbaijan") { country { slug } }
      baku: place(slug: "baku") { country { slug } }
      atlantis: place(slug: "atlantis") { country { slug } }
    }`);
    expect(shusha).toEqual({ country: { slug: 'azerbaijan' }, parent: { slug: 'karabakh', country: { slug: 'azerbaijan' } } });
    expect(karabakh.country).toEqual({ slug: 'azerbaijan', name: 'Azerbaijan' });
    expect(azerbaijan.country).toEqual({ slug: 'azerbaijan' });
    expect(baku.country).toEqual({ slug: 'azerbaijan' });
    expect(atlantis.country).toBeNull();
  });

  it('is planned: one statement for a page of places with their countries, however many', async () => {
    await store(document());
    const query = `query($n: Int!) { places(first: $n) { nodes { slug country { slug } } } }`;
    const two = await countStatements(() => gqlData(query, { n: 2 }));
    const six = await countStatements(() => gqlData(query, { n: 6 }));
    expect(six.result.places.nodes).toHaveLength(6);
    expect(six.result.places.nodes.find((p: { slug: string }) => p.slug === 'shusha').country).toEqual({ slug: 'azerbaijan' });
    expect(six.statements).toBe(two.statements);
    expect(six.statements).toBe(1);
  });
});
