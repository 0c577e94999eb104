// A hostile corpus (issue 7): ids, titles, bodies, sources, urls and speakers full of markup,
// quotes, entities, javascript: URLs, template syntax, odd Unicode and very long words. The API
// must return the raw fields exactly and only its own <mark> tags in the HTML fields; the page
// must show all of it as literal text, run none of it, link no javascript: URL, and keep the
// console free of errors and CSP violations. Records the indexer must refuse (invalid UTF-8, a
// lone surrogate, a NUL, a country that is markup) are checked to be reported and never served.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { INDEX_BIN, apiGet, apiSearch, buildIndex, launchBrowser, pageTotal, removeTempDirs, requirePrerequisites,
  settled, startServer, tempDir } from './lib/harness.mjs';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const MARKUP = `"double" 'single' </mark><mark>not a match</mark> &amp; &lt;b&gt; <b onmouseover=alert(3)>bold</b>`;
const TEMPLATE = '{{constructor.constructor("alert(4)")()}} ${alert(5)} #{alert(6)}';
// Right-to-left override, a combining accent, zero-width space and no-break, a ZWJ emoji, the
// JavaScript line and paragraph separators, a control character, a noncharacter, an astral letter.
const ODD = 'x\u202eevil\u202c e\u0301 a\u200bb\ufeffc 👩‍👩‍👧 line\u2028para\u2029end bell\u0007 \uffff 𝔘𝔫𝔦';
const LONG = 'Ж'.repeat(300) + 'A'.repeat(1500);
// The word every hostile document has, so one query finds them all.
const WORD = 'ceasefire';

// Titles, sources and speakers keep single spaces only: the indexer collapses runs of whitespace there.
const HOSTILE = [
  {
    id: `hostile/${SCRIPT}?a="1"&b='2'#frag`,
    title: `Ceasefire ${SCRIPT} ${IMG} ${MARKUP} ${TEMPLATE}`,
    body: `The ${WORD} ${SCRIPT} was near, ${IMG} officials said.\n\n${MARKUP} ${TEMPLATE} javascript:alert(7)\n\n` +
      `A last ${WORD} line with ${SCRIPT} at its end.`,
    source: `Wire ${SCRIPT} ${IMG} "quoted" &amp;`,
    url: 'javascript:alert(8)',
    speakers: [`Mallory ${SCRIPT}`, `Eve ${IMG} "Q" 'q'`, '</mark>&amp; ${x} {{y}}'],
    countries: ['de'],
    date: '2024-01-02',
  },
  {
    id: 'hostile/100%',
    title: `${WORD} at 100% ${ODD}`,
    body: `Odd text around the ${WORD}: ${ODD}\n\nA very long word follows the ${WORD}: ${LONG} and ends.`,
    source: `Odd ${ODD}`,
    url: ' JaVaScRiPt:alert(9)',
    speakers: [`\u202eMallory ${IMG}`, `Long ${'Ж'.repeat(120)}`],
    countries: ['FR', 'ua'],
    date: '2023-05-06',
  },
  {
    // Equal to the previous id once percent-decoded: a server that decodes twice serves the wrong one.
    id: 'hostile/100%25',
    title: `${WORD} decoded twice would be 100%`,
    body: `The ${WORD} of the percent-encoded id. ${LONG}`,
    source: 'Percent',
    url: 'data:text/html,<script>alert(10)</script>',
    speakers: ['Percy %25 Cent'],
    countries: ['NL'],
  },
  {
    // Differs from hostile/100% only in a character that a URL fragment or an HTML id would drop.
    id: 'hostile/100#',
    title: `${WORD} with a hash ${IMG}`,
    body: `The ${WORD} of the hash id ${IMG}.`,
    source: 'Hash',
    url: `https://example.org/x?a="><script>alert(11)</script>&b='c'#${IMG}`,
    speakers: ['Hash # Tag'],
    countries: ['JP'],
    date: '2022-12-31',
  },
  {
    // No given speakers: the indexer extracts the quotes, whose text is markup.
    id: `hostile/quotes ${IMG} +plus`,
    title: `Ceasefire quotes ${TEMPLATE}`,
    body: `Talks on the ${WORD} resumed in Berlin on Tuesday.\n\n"We reject ${SCRIPT} and ${IMG} entirely, and the ` +
      `${WORD} holds," Angela Merkel said on Tuesday.\n\n"Nothing like </mark><mark> &amp; \${alert(12)} will pass," ` +
      'said Olaf Scholz, the chancellor.',
    source: 'Quotes',
    url: 'vbscript:msgbox(13)',
  },
];

