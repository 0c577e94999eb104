// Story clusters on the page (issue 24): a story's copies collapse under one result that says
// "+N copies" and lists them when opened; "Count stories" switches the total and the facets
// to stories, as the API counts them; the document view lists the story's other copies with
// their dates and sources.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { apiFacet, apiSearch, buildIndex, launchBrowser, pageFacet, pageTotal, removeTempDirs, requirePrerequisites,
  settled, startServer, tempDir } from './lib/harness.mjs';

const STORY = 'The Bundesbank left credit policies unchanged after the regular meeting of its council, a spokesman ' +
  'said in answer to enquiries. The discount rate remains at three pct and the Lombard rate at five pct. Dealers ' +
  'had expected no change, citing the stability of the mark against the dollar in recent weeks.';
const CORPUS = [
  { id: 'bb-first', title: 'Bundesbank leaves credit policies unchanged', body: STORY, date: '2024-03-04',
    source: 'Reuters', countries: ['DE'] },
  { id: 'bb-update', title: 'UPDATE 1-Bundesbank keeps rates', body: `FRANKFURT, March 4 - ${STORY}`, date: '2024-03-04',
    source: 'Metro Daily', countries: ['DE'] },
  { id: 'bb-corrected', title: 'Bundesbank leaves policies unchanged', body: `${STORY}\n\n(Corrects rate in paragraph two)`,
    date: '2024-03-05', source: 'Evening Ledger', countries: ['DE', 'FR'] },
  { id: 'oil-1', title: 'Oil prices rise on the spot market', date: '2024-03-04', source: 'Reuters', countries: ['NO'],
    body: 'Oil prices rose on the spot market as traders reacted to reports that producers were keeping to their quotas. ' +
      'The council of the exchange said dealers expected more.' },
  { id: 'oil-2', title: 'Brent crude steady in thin trade', date: '2024-03-04', source: 'Reuters', countries: ['NO'],
    body: 'North Sea Brent for May loading traded at eighteen dlrs a barrel in thin trade, dealers said, with the ' +
      'council meeting of the producers still ahead.' },
];

describe('story copies on the page', () => {
  let server;
  let browser;

  before(async () => {
    const chromium = await requirePrerequisites();
    const dir = tempDir('stories');
    const corpus = path.join(dir, 'stories.jsonl');
    fs.writeFileSync(corpus, CORPUS.map((d) => JSON.stringify(d)).join('\n') + '\n');
    server = await startServer(buildIndex('stories', [corpus]));
    browser = await launchBrowser(chromium);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    removeTempDirs();
  });

  test('a story shows once, by its head, with "+2 copies" that lists the copies when opened', async () => {
    const api = await apiSearch(server.url, { q: 'council' });
    assert.equal(api.total, 5);
    assert.equal(api.stories, 3);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/?q=council`);
    await settled(page);
    const links = await page.$$eval('.result__link', (as) => as.map((a) => a.dataset.id));
    assert.equal(links.length, 3);
    assert.ok(links.includes('bb-first'), `the head stands for its story: ${links}`);
    assert.ok(!links.includes('bb-update') && !links.includes('bb-corrected'));
    const toggle = page.locator('.copies__toggle');
    assert.equal(await toggle.count(), 1);
    assert.equal(await toggle.textContent(), '+2 copies');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    await page.waitForSelector('.copies__item');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await page.$$eval('.copies__link', (as) => as.map((a) => a.dataset.id)), ['bb-update', 'bb-corrected']);
    await toggle.click();
    assert.equal(await page.locator('.copies').isHidden(), true);
    await page.close();
  });

  test('"Count stories" counts the total and the facets by story, as the API does', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/?q=council`);
    await settled(page);
    assert.equal(await pageTotal(page), 5);
    assert.equal((await pageFacet(page, 'country')).DE, 3);
    await page.click('.count-switch');
    await page.waitForFunction(() => /count=stories/.test(window.location.search));
    await settled(page);
    const api = await apiSearch(server.url, { q: 'council', count: 'stories' });
    assert.equal(api.total, 3);
    assert.equal(await pageTotal(page), 3);
    assert.equal(await page.getAttribute('.count-switch', 'aria-pressed'), 'true');
    assert.deepEqual(await pageFacet(page, 'country'), apiFacet(api, 'country'));
    assert.equal((await pageFacet(page, 'country')).DE, 1);
    await page.close();
  });

  test('the document view lists the story\'s other copies with their dates and sources', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/doc/bb-update`);
    await page.waitForSelector('.doc__copies');
    const items = await page.$$eval('.doc__copy', (lis) => lis.map((li) => li.textContent));
    assert.equal(items.length, 2);
    assert.match(items[0], /Bundesbank leaves credit policies unchanged.*4 Mar.*2024.*Reuters.*first published/s);
    assert.match(items[1], /Evening Ledger/);
    await page.close();
  });
});
