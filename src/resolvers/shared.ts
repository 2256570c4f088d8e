/** Small pieces several type resolvers share. */
import type { Context } from '../context.js';
import { formatPartialDate } from '../lib/partialDate.js';

export type DatePrecision = 'DAY' | 'MONTH' | 'YEAR';

/** A stored (date, precision) pair as a PartialDate string, or null when unknown. */
export function partialDate(date: Date | null, precision: string | null): string | null {
  return date ? formatPartialDate(date, (precision ?? 'DAY') as DatePrecision) : null;
}

export interface EvidenceSource {
  articleId: number | null;
  evidenceStart: number | null;
  evidenceEnd: number | null;
}

/** The Evidence object for a fact: resolved lazily against its article's body. */
export function evidence(src: EvidenceSource, articleId = src.articleId) {
  if (articleId == null || src.evidenceStart == null || src.evidenceEnd == null) return null;
  return { articleId, start: src.evidenceStart, end: src.evidenceEnd };
}

export type EvidenceParent = { articleId: number; start: number; end: number };

/**
 * A row a non-null field points at by foreign key. Its absence is a broken invariant (a bug or a
 * row deleted mid-request), never a client's fault, so it fails loudly instead of returning null.
 */
export function present<T>(row: T | null | undefined, what: string): T {
  if (row == null) throw new Error(`${what} vanished`);
  return row;
}

/** The GraphQL type a row was tagged with (`key`), if it is one of `names`; for __resolveType. */
export function taggedType<T extends string>(obj: unknown, key: PropertyKey, names: readonly T[]): T | null {
  if (typeof obj !== 'object' || obj === null) return null;
  const tag = (obj as Record<PropertyKey, unknown>)[key];
  return names.find((n) => n === tag) ?? null;
}

export async function articleOrThrow(ctx: Context, id: number) {
  const article = await ctx.loaders.article.load(id);
  if (!article) throw new Error(`article ${id} vanished`);
  return article;
}
