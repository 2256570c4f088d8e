/** Publishers. */
import { Prisma } from '../db/client.js';
import type { Reader } from '../db/reader.js';
import { pageRequest, toConnection, type Connection, type ConnectionArgs } from '../lib/connection.js';
import { select } from './sql/columns.js';
import type { PageQuery , PlannedChildren } from './sql/keyset.js';
import { fetchCount, fetchPage } from './sql/pages.js';
import { nameSort } from './sql/sorts.js';
import type { SourceRow } from './types.js';

export async function sourcesPage(db: Reader, args: ConnectionArgs, children?: PlannedChildren): Promise<Connection<SourceRow>> {
  const sort = nameSort('source', Prisma.raw('s."name"'), 's');
  const req = pageRequest(args, sort.key);
  const q: PageQuery = { select: select.source('s'), from: Prisma.sql`"source" s`, where: [], sort, children };
  return toConnection(await fetchPage<SourceRow>(db, q, req), req, sort.key, () => fetchCount(db, q));
}
