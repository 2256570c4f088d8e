/**
 * Real Chromium for the end-to-end tests, driven by playwright-core: Debian's `chromium` package
 * at /usr/bin/chromium (TEST_CHROMIUM overrides). Without it the browser tests are skipped with a
 * note, so `npm test` passes on a bare machine; under CI (CI=true) a missing Chromium fails the run.
 *
 * Each page a test opens is watched: console errors, page errors, failed requests, HTTP errors and
 * requests that leave localhost are collected, and `expectClean` fails the test on any of them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.TEST_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable) {
  if (process.env.CI) throw new Error(`Chromium is not installed at ${CHROMIUM}; CI runs the browser tests (apt-get install -y chromium)`);
  console.warn(`Chromium is not installed at ${CHROMIUM}: the browser tests are skipped (apt-get install -y chromium; CI runs them)`);
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Screenshots of every page a journey visits, at both widths (git-ignored). */
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');
export const DESKTOP = { width: 1400, height: 900 };
export const MOBILE = { width: 375, height: 812 };

/** Builds web/dist when there is none, as `npm start` would. */
export function ensureWebBuild(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs'), '--if-missing'], { stdio: 'inherit', cwd: ROOT });
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium with its own throw-away profile. */
export async function launch(): Promise<Browser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'newsgraph-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: DESKTOP,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface Watched {
  page: Page;
  /** Everything that went wrong so far, one line each. */
  problems: string[];
  /** Every URL requested. */
  requests: string[];
}

/** A new page whose console errors, failed requests and non-local requests are recorded. */
export async function watchedPage(browser: Browser, origin: string): Promise<Watched> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!url.startsWith(origin) && !/^(data|blob):/.test(url)) problems.push(`request beyond localhost: ${url}`);
  });
  return { page, problems, requests };
}

/** Fails the test when anything went wrong on the page. */
export function expectClean(watched: Watched): void {
  expect(watched.problems, watched.problems.join('\n')).toEqual([]);
}

/** Saves the page at desktop and mobile widths as <name>-desktop.png and <name>-mobile.png. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const files: string[] = [];
  for (const [label, size] of [['desktop', DESKTOP], ['mobile', MOBILE]] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150); // layout settles (charts and graphs resize to their box)
    const file = path.join(SCREENSHOTS, `${name}-${label}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize(DESKTOP);
  return files;
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's violations of serious or critical impact on the page as it is now. */
export async function seriousViolations(page: Page, context?: { include: string[] }): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (ctx) => {
    // Runs in the page, where axe-core was just injected as a global.
    const axe = (globalThis as unknown as { axe: { run(context?: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await (ctx ? axe.run({ include: ctx.include.map((s) => [s]) }) : axe.run())).violations;
  }, context);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}
