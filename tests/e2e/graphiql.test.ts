/**
 * The GraphQL IDE in a real browser: /graphiql is the local GraphiQL and runs a query with no
 * request beyond this server; /graphql falls back to it by itself when Apollo's CDN is unreachable.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, expectClean, screenshots, seriousViolations, watchedPage } from '../helpers/browser.js';
import { seededSite } from '../helpers/site.js';

describe.skipIf(!chromiumAvailable)('GraphiQL in Chromium', () => {
  const site = seededSite();

  it('runs a query at /graphiql and shows the result, with no network beyond localhost', async () => {
    const watched = await watchedPage(site.browser, site.origin);
    const { page } = watched;
    const query = '{ declarations(first: 1, filter: { title: "shusha" }) { nodes { title signatories { role person { name } } } } }';
    await page.goto(`${site.origin}/graphiql?query=${encodeURIComponent(query)}`);
    // Monaco fills the editor after the page loads; run only once the query is in it.
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 15_000 }).toContain('declarations');
    const answered = page.waitForResponse((r) => r.url() === `${site.origin}/graphql` && r.request().method() === 'POST' && r.request().postData()?.includes('shusha') === true);
    await page.locator('.graphiql-execute-button').click();
    const body = await (await answered).text();
    expect(body).toContain('Ilham Aliyev');
    // The result pane shows it (Monaco renders the visible lines only; the first ones are).
    await expect.poll(() => page.locator('.result-window').innerText(), { timeout: 15_000 }).toContain('"declarations"');
    await expect.poll(() => page.getByLabel('API key').count()).toBe(1);
    await screenshots(page, 'graphiql');
    expect(watched.requests.some((u) => u === `${site.origin}/graphql`)).toBe(true);
    expectClean(watched);
    await page.close();
  });

  it('sends a browser at /graphql on to the local GraphiQL when Apollo Sandbox cannot load', async () => {
    const watched = await watchedPage(site.browser, site.origin);
    const { page } = watched;
    // No internet, as in CI and for an offline user: the CDN is unreachable.
    await page.route('https://embeddable-sandbox.cdn.apollographql.com/**', (route) => route.abort('internetdisconnected'));
    await page.goto(`${site.origin}/graphql`);
    await page.waitForURL(`${site.origin}/graphiql?from=sandbox`, { timeout: 10_000 });
    await expect.poll(() => page.getByText('Apollo Sandbox could not be loaded').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByRole('link', { name: 'Try Apollo Sandbox' }).getAttribute('href')).toBe('/graphql');
    await screenshots(page, 'graphql-fallback');
    // The blocked CDN script is the one expected failure.
    const unexpected = watched.problems.filter((p) => !/embeddable-sandbox\.cdn\.apollographql\.com|ERR_INTERNET_DISCONNECTED/.test(p));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
    await page.close();
  });

  it('has no serious or critical axe-core violations in the page around GraphiQL', async () => {
    const watched = await watchedPage(site.browser, site.origin);
    await watched.page.goto(`${site.origin}/graphiql`);
    await watched.page.locator('.graphiql-execute-button').waitFor();
    expect(await seriousViolations(watched.page, { include: ['.ng-bar'] })).toEqual([]);
    await watched.page.close();
  });
});
