import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { getTestPrisma, resetDatabase } from './helpers/db.js';
import { gql, gqlData, viewerWith } from './helpers/server.js';

const SEED = JSON.parse(
  readFileSync(new URL('../prisma/seed/articles/azernews-2021-09-28-azerbaijan-turkey-military-cooperation.json', import.meta.url), 'utf8'),
);
const UPSERT = `mutation($d: JSON!, $c: String) { articleUpsert(input: { document: $d, clientMutationId: $c }) {
  status clientMutationId article { id title people { name } } userErrors { field message code } } }`;

describe('articleUpsert', () => {
  beforeEach(resetDatabase);

  it('inserts a document, then reports the same document unchanged, with no duplicates', async () => {
    const editor = await viewerWith('write');
    const first = await gqlData(UPSERT, { d: SEED, c: 'one' }, editor);
    expect(first.articleUpsert).toMatchObject({ status: 'INSERTED', clientMutationId: 'one', userErrors: [] });
    expect(first.articleUpsert.article.people.map((p: any) => p.name)).toContain('Zakir Hasanov');
    const counts = async () => ({ people: await getTestPrisma().person.count(), mentions: await getTestPrisma().mention.count() });
    const before = await counts();
    const second = await gqlData(UPSERT, { d: SEED }, editor);
    expect(second.articleUpsert.status).toBe('UNCHANGED');
    expect(second.articleUpsert.article.id).toBe(first.articleUpsert.article.id);
    expect(await counts()).toEqual(before);
  });

  it('reports an updated document as UPDATED', async () => {
    const editor = await viewerWith('write');
    await gqlData(UPSERT, { d: SEED }, editor);
    const changed = { ...SEED, article: { ...SEED.article, title: 'A corrected headline' } };
    const res = await gqlData(UPSERT, { d: changed }, editor);
    expect(res.articleUpsert).toMatchObject({ status: 'UPDATED', article: { title: 'A corrected headline' } });
  });

  it('rejects an invalid document with userErrors naming the field, writing nothing', async () => {
    const editor = await viewerWith('write');
    const bad = structuredClone(SEED);
    bad.quotes[0].evidence.start += 1; // evidence no longer matches the body
    const res = await gqlData(UPSERT, { d: bad }, editor);
    expect(res.articleUpsert.status).toBeNull();
    expect(res.articleUpsert.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['document', 'quotes', '0', 'evidence'] });
    expect(await getTestPrisma().article.count()).toBe(0);
  });

  it('needs an API key with the write scope', async () => {
    expect((await gql(UPSERT, { d: SEED })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql(UPSERT, { d: SEED }, await viewerWith('read'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await getTestPrisma().article.count()).toBe(0);
  });

  it('deletes an article with articleDelete', async () => {
    const editor = await viewerWith('write');
    const { articleUpsert } = await gqlData(UPSERT, { d: SEED }, editor);
    const del = await gqlData(`mutation($id: ID!) { articleDelete(input: { id: $id }) { deletedArticleId userErrors { code } } }`, { id: articleUpsert.article.id }, editor);
    expect(del.articleDelete).toEqual({ deletedArticleId: articleUpsert.article.id, userErrors: [] });
    expect(await getTestPrisma().article.count()).toBe(0);
    const again = await gqlData(`mutation($id: ID!) { articleDelete(input: { id: $id }) { deletedArticleId userErrors { code } } }`, { id: articleUpsert.article.id }, editor);
    expect(again.articleDelete).toEqual({ deletedArticleId: null, userErrors: [{ code: 'NOT_FOUND' }] });
  });
});
