// Browser tests of the research outputs over a generated corpus: the Export menu downloads
// every match of the current search, "as of" names the index's update, Cite copies a
// permalink with the digest of the set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { apiSearch, buildIndex, COUNTRIES, generateCorpus, launchBrowser, openPage, removeTempDirs,
  requirePrerequisites, settled, startServer } from './lib/harness.mjs';

describe('research outputs on the page', () => {
  let server;
  let browser;

  before(async () => {
    const chromium = await requirePrerequisites();
    server = await startServer(buildIndex('research', [generateCorpus()]));
    browser = await launchBrowser(chromium);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    removeTempDirs();
  });

  const open = (urlPath) => openPage(browser.context, server.url + urlPath);

  test('Export > CSV downloads every match of the search, filters kept, more than a page holds', async () => {
    const country = COUNTRIES[0];
    const page = await open(`/?country=${country}&sort=date`);
    // Every article, as the export lists them: the page's search collapses copies into stories.
    const api = await apiSearch(server.url, { country, sort: 'date', size: 100, collapse: 'false' });
    assert.ok(api.total > 10, 'more matches than one page');
    await page.click('#export-menu summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-menu a[data-format="csv"]')]);
    assert.match(download.suggestedFilename(), new RegExp(`^dateline-${country.toLowerCase()}\\.csv$`));
    const text = fs.readFileSync(await download.path(), 'utf8');
    const lines = text.split('\r\n').filter((line) => line !== '');
    assert.equal(lines[0], 'id,title,date,url,source,speakers,countries,score');
    assert.equal(lines.length - 1, api.total, 'a row per match');
    // The first rows are the search's first results, in order (ids hold no commas here).
    assert.deepEqual(lines.slice(1, 11).map((line) => line.split(',')[0]), api.results.slice(0, 10).map((r) => r.id));
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('Export > JSON Lines ends with the manifest of the set', async () => {
    const page = await open('/?q=talks');
    const api = await apiSearch(server.url, { q: 'talks' });
    await page.click('#export-menu summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-menu a[data-format="jsonl"]')]);
    const lines = fs.readFileSync(await download.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const manifest = lines.pop().manifest;
    assert.equal(lines.length, api.total);
    assert.equal(manifest.total, api.total);
    assert.equal(manifest.revision, api.revision);
    assert.equal(manifest.query, 'talks');
    await page.close();
  });

  test('"as of" shows the index update time and Cite copies the permalink with the set\'s digest', async () => {
    const page = await open('/?q=talks&country=DE');
    const api = await apiSearch(server.url, { q: 'talks', country: 'DE' });
    assert.ok(api.updated);
    assert.equal(await page.textContent('#as-of'), `as of ${api.updated.replace('T', ' ').replace('Z', ' UTC')}`);
    await page.click('#cite');
    await page.waitForSelector('#cite-text code');
    const manifest = await (await fetch(`${server.url}/api/export?what=manifest&q=talks&country=DE`)).json();
    const citation = await page.textContent('#cite-text code');
    assert.ok(citation.includes(manifest.ids_sha256), citation);
    assert.ok(citation.includes(`cite=${manifest.revision}%3A${manifest.ids_sha256}`), citation);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), citation);
    await page.close();
  });

  test('the timeline compares series by share, a raw toggle shows counts, and a click on a period filters to it', async () => {
    const page = await open('/?q=talks');
    await page.waitForSelector('#timeline:not([hidden]) .chart__period');
    await page.fill('#timeline-series', 'country:DE');
    await page.press('#timeline-series', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#timeline-legend li').length === 2);
    assert.match(await page.textContent('#timeline-legend'), /country: DE/);
    assert.match(await page.getAttribute('#timeline-plot svg', 'aria-label'), /^Share of all articles per /);
    await page.check('#timeline-raw');
    assert.match(await page.getAttribute('#timeline-plot svg', 'aria-label'), /^Articles per /);
    const period = page.locator('#timeline-plot .chart__period').nth(1);
    const start = await period.getAttribute('data-start');
    const end = await period.getAttribute('data-end');
    await period.click();
    await page.waitForURL((url) => url.searchParams.get('from') === start);
    await settled(page);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('to'), end);
    const api = await apiSearch(server.url, { q: 'talks', from: start, to: end });
    const shown = Number(await page.getAttribute('.status__count', 'data-total'));
    assert.equal(shown, api.total);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('speaker and country values have sparklines of their share over the span, as /api/timeline gives them', async () => {
    const page = await open('/?q=talks');
    await page.waitForSelector('#facet-country .facet__spark');
    await page.waitForSelector('#facet-speaker .facet__spark');
    const api = await apiSearch(server.url, { q: 'talks' });
    for (const facet of ['speaker', 'country']) {
      const values = api.facets[facet].filter((v) => v.count > 0).slice(0, 10).map((v) => v.value);
      const params = new URLSearchParams({ q: 'talks', interval: 'auto' });
      for (const v of values) params.append('series', `${facet}:${v}`);
      const timeline = await (await fetch(`${server.url}/api/timeline?${params}`)).json();
      const drawn = await page.$$eval(`#facet-${facet} .facet__value`, (items) => items.map((li) => {
        const svg = li.querySelector('.facet__spark');
        const ys = svg ? svg.querySelector('path').getAttribute('d').slice(1).split(' L').map((pt) => Number(pt.split(',')[1])) : null;
        return { value: li.querySelector('input').dataset.value, ys };
      }));
      for (const [k, value] of values.entries()) {
        const line = drawn.find((d) => d.value === value);
        if (!line) continue;  // beyond the values shown
        assert.ok(line.ys, `${facet} ${value} has a sparkline`);
        assert.equal(line.ys.length, timeline.periods.length);
        const shares = timeline.periods.map((p) => p.shares[k]);
        // The highest share is the highest point (the smallest y).
        const top = shares[line.ys.indexOf(Math.min(...line.ys))];
        assert.ok(Math.max(...shares) - top <= Math.max(...shares) * 0.02, `${facet} ${value}: ${top} of ${Math.max(...shares)}`);
      }
    }
    // A facet filtered by a value of its own has none (a timeline refuses that series).
    await page.goto(`${server.url}/?q=talks&country=${api.facets.country[0].value}`);
    await settled(page);
    await page.waitForSelector('#facet-speaker .facet__spark');
    assert.equal(await page.locator('#facet-country .facet__spark').count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a co-occurrence cell selects its speaker and country together, and the total is the cell\'s count', async () => {
    const page = await open('/?q=talks');
    await page.waitForSelector('#cooccurrence:not([hidden]) .heatmap__cell');
    const cell = page.locator('.heatmap__cell').first();
    const speaker = await cell.getAttribute('data-speaker');
    const country = await cell.getAttribute('data-country');
    const count = Number(await cell.getAttribute('data-count'));
    await cell.click();
    await page.waitForURL((url) => url.searchParams.get('country') === country);
    await settled(page);
    const url = new URL(page.url());
    assert.deepEqual(url.searchParams.getAll('speaker'), [speaker]);
    assert.equal(Number(await page.getAttribute('.status__count', 'data-total')), count);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
