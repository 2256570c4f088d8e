/** What every resolver gets: the database, this request's loaders, and the request id. */
import { randomUUID } from 'node:crypto';
import type { Db } from './db/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import { ANONYMOUS, type Viewer } from './services/auth.js';

export interface Context {
  db: Db;
  loaders: Loaders;
  requestId: string;
  viewer: Viewer;
}

export function createContext(db: Db, requestId: string = randomUUID(), viewer: Viewer = ANONYMOUS): Context {
  return { db, loaders: createLoaders(db), requestId, viewer };
}
