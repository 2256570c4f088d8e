/** Quotes as articles report them. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { select } from './sql/columns.js';
import type { QuoteRow } from './types.js';

/** Quotes of many articles, in reading order. */
export async function quotesByArticles(db: Reader, articleIds: readonly number[]): Promise<QuoteRow[]> {
  return db.$queryRaw<QuoteRow[]>(Prisma.sql`
    SELECT ${select.quote('q')} FROM "quote" q
    WHERE q."article_id" = ANY(${[...articleIds]}::int[])
    ORDER BY q."article_id", q."evidence_start" NULLS LAST, q."id"`);
}
