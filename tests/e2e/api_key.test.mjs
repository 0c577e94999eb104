// A server started with --keys (issue 27): the page loads without a key, asks for one once on
// the first 401 however many requests got it, keeps it in sessionStorage and sends it only as
// an Authorization header, never in a URL; a key the server refuses is dropped and asked again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, SERVE_BIN, buildIndex, launchBrowser, pageTotal, removeTempDirs, requirePrerequisites, settled,
  startServer, tempDir } from './lib/harness.mjs';

const KEY = 'e2e-browser-key-0123456789+/abc==';

describe('a server that needs an API key', () => {
  let server;
  let browser;

  before(async () => {
    const chromium = await requirePrerequisites();
    const db = buildIndex('api-key', [path.join(REPO_ROOT, 'data/sample')]);
    const hashed = spawnSync(SERVE_BIN, ['--hash-key', '--key-scopes', 'search'], { input: `${KEY}\n`, encoding: 'utf8' });
    assert.equal(hashed.status, 0, hashed.stderr);
    const keys = path.join(tempDir('keys'), 'keys');
    fs.writeFileSync(keys, hashed.stdout);
    server = await startServer(db, ['--keys', keys]);
    browser = await launchBrowser(chromium);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    removeTempDirs();
  });

  // A page that counts the key dialogs it opens and records every request it makes.
  async function open(target) {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      window.keyDialogs = 0;
      const showModal = HTMLDialogElement.prototype.showModal;
      HTMLDialogElement.prototype.showModal = function counted() { window.keyDialogs += 1; return showModal.call(this); };
    });
    const requests = [];
    page.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers().authorization }));
    await page.goto(`${server.url}${target}`);
    return { page, requests };
  }

  const apiTotal = async (q) => {
    const response = await fetch(`${server.url}/api/search?q=${q}`, { headers: { Authorization: `Bearer ${KEY}` } });
    assert.equal(response.status, 200);
    return (await response.json()).total;
  };

  test('the page asks once, then searches with the key in a header and never in a URL', async () => {
    assert.equal((await fetch(`${server.url}/api/search?q=talks`)).status, 401);
    const { page, requests } = await open('/?q=talks');
    await page.locator('#api-key-input').waitFor();
    assert.equal(await page.locator('#api-key-input').getAttribute('type'), 'password');
    await page.locator('#api-key-input').fill(KEY);
    await page.locator('#api-key-input').press('Enter');
    await settled(page);
    assert.equal(await pageTotal(page), await apiTotal('talks'));
    assert.equal(await page.evaluate(() => window.keyDialogs), 1, 'one question for all the requests that got 401');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('dateline.apiKey')), KEY);

    // A new search in the same tab sends the kept key at once.
    const before = requests.length;
    await page.locator('#search-input').fill('ceasefire');
    await page.locator('#search-input').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'ceasefire');
    await settled(page);
    assert.equal(await pageTotal(page), await apiTotal('ceasefire'));
    const searches = requests.slice(before).filter((r) => new URL(r.url).pathname === '/api/search');
    assert.ok(searches.length > 0);
    for (const r of searches) assert.equal(r.authorization, `Bearer ${KEY}`);

    assert.equal(await page.evaluate(() => window.keyDialogs), 1);
    for (const r of requests) assert.ok(!decodeURIComponent(r.url).includes(KEY), `no key in ${r.url}`);
    assert.ok(!decodeURIComponent(page.url()).includes(KEY));
    await page.close();
  });

  test('a refused key is dropped, the search says why, and the next search asks again', async () => {
    const { page } = await open('/?q=talks');
    await page.locator('#api-key-input').fill('not-the-key-0123456789');
    await page.locator('#api-key-input').press('Enter');
    await page.locator('.results').getByText('the API key is not valid').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('dateline.apiKey')), null);

    await page.locator('#search-input').fill('ceasefire');
    await page.locator('#search-input').press('Enter');
    await page.locator('#api-key-input').fill(KEY);
    await page.locator('#api-key-input').press('Enter');
    await settled(page);
    assert.equal(await pageTotal(page), await apiTotal('ceasefire'));
    await page.close();
  });

  test('cancelling the question leaves the page usable and reports the 401', async () => {
    const { page } = await open('/?q=talks');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.results').getByText('this server needs an API key').waitFor();
    assert.equal(await page.locator('dialog.api-key').count(), 0);
    await page.close();
  });
});
