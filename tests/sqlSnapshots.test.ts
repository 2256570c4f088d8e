/**
 * The SQL behind each benchmark shape and each acceptance query, snapshotted beside its answer
 * (as PostGraphile's own test suite does), on the seed article. A change in the planner's SQL then
 * shows in review as a changed snapshot; `npx vitest run tests/sqlSnapshots.test.ts -u` accepts it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { SHAPES, type Sample, type ShapeName } from '../bench/shapes.js';
import { loadSeed } from '../src/import/seed.js';
import { Q1, Q2, Q3, Q4 } from './helpers/acceptanceQueries.js';
import { getTestPrisma, recordReads, resetDatabase } from './helpers/db.js';
import { gqlData } from './helpers/server.js';

/**
 * Search snippets are Postgres' ts_headline, whose choice of words differs between server versions
 * (the CI Postgres 15 and the embedded 18): snapshots keep only that a snippet highlights.
 */
function portable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(portable);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === 'snippet' && typeof v === 'string' ? `[snippet, ${v.includes('<mark>') ? 'highlighted' : 'plain'}]` : portable(v)]),
  );
}

/** Statements as one string each, whitespace folded, so a snapshot reads as a list of statements. */
const tidy = (sql: string[]) => sql.map((s) => s.replace(/\s+/g, ' ').trim());

async function seeded(): Promise<Record<'article' | 'person' | 'declaration', number>> {
  await resetDatabase();
  await loadSeed(getTestPrisma());
  const db = getTestPrisma();
  const article = await db.article.findFirstOrThrow({ select: { id: true } });
  const person = await db.person.findFirstOrThrow({ where: { slug: 'ilham-aliyev' }, select: { id: true } });
  const declaration = await db.declaration.findFirstOrThrow({ where: { slug: 'shusha-declaration' }, select: { id: true } });
  return { article: article.id, person: person.id, declaration: declaration.id };
}

// Which seed row each shape asks about (its Sample), as the benchmark picks one per shape.
const SAMPLE: Record<ShapeName, (ids: Awaited<ReturnType<typeof seeded>>) => Sample> = {
  a: (ids) => ({ id: ids.article }),
  b: () => ({ id: 0 }),
  c: (ids) => ({ id: ids.person }),
  d: (ids) => ({ id: ids.declaration }),
  e: (ids) => ({ id: ids.person }),
  f: () => ({ id: 0, word: 'shusha' }),
  g: (ids) => ({ id: ids.person }),
  h: (ids) => ({ id: ids.person }),
  i: () => ({ id: 0 }),
  j: (ids) => ({ id: ids.person }),
  k: () => ({ id: 0 }),
};

describe('SQL of the benchmark shapes', () => {
  let ids: Awaited<ReturnType<typeof seeded>>;
  beforeEach(async () => {
    ids = await seeded();
  });

  for (const name of Object.keys(SHAPES) as ShapeName[]) {
    it(`shape ${name}: ${SHAPES[name].title}`, async () => {
      const shape = SHAPES[name];
      const { result, sql } = await recordReads(() => gqlData(shape.newsgraph, shape.newsgraphVars(SAMPLE[name](ids))));
      expect({ sql: tidy(sql), data: portable(result) }).toMatchSnapshot();
    });
  }
});

describe('SQL of the acceptance queries', () => {
  beforeEach(seeded);

  for (const [name, query] of Object.entries({ Q1, Q2, Q3, Q4 })) {
    it(`acceptance ${name}`, async () => {
      const { result, sql } = await recordReads(() => gqlData(query));
      expect({ sql: tidy(sql), data: portable(result) }).toMatchSnapshot();
    });
  }
});
