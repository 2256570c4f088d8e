/**
 * Once per `npm test`: find the database (DATABASE_URL, or a throw-away embedded Postgres), migrate
 * it, and hand its URL to the test files.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { freePort } from './ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

let embedded: EmbeddedDatabase | undefined;

export async function setup(project: TestProject): Promise<void> {
  const config = loadConfig();
  let url = config.databaseUrl;
  if (!url) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-test-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true, database: 'newsgraph_test' });
    url = embedded.url;
  }
  await migrate(url);
  project.provide('databaseUrl', url);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
