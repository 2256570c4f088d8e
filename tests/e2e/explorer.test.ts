/**
 * The explorer in a real browser, on the seed: the journeys, each checked for console
 * errors, failed requests and axe-core violations, with screenshots of every page at both widths.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, chromiumAvailable, expectClean, screenshots, seriousViolations, watchedPage, type Watched } from '../helpers/browser.js';
import { seededSite } from '../helpers/site.js';

describe.skipIf(!chromiumAvailable)('explorer journeys in Chromium', () => {
  const site = seededSite();

  /** Screenshots and an accessibility check of the page as it stands. */
  async function visit(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await screenshots(page, name);
    expect(await seriousViolations(page)).toEqual([]);
  }

  async function journey(run: (w: Watched) => Promise<void>): Promise<void> {
    const watched = await watchedPage(site.browser, site.origin);
    try {
      await run(watched).catch(async (err: unknown) => {
        await watched.page.screenshot({ path: `${SCREENSHOTS}/failure-${Date.now()}.png` }).catch(() => {});
        throw new Error(`${String(err)}\n${watched.problems.join('\n')}`);
      });
      expectClean(watched);
    } finally {
      await watched.page.close();
    }
  }

  it('search "Shusha" → the declaration → its signatories with their roles', () =>
    journey(async ({ page }) => {
      await page.goto(`${site.origin}/`);
      await page.getByRole('heading', { name: 'Latest articles' }).waitFor();
      await visit(page, 'home');
      await page.getByLabel('Search the graph').fill('Shusha');
      await page.getByLabel('Search the graph').press('Enter');
      await page.waitForURL(/\/search\?q=Shusha/);
      const result = page.getByRole('link', { name: 'Shusha Declaration on Allied Relations' });
      await result.waitFor();
      // A long quote's title is cut at a word, not mid-word.
      const quote = page.getByRole('link', { name: 'Cahit Bagci: “The Shusha Declaration is a step towards the future of relations between…”' });
      expect(await quote.count()).toBe(1);
      await visit(page, 'search-shusha');
      await result.click();
      await page.waitForURL(/\/declarations\/shusha-declaration/);
      const signatories = page.locator('.signatories');
      await signatories.waitFor();
      await expect.poll(() => signatories.innerText()).toMatch(/Ilham Aliyev · President/);
      await expect.poll(() => signatories.innerText()).toMatch(/Recep Tayyip Erdo[gğ]an · President/);
      await visit(page, 'declaration-shusha');
    }), 90_000);

  it('a signatory → his quote with his role that day → the article, with that quote highlighted', () =>
    journey(async ({ page }) => {
      await page.goto(`${site.origin}/declarations/shusha-declaration`);
      await page.locator('.signatories').getByRole('link', { name: 'Ilham Aliyev' }).click();
      await page.waitForURL(/\/people\/ilham-aliyev/);
      const quote = page.locator('.quotes li').first();
      await quote.waitFor();
      await expect.poll(() => quote.innerText()).toMatch(/as President/);
      await visit(page, 'person-ilham-aliyev');
      const quoteText = (await quote.locator('blockquote').innerText()).replace(/^“|”$/g, '');
      await quote.getByRole('link').last().click();
      await page.waitForURL(/\/articles\//);
      const highlighted = page.locator('.text .in-quote');
      await highlighted.first().waitFor();
      expect((await highlighted.allInnerTexts()).join('')).toContain(quoteText.slice(0, 40));
      await visit(page, 'article');
    }), 90_000);

  it('the article → "Zakir Hasanov" highlighted → his page shows Defence Minister and the meeting with Muhsin Dere', () =>
    journey(async ({ page }) => {
      await page.goto(`${site.origin}/`);
      await page.locator('.articles a').first().click();
      const hasanov = page.locator('.text a.kind-person', { hasText: 'Zakir Hasanov' }).first();
      await hasanov.waitFor();
      expect(await hasanov.getAttribute('title')).toContain('Person: Zakir Hasanov');
      // The facts panel lists him once, with a way to each of his five mentions in the text.
      const fact = page.locator('.facts li', { hasText: 'Person: Zakir Hasanov' });
      expect(await fact.count()).toBe(1);
      expect(await fact.getByRole('button', { name: /^show mention \d of 5 in text$/ }).count()).toBe(5);
      await hasanov.click();
      await page.waitForURL(/\/people\/zakir-hasanov/);
      await page.getByRole('heading', { name: 'Roles over time' }).waitFor();
      await expect.poll(() => page.locator('main').innerText()).toContain('Defence Minister');
      const meeting = page.locator('li', { has: page.locator('.kind', { hasText: 'meeting' }) }).filter({ hasText: 'Muhsin Dere' });
      expect(await meeting.count()).toBeGreaterThan(0);
      await page.locator('.network-canvas canvas').first().waitFor();
      await visit(page, 'person-zakir-hasanov');
      await page.getByRole('button', { name: 'Show the query' }).click();
      const link = await page.getByRole('link', { name: 'Open in GraphiQL' }).getAttribute('href');
      expect(link).toMatch(/^\/graphiql\?query=query\+Person/);
      await page.goto(`${site.origin}/places/shusha`);
      await page.getByRole('heading', { name: 'Shusha', level: 1 }).waitFor();
      await visit(page, 'place-shusha');
      await page.goto(`${site.origin}/organizations/azerbaijani-defence-ministry`);
      await page.getByRole('heading', { name: 'Members' }).waitFor();
      await visit(page, 'organization-defence-ministry');
    }), 90_000);

  it('shows a coded GraphQL error with its message rather than a blank page', () =>
    journey(async (w) => {
      await w.page.goto(`${site.origin}/search?q=${'x'.repeat(300)}`);
      const alert = w.page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(/BAD_USER_INPUT/);
      // The server's 200/400 answer carrying the error is the point of this page, not a failure.
      w.problems.splice(0, w.problems.length, ...w.problems.filter((p) => !/HTTP 400|status of 400/.test(p)));
    }), 90_000);
});
