/** The sample data set: the seed articles, loaded into a database that has no articles yet. */
import type { Db } from '../db/client.js';
import { loadSeed } from '../import/seed.js';

/** Loads the seed articles when the database holds no article; returns how many were loaded. */
export async function seedIfEmpty(db: Db): Promise<number> {
  if ((await db.article.count({ take: 1 })) > 0) return 0;
  const result = await loadSeed(db);
  return result.articles;
}
