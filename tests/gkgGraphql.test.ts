/** What the GDELT import adds to the API: topics, tone, quote verbs, offsets-only evidence. */
import { beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../src/import/importer.js';
import { gkgLineToRecord } from '../src/import/gkg/toDocument.js';
import type { SourceRecord } from '../src/import/records.js';
import { getTestPrisma, resetDatabase } from './helpers/db.js';
import { gkgColumns, gkgLines } from './helpers/gkg.js';
import { gqlData } from './helpers/server.js';

/** The first sample records that have quotations, plus a few others: enough to query, fast to import. */
function sample(): string[] {
  const lines = gkgLines();
  return [...lines.filter((l) => gkgColumns(l).Quotations && gkgColumns(l).V2Themes).slice(0, 5), ...lines.slice(0, 5)];
}

async function* records(lines: string[]): AsyncIterable<SourceRecord> {
  for (const [i, line] of lines.entries()) {
    const { label, ...result } = gkgLineToRecord(line);
    yield { file: 'sample.tsv', line: i + 1, label, result };
  }
}

describe('GDELT articles through GraphQL', () => {
  let url: string;
  let topic: string;

  beforeAll(async () => {
    await resetDatabase();
    const lines = sample();
    await importRecords(getTestPrisma(), records(lines), {});
    const quoted = gkgColumns(lines[0]);
    url = quoted.DocumentIdentifier;
    topic = quoted.V2Themes.split(';').filter(Boolean)[0].split(',')[0];
  }, 120_000);

  it('exposes topics, tone, quotes with verbs and offsets-only evidence', async () => {
    const { article } = await gqlData(
      `query($url: String!) { article(url: $url) { feed externalId body topics tone { tone positive negative wordCount }
        quotes { text verb speaker { name } evidence { start end text } }
        mentions { entity { __typename } evidence { start end text } } } }`,
      { url },
    );
    expect(article.feed).toBe('gdelt-gkg');
    expect(article.externalId).toMatch(/^20230702153000-/);
    expect(article.body).toBe('');
    expect(article.topics).toContain(topic);
    expect(article.tone.wordCount).toBeGreaterThan(0);
    expect(article.quotes.length).toBeGreaterThan(0);
    expect(article.quotes[0].speaker).toBeNull();
    const withOffsets = article.mentions.filter((m: any) => m.evidence);
    expect(withOffsets.length).toBeGreaterThan(0);
    for (const m of withOffsets) expect(m.evidence.text).toBeNull(); // GDELT ships offsets, not text
  });

  it('filters articles by topic', async () => {
    const { articles } = await gqlData(`query($t: String!) { articles(first: 20, filter: { topic: $t }) { totalCount nodes { url topics } } }`, { t: topic });
    expect(articles.totalCount).toBeGreaterThan(0);
    for (const a of articles.nodes) expect(a.topics).toContain(topic);
  });
});
