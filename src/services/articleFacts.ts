/** What feeds say about an article as a whole: its topics (GDELT themes) and its tone. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import type { Tone } from '../import/gkg/fields.js';

export interface TopicRow {
  articleId: number;
  topic: string;
}

export type ToneRow = Tone & { articleId: number };

/** Topics of many articles, in the order the feed gave them. */
export async function topicsByArticles(db: Reader, articleIds: readonly number[]): Promise<TopicRow[]> {
  return db.$queryRaw<TopicRow[]>(Prisma.sql`
    SELECT t."article_id" AS "articleId", t."topic" FROM "article_topic" t
    WHERE t."article_id" = ANY(${[...articleIds]}::int[]) ORDER BY t."article_id", t."position", t."topic"`);
}

export async function tonesByArticles(db: Reader, articleIds: readonly number[]): Promise<ToneRow[]> {
  return db.$queryRaw<ToneRow[]>(Prisma.sql`
    SELECT t."article_id" AS "articleId", t."tone", t."positive", t."negative", t."polarity",
      t."activity_density" AS "activityDensity", t."self_group_density" AS "selfGroupDensity", t."word_count" AS "wordCount"
    FROM "article_tone" t WHERE t."article_id" = ANY(${[...articleIds]}::int[])`);
}
