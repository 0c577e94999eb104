// Browser tests over a generated corpus of a few hundred articles with known speakers,
// countries and dates: multi-select facets against the API's counts, chips, the date
// histogram, back/forward, shared URLs, pagination, sorting and "show more".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiFacet, apiSearch, buildIndex, COUNTRIES, generateCorpus, launchBrowser, openPage,
  pageFacet, pageTotal, removeTempDirs, requirePrerequisites, screenshotPath, settled, SPEAKERS,
  startServer } from './lib/harness.mjs';

describe('the page over a generated corpus', () => {
  let server;
  let browser;

  before(async () => {
    const chromium = await requirePrerequisites();
    server = await startServer(buildIndex('generated', [generateCorpus()]));
    browser = await launchBrowser(chromium);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    removeTempDirs();
  });

  const open = (urlPath) => openPage(browser.context, server.url + urlPath);

  /** The API parameters the page's URL stands for (the page asks with size=10). */
  function apiParams(page, extra = {}) {
    const url = new URL(page.url());
    const p = new URLSearchParams(url.search);
    p.delete('more');
    p.set('size', '10');
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p.toString();
  }

  /** Asserts that total, result ids and every shown facet count equal the API's. */
  async function assertMatchesApi(page) {
    const api = await apiSearch(server.url, apiParams(page, { facet_size: '50' }));
    assert.equal(await pageTotal(page), api.total, 'total');
    const ids = await page.$$eval('.result__link', (links) => links.map((a) => a.dataset.id));
    assert.deepEqual(ids, api.results.map((r) => r.id), 'result ids in order');
    for (const facet of ['speaker', 'country']) {
      const shown = await pageFacet(page, facet);
      const expected = apiFacet(api, facet);
      assert.ok(Object.keys(shown).length > 0, `${facet} values are shown`);
      for (const [value, count] of Object.entries(shown)) assert.equal(count, expected[value] ?? 0, `${facet} ${value} count`);
    }
    return api;
  }

  const check = async (page, facet, value) => {
    await page.locator(`#facet-${facet} input[data-value="${value}"]`).check();
    await page.waitForURL((url) => url.searchParams.getAll(facet).includes(value));
    await settled(page);
  };

  test('two speakers and one country: results and counts equal the API, OR within and AND across', async () => {
    const page = await open('/');
    const all = await apiSearch(server.url, { size: 0, facet_size: 50 });
    const [a, b] = all.facets.speaker.map((v) => v.value);
    const country = all.facets.country[0].value;
    await check(page, 'speaker', a);
    await check(page, 'speaker', b);
    await check(page, 'country', country);
    const url = new URL(page.url());
    assert.deepEqual(url.searchParams.getAll('speaker'), [a, b]);
    assert.deepEqual(url.searchParams.getAll('country'), [country]);

    const api = await assertMatchesApi(page);
    const onlyA = await apiSearch(server.url, { speaker: a, country, size: 0 });
    const onlyB = await apiSearch(server.url, { speaker: b, country, size: 0 });
    assert.ok(api.total >= Math.max(onlyA.total, onlyB.total) && api.total <= onlyA.total + onlyB.total,
      'two speakers combine with OR');
    assert.ok(api.total < (await apiSearch(server.url, { speaker: [a, b], size: 0 })).total, 'the country narrows with AND');
    // Every shown result carries a chosen speaker and the chosen country, marked as pressed.
    const badges = await page.$$eval('.result', (items) => items.map((li) => [...li.querySelectorAll('.badge[aria-pressed="true"]')].length));
    assert.ok(badges.every((n) => n >= 2));
    // The chips name the three filters.
    const chips = await page.$$eval('.chip', (els) => els.map((c) => c.getAttribute('aria-label')));
    assert.deepEqual(chips, [`Remove filter Speaker: ${a}`, `Remove filter Speaker: ${b}`,
      `Remove filter Country: ${all.facets.country[0].label}`]);
    await page.screenshot({ path: screenshotPath('main-view.png'), fullPage: true });
    assert.deepEqual(page.errors, []);

    // Removing a chip drops exactly that filter; focus stays in the chip row.
    await page.locator('.chip', { hasText: a }).click();
    await page.waitForURL((u) => !u.searchParams.getAll('speaker').includes(a));
    await settled(page);
    assert.deepEqual(new URL(page.url()).searchParams.getAll('speaker'), [b]);
    assert.equal(await page.locator(`#facet-speaker input[data-value="${a}"]`).isChecked(), false);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('chip')), true);
    await assertMatchesApi(page);

    // Back restores the chip and the checkbox; forward removes them again.
    await page.goBack();
    await settled(page);
    assert.deepEqual(new URL(page.url()).searchParams.getAll('speaker'), [a, b]);
    assert.equal(await page.locator(`#facet-speaker input[data-value="${a}"]`).isChecked(), true);
    assert.equal(await page.locator('.chip').count(), 3);
    await assertMatchesApi(page);
    await page.goForward();
    await settled(page);
    assert.deepEqual(new URL(page.url()).searchParams.getAll('speaker'), [b]);
    await assertMatchesApi(page);

    await page.locator('.chips__clear').click();
    await page.waitForURL((u) => u.search === '');
    await settled(page);
    assert.equal(await page.locator('.chip').count(), 0);
    assert.equal(await pageTotal(page), all.total);
    await page.close();
  });

  test('clicking a histogram bar filters to its period, and back returns to all dates', async () => {
    const page = await open('/?q=ceasefire');
    const api = await apiSearch(server.url, { q: 'ceasefire', size: 0 });
    assert.equal(api.facet_info.date.granularity, 'month');
    const buckets = api.facets.date.filter((b) => b.value !== 'undated');
    assert.equal(await page.locator('.histogram__bar').count(), buckets.length);
    const pick = buckets.reduce((best, b) => (b.count > best.count ? b : best));
    await page.locator(`.histogram__bar[data-value="${pick.value}"]`).click();
    await page.waitForURL((u) => u.searchParams.get('from') === pick.value && u.searchParams.get('to') === pick.value);
    await settled(page);
    assert.equal(await pageTotal(page), pick.count, 'the bar count is the filtered total');
    await assertMatchesApi(page);
    assert.equal(await page.locator('.chip', { hasText: 'Date' }).count(), 1);
    assert.equal(await page.locator('#date-from').inputValue(), pick.value);
    // The histogram draws the buckets the API gives for the range (it zooms in where the server does).
    const zoomed = await apiSearch(server.url, apiParams(page));
    assert.equal(await page.locator('#facet-date-title').textContent(), 'Date');
    assert.equal(await page.locator('#facet-date .facet__distinct').textContent(), `by ${zoomed.facet_info.date.granularity}`);
    assert.equal(await page.locator('.histogram__bar').count(), zoomed.facets.date.filter((b) => b.value !== 'undated').length);

    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('from'));
    await settled(page);
    assert.equal(await pageTotal(page), api.total);
    assert.equal(await page.locator('.histogram__bar').count(), buckets.length);
    assert.equal(await page.locator('#date-from').inputValue(), '');
    await page.close();
  });

  test('a typed date range and the undated entry filter as the API does', async () => {
    const page = await open('/');
    await page.locator('#date-from').fill('2022');
    await page.locator('#date-to').fill('2022-06');
    await page.locator('#date-to').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('from') === '2022' && u.searchParams.get('to') === '2022-06');
    await settled(page);
    await assertMatchesApi(page);
    const dates = await page.$$eval('.result time', (els) => els.map((t) => t.getAttribute('datetime')));
    assert.ok(dates.length && dates.every((d) => d >= '2022-01-01' && d <= '2022-06-30'), `dates in range: ${dates}`);

    // A malformed date is refused in the page, with a message, and changes nothing.
    await page.locator('#date-from').fill('June 2022');
    await page.locator('#date-from').press('Enter');
    assert.match(await page.locator('#date-range-error').textContent(), /not a date/);
    assert.equal(new URL(page.url()).searchParams.get('from'), '2022');

    const undated = (await apiSearch(server.url, { size: 0 })).facets.date.find((b) => b.value === 'undated');
    assert.ok(undated.count > 0);
    await page.locator('#date-undated').check();
    await page.waitForURL((u) => u.searchParams.get('undated') === 'true' && !u.searchParams.has('from'));
    await settled(page);
    assert.equal(await pageTotal(page), undated.count);
    // The generated articles of one topic are near-duplicates: the page lists their stories.
    const undatedStories = (await apiSearch(server.url, { undated: 'true', size: 0 })).stories;
    assert.equal(await page.locator('.result__date--none').count(), Math.min(undatedStories, 10));
    await page.close();
  });

  test('a shared URL restores the view: filters, sort, page and expanded facet', async () => {
    const [a, b] = [SPEAKERS[0], SPEAKERS[2]];
    const shared = `/?q=update&speaker=${encodeURIComponent(a)}&speaker=${encodeURIComponent(b)}&country=${COUNTRIES[0]}` +
      '&sort=-date&page=2&more=speaker';
    const all = await apiSearch(server.url, `q=update&speaker=${encodeURIComponent(a)}&speaker=${encodeURIComponent(b)}&size=10`);
    assert.ok(all.total > 10, 'the shared view has a second page');
    const page = await open(shared);
    assert.deepEqual([...new URL(page.url()).searchParams], [...new URL(server.url + shared).searchParams],
      'the URL is kept as shared');
    assert.equal(await page.locator('#search-input').inputValue(), 'update');
    assert.equal(await page.locator('#sort-select').inputValue(), '-date');
    assert.equal(await page.locator(`#facet-speaker input[data-value="${a}"]`).isChecked(), true);
    assert.equal(await page.locator(`#facet-speaker input[data-value="${b}"]`).isChecked(), true);
    assert.equal(await page.locator(`#facet-country input[data-value="${COUNTRIES[0]}"]`).isChecked(), true);
    assert.equal(await page.locator('.page[aria-current="page"]').textContent(), '2');
    const api = await assertMatchesApi(page);
    assert.equal(api.page, 2);
    const dates = await page.$$eval('.result time', (els) => els.map((t) => t.getAttribute('datetime')));
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    // "more=speaker" shows every speaker (14 < 50).
    assert.equal(await page.locator('#facet-speaker .facet__value').count(), api.facets.speaker.length);
    await page.close();
  });

  test('a document whose id has a slash opens, survives a reload, and back returns to the list', async () => {
    const page = await open('/?q=summit&sort=date');
    const api = await apiSearch(server.url, { q: 'summit', sort: 'date', size: 10 });
    // The generated articles of one topic are near-duplicates, collapsed into few results.
    const hit = api.results[Math.min(1, api.results.length - 1)];
    assert.match(hit.id, /\//);
    await page.locator(`.result__link[data-id="${hit.id}"]`).click();
    await page.waitForURL((u) => u.pathname === `/doc/${encodeURIComponent(hit.id)}` && u.searchParams.get('q') === 'summit');
    await page.locator('#doc-title').waitFor();
    const doc = await (await fetch(`${server.url}/api/doc/${encodeURIComponent(hit.id)}`)).json();
    const check = async () => {
      assert.equal((await page.locator('#doc-title').textContent()).trim(), doc.title);
      assert.deepEqual(await page.$$eval('.doc__facet:first-child dd .badge', (els) => els.map((b) => b.textContent)), doc.speakers);
      assert.equal(await page.locator('.doc__body p').count(), doc.body.split(/\n\s*\n/).length);
      assert.equal(await page.locator('.doc__meta a').getAttribute('href'), doc.url);
    };
    await check();
    await page.reload();
    await page.locator('#doc-title').waitFor();
    await check();
    await page.locator('.doc__back').click();
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('sort') === 'date');
    await settled(page);
    assert.deepEqual(await page.$$eval('.result__link', (links) => links.map((a) => a.dataset.id)), api.results.map((r) => r.id));
    await page.close();
  });

  test('pagination, sort and "show more" each change the URL and match the API', async () => {
    const page = await open('/?q=update');
    await page.locator('.pagination a', { hasText: 'Next' }).click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await settled(page);
    await assertMatchesApi(page);
    await page.locator('#sort-select').selectOption('date');
    await page.waitForURL((u) => u.searchParams.get('sort') === 'date' && !u.searchParams.has('page'));
    await settled(page);
    await assertMatchesApi(page);
    const dates = await page.$$eval('.result time', (els) => els.map((t) => t.getAttribute('datetime')));
    assert.deepEqual(dates, [...dates].sort(), 'oldest first');

    const distinct = (await apiSearch(server.url, { q: 'update', size: 0 })).facet_info.speaker.distinct;
    assert.equal(await page.locator('#facet-speaker .facet__value').count(), 10);
    await page.locator('#facet-speaker .facet__more').click();
    await page.waitForURL((u) => u.searchParams.get('more') === 'speaker');
    await settled(page);
    assert.equal(await page.locator('#facet-speaker .facet__value').count(), distinct);
    assert.equal(await page.locator('#facet-speaker .facet__more').getAttribute('aria-expanded'), 'true');
    await page.close();
  });

  test('the facets are usable by keyboard and named for screen readers', async () => {
    const page = await open('/');
    // Landmarks and names.
    assert.equal(await page.locator('form[role="search"] input').getAttribute('id'), 'search-input');
    assert.equal(await page.locator('label[for="search-input"]').count(), 1);
    assert.equal(await page.locator('aside[aria-label="Filters"]').count(), 1);
    assert.equal(await page.locator('main').count(), 1);
    for (const facet of ['speaker', 'country']) {
      const group = page.locator(`#facet-${facet} [role="group"]`);
      const labelId = await group.getAttribute('aria-labelledby');
      assert.ok((await page.locator(`#${labelId}`).textContent()).length > 0, `${facet} group is named`);
    }
    const unnamed = await page.$$eval('input, button, select, a[href]', (els) => els.filter((el) => {
      const name = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.getAttribute('title');
      return !(name && name.trim()) && el.getClientRects().length;
    }).map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(unnamed, [], 'every visible control has a name');

    assert.deepEqual(await page.$$eval('h1', (hs) => hs.map((x) => x.textContent)), ['Search results'], 'one h1');

    // Text contrast (WCAG AA, 4.5:1) of the small, quiet text, in light and dark mode.
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const low = await page.evaluate(lowContrast, ['.status__time', '.result__meta', '.result__snippet', '.facet__count',
        '.facet__title', '.range__hint', '.histogram__axis', '.chip__kind', '.badge', '.page', '.footer', '.link-button']);
      assert.deepEqual(low, [], `${scheme} mode contrast`);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // "/" focuses the search; Tab reaches a speaker checkbox; Space toggles it.
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
    const first = await page.locator('#facet-speaker input[type="checkbox"]').first().getAttribute('data-value');
    await page.locator('#facet-speaker-filter').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.value), first);
    await page.keyboard.press('Space');
    await page.waitForURL((u) => u.searchParams.getAll('speaker').includes(first));
    await settled(page);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.value), first, 'focus survives the re-render');
    // Histogram bars: one tab stop, arrows move, Enter filters.
    await page.locator('.histogram__bar[tabindex="0"]').focus();
    await page.keyboard.press('ArrowRight');
    const value = await page.evaluate(() => document.activeElement.dataset.value);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('from') === value);
    await page.close();
  });
});

// Runs in the page: the selectors whose text contrasts less than 4.5:1 with its background.
function lowContrast(selectors) {
  const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    if (!el || !el.getClientRects().length) continue;
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) out.push(`${sel} ${ratio.toFixed(2)}`);
  }
  return out;
}
