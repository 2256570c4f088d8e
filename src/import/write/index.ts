/**
 * Stores one validated article document in Postgres (the writer; src/import/store.ts is its entry).
 *
 * All of it happens in one transaction: a failure anywhere leaves nothing half-written.
 *
 * What the document owns and what it shares:
 * - The article and what exists only as this article states it (byline, mentions, quotes, events)
 *   are replaced wholesale on every write.
 * - Entities (places, organizations, people, declarations) are shared by every article that names
 *   them, so they are upserted by slug and only ever *filled in*: a stored value stays, a document
 *   adds what is missing, names and aliases accumulate (a different name becomes an alias). One
 *   article must not silently rewrite what another established, or what a merge decided.
 * - Facts about the world (affiliations, declaration relations, provisions, signatories) are
 *   upserted on their natural keys. Their provenance (`article_id` + evidence offsets) belongs to
 *   the first article that stated them; when that article is re-imported it re-asserts (or gives
 *   up) that provenance, so offsets always index into the current body.
 *
 * Entity resolution (src/import/resolve.ts) maps a document's slug to the stored entity
 * it is when the slug alone does not say: the same normalized name or alias (people,
 * organizations), gazetteer feature id or country code (places), domain (sources).
 *
 * Concurrency: writes of one URL are serialized by an advisory lock; entities are upserted with
 * INSERT ... ON CONFLICT (slug) DO UPDATE, always in the same order (places, organizations,
 * people, declarations, each by slug), so two overlapping documents queue behind each other's row
 * locks instead of creating duplicates or deadlocking. A deadlock Postgres still detects (a rare
 * interleaving with provenance release) is retried: the write is idempotent.
 */
import { createHash } from 'node:crypto';
import { type PrismaClient } from '../../generated/prisma/client.js';
import type { ArticleDocument } from '../../document/document.js';
import { canonicalJson } from '../../document/format.js';
import { Tx } from './sql.js';
import {
  clearArticle,
  recordChange,
  upsertArticle,
  upsertSource,
  writeAuthors,
  writeEvents,
  writeMentions,
  writeQuotes,
  writeTone,
  writeTopics,
} from './article.js';
import { upsertEntities } from './entities.js';
import {
  claimDeclarations,
  writeAffiliations,
  writeDeclarationRelations,
  writeProvisions,
  writeSignatories,
} from './facts.js';
export type WriteStatus = 'inserted' | 'updated' | 'unchanged';

export interface WriteResult {
  status: WriteStatus;
  articleId: number;
}


/**
 * Part of the content hash: bump it when the writer starts storing documents differently, so
 * re-importing an unchanged document rewrites it instead of reporting 'unchanged'.
 */
export const WRITER_VERSION = 2; // 2: implied mentions (src/import/implied.ts)

export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 };
export const MAX_ATTEMPTS = 3;

/** sha256 of the canonical JSON of the document (minus `$schema`, which is only an editor hint). */
export function documentHash(doc: ArticleDocument): string {
  return hashedDocument(doc).hash;
}

/**
 * The hash, and the canonical JSON text it hashes (the document without its `$schema` editor
 * hint): the parse workers send documents to the writer as that text (parse/protocol.ts).
 */
export function hashedDocument(doc: ArticleDocument): { hash: string; json: string } {
  const { $schema: _editorHint, ...content } = doc;
  const json = canonicalJson(content);
  const hash = createHash('sha256').update(`newsgraph-document/${doc.version}/writer-${WRITER_VERSION}\n`).update(json).digest('hex');
  return { hash, json };
}

/**
 * The document contradicts stored data on a unique key the document does not decide, e.g. a
 * Wikidata id that already belongs to another entity, or a (feed, externalId) another article
 * has. Nothing was written. Callers can report it as a conflict rather than an internal error.
 */
export class DocumentConflictError extends Error {
  override name = 'DocumentConflictError';
  constructor(
    /** The violated unique index, e.g. `person_wikidata_id_key`. */
    readonly constraint: string,
    options?: { cause?: unknown },
  ) {
    super(`the document conflicts with stored data: another row already has the same ${describeConstraint(constraint)}`, options);
  }
}

