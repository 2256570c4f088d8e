/** What every resolver gets: the database, this request's loaders, and the request id. */
import { randomUUID } from 'node:crypto';
import type { Db } from './db/client.js';
import type { Reader } from './db/reader.js';
import type { RoutedReader } from './db/replicas.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import { Planner } from './plan/index.js';
import { ANONYMOUS, type Viewer } from './services/auth.js';

export interface Context {
  /** Prisma, for writes and transactions. */
  db: Db;
  /** The read path (plain pg); what loaders and list queries use. */
  reader: Reader;
  /** When reads are spread over replicas: this request's routing, which mutations pin to the primary. */
  reads?: Pick<RoutedReader, 'usePrimary' | 'wrote'>;
  loaders: Loaders;
  /** Reads root fields with the relations selected below them in one statement (src/plan). */
  planner: Planner;
  requestId: string;
  viewer: Viewer;
}

export function createContext(
  db: Db,
  requestId: string = randomUUID(),
  viewer: Viewer = ANONYMOUS,
  reader: Reader | RoutedReader = db,
): Context {
  const reads = 'usePrimary' in reader ? reader : undefined;
  return { db, reader, reads, loaders: createLoaders(reader), planner: new Planner(reader), requestId, viewer };
}
