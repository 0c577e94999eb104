// The Export menu (every match of the current search as CSV or JSON Lines), "as of" the index
// revision searched, and Cite: copies the permalink with the digest of the result set.
import { h, replaceChildren } from '../dom.js';
import { filterParams, urlFromState } from '../state.js';
import { storedKey } from '../api_key.js';

const FORMATS = [['csv', 'CSV'], ['jsonl', 'JSON Lines']];

/** The /api/export parameters of a state: the search, its filters and its order. */
export function exportParams(state, extra = {}) {
  const p = filterParams(state);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  for (const [name, value] of Object.entries(extra)) p.set(name, value);
  return p;
}

// With an API key the download must carry it in a header, which a plain link cannot: the
// file is fetched and handed to the browser whole. Without one the link streams it.
async function downloadWithKey(event, link) {
  const key = storedKey();
  if (!key) return;
  event.preventDefault();
  const response = await fetch(link.href, { headers: { Authorization: `Bearer ${key}` } });
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  const a = h('a', { href: url, download: link.getAttribute('download') });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function mountExportMenu(root, core) {
  const asOf = h('span', { class: 'export__as-of', id: 'as-of' });
  const links = FORMATS.map(([format, label]) =>
    h('a', { class: 'export__link', role: 'menuitem', dataset: { format }, text: label,
             onclick: (event) => downloadWithKey(event, event.currentTarget) }));
  const menu = h('details', { class: 'export', id: 'export-menu' },
    h('summary', { class: 'export__summary', text: 'Export' }),
    h('div', { class: 'export__items', role: 'menu', 'aria-label': 'Export every match' }, links));
  const cited = h('span', { class: 'export__cited', id: 'cite-text', role: 'status' });
  const cite = h('button', { class: 'link-button export__cite', type: 'button', id: 'cite', text: 'Cite' });
  replaceChildren(root, asOf, menu, cite, cited);

  let current = null;
  core.on('search:done', ({ state, response }) => {
    current = state;
    for (const link of links) {
      const format = link.dataset.format;
      link.href = `/api/export?${exportParams(state, { format })}`;
      // The server's own file name says the same; this one is for the key path's blob.
      link.setAttribute('download', `dateline-export.${format}`);
    }
    asOf.textContent = response.updated ? `as of ${response.updated.replace('T', ' ').replace('Z', ' UTC')}` : '';
    asOf.title = `index revision ${response.revision}`;
    cited.textContent = '';
  });

  cite.addEventListener('click', async () => {
    if (!current) return;
    const headers = storedKey() ? { Authorization: `Bearer ${storedKey()}` } : {};
    const response = await fetch(`/api/export?${exportParams(current, { what: 'manifest' })}`, { headers });
    if (!response.ok) { cited.textContent = 'The set could not be cited.'; return; }
    const manifest = await response.json();
    const page = new URL(urlFromState({ ...current, page: 1, doc: null }), window.location.origin);
    page.searchParams.set('cite', `${manifest.revision}:${manifest.ids_sha256}`);
    const text = `${page} (${manifest.total} articles, index revision ${manifest.revision} of ${manifest.updated}, ` +
      `SHA-256 of the ids ${manifest.ids_sha256})`;
    try {
      await navigator.clipboard.writeText(text);
      cited.textContent = 'Copied: ';
    } catch {
      cited.textContent = 'Copy this: ';
    }
    cited.append(h('code', { class: 'export__citation', text }));
  });
}