export const CONSTRAINTS: Record<string, string> = {
  article_feed_external_id_key: 'article feed and externalId',
  person_wikidata_id_key: 'person Wikidata id',
  organization_wikidata_id_key: 'organization Wikidata id',
  place_wikidata_id_key: 'place Wikidata id',
  declaration_wikidata_id_key: 'declaration Wikidata id',
};

export function describeConstraint(constraint: string): string {
  return CONSTRAINTS[constraint] ?? `key (${constraint})`;
}

/** Writes one document (already validated with parseArticleDocument). */
export async function writeDocument(prisma: PrismaClient, doc: ArticleDocument): Promise<WriteResult> {
  const hash = documentHash(doc);
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => writeInTransaction(tx, doc, hash), TRANSACTION_OPTIONS);
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && isRetryable(err)) continue;
      const constraint = uniqueViolation(err);
      throw constraint ? new DocumentConflictError(constraint, { cause: err }) : err;
    }
  }
}

export async function writeInTransaction(tx: Tx, doc: ArticleDocument, hash: string): Promise<WriteResult> {
  const { url } = doc.article;
  // Two writers of the same URL take turns; the second then sees the first's hash.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`newsgraph:article:${url}`}, 0))`;
  const [existing] = await tx.$queryRaw<Array<{ id: number; content_hash: string | null }>>`
    SELECT "id", "content_hash" FROM "article" WHERE "url" = ${url}`;
  if (existing && existing.content_hash === hash) return { status: 'unchanged', articleId: existing.id };

  const sourceId = await upsertSource(tx, doc.article.source);
  const ids = await upsertEntities(tx, doc);
  const articleId = await upsertArticle(tx, doc, sourceId, hash);
  if (existing) await clearArticle(tx, articleId);

  await writeTopics(tx, articleId, doc.article.topics ?? []);
  await writeTone(tx, articleId, doc.article.tone);
  await writeAuthors(tx, articleId, doc.article.authors, ids.person);
  await writeMentions(tx, articleId, doc, ids);
  await writeQuotes(tx, articleId, doc.quotes, ids);
  await writeEvents(tx, articleId, doc.events, ids);
  await claimDeclarations(tx, articleId, doc.declarations, ids.declaration);
  await writeAffiliations(tx, articleId, doc.affiliations, ids);
  await writeDeclarationRelations(tx, articleId, doc.declarationRelations, ids.declaration);
  for (const d of doc.declarations) {
    const declarationId = ids.declaration.get(d.slug)!;
    await writeProvisions(tx, articleId, declarationId, d.provisions);
    await writeSignatories(tx, articleId, declarationId, d.signatories, ids);
  }
  await recordChange(tx, articleId);
  return { status: existing ? 'updated' : 'inserted', articleId };
}


export function uniqueViolation(err: unknown): string | null {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { kind?: string; constraint?: { index?: string } } } } })?.meta
    ?.driverAdapterError?.cause;
  if (cause?.kind === 'UniqueConstraintViolation' && cause.constraint?.index) return cause.constraint.index;
  return /23505[\s\S]*unique constraint "([^"]+)"/.exec(flatten(err))?.[1] ?? null;
}

export function isRetryable(err: unknown): boolean {
  const text = flatten(err);
  if (/40P01|deadlock detected|40001|could not serialize access/i.test(text)) return true;
  const constraint = uniqueViolation(err);
  // - A place feature id another writer claimed at the same moment under another spelling: on the
  //   next attempt resolvePlaces finds that place.
  // - A Wikidata id: two writers inserting the same new entity (one slug, one Wikidata id) at the
  //   same moment. ON CONFLICT (slug) settles the slug, but the other unique index raises when
  //   both inserts passed the arbiter's check before either was in the index. On the next attempt
  //   the row is there and the slug's upsert takes it; a Wikidata id that really belongs to
  //   another entity fails every attempt and is reported as the conflict it is.
  return constraint === 'place_feature_id_key' || (constraint !== null && constraint.endsWith('_wikidata_id_key'));
}

export function flatten(err: unknown, depth = 0): string {
  if (typeof err === 'string') return err;
  if (!err || typeof err !== 'object' || depth > 5) return '';
  const e = err as { message?: string; code?: string; meta?: unknown; cause?: unknown };
  return [e.code, e.message, e.meta ? JSON.stringify(e.meta) : '', flatten(e.cause, depth + 1)].filter(Boolean).join(' ');
}
