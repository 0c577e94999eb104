// The JSON API client. Each channel keeps only its newest request: every call gets an
// increasing id, an older call still in flight is aborted, and a late answer to it is dropped.
import { askForKey, forgetKey, storedKey } from './api_key.js';

/** An error reported by the server ({"error":{code,message}}) or by the network. */
export class ApiError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

/** Whether the server refused what the user wrote (400 bad_query/bad_param): guidance, not a failure. */
export function isUserError(error) {
  return error instanceof ApiError && [400, 414, 431].includes(error.status) &&
    (error.code === 'bad_query' || error.code === 'bad_param');
}

/** The error of a query longer than the server takes (`max` UTF-8 bytes), or null. */
export function queryTooLong(q, max) {
  const bytes = new TextEncoder().encode(q).length;
  if (!max || bytes <= max) return null;
  return new ApiError('bad_param', `The query is too long: ${bytes} bytes in UTF-8 (an accented letter takes two), ` +
    `and the server takes at most ${max}. Shorten it.`, 400);
}

/** Resolved value of a request that a newer one replaced. */
export const STALE = Symbol('stale');

async function send(url, signal, key) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  try {
    return await fetch(url, { signal, headers });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError('network', 'The server could not be reached. Is dateline-serve running?');
  }
}

// A 401 asks for a key, unless another call got a new one meanwhile, and tries once more.
async function sendWithKey(url, signal) {
  const key = storedKey();
  const response = await send(url, signal, key);
  if (response.status !== 401) return response;
  if (storedKey() === key) {
    if (key) forgetKey();
    const asked = await askForKey(key ? 'The API key was not accepted. API key:' : 'This server needs an API key:');
    if (!asked) return response;
  }
  const retryKey = storedKey();
  const retried = await send(url, signal, retryKey);
  if (retried.status === 401 && storedKey() === retryKey) forgetKey();  // refused: the next call asks again
  return retried;
}

async function getJson(url, signal) {
  const response = await sendWithKey(url, signal);
  // The request line is longer than the server reads (a long query, percent-encoded).
  if (response.status === 414 || response.status === 431)
    throw new ApiError('bad_param', 'The query is too long for the server: shorten it.', response.status);
  let body = null;
  try { body = await response.json(); } catch { /* reported below */ }
  if (!response.ok || body === null) {
    const e = body?.error;
    throw new ApiError(e?.code ?? 'http', e?.message ?? `The server answered ${response.status} ${response.statusText}.`,
                       response.status);
  }
  return body;
}

/** A channel where only the latest call counts: earlier calls resolve to STALE. */
export function latestOnly() {
  let lastId = 0;
  let controller = null;
  return async (url) => {
    const id = ++lastId;
    controller?.abort();
    controller = new AbortController();
    try {
      const body = await getJson(url, controller.signal);
      return id === lastId ? body : STALE;
    } catch (err) {
      if (id !== lastId || err.name === 'AbortError') return STALE;
      throw err;
    }
  };
}

/** Calls fn once no call came for `ms` milliseconds; `.flush()` runs a pending call now. */
export function debounce(fn, ms) {
  let timer = null;
  let pending = null;
  const debounced = (...args) => {
    pending = args;
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; const a = pending; pending = null; fn(...a); }, ms);
  };
  debounced.cancel = () => { clearTimeout(timer); timer = null; pending = null; };
  debounced.flush = () => { if (pending) { const a = pending; debounced.cancel(); fn(...a); } };
  return debounced;
}

export class Api {
  constructor(base = '') {
    this.base = base;
    this.searchChannel = latestOnly();
    this.docChannel = latestOnly();
    this.facetChannels = { speaker: latestOnly(), country: latestOnly() };
  }

  /** GET /api/search with URLSearchParams; resolves to the response or STALE. */
  search(params) {
    return this.searchChannel(`${this.base}/api/search?${params}`);
  }

  /** GET /api/doc/{id} (with `q`: and where the query matches); resolves to the document or STALE. */
  document(id, q = '') {
    const query = q ? `?${new URLSearchParams({ q })}` : '';
    return this.docChannel(`${this.base}/api/doc/${encodeURIComponent(id)}${query}`);
  }

  /** GET /api/facets/{facet}: the facet's values with a word starting with `prefix`. */
  facetValues(facet, prefix, params) {
    const p = new URLSearchParams(params);
    p.set('prefix', prefix);
    return this.facetChannels[facet](`${this.base}/api/facets/${facet}?${p}`);
  }

  /** GET /api/search for one story's articles (a result's "+N copies"), outside the search channel. */
  story(params) {
    return getJson(`${this.base}/api/search?${params}`);
  }

  /** GET /api/health, outside any channel. */
  health() {
    return getJson(`${this.base}/api/health`);
  }
}