// Each line the indexer must refuse, with the reason it gives (stderr: path:line: reason).
const REJECTED = [
  [Buffer.concat([Buffer.from(`{"id":"rejected/utf8","title":"${WORD} <b>`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('</b>"}')]),
    /malformed JSON/],
  [Buffer.from(`{"id":"rejected/surrogate","title":"${WORD} \\ud800 ${SCRIPT}"}`), /malformed JSON/],
  [Buffer.from(`{"id":"rejected/nul","title":"${WORD} \\u0000${SCRIPT}"}`), /NUL byte/],
  [Buffer.from(JSON.stringify({ id: 'rejected/country', title: WORD, countries: [`"><script>alert(14)</script>`] })),
    /not an ISO 3166-1 alpha-2 code/],
];

const byId = new Map(HOSTILE.map((d) => [d.id, d]));
const docPath = (id) => `/doc/${encodeURIComponent(id)}`;

/**
 * The text an HTML field of the API stands for. Fails unless the only markup in it is the
 * server's own <mark> and every '&' starts an entity.
 */
function htmlText(html, field) {
  const bare = html.replace(/<\/?mark>/g, '');
  assert.doesNotMatch(bare, /[<>]/, `${field}: no markup but <mark>: ${html.slice(0, 200)}`);
  assert.doesNotMatch(bare, /&(?!(amp|lt|gt|quot|#39|#x27);)/, `${field}: every & is escaped`);
  return bare.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e]);
}

describe('a hostile document', () => {
  let server;
  let browser;
  let rejectRun;

  before(async () => {
    const chromium = await requirePrerequisites();
    const dir = tempDir('hostile');
    const corpus = path.join(dir, 'hostile.jsonl');
    fs.writeFileSync(corpus, HOSTILE.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const db = buildIndex('hostile', [corpus]);
    // The refused lines go into the same database: none of them may reach the API.
    const rejected = path.join(dir, 'rejected.jsonl');
    fs.writeFileSync(rejected, Buffer.concat(REJECTED.flatMap(([line]) => [line, Buffer.from('\n')])));
    rejectRun = spawnSync(INDEX_BIN, ['--db', db, '--quiet', rejected], { encoding: 'utf8' });
    rejectRun.file = rejected;
    server = await startServer(db);
    browser = await launchBrowser(chromium);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    removeTempDirs();
  });

  /**
   * A new page at urlPath that records dialogs, page errors, console errors and CSP violations;
   * `allowedConsole` lists console errors the test expects (e.g. a 404 it asked for).
   */
  async function open(urlPath, { allowedConsole = [] } = {}) {
    const page = await browser.context.newPage();
    page.problems = [];
    page.on('dialog', (dialog) => {
      page.problems.push(`a ${dialog.type()} dialog opened: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
    page.on('console', (message) => {
      const text = `${message.text()} ${message.location()?.url ?? ''}`;
      if ((message.type() === 'error' || /Content.Security.Policy/i.test(text)) && !allowedConsole.some((re) => re.test(text)))
        page.problems.push(`console ${message.type()}: ${text}`);
    });
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
      (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`)));
    await page.goto(server.url + urlPath);
    return page;
  }

  /** Asserts that nothing ran and nothing from the documents became an element or a live link. */
  async function assertInert(page) {
    const injected = await page.evaluate(() => [
      ...document.querySelectorAll('script:not([type="module"][src="/js/app.js"]), img, iframe, object, embed, b'),
      ...[...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))),
      ...[...document.querySelectorAll('a[href], area[href]')].filter((a) => !/^https?:$/.test(a.protocol)),
    ].map((el) => el.outerHTML.slice(0, 160)));
    assert.deepEqual(injected, [], 'no element, handler or non-http link from a document');
    assert.deepEqual(page.problems, [], 'no dialog, page error, console error or CSP violation');
  }

  test('the indexer refuses invalid Unicode, a NUL and a markup country, line by line', () => {
    assert.equal(rejectRun.status, 3, `dateline-index exits 3 for skipped records: ${rejectRun.stderr}`);
    REJECTED.forEach(([, reason], i) => {
      const line = rejectRun.stderr.split('\n').find((l) => l.startsWith(`${rejectRun.file}:${i + 1}:`));
      assert.ok(line, `line ${i + 1} is reported as ${rejectRun.file}:${i + 1}: …\n${rejectRun.stderr}`);
      assert.match(line, reason);
    });
  });

  test('the API returns every raw field exactly, whatever the id, and refuses what it must', async () => {
    for (const doc of HOSTILE) {
      const response = await fetch(`${server.url}/api/doc/${encodeURIComponent(doc.id)}`);
      assert.equal(response.status, 200, `GET /api/doc/ for ${doc.id}`);
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      const got = await response.json();
      assert.equal(got.id, doc.id);
      for (const field of ['title', 'body', 'source', 'url']) assert.equal(got[field], doc[field], `${doc.id}: ${field}`);
      if (doc.speakers) assert.deepEqual(got.speakers, doc.speakers, `${doc.id}: speakers`);
      if (doc.countries) assert.deepEqual(got.countries.map((c) => c.code), doc.countries.map((c) => c.toUpperCase()));
    }
    // The raw bytes: JSON escaping only (markup needs none in JSON), never HTML escaping.
    const raw = await (await fetch(`${server.url}/api/doc/${encodeURIComponent(HOSTILE[0].id)}`)).text();
    assert.ok(raw.includes(SCRIPT) && !raw.includes('&lt;script'), 'stored fields are not HTML-escaped');

    const refused = await apiGet(server.url, `/api/doc/${encodeURIComponent('rejected/country')}`);
    assert.equal(refused.status, 404);
    const unknown = `no/${SCRIPT}"'`;
    const missing = await apiGet(server.url, `/api/doc/${encodeURIComponent(unknown)}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.message, `no document with id "${unknown}"`);
    const country = `"><script>alert(1)</script>`;
    const bad = await apiGet(server.url, `/api/search?country=${encodeURIComponent(country)}`);
    assert.equal(bad.status, 400);
    assert.ok(bad.body.error.message.endsWith(`got "${country}"`), bad.body.error.message);
  });

  test("title and snippet hold escaped text and only the server's <mark> tags", async () => {
    const api = await apiSearch(server.url, { q: WORD, size: 50 });
    assert.equal(api.total, HOSTILE.length, 'every hostile document, none of the refused ones');
    assert.deepEqual(api.results.map((r) => r.id).sort(), HOSTILE.map((d) => d.id).sort());
    for (const hit of api.results) {
      const doc = byId.get(hit.id);
      assert.equal(htmlText(hit.title, `${hit.id} title`), doc.title, `${hit.id}: the title is the whole title`);
      const marked = [...hit.title.matchAll(/<mark>(.*?)<\/mark>/g), ...hit.snippet.matchAll(/<mark>(.*?)<\/mark>/g)];
      assert.ok(marked.length > 0, `${hit.id}: the query word is marked`);
      for (const [, inner] of marked) assert.match(inner, /^ceasefire$/i, `${hit.id}: only the query word is marked`);
      // A snippet is pieces of the body joined by an ellipsis.
      const flat = doc.body.replace(/\s+/g, ' ');
      for (const piece of htmlText(hit.snippet, `${hit.id} snippet`).split('…').map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean))
        assert.ok(flat.includes(piece), `${hit.id}: snippet piece from the body: ${piece.slice(0, 80)}`);
      if (doc.speakers) assert.deepEqual(hit.speakers, doc.speakers, `${hit.id}: speakers`);
    }
    const first = api.results.find((r) => r.id === HOSTILE[0].id);
    assert.ok(first.snippet.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), first.snippet);
    assert.ok(first.snippet.includes('&lt;/mark&gt;&lt;mark&gt;'), 'a literal </mark> in the body stays text');

    // The hostile query itself, and the hostile speakers as facet values and filters.
    const byQuery = await apiSearch(server.url, { q: SCRIPT });
    assert.equal(byQuery.query, SCRIPT);
    assert.ok(byQuery.results.some((r) => r.id === HOSTILE[0].id));
    const speakers = Object.fromEntries(api.facets.speaker.map((v) => [v.value, v.count]));
    for (const name of HOSTILE.flatMap((d) => d.speakers ?? [])) assert.equal(speakers[name], 1, `speaker facet value ${name}`);
    const found = await apiGet(server.url, `/api/facets/speaker?prefix=${encodeURIComponent('<scr')}`);
    assert.deepEqual(found.body.values.map((v) => v.value), [`Mallory ${SCRIPT}`]);
    for (const name of HOSTILE[0].speakers) {
      const filtered = await apiSearch(server.url, { speaker: name });
      assert.deepEqual(filtered.results.map((r) => r.id), [HOSTILE[0].id], `filter by speaker ${name}`);
    }
  });

  test('the result list shows the hostile text literally and runs none of it', async () => {
    const page = await open(`/?q=${WORD}`);
    await settled(page);
    const api = await apiSearch(server.url, { q: WORD, size: 10 });
    assert.equal(await pageTotal(page), api.total);
    const shown = await page.$$eval('.result', (items) => items.map((li) => ({
      id: li.querySelector('.result__link').dataset.id,
      title: li.querySelector('.result__title').textContent,
      snippet: li.querySelector('.result__snippet')?.textContent ?? '',
      speakers: [...li.querySelectorAll('.badge--speaker')].map((b) => b.lastChild.textContent),
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    })));
    assert.deepEqual(shown.map((r) => r.id), api.results.map((r) => r.id));
    for (const r of shown) {
      const doc = byId.get(r.id);
      assert.equal(r.title, doc.title, `${r.id}: the title is shown as text`);
      assert.deepEqual(r.speakers, api.results.find((x) => x.id === r.id).speakers, `${r.id}: speaker badges`);
      for (const m of r.marks) assert.match(m, /^ceasefire$/i, `${r.id}: only the query word is marked`);
    }
    const first = shown.find((r) => r.id === HOSTILE[0].id);
    assert.ok(first.title.includes(SCRIPT) && first.title.includes(IMG) && first.title.includes(TEMPLATE));
    assert.ok(first.snippet.includes(SCRIPT), `the snippet shows ${SCRIPT} as text: ${first.snippet}`);
    assert.ok(first.speakers.includes(`Mallory ${SCRIPT}`));

    // The speaker facet lists the hostile names as text, and its filter box finds them.
    const facet = await page.$$eval('#facet-speaker .facet__value', (rows) => rows.map((row) => [
      row.querySelector('input').dataset.value, row.querySelector('.facet__name').textContent]));
    for (const [value, text] of facet) assert.equal(text, value);
    assert.ok(facet.some(([value]) => value === `Eve ${IMG} "Q" 'q'`));
    await page.locator('#facet-speaker-filter').fill('<scr');
    await page.waitForFunction(() => document.querySelectorAll('#facet-speaker .facet__value').length === 1);
    assert.equal(await page.locator('#facet-speaker .facet__name').textContent(), `Mallory ${SCRIPT}`);
    await assertInert(page);
    await page.close();
  });

  test('each result card is named by its own title, whatever characters its id has', async () => {
    const page = await open(`/?q=${WORD}`);
    await settled(page);
    // hostile/100% and hostile/100# differ only in a character an HTML id cannot take as is.
    const cards = await page.$$eval('.result article', (articles) => articles.map((card) => {
      const id = card.getAttribute('aria-labelledby');
      return { id, own: document.getElementById(id)?.closest('article') === card, count: document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length };
    }));
    assert.equal(cards.length, HOSTILE.length);
    assert.deepEqual(cards.filter((c) => !c.own || c.count !== 1), [], 'aria-labelledby names an id of its own card, used once');
    await assertInert(page);
    await page.close();
  });

  test('a hostile query and hostile filters in the URL stay text, and a markup country is dropped', async () => {
    const speaker = `Eve ${IMG} "Q" 'q'`;
    const country = `"><script>alert(1)</script>`;
    const page = await open(`/?q=${encodeURIComponent(SCRIPT)}&speaker=${encodeURIComponent(speaker)}&country=${encodeURIComponent(country)}`);
    await settled(page);
    assert.equal(await page.locator('#search-input').inputValue(), SCRIPT);
    assert.equal(await page.locator('.status__query').textContent(), SCRIPT);
    const url = new URL(page.url());
    assert.deepEqual(url.searchParams.getAll('speaker'), [speaker]);
    assert.deepEqual(url.searchParams.getAll('country'), [], 'a country that is not a code is dropped');
    const api = await apiSearch(server.url, { q: SCRIPT, speaker });
    assert.equal(await pageTotal(page), api.total);
    assert.equal(api.total, 1);
    const chips = await page.$$eval('.chip', (els) => els.map((c) => [c.getAttribute('aria-label'), c.querySelector('.chip__text').textContent]));
    assert.deepEqual(chips, [[`Remove filter Speaker: ${speaker}`, speaker]]);
    const box = await page.$$eval('#facet-speaker input:checked', (els) => els.map((el) => el.dataset.value));
    assert.deepEqual(box, [speaker]);

    // A hostile speaker badge filters by exactly that name.
    const name = `Mallory ${SCRIPT}`;
    await page.locator('.badge--speaker', { hasText: name }).first().click();
    await page.waitForURL((u) => u.searchParams.getAll('speaker').includes(name));
    await settled(page);
    assert.deepEqual(await page.$$eval('.chip__text', (els) => els.map((e) => e.textContent)), [speaker, name]);
    assert.equal(await pageTotal(page), (await apiSearch(server.url, { q: SCRIPT, speaker: [speaker, name] })).total);
    await assertInert(page);
    await page.close();
  });

  test('the document view shows every field literally and links only http(s) URLs', async () => {
    for (const doc of HOSTILE) {
      const page = await open(docPath(doc.id));
      await page.locator('#doc-title').waitFor();
      const stored = (await apiGet(server.url, `/api/doc/${encodeURIComponent(doc.id)}`)).body;
      assert.equal(new URL(page.url()).pathname, docPath(doc.id));
      assert.equal(await page.locator('#doc-title').textContent(), doc.title, `${doc.id}: title`);
      // Chromium folds control characters in a tab title into the space around them.
      assert.equal(await page.title(), `${doc.title} — Dateline`.replace(/[\x00-\x20]+/g, ' '));
      assert.ok((await page.locator('.doc__meta').textContent()).includes(doc.source), `${doc.id}: source`);
      const links = await page.$$eval('.doc__meta a', (as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, /^https?:\/\//i.test(doc.url) ? [doc.url] : [], `${doc.id}: only an http(s) url is a link`);
      // The body's text, without the quote labels the page adds for screen readers and the eye.
      const body = await page.$eval('.doc__body', (el) => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('.visually-hidden, .quote__by').forEach((n) => n.remove());
        return [...copy.querySelectorAll('p')].map((p) => p.textContent).join('\n\n');
      });
      assert.equal(body, doc.body.split(/\n\s*\n/).map((p) => p.trim()).join('\n\n'), `${doc.id}: body`);
      const badges = await page.$$eval('.doc__facet', (rows) => Object.fromEntries(rows.map((row) => [
        row.querySelector('dt').textContent, [...row.querySelectorAll('.badge')].map((b) => b.lastChild.textContent)])));
      assert.deepEqual(badges.Speakers ?? [], stored.speakers, `${doc.id}: speaker badges`);
      assert.deepEqual(badges.Countries ?? [], stored.countries.map((c) => c.label), `${doc.id}: country badges`);
      // Extracted quotes: marked in the text and listed, as text.
      const quotes = await page.$$eval('.quote-list__item', (items) => items.map((li) => ({
        text: li.querySelector('.quote-list__text').textContent, by: li.querySelector('strong').textContent })));
      assert.deepEqual(quotes, stored.attributions.map((a) => ({ text: a.text, by: a.speaker })), `${doc.id}: quotes`);
      assert.equal(await page.locator('mark.quote[id]').count(), stored.attributions.length);
      await assertInert(page);
      await page.close();
    }
    const quoted = HOSTILE.find((d) => !d.speakers);
    const stored = (await apiGet(server.url, `/api/doc/${encodeURIComponent(quoted.id)}`)).body;
    assert.ok(stored.attributions.some((a) => a.text.includes(SCRIPT)), 'a quote of markup was extracted');
  });

  test('documents open from the list and by their percent-encoded URL, and an unknown one says so', async () => {
    const page = await open(`/?q=${WORD}`);
    await settled(page);
    for (const doc of HOSTILE) {
      const index = (await page.$$eval('.result__link', (links) => links.map((a) => a.dataset.id))).indexOf(doc.id);
      assert.ok(index >= 0, `${doc.id} is listed`);
      await page.locator('.result__link').nth(index).click();
      await page.waitForURL((u) => u.pathname === docPath(doc.id));
      await page.waitForFunction((title) => document.querySelector('#doc-title')?.textContent === title, doc.title);
      await page.reload();
      await page.waitForFunction((title) => document.querySelector('#doc-title')?.textContent === title, doc.title);
      await page.locator('.doc__back').click();
      await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('q') === WORD);
      await settled(page);
    }
    await assertInert(page);
    await page.close();

    const unknown = `no/${SCRIPT}?#%"'`;
    const missing = await open(docPath(unknown), { allowedConsole: [/status of 404.*\/api\/doc\//] });
    await missing.locator('#document [role="alert"]').waitFor();
    assert.equal(await missing.locator('#document [role="alert"] code').textContent(), unknown);
    assert.ok((await missing.locator('#document [role="alert"]').textContent()).includes(`no document with id "${unknown}"`));
    await assertInert(missing);
    await missing.close();
  });
});

