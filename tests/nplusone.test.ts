import { beforeEach, describe, expect, it } from 'vitest';
import { countStatements, resetDatabase } from './helpers/db.js';
import * as f from './helpers/fixtures.js';
import { gqlData } from './helpers/server.js';

const NESTED = `query($n: Int!) {
  articles(first: $n) {
    totalCount
    nodes {
      title source { name } authors { name }
      people { name affiliations { title organization { name parent { name } } }
               articles(first: 3) { totalCount nodes { title } }
               quotes(first: 2) { nodes { text } } }
      organizations { name members(first: 2) { totalCount nodes { person { name } } } }
      quotes { text speaker { name } article { title } }
    }
  }
}`;

/** n articles, each mentioning 3 people (with roles and quotes) and 2 organizations. */
async function graph(n: number) {
  const src = await f.source();
  const parent = await f.organization();
  for (let i = 0; i < n; i++) {
    const a = await f.article({ sourceId: src.id });
    const org = await f.organization({ parentId: parent.id });
    await f.mentionOrganization(a.id, org.id);
    await f.mentionOrganization(a.id, parent.id);
    for (let j = 0; j < 3; j++) {
      const p = await f.person();
      await f.affiliation(p.id, org.id, `Role ${j}`);
      await f.mentionPerson(a.id, p.id);
      await f.quote(a.id, p.id);
    }
  }
}

describe('data loading', () => {
  beforeEach(resetDatabase);

  it('sends the same number of SQL statements for 2 articles as for 12', async () => {
    await graph(12);
    const small = await countStatements(() => gqlData(NESTED, { n: 2 }));
    const large = await countStatements(() => gqlData(NESTED, { n: 12 }));
    expect(small.result.articles.nodes).toHaveLength(2);
    expect(large.result.articles.nodes).toHaveLength(12);
    expect(large.result.articles.nodes[0].people).toHaveLength(3);
    expect(large.result.articles.nodes[0].people[0].affiliations[0].organization.parent.name).toBeTruthy();
    expect(large.statements).toBe(small.statements);
    // One statement per relation level, not per parent: a guard against loaders regressing.
    expect(large.statements).toBeLessThan(30);
  });
});
