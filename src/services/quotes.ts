/** Quotes as articles report them. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { related, select } from './sql/columns.js';
import type { PersonRow, QuoteRow } from './types.js';

/** Quotes of many articles, in reading order. */
export type QuoteWithSpeaker = QuoteRow & { speaker: PersonRow | null };

export async function quotesByArticles(db: Reader, articleIds: readonly number[]): Promise<QuoteWithSpeaker[]> {
  return db.$queryRaw<QuoteWithSpeaker[]>(Prisma.sql`
    SELECT ${select.quote('q')}, ${related.person('p')} AS "speaker"
    FROM "quote" q LEFT JOIN "person" p ON p."id" = q."speaker_id"
    WHERE q."article_id" = ANY(${[...articleIds]}::int[])
    ORDER BY q."article_id", q."evidence_start" NULLS LAST, q."id"`);
}
