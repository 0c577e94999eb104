// The one core object: the page state, its events, and the state <-> URL mapping.
// Widgets read `core.state`, change it with `core.set()`, and listen with `core.on()`.

export const SORTS = ['relevance', '-date', 'date'];
const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * A fresh default state; `doc` is the id of the open document or null. `typing` (not in the
 * URL) is true while the query is a keystroke search whose last word is still being typed.
 */
export function emptyState() {
  return { q: '', speaker: [], country: [], from: '', to: '', undated: false,
           sort: 'relevance', page: 1, more: [], doc: null, typing: false, count: 'articles' };
}

const unique = (values) => [...new Set(values.map((v) => v.trim()).filter(Boolean))];

// How many values a speaker or country list shows: FACET_STEPS[0] folded, then each "Show
// more" the next step. In the URL, `more=speaker` is the second step and `speaker:200` any other.
export const FACET_STEPS = [10, 50, 100, 200, 500, 1000];

/** The number of values the state shows for a facet. */
export function facetLimit(state, facet) {
  const entry = state.more.find((m) => m === facet || m.startsWith(`${facet}:`));
  if (!entry) return FACET_STEPS[0];
  return entry === facet ? FACET_STEPS[1] : Number(entry.slice(facet.length + 1));
}

/** The `more` list with a facet's limit set (the first step drops its entry). */
export function withFacetLimit(more, facet, limit) {
  const others = more.filter((m) => m !== facet && !m.startsWith(`${facet}:`));
  if (limit <= FACET_STEPS[0]) return others;
  return [...others, limit === FACET_STEPS[1] ? facet : `${facet}:${limit}`];
}

function normalMore(entries) {
  const byFacet = new Map();
  for (const entry of entries) {
    const m = /^(speaker|country)(?::(\d+))?$/.exec(entry);
    if (!m) continue;
    const limit = m[2] === undefined ? FACET_STEPS[1] : Number(m[2]);
    if (FACET_STEPS.includes(limit) && limit > FACET_STEPS[0]) byFacet.set(m[1], limit);
  }
  return [...byFacet].reduce((more, [facet, limit]) => withFacetLimit(more, facet, limit), []).sort();
}

/** Cleans a state so that equal views have equal states (and equal URLs). */
export function normalize(state) {
  const s = { ...emptyState(), ...state };
  s.q = String(s.q ?? '');
  s.speaker = unique(s.speaker);
  s.country = unique(s.country).map((c) => c.toUpperCase()).filter((c) => /^[A-Z]{2}$/.test(c));
  s.from = DATE_RE.test(s.from) ? s.from : '';
  s.to = DATE_RE.test(s.to) ? s.to : '';
  s.undated = Boolean(s.undated) && !s.from && !s.to;
  s.sort = SORTS.includes(s.sort) ? s.sort : 'relevance';
  s.page = Number.isInteger(s.page) && s.page > 0 ? s.page : 1;
  s.more = normalMore(unique(s.more));
  s.doc = s.doc || null;
  s.typing = Boolean(s.typing) && s.q !== '';
  s.count = s.count === 'stories' ? 'stories' : 'articles';
  return s;
}

/** Reads the state from a location (`/` or `/doc/{id}` plus the query string). */
export function stateFromLocation(loc) {
  const p = new URLSearchParams(loc.search);
  const state = {
    q: p.get('q') ?? '',
    speaker: p.getAll('speaker'),
    country: p.getAll('country'),
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    undated: p.get('undated') === 'true',
    sort: p.get('sort') ?? 'relevance',
    page: Number.parseInt(p.get('page') ?? '1', 10),
    more: (p.get('more') ?? '').split(','),
    count: p.get('count') ?? 'articles',
    doc: null,
  };
  if (loc.pathname.startsWith('/doc/')) {
    try { state.doc = decodeURIComponent(loc.pathname.slice(5)) || null; } catch { state.doc = null; }
  }
  return normalize(state);
}

/** The query parameters shared by the page URL and the API: the search and its filters. */
export function filterParams(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const v of state.speaker) p.append('speaker', v);
  for (const v of state.country) p.append('country', v);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.undated) p.set('undated', 'true');
  if (state.count === 'stories') p.set('count', 'stories');
  return p;
}

/** The page URL (path + query) of a state. */
export function urlFromState(state, { doc = state.doc } = {}) {
  const p = filterParams(state);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.page > 1) p.set('page', String(state.page));
  if (state.more.length) p.set('more', state.more.join(','));
  const path = doc ? '/doc/' + encodeURIComponent(doc) : '/';
  const query = p.toString();
  return query ? `${path}?${query}` : path;
}

// Changing any of these starts a new result list, so the page goes back to 1.
const RESETS_PAGE = ['q', 'speaker', 'country', 'from', 'to', 'undated', 'sort'];

export class Core {
  constructor(win = window) {
    this.win = win;
    this.listeners = new Map();
    this.state = this.#fromHistory();
    this.services = {};
    win.addEventListener('popstate', () => this.#replaceFromLocation('popstate'));
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.listeners.get(type).delete(fn);
  }

  emit(type, detail) {
    for (const fn of this.listeners.get(type) ?? []) {
      try { fn(detail); } catch (err) { console.error(`dateline: a "${type}" listener failed`, err); }
    }
  }

  /**
   * Merges a patch into the state, records it in the URL and announces it.
   * history: 'push' (a new back-button step, the default), 'replace' (amend the current one).
   * note: a string kept with the history entry (see `note()`), e.g. where a document was opened from.
   */
  set(patch, { history = 'push', note = null } = {}) {
    const prev = this.state;
    const merged = { ...prev, ...patch };
    if (RESETS_PAGE.some((k) => k in patch && !same(prev[k], patch[k]))) {
      // A new result list: back to its first page, and out of an open document.
      if (!('page' in patch)) merged.page = 1;
      if (!('doc' in patch)) merged.doc = null;
    }
    const next = normalize(merged);
    const url = urlFromState(next);
    const sameUrl = url === urlFromState(prev);
    if (sameUrl && next.typing === prev.typing) return false;
    this.state = next;
    // The typing flag lives with the history entry, not in the URL: Back shows the list that
    // was seen, and a shared link is the query as a finished one. When only the flag changed
    // (Enter on a typed query) the entry is amended, with no new back-button step.
    const entry = { note: sameUrl ? this.note() : note, typing: next.typing };
    if (history === 'replace' || sameUrl) this.win.history.replaceState(entry, '', url);
    else this.win.history.pushState(entry, '', url);
    this.emit('state', { state: next, prev, cause: history });
    return true;
  }

  /** The note kept with the current history entry, or null. */
  note() {
    return this.win.history.state?.note ?? null;
  }

  /** Announces the initial state; call once every widget listens. */
  start() {
    this.emit('state', { state: this.state, prev: null, cause: 'load' });
  }

  #fromHistory() {
    return normalize({ ...stateFromLocation(this.win.location), typing: Boolean(this.win.history.state?.typing) });
  }

  #replaceFromLocation(cause) {
    const prev = this.state;
    this.state = this.#fromHistory();
    this.emit('state', { state: this.state, prev, cause });
  }
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
