// The active filters as removable chips, and "Clear all": those chosen with the mouse and
// those written in the query (speaker:, country:, date:), which a click takes out of the query.
import { h, replaceChildren, formatDate, canDrawFlags } from '../dom.js';

const KINDS = { speaker: 'Speaker', country: 'Country', date: 'Date' };
// A field filter of the query language: field:word or field:"words", not inside a phrase.
const QUERY_FILTER = /(^|[\s(])([+-]?)(speaker|country|date):("[^"]*"?|[^\s()"]+)/gi;

/** The field filters written in a query, each with its place: [{field, value, start, end}]. */
export function queryFilters(q) {
  const out = [];
  let inPhrase = false;
  let scanned = 0;
  for (const m of q.matchAll(QUERY_FILTER)) {
    for (const ch of q.slice(scanned, m.index + m[1].length)) if (ch === '"') inPhrase = !inPhrase;
    scanned = m.index + m[0].length;
    if (inPhrase || m[2] === '-') continue;  // a negated filter excludes: it is no chip
    const value = m[4].replace(/^"|"$/g, '').trim();
    if (value) out.push({ field: m[3].toLowerCase(), value, start: m.index + m[1].length, end: scanned });
  }
  return out;
}

/** The query without one of its filters, spaces tidied. */
function withoutFilter(q, filter) {
  return `${q.slice(0, filter.start)} ${q.slice(filter.end)}`.replace(/\s+/g, ' ').trim();
}

export function mountChips(root, core) {
  let countries = new Map();  // code -> {label, flag}, learned from responses

  const render = () => {
    const s = core.state;
    const chips = [
      ...s.speaker.map((v) => ({ kind: 'Speaker', text: v, key: `speaker:${v}`, remove: { speaker: s.speaker.filter((x) => x !== v) } })),
      ...s.country.map((v) => {
        const c = countries.get(v);
        return { kind: 'Country', text: c ? c.label : v, flag: c?.flag, code: v, key: `country:${v}`, remove: { country: s.country.filter((x) => x !== v) } };
      }),
    ];
    if (s.from || s.to) chips.push({ kind: 'Date', text: rangeText(s.from, s.to), key: 'date', remove: { from: '', to: '' } });
    if (s.undated) chips.push({ kind: 'Date', text: 'Undated', key: 'undated', remove: { undated: false } });
    for (const f of queryFilters(s.q)) {
      chips.push({ kind: KINDS[f.field], text: f.value, key: `q:${f.start}`, inQuery: true,
        remove: { q: withoutFilter(s.q, f) } });
    }

    const focusedIndex = [...root.querySelectorAll('.chip')].indexOf(document.activeElement);
    if (!chips.length) { replaceChildren(root); root.hidden = true; return; }
    root.hidden = false;
    const buttons = chips.map((chip) => h('button', {
      type: 'button', class: chip.inQuery ? 'chip chip--query' : 'chip', dataset: { key: chip.key },
      'aria-label': chip.inQuery ? `Remove from the query ${chip.kind}: ${chip.text}` : `Remove filter ${chip.kind}: ${chip.text}`,
      title: chip.inQuery ? 'Written in the query; removing it edits the query' : null,
      onclick: () => core.set(chip.remove) },
      h('span', { class: 'chip__kind', text: chip.inQuery ? `${chip.kind} (query)` : chip.kind }),
      chip.kind === 'Country' && !chip.inQuery ? h('span', { class: canDrawFlags() && chip.flag ? 'flag' : 'flag flag--code', 'aria-hidden': 'true',
        text: canDrawFlags() && chip.flag ? chip.flag : chip.code }) : null,
      h('span', { class: 'chip__text', text: chip.text }),
      h('svg', { class: 'chip__x', viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' }, h('path', { d: 'M4 4l8 8M12 4l-8 8' }))));
    const clearQuery = (q) => queryFilters(q).reverse().reduce((text, f) => withoutFilter(text, f), q);
    replaceChildren(root,
      h('h2', { class: 'visually-hidden', id: 'chips-title', text: 'Active filters' }),
      h('ul', { class: 'chips__list', 'aria-labelledby': 'chips-title' }, buttons.map((b) => h('li', {}, b))),
      h('button', { type: 'button', class: 'link-button chips__clear', text: 'Clear all',
        onclick: () => core.set({ speaker: [], country: [], from: '', to: '', undated: false, q: clearQuery(s.q) }) }));
    // Keep keyboard users in the chip row after removing one.
    if (focusedIndex >= 0) (buttons[Math.min(focusedIndex, buttons.length - 1)]).focus();
  };

  core.on('state', render);
  core.on('search:done', ({ response }) => {
    for (const v of response.facets?.country ?? []) countries.set(v.value, { label: v.label, flag: v.flag });
    for (const r of response.results ?? []) for (const c of r.countries) countries.set(c.code, c);
    render();
  });
}

function rangeText(from, to) {
  if (from && from === to) return formatDate(from);
  if (from && to) return `${formatDate(from)} – ${formatDate(to)}`;
  return from ? `from ${formatDate(from)}` : `until ${formatDate(to)}`;
}
