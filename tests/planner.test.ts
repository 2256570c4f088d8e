import { beforeEach, describe, expect, it } from 'vitest';
import { countStatements, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { gql, gqlData } from './helpers/server.js';

/** Everything below an article that the relation catalog covers, several levels deep. */
const BELOW = `title source { name } authors { name }
  people { name affiliations { title validFrom organization { name parent { name } } }
           articles(first: 3) { totalCount edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }
  organizations { name }
  quotes { text saidOn speaker { name } article { title } }`;

async function graph() {
  const src = await f.source();
  const parent = await f.organization();
  const a = await f.article({ sourceId: src.id });
  const org = await f.organization({ parentId: parent.id });
  await f.mentionOrganization(a.id, org.id);
  for (let j = 0; j < 3; j++) {
    const p = await f.person();
    await f.affiliation(p.id, org.id, `Role ${j}`);
    await f.mentionPerson(a.id, p.id);
    await f.quote(a.id, p.id);
    for (let k = 0; k < 4; k++) await f.mentionPerson((await f.article({ sourceId: src.id })).id, p.id);
  }
  return a;
}

describe('look-ahead planner', () => {
  beforeEach(resetDatabase);

  it('reads a root field and everything selected below it in one statement', async () => {
    const a = await graph();
    const id = Buffer.from(`Article:${a.id}`).toString('base64');
    const planned = await countStatements(() => gqlData(`query($id: ID!) { article(id: $id) { ${BELOW} } }`, { id }));
    expect(planned.statements).toBe(1);
    expect(planned.result.article.people).toHaveLength(3);
    expect(planned.result.article.people[0].articles.totalCount).toBe(5);
    expect(planned.result.article.people[0].articles.pageInfo.hasNextPage).toBe(true);
  });

  it('answers the same below a parent it did not read (node) as below one it planned (article)', async () => {
    const a = await graph();
    const id = Buffer.from(`Article:${a.id}`).toString('base64');
    const planned = await gqlData(`query($id: ID!) { article(id: $id) { ${BELOW} } }`, { id });
    const batched = await gqlData(`query($id: ID!) { node(id: $id) { ... on Article { ${BELOW} } } }`, { id });
    expect(batched.node).toEqual(planned.article);
    // Cursors from a planned page work on the batched path and give the same next page.
    const after = planned.article.people[0].articles.pageInfo.endCursor;
    const personId = (await gqlData(`query($id: ID!) { article(id: $id) { people { id } } }`, { id })).article.people[0].id;
    const next = `query($p: ID!, $after: String) { person(id: $p) { articles(first: 3, after: $after) { nodes { title } } } }`;
    const viaPerson = await gqlData(next, { p: personId, after });
    const viaNode = await gqlData(`query($p: ID!, $after: String) { node(id: $p) { ... on Person { articles(first: 3, after: $after) { nodes { title } } } } }`, { p: personId, after });
    expect(viaPerson.person.articles.nodes).toHaveLength(2);
    expect(viaNode.node.articles.nodes).toEqual(viaPerson.person.articles.nodes);
  });

  it('reuses a compiled query only for the same values of the variables below the root field', async () => {
    const a = await graph();
    const other = await f.article({ title: 'Other' });
    const query = `query($id: ID!, $n: Int!, $withPeople: Boolean!) { article(id: $id) { title
      people @include(if: $withPeople) { name articles(first: $n) { nodes { title } } } } }`;
    const id = (x: { id: number }) => Buffer.from(`Article:${x.id}`).toString('base64');
    const two = await gqlData(query, { id: id(a), n: 2, withPeople: true });
    const four = await gqlData(query, { id: id(a), n: 4, withPeople: true });
    expect(two.article.people[0].articles.nodes).toHaveLength(2);
    expect(four.article.people[0].articles.nodes).toHaveLength(4);
    const without = await gqlData(query, { id: id(a), n: 2, withPeople: false });
    expect(without.article).toEqual({ title: two.article.title });
    // The root field's own argument is not part of what is compiled: another id, the same plan, its own row.
    const again = await gqlData(query, { id: id(other), n: 2, withPeople: true });
    expect(again.article).toEqual({ title: 'Other', people: [] });
  });

  it('leaves a field with invalid arguments to its resolver, which reports it at its own path', async () => {
    const a = await graph();
    const id = Buffer.from(`Article:${a.id}`).toString('base64');
    const res: any = await gql(`query($id: ID!) { article(id: $id) { title people { name articles(first: 1000) { nodes { title } } } } }`, { id });
    expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].path).toEqual(['article', 'people', 0, 'articles']);
  });
});
