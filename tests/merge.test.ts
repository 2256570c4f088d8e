import { beforeEach, describe, expect, it } from 'vitest';
import { getTestPrisma, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { gql, gqlData, viewerWith } from './helpers/server.js';

const MERGE = `mutation($input: PersonMergeInput!) { personMerge(input: $input) {
  person { slug name aliases affiliations { title } articles(first: 5) { totalCount } quotes(first: 5) { totalCount }
           merges { mergedSlug actor reason snapshot } }
  mergeRecord { entityType mergedSlug }
  userErrors { field message code } } }`;

async function duplicates() {
  const a = await f.article();
  const keep = await f.person({ slug: 'recep-tayyip-erdogan', name: 'Recep Tayyip Erdogan' });
  const dup = await f.person({ slug: 'erdogan', name: 'Erdoğan', aliases: ['R. T. Erdoğan'] });
  const org = await f.organization();
  await f.affiliation(keep.id, org.id, 'President');
  await f.affiliation(dup.id, org.id, 'President'); // the same role, stated twice
  await f.mentionPerson(a.id, keep.id);
  await f.mentionPerson(a.id, dup.id);
  await f.quote(a.id, dup.id, 'Words of the duplicate.');
  return { keep, dup, a };
}

describe('personMerge', () => {
  beforeEach(resetDatabase);

  it('moves every reference to the survivor, absorbs names, and records an audit trail', async () => {
    await duplicates();
    const editor = await viewerWith('write');
    const { personMerge } = await gqlData(MERGE, { input: { survivorId: 'recep-tayyip-erdogan', mergedId: 'erdogan', reason: 'same person' } }, editor);
    expect(personMerge.userErrors).toEqual([]);
    expect(personMerge.person.aliases).toEqual(expect.arrayContaining(['Erdoğan', 'R. T. Erdoğan']));
    expect(personMerge.person.affiliations).toEqual([{ title: 'President' }]);
    expect(personMerge.person.articles.totalCount).toBe(1);
    expect(personMerge.person.quotes.totalCount).toBe(1);
    expect(personMerge.person.merges).toHaveLength(1);
    expect(personMerge.person.merges[0]).toMatchObject({ mergedSlug: 'erdogan', reason: 'same person', snapshot: { name: 'Erdoğan' } });
    expect(personMerge.person.merges[0].actor).toMatch(/test write/);
    expect(await getTestPrisma().person.count()).toBe(1);
  });

  it('leads the merged slug to the survivor', async () => {
    await duplicates();
    await gqlData(MERGE, { input: { survivorId: 'recep-tayyip-erdogan', mergedId: 'erdogan' } }, await viewerWith('write'));
    const { person } = await gqlData(`{ person(slug: "erdogan") { slug } }`);
    expect(person).toEqual({ slug: 'recep-tayyip-erdogan' });
  });

  it('accepts the merged slug in every filter that takes a slug, as the survivor', async () => {
    const { keep } = await duplicates();
    const d = await getTestPrisma().declaration.create({ data: { slug: 'accord', title: 'Accord' } });
    await getTestPrisma().declarationSignatory.create({ data: { declarationId: d.id, personId: keep.id } });
    await gqlData(MERGE, { input: { survivorId: 'recep-tayyip-erdogan', mergedId: 'erdogan' } }, await viewerWith('write'));
    const data = await gqlData(`{
      byPerson: articles(first: 5, filter: { mentionsPerson: "erdogan" }) { totalCount }
      all: articles(first: 5, filter: { mentionsAll: ["erdogan"] }) { totalCount }
      any: articles(first: 5, filter: { mentionsAny: ["erdogan", "recep-tayyip-erdogan"] }) { totalCount }
      signed: declarations(first: 5, filter: { signatory: "erdogan" }) { totalCount }
      met: events(first: 5, filter: { participant: "erdogan" }) { totalCount }
    }`);
    expect(data).toEqual({ byPerson: { totalCount: 1 }, all: { totalCount: 1 }, any: { totalCount: 1 }, signed: { totalCount: 1 }, met: { totalCount: 0 } });
  });

  it('reports a missing or identical entity as a userError, changing nothing', async () => {
    await duplicates();
    const editor = await viewerWith('write');
    const missing = await gqlData(MERGE, { input: { survivorId: 'recep-tayyip-erdogan', mergedId: 'nobody' } }, editor);
    expect(missing.personMerge.userErrors).toEqual([expect.objectContaining({ field: ['mergedId'], code: 'NOT_FOUND' })]);
    const same = await gqlData(MERGE, { input: { survivorId: 'erdogan', mergedId: 'erdogan' } }, editor);
    expect(same.personMerge.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    expect(await getTestPrisma().person.count()).toBe(2);
  });

  it('refuses without an API key (UNAUTHENTICATED) and with a read-only key (FORBIDDEN)', async () => {
    await duplicates();
    const input = { survivorId: 'recep-tayyip-erdogan', mergedId: 'erdogan' };
    expect((await gql(MERGE, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql(MERGE, { input }, await viewerWith('read'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await getTestPrisma().person.count()).toBe(2);
  });
});

describe('organizationMerge', () => {
  beforeEach(resetDatabase);

  it('re-parents children and moves members to the survivor', async () => {
    await f.organization({ slug: 'defence-ministry', name: 'Ministry of Defence' });
    const dup = await f.organization({ slug: 'mod', name: 'MoD' });
    await f.organization({ slug: 'logistics', parentId: dup.id });
    const p = await f.person();
    await f.affiliation(p.id, dup.id, 'Minister');
    const { organizationMerge } = await gqlData(
      `mutation { organizationMerge(input: { survivorId: "defence-ministry", mergedId: "mod" }) {
        organization { aliases children { slug } members(first: 5) { nodes { title } } } userErrors { message } } }`,
      {},
      await viewerWith('write'),
    );
    expect(organizationMerge.organization).toEqual({ aliases: ['MoD'], children: [{ slug: 'logistics' }], members: { nodes: [{ title: 'Minister' }] } });
  });
});
