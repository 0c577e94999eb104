// Test harness for the browser tests: builds indexes with dateline-index, runs dateline-serve
// on a free loopback port, launches Debian's chromium through playwright-core, and asks the
// API directly so the tests can compare the page with it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROMIUM = '/usr/bin/chromium';
const fromRoot = (p) => (path.isAbsolute(p) ? p : path.join(REPO_ROOT, p));
export const INDEX_BIN = fromRoot(process.env.DATELINE_INDEX_BIN || 'build/indexer/dateline-index');
export const SERVE_BIN = fromRoot(process.env.DATELINE_SERVE_BIN || 'build/server/dateline-serve');
export const SHOT_DIR = path.join(fromRoot(process.env.DATELINE_BUILD_DIR || 'build'), 'e2e');

// Without these chromium waits for network services this machine does not have.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Fails with a clear message when a prerequisite is missing (never skips). */
export async function requirePrerequisites() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (install it: apt-get install -y chromium)`);
  if (!fs.existsSync(path.join(REPO_ROOT, 'tests/e2e/node_modules/playwright-core')))
    missing.push('tests/e2e/node_modules/playwright-core (install it: npm ci --prefix tests/e2e)');
  for (const bin of [INDEX_BIN, SERVE_BIN]) if (!fs.existsSync(bin)) missing.push(`${bin} (build it, or set DATELINE_INDEX_BIN / DATELINE_SERVE_BIN)`);
  if (missing.length) throw new Error(`browser tests cannot run; missing:\n  ${missing.join('\n  ')}`);
  return (await import('playwright-core')).chromium;
}

const tempDirs = [];

/** A new directory under the system's temp dir, removed by removeTempDirs(). */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dateline-e2e-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory tempDir() made in this process (call once the server stopped). */
export function removeTempDirs() {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Indexes the inputs into a new database directory and returns its path. */
export function buildIndex(name, inputs) {
  const db = path.join(tempDir(name), 'db');
  const run = spawnSync(INDEX_BIN, ['--db', db, '--quiet', ...inputs], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`dateline-index failed (${run.status}): ${run.stderr}`);
  return db;
}

// A small seeded generator (mulberry32), so every run indexes the same corpus.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SPEAKERS = ['Amara Okafor', 'Lukas Brenner', 'Sofia Marquez', 'Hiroshi Tanaka', 'Nadia Haddad',
  'Pieter de Vries', 'Ingrid Solberg', 'Rahul Mehta', 'Chloé Dubois', 'Tomasz Nowak', 'Elena Petrova',
  'Kwame Mensah', 'Zeynep Aydın', 'Liam O’Connor'];
export const COUNTRIES = ['DE', 'FR', 'NG', 'JP', 'BR', 'IN', 'NO', 'PL', 'TR', 'KE', 'NL', 'IE', 'EG'];
const TOPICS = ['ceasefire', 'election', 'budget', 'harvest', 'pipeline', 'vaccine', 'strike', 'summit'];
const VERBS = ['said', 'told reporters', 'argued', 'warned', 'insisted'];

/**
 * Writes `count` synthetic articles as JSON Lines with explicit speakers, countries and dates
 * (2021-01-01 … 2024-12-31, about one in eight undated) and returns the file path.
 */
export function generateCorpus(count = 320, seed = 20240501) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const some = (list, max) => {
    const n = 1 + Math.floor(rnd() * max);
    return [...new Set(Array.from({ length: n }, () => pick(list)))];
  };
  const lines = [];
  for (let i = 0; i < count; i++) {
    const topic = pick(TOPICS);
    const speakers = some(SPEAKERS, 3);
    const countries = some(COUNTRIES, 2);
    const undated = rnd() < 0.125;
    const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(rnd() * 1461) * 86400000).toISOString().slice(0, 10);
    const body = [
      `Officials met on the ${topic} question as talks continued in the region (${countries.join(', ')}).`,
      `"We expect progress on the ${topic} within weeks," ${speakers[0]} ${pick(VERBS)}.`,
      `Observers followed the ${topic} debate closely; item ${i} of the generated archive.`,
    ].join('\n\n');
    lines.push(JSON.stringify({ id: `gen/${String(i).padStart(4, '0')}`, title: `${cap(topic)} update ${i}: ${speakers[0]} on the ${topic}`,
      body, source: 'Generated Wire', url: `https://example.org/gen/${i}`, speakers, countries,
      ...(undated ? {} : { date: day }) }));
  }
  const file = path.join(tempDir('corpus'), 'generated.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
const cap = (s) => s[0].toUpperCase() + s.slice(1);

const FIRST_NAMES = ['Amal', 'Bruno', 'Carmen', 'Dmitri', 'Esra', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Keiko', 'Lars'];
const LAST_NAMES = ['Abadi', 'Berger', 'Castillo', 'Demir', 'Eriksen', 'Fontaine', 'Galli', 'Horvat', 'Ivanova', 'Jensen',
  'Kowalski', 'Lindqvist'];

/**
 * Hard-wrapped wire articles of 1987 in the Reuters manner: lines of about 65 characters,
 * paragraphs marked by indentation, a table and a list that keep their lines, a quote across
 * a line break, capitals, possessives ("OPEC's") and accents ("Zürich").
 */
export const WIRE = [
  {
    id: 'wire/opec-zurich',
    title: "OPEC's ministers keep output ceiling after Zürich talks",
    body: [
      '    ZURICH, March 3 - The Organization of Petroleum Exporting',
      "Countries kept its output ceiling on Monday, OPEC's ministers",
      'said after two days of talks in Zürich with Kuwait and Saudi',
      'Arabia at the table.',
      '    "We will not cut output this year, whatever the market',
      'says," said Ahmed Yamani, the Saudi oil minister.',
      '    The ceilings agreed were:',
      '    Saudi Arabia    4.35 mln bpd',
      '    Kuwait          0.95 mln bpd',
      '    Venezuela       1.57 mln bpd',
      '    Delegates listed three points for the next meeting:',
      '    - prices of the reference basket',
      '    - quotas of the Gulf producers',
      '    Kuwaiti officials said output would be reviewed in June,',
      'when OPEC meets again in Vienna.',
    ].join('\n'),
    source: 'Reuters', url: 'https://example.org/wire/opec-zurich', countries: ['KW', 'SA', 'CH'], date: '1987-03-03',
  },
  {
    id: 'wire/erdogan-ankara',
    title: 'Erdoğan says Ankara backs the pipeline',
    body: [
      // The wire's first line, cut short where its dateline stood.
      'Recep Erdoğan said on Tuesday that',
      'Turkey would back the pipeline to the Mediterranean, and that the',
      "country's share of the cost would be paid over ten years.",
      '    Officials in Ankara said the first oil could flow in 1989.',
    ].join('\n'),
    source: 'Reuters', url: 'https://example.org/wire/erdogan-ankara', speakers: ['Recep Erdoğan'], countries: ['TR'],
    date: '1987-06-09',
  },
];

/** The speaker found in one article only, about Iceland: beside another country it has no results. */
export const SOLO_SPEAKER = 'Solo Speaker';

/**
 * The newsroom corpus (issue 28): WIRE, and `count` harbour stories from 2015–2016, each with
 * a speaker of its own (more speakers than "Show more" shows at once), and SOLO_SPEAKER's.
 */
export function generateNewsroomCorpus(count = 140) {
  const records = [...WIRE];
  for (let i = 0; i < count; i++) {
    const speaker = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;
    const day = new Date(Date.UTC(2015, 0, 1) + ((i * 5) % 730) * 86400000).toISOString().slice(0, 10);
    records.push({ id: `harbour/${String(i).padStart(3, '0')}`, title: `Harbour report ${i}: ${speaker} on the docks`,
      body: `The harbour board met again.\n\n"The docks need dredging," ${speaker} said of story ${i}.`,
      source: 'Harbour Gazette', url: `https://example.org/harbour/${i}`, speakers: [speaker],
      countries: [['DE', 'NL', 'NO'][i % 3]], date: day });
  }
  records.push({ id: 'harbour/solo', title: 'Harbour report from Reykjavik', body: 'The harbour in Reykjavik reopened.',
    source: 'Harbour Gazette', url: 'https://example.org/harbour/solo', speakers: [SOLO_SPEAKER], countries: ['IS'],
    date: '2016-05-05' });
  const file = path.join(tempDir('newsroom'), 'newsroom.jsonl');
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

/** Starts dateline-serve on a free port, with `extraArgs` after its own; resolves to { url, stop() }. */
export async function startServer(db, extraArgs = []) {
  const child = spawn(SERVE_BIN, ['--db', db, '--port', '0', '--address', '127.0.0.1', '--web', path.join(REPO_ROOT, 'web'),
    '--poll-interval', '0', '--no-access-log', '--threads', '2', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dateline-serve did not start within 20 s: ${stderr}`)), 20000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`dateline-serve exited (${code}): ${stderr}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Launches headless chromium with a fresh profile; resolves to { context, close() }. */
export async function launchBrowser(chromium, { viewport = { width: 1280, height: 900 } } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, timeout: 60000,
  });
  context.setDefaultTimeout(15000);
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** GET /api/search straight from the test; params as an object (arrays repeat) or a string. */
export async function apiSearch(base, params) {
  const query = typeof params === 'string' ? params : toQuery(params);
  const response = await fetch(`${base}/api/search?${query}`);
  const body = await response.json();
  if (!response.ok) throw new Error(`API ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

export async function apiGet(base, pathAndQuery) {
  const response = await fetch(`${base}${pathAndQuery}`);
  return { status: response.status, body: await response.json() };
}

export function toQuery(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const item of [v].flat()) if (item !== undefined && item !== '') p.append(k, String(item));
  return p.toString();
}

export function screenshotPath(name) {
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  return path.join(SHOT_DIR, name);
}

/** Waits until the page has rendered the answer to its latest search. */
export async function settled(page) {
  await page.waitForFunction(() => !document.body.classList.contains('is-searching')
    && document.querySelector('#results')?.getAttribute('aria-busy') !== 'true'
    && document.querySelector('#status')?.textContent !== '');
}

/** A new page of `context` at `url`, settled, with its uncaught errors collected in page.errors. */
export async function openPage(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  await settled(page);
  return page;
}

/** The page's facet values as {value: count}, read from the sidebar. */
export async function pageFacet(page, facet) {
  return page.$$eval(`#facet-${facet} .facet__value`, (rows) => Object.fromEntries(rows.map((row) => [
    row.querySelector('input').dataset.value,
    Number(row.querySelector('.facet__count').firstChild.textContent.replace(/\D/g, '')),
  ])));
}

/** The API's facet values as {value: count}. */
export const apiFacet = (response, facet) => Object.fromEntries(response.facets[facet].map((v) => [v.value, v.count]));

/** The total the page shows. */
export const pageTotal = (page) => page.$eval('.status__count', (el) => Number(el.dataset.total));
