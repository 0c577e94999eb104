// Browser tests of issue 28, the page as a journalist uses it, over the newsroom corpus
// (hard-wrapped 1987 wire articles with capitals, possessives and accents, and 140 harbour
// stories with a speaker each): search as you type, refused queries as guidance, the article
// view (reflowed text, the query's matches, Back, print), facets and histogram, keyboard,
// phone and screen-reader names, and the help. Every check compares the page with the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiFacet, apiGet, apiSearch, buildIndex, generateNewsroomCorpus, launchBrowser, openPage,
  pageFacet, pageTotal, removeTempDirs, requirePrerequisites, screenshotPath, settled,
  SOLO_SPEAKER, startServer, WIRE } from './lib/harness.mjs';

describe('the page as a journalist uses it (issue 28)', () => {
  let chromium;
  let server;
  let browser;

  before(async () => {
    chromium = await requirePrerequisites();
    server = await startServer(buildIndex('newsroom', [generateNewsroomCorpus()]));
    browser = await launchBrowser(chromium);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    removeTempDirs();
  });

  const open = (urlPath, context = browser.context) => openPage(context, server.url + urlPath);

  /** Records the /api/search requests of a page as URLSearchParams. */
  function searchRequests(page) {
    const seen = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/search') seen.push(url.searchParams);
    });
    return seen;
  }

  const docPath = (id, q) => `/doc/${encodeURIComponent(id)}${q ? `?q=${encodeURIComponent(q)}` : ''}`;

  test('keystroke searches send typing=true; Enter and a finished word send the plain query', async () => {
    const page = await open('/');
    const sent = searchRequests(page);
    const input = page.locator('#search-input');
    await input.pressSequentially('kuw', { delay: 20 });
    await page.waitForURL((u) => u.searchParams.get('q') === 'kuw');
    await settled(page);
    const typed = sent.filter((p) => p.get('q') === 'kuw');
    assert.ok(typed.length > 0 && typed.every((p) => p.get('typing') === 'true'), 'a paused keystroke search is a typing one');
    assert.equal(new URL(page.url()).searchParams.has('typing'), false, 'typing is not part of the shared URL');
    assert.equal(await pageTotal(page), (await apiSearch(server.url, { q: 'kuw', typing: true, size: 10 })).total);

    sent.length = 0;
    const plain = page.waitForRequest((r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/search' && u.searchParams.get('q') === 'kuw' && !u.searchParams.has('typing');
    });
    await input.press('Enter');
    await plain;
    await settled(page);
    assert.ok(sent.length === 1 && sent[0].get('q') === 'kuw' && !sent[0].has('typing'), 'Enter sends the word as a word');
    assert.equal(await pageTotal(page), (await apiSearch(server.url, { q: 'kuw', size: 10 })).total);

    sent.length = 0;
    await input.fill('kuwait ');
    await page.waitForURL((u) => u.searchParams.get('q') === 'kuwait');
    await settled(page);
    assert.ok(sent.length >= 1 && sent.every((p) => !p.has('typing')), 'a word followed by a space is complete');
    const api = await apiSearch(server.url, { q: 'kuwait', size: 10 });
    assert.ok(api.total > 0);
    assert.equal(await pageTotal(page), api.total);

    // An unfinished word stays one while the view changes around it, and Back shows what was seen.
    await input.fill('harbo');
    await page.waitForURL((u) => u.searchParams.get('q') === 'harbo');
    await settled(page);
    sent.length = 0;
    await page.locator('#sort-select').selectOption('date');
    await page.waitForURL((u) => u.searchParams.get('sort') === 'date');
    await settled(page);
    assert.ok(sent.length === 1 && sent[0].get('typing') === 'true', 'the sorted search still reads the word as unfinished');
    sent.length = 0;
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('sort'));
    await settled(page);
    assert.ok(sent.length === 1 && sent[0].get('q') === 'harbo' && sent[0].get('typing') === 'true', 'Back asks as before');
    assert.equal(await pageTotal(page), (await apiSearch(server.url, { q: 'harbo', typing: true, size: 10 })).total);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a refused query is guidance beside the box, with no facets of an earlier search', async () => {
    const health = (await apiGet(server.url, '/api/health')).body;
    assert.ok(health.limits.max_query_bytes > 0 && health.limits.max_size > 0);
    const page = await open('/?q=harbour');
    assert.ok(Object.keys(await pageFacet(page, 'speaker')).length > 0);
    assert.equal(await page.locator('#search-input').getAttribute('maxlength'), String(health.limits.max_query_bytes));

    await page.locator('#search-input').fill('country:atlantis');
    await page.locator('#search-input').press('Enter');
    await page.locator('#search-guidance:not([hidden])').waitFor();
    await settled(page);
    const refused = await apiGet(server.url, '/api/search?q=country%3Aatlantis');
    assert.equal(refused.status, 400);
    assert.equal(await page.locator('#search-guidance').textContent(), refused.body.error.message);
    assert.equal(await page.locator('#search-input').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.state--error').count(), 0, 'no red failure box');
    assert.equal(await page.locator('button', { hasText: 'Try again' }).count(), 0);
    assert.doesNotMatch(await page.locator('#status').textContent(), /failed/);
    assert.deepEqual(await pageFacet(page, 'speaker'), {}, 'no speaker counts of the earlier search');
    assert.deepEqual(await pageFacet(page, 'country'), {}, 'no country counts of the earlier search');
    assert.equal(await page.locator('.histogram__bar').count(), 0);
    await page.screenshot({ path: screenshotPath('refused-query.png') });

    // Within the box's length in characters, beyond the server's in bytes: the page says so,
    // as the server would if the percent-encoded query fitted its request line.
    const long = 'é'.repeat(Math.floor(health.limits.max_query_bytes / 2) + 8);
    const bytes = new TextEncoder().encode(long).length;
    await page.locator('#search-input').fill(long);
    await page.locator('#search-input').press('Enter');
    await page.waitForFunction(() => document.querySelector('#search-guidance').textContent.includes('too long'));
    assert.match(await page.locator('#search-guidance').textContent(),
      new RegExp(`${bytes} bytes .* at most ${health.limits.max_query_bytes}\\.`));
    assert.equal(await page.locator('.state--error').count(), 0);
    const tooLong = await fetch(`${server.url}/api/search?q=${encodeURIComponent(long)}`);
    assert.ok(tooLong.status === 400 || tooLong.status === 431, `the server refuses it too (${tooLong.status})`);

    // A good query clears the guidance.
    await page.locator('#search-input').fill('harbour');
    await page.locator('#search-input').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === 'harbour');
    await settled(page);
    assert.equal(await page.locator('#search-guidance').isVisible(), false);
    assert.equal(await page.locator('#search-input').getAttribute('aria-invalid'), null);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a hard-wrapped article reads as paragraphs, with its quote and the query\'s matches marked', async () => {
    const wire = WIRE[0];
    const page = await open(docPath(wire.id, 'output'));
    await page.locator('.doc__hits').waitFor();
    const doc = (await apiGet(server.url, docPath(wire.id, 'output').replace('/doc/', '/api/doc/'))).body;
    // Indentation starts a paragraph; the wrapped lines of one are joined; the table and list keep their lines.
    const paragraphs = await page.$$eval('.doc__body p', (ps) => ps.map((p) => {
      const copy = p.cloneNode(true);
      copy.querySelectorAll('.visually-hidden, .quote__by').forEach((n) => n.remove());
      return [p.classList.contains('doc__line') ? 'line' : 'p', copy.textContent];
    }));
    assert.deepEqual(paragraphs, [
      ['p', "ZURICH, March 3 - The Organization of Petroleum Exporting Countries kept its output ceiling on Monday, OPEC's " +
        'ministers said after two days of talks in Zürich with Kuwait and Saudi Arabia at the table.'],
      ['p', '"We will not cut output this year, whatever the market says," said Ahmed Yamani, the Saudi oil minister.'],
      ['p', 'The ceilings agreed were:'],
      ['line', 'Saudi Arabia    4.35 mln bpd'],
      ['line', 'Kuwait          0.95 mln bpd'],
      ['line', 'Venezuela       1.57 mln bpd'],
      ['p', 'Delegates listed three points for the next meeting:'],
      ['line', '- prices of the reference basket'],
      ['line', '- quotas of the Gulf producers'],
      ['p', 'Kuwaiti officials said output would be reviewed in June, when OPEC meets again in Vienna.'],
    ]);
    // The quote's mark covers the attribution's bytes, across the joined line break.
    const bytes = new TextEncoder().encode(doc.body);
    const slice = (b, e) => new TextDecoder().decode(bytes.subarray(b, e)).replace(/\n/g, ' ');
    assert.equal(doc.attributions.length, 1);
    const quote = await page.$eval('mark.quote', (m) => {
      const copy = m.cloneNode(true);
      copy.querySelectorAll('.visually-hidden').forEach((n) => n.remove());
      return copy.textContent;
    });
    assert.equal(quote, slice(doc.attributions[0].begin, doc.attributions[0].end));
    assert.equal(await page.locator('mark.quote.quote--matched').count(), 1, 'the statement holding a match is marked so');
    // Each of the server's matches is marked once, in order: the title's, then the body's.
    const titleBytes = new TextEncoder().encode(doc.title);
    const expected = [...doc.matches.title.map(([b, e]) => new TextDecoder().decode(titleBytes.subarray(b, e))),
      ...doc.matches.body.map(([b, e]) => slice(b, e))];
    assert.ok(doc.matches.body.length >= 3, 'output is in the body three times');
    const hits = await page.$$eval('mark.hit', (ms) => ms.map((m) => [Number(m.dataset.hit), m.textContent]));
    assert.deepEqual(hits.map(([, text]) => text), expected);
    assert.deepEqual(hits.map(([n]) => n), expected.map((_, i) => i));
    // n and p move from match to match.
    assert.equal(await page.locator('.doc__hits-where').textContent(), `${expected.length} matches of “output”`);
    await page.keyboard.press('n');
    assert.equal(await page.locator('.doc__hits-where').textContent(), `Match 1 of ${expected.length}`);
    assert.equal(await page.locator('mark.hit.is-current').textContent(), expected[0]);
    await page.locator('.doc__hits-next').click();
    assert.equal(await page.locator('.doc__hits-where').textContent(), `Match 2 of ${expected.length}`);
    await page.keyboard.press('p');
    await page.keyboard.press('p');
    assert.equal(await page.locator('.doc__hits-where').textContent(), `Match ${expected.length} of ${expected.length}`);
    assert.equal(await page.locator('mark.hit.is-current').textContent(), expected[expected.length - 1]);
    await page.screenshot({ path: screenshotPath('article-matches.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('the print stylesheet prints the article alone, with its date, source, url, speakers and permalink', async () => {
    const wire = WIRE[1];
    const page = await open(docPath(wire.id));
    await page.locator('#doc-title').waitFor();
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.masthead', '#filters', '.footer', '.doc__back', '#filters-toggle'])
      assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not printed`);
    assert.equal(await page.locator('#doc-title').textContent(), wire.title);
    // A short first line without a full stop goes on into the next.
    assert.deepEqual(await page.$$eval('.doc__body p', (ps) => ps.map((p) => p.textContent)), [
      "Recep Erdoğan said on Tuesday that Turkey would back the pipeline to the Mediterranean, and that the country's " +
        'share of the cost would be paid over ten years.',
      'Officials in Ankara said the first oil could flow in 1989.']);
    assert.equal(await page.locator('.doc__meta time').getAttribute('datetime'), wire.date);
    assert.ok((await page.locator('.doc__meta').textContent()).includes(wire.source));
    assert.equal(await page.locator('.doc__print-url').isVisible(), true);
    assert.ok((await page.locator('.doc__print-url').textContent()).includes(wire.url));
    assert.deepEqual(await page.$$eval('.doc__facet:first-child .badge', (bs) => bs.map((b) => b.textContent)), wire.speakers);
    assert.equal(await page.locator('.doc__facet:first-child .badge').first().isVisible(), true);
    const permalink = `${server.url}/doc/${encodeURIComponent(wire.id)}`;
    assert.equal(await page.locator('.doc__permalink a').getAttribute('href'), permalink);
    assert.equal(await page.locator('.doc__permalink').isVisible(), true);
    await page.screenshot({ path: screenshotPath('article-print.png'), fullPage: true });
    await page.close();
  });

  test('Back returns the list to the place it was scrolled to', async () => {
    const short = await launchBrowser(chromium, { viewport: { width: 1280, height: 600 } });
    try {
      const page = await open('/?q=harbour', short.context);
      const link = page.locator('.result__link').nth(8);
      await link.scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 40));
      const y = await page.evaluate(() => window.scrollY);
      assert.ok(y > 300, `the list is scrolled (${y} px)`);
      const id = await link.getAttribute('data-id');
      await link.click();
      await page.waitForURL((u) => u.pathname.startsWith('/doc/'));
      await page.locator('#doc-title').waitFor();
      await page.goBack();
      await page.waitForURL((u) => u.pathname === '/');
      await page.waitForFunction((want) => Math.abs(window.scrollY - want) <= 1, y);
      assert.equal(await page.evaluate(() => document.activeElement.dataset.id), id, 'focus is back on the link');
      await page.close();
    } finally {
      await short.close();
    }
  });

  test('"Show more" grows the speaker list in steps past 50, each matching the API', async () => {
    const page = await open('/?q=harbour');
    const distinct = (await apiSearch(server.url, { q: 'harbour', size: 0 })).facet_info.speaker.distinct;
    assert.ok(distinct > 100, `more speakers than two steps show (${distinct})`);
    const more = page.locator('#facet-speaker .facet__more');
    for (const [limit, url] of [[50, 'speaker'], [100, 'speaker:100'], [200, 'speaker:200']]) {
      await more.click();
      await page.waitForURL((u) => u.searchParams.get('more') === url);
      await settled(page);
      const shown = await pageFacet(page, 'speaker');
      assert.equal(Object.keys(shown).length, Math.min(limit, distinct), `${limit} speakers shown`);
      const api = apiFacet(await apiSearch(server.url, { q: 'harbour', size: 0, facet_size: limit }), 'speaker');
      assert.deepEqual(shown, api);
    }
    assert.equal(await more.isVisible(), false, 'every speaker is shown: nothing more');
    await page.locator('#facet-speaker .facet__fewer').click();
    await page.waitForURL((u) => !u.searchParams.has('more'));
    await settled(page);
    assert.equal(Object.keys(await pageFacet(page, 'speaker')).length, 10);
    await page.close();
  });

  test('filters written in the query show as chips, and removing one edits the query', async () => {
    const q = 'harbour speaker:solo country:IS';
    const page = await open(`/?q=${encodeURIComponent(q)}`);
    const api = await apiSearch(server.url, { q, size: 10 });
    assert.equal(await pageTotal(page), api.total);
    assert.ok(api.total > 0);
    const chips = await page.$$eval('.chip--query', (cs) => cs.map((c) => c.getAttribute('aria-label')));
    assert.deepEqual(chips, ['Remove from the query Speaker: solo', 'Remove from the query Country: IS']);
    await page.locator('.chip--query', { hasText: 'solo' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'harbour country:IS');
    await settled(page);
    assert.equal(await page.locator('#search-input').inputValue(), 'harbour country:IS');
    assert.equal(await pageTotal(page), (await apiSearch(server.url, { q: 'harbour country:IS', size: 10 })).total);
    // Clear all takes the query's filters out too, and keeps its words.
    await page.locator('.chips__clear').click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'harbour');
    await page.close();
  });

  test('a selected value with no results sorts below the values with results', async () => {
    const page = await open(`/?q=harbour&speaker=${encodeURIComponent(SOLO_SPEAKER)}&country=DE`);
    const api = await apiSearch(server.url, { q: 'harbour', speaker: SOLO_SPEAKER, country: 'DE', size: 0, facet_size: 10 });
    assert.equal(apiFacet(api, 'speaker')[SOLO_SPEAKER] ?? 0, 0, 'the solo speaker has no article about Germany');
    const rows = await page.$$eval('#facet-speaker .facet__value', (els) => els.map((row) => ({
      value: row.querySelector('input').dataset.value, checked: row.querySelector('input').checked,
      count: Number(row.querySelector('.facet__count').firstChild.textContent.replace(/\D/g, '')) })));
    assert.deepEqual(rows[rows.length - 1], { value: SOLO_SPEAKER, checked: true, count: 0 });
    assert.ok(rows.slice(0, -1).every((r) => r.count > 0), 'every other value has results');
    await page.close();
  });

  test('the histogram: a table of its counts, small years visible, and a way up after drilling down', async () => {
    const page = await open('/');
    const api = await apiSearch(server.url, { size: 0 });
    assert.equal(api.facet_info.date.granularity, 'year');
    const years = api.facets.date.filter((b) => b.value !== 'undated');
    const small = years.find((b) => b.value === '1987');
    assert.ok(small && small.count * 20 < Math.max(...years.map((b) => b.count)), '1987 has few articles');
    const height = Number(await page.locator('.histogram__bar[data-value="1987"] .histogram__fill').getAttribute('height'));
    assert.ok(height >= 5, `the 1987 bar is drawn ${height} units high`);
    // The counts as a table, without hovering.
    await page.locator('.histogram__table-toggle').click();
    const table = await page.$$eval('#date-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.value,
      Number(tr.querySelector('td').textContent.replace(/\D/g, ''))]));
    assert.deepEqual(table, years.map((b) => [b.value, b.count]));
    await page.locator('#facet-date').screenshot({ path: screenshotPath('histogram-table.png') });
    // Drill down to a year, then a month; "Up" climbs one level at a time.
    await page.locator('.histogram__bar[data-value="2015"]').click();
    await page.waitForURL((u) => u.searchParams.get('from') === '2015');
    await settled(page);
    const month = (await apiSearch(server.url, { from: '2015', to: '2015', size: 0 })).facets.date.find((b) => b.value !== 'undated');
    await page.locator(`.histogram__bar[data-value="${month.value}"]`).click();
    await page.waitForURL((u) => u.searchParams.get('from') === month.value && u.searchParams.get('to') === month.value);
    await settled(page);
    assert.equal(await page.locator('.histogram__up').textContent(), '↑ Up to 2015');
    await page.locator('.histogram__up').click();
    await page.waitForURL((u) => u.searchParams.get('from') === '2015' && u.searchParams.get('to') === '2015');
    await settled(page);
    assert.equal(await pageTotal(page), (await apiSearch(server.url, { from: '2015', to: '2015', size: 0 })).total);
    assert.equal(await page.locator('.histogram__up').textContent(), '↑ Up to all dates');
    await page.locator('.histogram__up').click();
    await page.waitForURL((u) => !u.searchParams.has('from'));
    await settled(page);
    assert.equal(await pageTotal(page), api.total);
    await page.close();
  });

  test('a result card is one tab stop; arrows reach its badges, j/k move between cards and o opens', async () => {
    const page = await open('/?q=harbour');
    const api = await apiSearch(server.url, { q: 'harbour', size: 10 });
    assert.equal(await page.locator('.skip-link[href="#results-region"]').count(), 1, 'the skip link is kept');
    const stops = await page.$$eval('.result__card', (cards) => cards.map((c) =>
      [...c.querySelectorAll('a[href], button')].filter((el) => el.tabIndex >= 0).length));
    assert.deepEqual(stops, api.results.map(() => 1));
    // Tab from one card's link reaches the next card's link.
    await page.locator('.result__link').first().focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), api.results[1].id);
    // Arrows move inside a card, and the badge reached is its tab stop.
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('badge')), true);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), api.results[1].id);
    // j and k.
    await page.keyboard.press('j');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), api.results[2].id);
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), api.results[0].id);
    // Names for screen readers: the link is its title, the headings are the facet's name.
    const title = api.results[0].title.replace(/<[^>]+>/g, '');
    assert.equal(await page.getByRole('link', { name: title, exact: true }).count(), 1);
    assert.equal(await page.getByRole('heading', { name: 'Speaker', exact: true }).count(), 1);
    assert.equal(await page.getByRole('heading', { name: 'Country', exact: true }).count(), 1);
    assert.ok(Number((await page.locator('#facet-speaker .facet__distinct').textContent()).replace(/\D/g, '')) > 0,
      'the count stays visible beside the heading');
    assert.doesNotMatch(await page.locator('#status').textContent(), /ms/, 'the live status has no milliseconds');
    await page.keyboard.press('o');
    await page.waitForURL((u) => u.pathname === `/doc/${encodeURIComponent(api.results[0].id)}`);
    await page.locator('#doc-title').waitFor();
    await page.close();
  });

  test('on a 390×844 phone, tapping a facet value closes the filters and shows the results', async () => {
    const phone = await launchBrowser(chromium, { viewport: { width: 390, height: 844 } });
    try {
      const page = await open('/?q=harbour', phone.context);
      await page.locator('#filters-toggle').click();
      assert.equal(await page.locator('#facet-speaker').isVisible(), true);
      const value = await page.locator('#facet-speaker input[type="checkbox"]').first().getAttribute('data-value');
      await page.locator('#facet-speaker .facet__label').first().click();
      await page.waitForURL((u) => u.searchParams.getAll('speaker').includes(value));
      await settled(page);
      assert.equal(await page.locator('#filters').isVisible(), false, 'the filters folded away');
      assert.equal(await page.locator('#filters-toggle').getAttribute('aria-expanded'), 'false');
      const top = await page.locator('.result').first().evaluate((el) => el.getBoundingClientRect().top);
      assert.ok(top >= 0 && top < 844, `the first result is in view (${top} px)`);
      assert.equal(await pageTotal(page), (await apiSearch(server.url, { q: 'harbour', speaker: value, size: 0 })).total);
      await page.screenshot({ path: screenshotPath('phone-after-filter.png') });
      await page.close();
    } finally {
      await phone.close();
    }
  });

  test('the syntax help opens from the search box, and ? lists the keyboard shortcuts', async () => {
    const page = await open('/');
    await page.locator('#syntax-help-toggle').click();
    assert.equal(await page.locator('#syntax-help').isVisible(), true);
    const rows = await page.$$eval('#syntax-help tbody td:first-child', (tds) => tds.map((td) => td.textContent));
    for (const form of ['"peace formula"', 'negotiat*', 'speaker:zelensky', 'country:UA', 'date:2022..'])
      assert.ok(rows.some((r) => r.includes(form)), `the help shows ${form}`);
    await page.screenshot({ path: screenshotPath('syntax-help.png') });
    await page.locator('#syntax-help-toggle').click();
    assert.equal(await page.locator('#syntax-help').isVisible(), false);

    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('?');
    assert.equal(await page.locator('#shortcuts').isVisible(), true);
    const keys = await page.locator('#shortcuts').textContent();
    for (const key of ['/', 'j', 'k', 'o', '?', 'Esc']) assert.ok(keys.includes(key), `the shortcuts list ${key}`);
    await page.screenshot({ path: screenshotPath('shortcuts.png') });
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#shortcuts').isVisible(), false);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
