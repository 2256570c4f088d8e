/**
 * The export: every article (or those published since a date) as a document in the published
 * format, streamed in batches by keyset on the article id, so memory holds one batch whatever
 * the database size. Articles come in id order, the order they were first written, so importing
 * the dump gives shared facts and declarations their provenance in the same order as before.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Db } from '../db/client.js';
import type { ArticleDocument } from '../document/document.js';
import { impliedMentions } from '../import/implied.js';
import { closure, loadEntities, type EntityRows } from './entities.js';
import type { ArticleFacts } from './group.js';
import { directEntities, groupByArticle, unionIds } from './group.js';
import { articleBatch, batchFacts } from './queries.js';
import { toDocument } from './toDocument.js';

export const EXPORT_FORMATS = ['ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** Only articles published at or after this instant. */
  since?: Date;
  /** Articles read per batch (one statement per relation each). */
  batchSize?: number;
  /**
   * Told of implied mentions the document cannot bring back: the article stated a fact whose
   * provenance another article holds (so the fact is in that article's document), and named the
   * entity nowhere else.
   */
  onUnrestoredImplied?: (url: string, count: number) => void;
}

export const DEFAULT_BATCH_SIZE = 500;

/** The documents, one batch of articles at a time. */
export async function* exportDocuments(db: Db, opts: ExportOptions = {}): AsyncGenerator<ArticleDocument> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  for (let after = 0; ; ) {
    const articles = await articleBatch(db, after, batchSize, opts.since);
    if (!articles.length) return;
    yield* await batchDocuments(db, articles, opts.onUnrestoredImplied);
    if (articles.length < batchSize) return;
    after = articles[articles.length - 1].id;
  }
}

async function batchDocuments(
  db: Db,
  articles: Awaited<ReturnType<typeof articleBatch>>,
  onUnrestoredImplied: ExportOptions['onUnrestoredImplied'],
): Promise<ArticleDocument[]> {
  const ids = articles.map((a) => a.id);
  const facts = await batchFacts(db, ids);
  const byArticle = groupByArticle(ids, facts);
  const owned = new Map<number, number[]>();
  for (const d of facts.ownedDeclarations) owned.set(d.article_id, [...(owned.get(d.article_id) ?? []), d.id]);
  const direct = new Map(ids.map((id) => [id, directEntities(byArticle.get(id)!, owned.get(id))]));
  const entities = await loadEntities(db, unionIds(direct.values()));
  return articles.map((a) => {
    const doc = toDocument(a, byArticle.get(a.id)!, entities, closure(direct.get(a.id)!, entities));
    const lost = unrestoredImplied(doc, byArticle.get(a.id)!, entities);
    if (lost && onUnrestoredImplied) onUnrestoredImplied(a.url, lost);
    return doc;
  });
}

/** Stored implied mentions that writing `doc` would not derive again. */
function unrestoredImplied(doc: ArticleDocument, facts: ArticleFacts, entities: EntityRows): number {
  const derived = new Set(impliedMentions(doc).map((m) => `${m.type}:${m.slug}`));
  let lost = 0;
  for (const m of facts.mentions) {
    if (!m.implied) continue;
    const [type, id] = m.person_id !== null ? (['person', m.person_id] as const)
      : m.organization_id !== null ? (['organization', m.organization_id] as const)
      : m.place_id !== null ? (['place', m.place_id] as const)
      : (['declaration', m.declaration_id!] as const);
    if (!derived.has(`${type}:${entities[type].get(id)!.slug}`)) lost++;
  }
  return lost;
}

export interface ExportSummary {
  articles: number;
  /** Implied mentions the dump cannot bring back (see ExportOptions.onUnrestoredImplied). */
  unrestoredImplied: number;
}

/** Writes the documents as NDJSON (one JSON document a line), waiting whenever `out` is full. */
export async function writeNdjson(db: Db, out: Writable, opts: ExportOptions = {}): Promise<ExportSummary> {
  let articles = 0;
  let unrestoredImplied = 0;
  const onUnrestoredImplied = (url: string, n: number) => {
    unrestoredImplied += n;
    opts.onUnrestoredImplied?.(url, n);
  };
  // A reader that goes away (`| head`) fails the write; stop reading the database then, not later.
  let failure: Error | undefined;
  const onError = (err: Error) => (failure ??= err);
  out.on('error', onError);
  try {
    for await (const doc of exportDocuments(db, { ...opts, onUnrestoredImplied })) {
      if (failure) throw failure;
      articles++;
      if (!out.write(`${JSON.stringify(doc)}\n`)) await once(out, 'drain');
    }
    if (failure) throw failure;
  } finally {
    out.off('error', onError);
  }
  return { articles, unrestoredImplied };
}

/** What the database holds that no document can carry, so the CLI can say so instead of dropping it silently. */
export async function notExported(db: Db): Promise<Record<string, number>> {
  const [row] = await db.$queryRaw<Array<Record<string, number>>>`
    SELECT
      (SELECT count(*)::int FROM "affiliation" WHERE "article_id" IS NULL) AS "affiliations without an article",
      (SELECT count(*)::int FROM "declaration_relation" WHERE "article_id" IS NULL) AS "declaration relations without an article",
      (SELECT count(*)::int FROM "declaration_provision" WHERE "article_id" IS NULL) AS "provisions without an article",
      (SELECT count(*)::int FROM "declaration_signatory" WHERE "article_id" IS NULL) AS "signatories without an article",
      (SELECT count(*)::int FROM "merge_record") AS "merge records (the slugs are kept as aliases)"`;
  return Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0));
}
