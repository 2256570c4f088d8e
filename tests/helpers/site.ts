/**
 * The site a browser test visits: the real server on port 0 over the test database with the seed,
 * the web build, and a fresh Chromium; started before the file's tests and stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { loadSeed } from '../../src/import/seed.js';
import { createServer, type NewsgraphServer } from '../../src/server.js';
import { ensureWebBuild, launch, type Browser } from './browser.js';
import { getTestPrisma, getTestReader, resetDatabase } from './db.js';
import { silentLogger } from './server.js';

export interface Site {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly browser: Browser;
}

/** Registers the hooks; read `origin` and `browser` inside tests. */
export function seededSite(): Site {
  let server: NewsgraphServer | undefined;
  let origin: string | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureWebBuild();
    await resetDatabase();
    await loadSeed(getTestPrisma());
    server = createServer({ db: getTestPrisma(), reader: getTestReader(), logger: silentLogger });
    origin = new URL(await server.listen(0, '127.0.0.1')).origin;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the site is read before its beforeAll ran');
    return value;
  };
  return {
    get origin() {
      return started(origin);
    },
    get browser() {
      return started(browser);
    },
  };
}
