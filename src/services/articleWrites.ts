/** Article writes that aren't imports: deletion. */
import type { Db } from '../db/client.js';

/**
 * Deletes an article. Its mentions, quotes, events and byline go with it (they exist only as the
 * article states them); facts about the world it stated (roles, declarations) stay, without it
 * as their provenance.
 */
export async function deleteArticle(db: Db, id: number): Promise<boolean> {
  const { count } = await db.article.deleteMany({ where: { id } });
  return count > 0;
}
