// Browser tests over the bundled sample corpus (data/sample): searching as you type,
// "Did you mean", the document view, the facet filter box, error states, phone width.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { apiGet, apiSearch, buildIndex, launchBrowser, openPage, pageTotal, removeTempDirs,
  REPO_ROOT, requirePrerequisites, screenshotPath, settled, startServer } from './lib/harness.mjs';

describe('the page over the sample corpus', () => {
  let server;
  let browser;
  let chromium;

  before(async () => {
    chromium = await requirePrerequisites();
    server = await startServer(buildIndex('sample', [path.join(REPO_ROOT, 'data/sample')]));
    browser = await launchBrowser(chromium);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    removeTempDirs();
  });

  const open = (urlPath) => openPage(browser.context, server.url + urlPath);

  test('typing a query searches and shows the count and time the API reports', async () => {
    const page = await open('/');
    await page.locator('#search-input').pressSequentially('talks', { delay: 30 });
    await page.waitForURL((url) => url.searchParams.get('q') === 'talks');
    await settled(page);
    // Typed without a final space, the last word is still being typed: the page asks as the API is asked here.
    const api = await apiSearch(server.url, { q: 'talks', size: 10, typing: true });
    assert.ok(api.total > 0, 'the sample corpus has articles about talks');
    assert.equal(await pageTotal(page), api.total);
    // The live status announces the count; the time stands beside it, outside the live region.
    assert.doesNotMatch(await page.locator('#status').textContent(), /ms/);
    assert.match(await page.locator('#status-time').textContent(), /ms$/);
    const ids = await page.$$eval('.result__link', (links) => links.map((a) => a.dataset.id));
    assert.deepEqual(ids, api.results.map((r) => r.id));
    // Highlights come through as <mark>, and nothing else from the API's HTML.
    assert.ok(await page.locator('.result__snippet mark').count() > 0);
    assert.equal(await page.locator('.results :is(script, img, iframe)').count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('Enter searches at once and a misspelt query offers "Did you mean" as a link', async () => {
    const page = await open('/');
    await page.locator('#search-input').fill('talkz');
    await page.locator('#search-input').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'talkz');
    await settled(page);
    const api = await apiSearch(server.url, { q: 'talkz' });
    assert.ok(api.suggestion, 'the API suggests a spelling');
    const link = page.locator('a.suggestion');
    assert.equal(await link.textContent(), api.suggestion);
    assert.equal(await page.locator('.state--empty').count(), api.total === 0 ? 1 : 0);
    await link.click();
    await page.waitForURL((url) => url.searchParams.get('q') === api.suggestion);
    await settled(page);
    assert.equal(await pageTotal(page), (await apiSearch(server.url, { q: api.suggestion })).total);
    assert.equal(await page.locator('#search-input').inputValue(), api.suggestion);
    await page.close();
  });

  test("a query read as plain words shows the server's warning", async () => {
    const q = 'talks AND (';
    const page = await open(`/?q=${encodeURIComponent(q)}`);
    const api = await apiSearch(server.url, { q });
    assert.ok(api.warning, 'the API warns about the query');
    assert.equal(await page.locator('.notice__item--warning').textContent(), api.warning);
    assert.equal(await pageTotal(page), api.total);
    assert.equal(await page.locator('#search-input').inputValue(), q);
    await page.close();
  });

  test('a document opens with its quotes marked and attributed, and Escape goes back', async () => {
    const page = await open('/?q=talks');
    const api = await apiSearch(server.url, { q: 'talks' });
    const docs = await Promise.all(api.results.map((r) => apiGet(server.url, `/api/doc/${encodeURIComponent(r.id)}`)));
    const index = docs.findIndex((d) => d.body.attributions.length > 0);
    assert.ok(index >= 0, 'some sample article has attributed quotes');
    const doc = docs[index].body;

    await page.locator('.result__link').nth(index).click();
    await page.waitForURL((url) => url.pathname === `/doc/${encodeURIComponent(doc.id)}`);
    await page.locator('#doc-title').waitFor();
    assert.equal((await page.locator('#doc-title').textContent()).replace(/\s+/g, ' ').includes(doc.title.slice(0, 20)), true);
    // Every attribution is marked once (a mark split across paragraphs keeps one id).
    const marks = await page.$$eval('mark.quote[id]', (els) => els.map((m) => ({ title: m.title, text: m.textContent })));
    assert.equal(marks.length, doc.attributions.length);
    doc.attributions.forEach((a, i) => {
      assert.ok(marks[i].title.startsWith(a.speaker), `quote ${i + 1} is attributed to ${a.speaker}`);
      assert.ok(marks[i].text.replace(/^Quote by [^:]+: /, '').replace(/\s+/g, ' ').startsWith(a.text.slice(0, 15).replace(/\s+/g, ' ')),
        `quote ${i + 1} marks its text`);
    });
    const speakers = await page.$$eval('.doc__facet:first-child dd .badge', (els) => els.map((b) => b.textContent));
    assert.deepEqual(speakers, doc.speakers);
    assert.equal(await page.locator('.quote-list__item').count(), doc.attributions.length);
    assert.equal(await page.locator('.results').isVisible(), false);

    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('q') === 'talks');
    assert.equal(await page.locator('#document').isVisible(), false);
    assert.equal(await page.locator('.result__link').count(), api.results.length);
    await page.close();
  });

  test('a /doc/ link loads the document directly, and an unknown id says so', async () => {
    const api = await apiSearch(server.url, { q: '' });
    const id = api.results[0].id;
    const page = await open(`/doc/${encodeURIComponent(id)}`);
    await page.locator('#doc-title').waitFor();
    const doc = (await apiGet(server.url, `/api/doc/${encodeURIComponent(id)}`)).body;
    assert.ok((await page.locator('#doc-title').textContent()).startsWith(doc.title.slice(0, 10)));
    await page.goto(`${server.url}/doc/no-such-article`);
    await page.locator('#document [role="alert"]').waitFor();
    const missing = await apiGet(server.url, '/api/doc/no-such-article');
    assert.equal(missing.status, 404);
    assert.match(await page.locator('#document [role="alert"]').textContent(), new RegExp(missing.body.error.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await page.close();
  });

  test('the speaker filter box finds values through /api/facets', async () => {
    const page = await open('/');
    const answer = await apiGet(server.url, '/api/facets/speaker?prefix=zel');
    await page.locator('#facet-speaker-filter').fill('zel');
    await page.waitForFunction(() => [...document.querySelectorAll('#facet-speaker .facet__value input')]
      .every((el) => /zel/i.test(el.dataset.value)));
    const shown = await page.$$eval('#facet-speaker .facet__value input', (els) => els.map((el) => el.dataset.value));
    if (answer.status === 404) {
      // A server without the endpoint: the box filters the values already loaded.
      assert.match(answer.body.error.message, /no such endpoint/);
      const all = (await apiSearch(server.url, { q: '' })).facets.speaker.map((v) => v.value).filter((v) => /(^|\s)zel/i.test(v));
      assert.deepEqual(shown, all);
    } else {
      assert.equal(answer.status, 200);
      assert.deepEqual(shown, answer.body.values.map((v) => v.value));
    }
    assert.ok(shown.length > 0);
    await page.locator('#facet-speaker input[type="checkbox"]').first().check();
    await page.waitForURL((url) => url.searchParams.getAll('speaker').includes(shown[0]));
    await page.close();
  });

  test('a slow older answer never replaces the newer one', async () => {
    const page = await open('/');
    // Hold back the answer for "peace" until the answer for "talks" is on screen.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route((url) => url.pathname === '/api/search' && url.searchParams.get('q') === 'peace', async (route) => {
      await held;
      await route.continue().catch(() => {});  // the page may have aborted it meanwhile
    });
    const input = page.locator('#search-input');
    await input.fill('peace');
    await input.press('Enter');
    await input.fill('talks');
    await input.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'talks');
    await page.waitForFunction(() => document.querySelector('.status__query')?.textContent === 'talks');
    release();
    await page.waitForTimeout(300);  // give a late answer the chance to (wrongly) land
    assert.equal(await page.locator('.status__query').textContent(), 'talks');
    assert.equal(await pageTotal(page), (await apiSearch(server.url, { q: 'talks' })).total);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.close();
  });

  test('a request the server refuses shows its message as guidance under the search box', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/?q=talks&page=100000`);
    await page.locator('#search-guidance:not([hidden])').waitFor();
    const api = await apiGet(server.url, '/api/search?q=talks&page=100000&size=10&facet_size=10');
    assert.equal(api.status, 400);
    assert.equal(await page.locator('#search-guidance').textContent(), api.body.error.message);
    assert.equal(await page.locator('.state--error').count(), 0, 'no failure box');
    assert.equal(await page.locator('button', { hasText: 'Try again' }).count(), 0);
    await page.close();
  });

  test('at phone width the filters fold behind a toggle', async () => {
    const phone = await launchBrowser(chromium, { viewport: { width: 390, height: 844 } });
    try {
      const page = await phone.context.newPage();
      await page.goto(`${server.url}/?q=talks`);
      await settled(page);
      assert.equal(await page.locator('#filters').isVisible(), false);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= 390, `no sideways scrolling (page is ${scrollWidth}px wide)`);
      await page.screenshot({ path: screenshotPath('main-view-phone.png'), fullPage: false });
      await page.locator('#filters-toggle').click();
      assert.equal(await page.locator('#filters-toggle').getAttribute('aria-expanded'), 'true');
      assert.equal(await page.locator('#facet-speaker').isVisible(), true);
      await page.screenshot({ path: screenshotPath('filters-phone.png'), fullPage: false });
    } finally {
      await phone.close();
    }
  });
});
