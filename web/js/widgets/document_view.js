// The document view (/doc/{id}): full text with the quotes marked and attributed, and the
// extracted facets. Attribution offsets are UTF-8 byte offsets into the body or the title.
import { h, replaceChildren, formatDate, countryLabel } from '../dom.js';
import { urlFromState } from '../state.js';

export function mountDocumentView(root, core) {
  let listScroll = 0;

  const close = () => {
    // Opened from the list: step back so the list's history entry is reused.
    if (core.note() === 'from-list') window.history.back();
    else core.set({ doc: null });
  };

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && core.state.doc && !event.defaultPrevented) close();
  });

  core.on('state', ({ state, prev }) => {
    root.hidden = !state.doc;
    if (state.doc && !prev?.doc) listScroll = window.scrollY;
    if (!state.doc && prev?.doc) requestAnimationFrame(() => window.scrollTo(0, listScroll));
  });

  core.on('doc:start', () => {
    replaceChildren(root, h('div', { class: 'state state--loading', role: 'status' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading the article…'));
    window.scrollTo(0, 0);
  });

  core.on('doc:error', ({ id, error }) => {
    replaceChildren(root, backLink(), h('div', { class: 'state state--error', role: 'alert' },
      h('h1', { class: 'state__title', tabindex: '-1', text: error.status === 404 ? 'Article not found' : 'The article could not be loaded' }),
      h('p', { class: 'state__text', text: error.message }),
      h('p', { class: 'state__text' }, 'Requested id: ', h('code', { text: id }))));
    root.querySelector('h1').focus();
  });

  core.on('doc:done', ({ doc }) => {
    const quotes = (doc.attributions ?? []).map((a, i) => ({ ...a, n: i + 1 }));
    const titleQuotes = quotes.filter((a) => a.field === 'title');
    const bodyQuotes = quotes.filter((a) => a.field !== 'title');
    const source = [doc.source, safeUrl(doc.url) ? h('a', { href: doc.url, rel: 'noopener noreferrer', text: 'Original article ↗' }) : null].filter(Boolean);

    const facets = h('dl', { class: 'doc__facets' },
      facetRow('Speakers', doc.speakers.map((s) => facetButton('speaker', s, [h('span', { text: s })]))),
      facetRow('Countries', doc.countries.map((c) => facetButton('country', c.code, countryLabel(c)))),
      facetRow('Dates mentioned', (doc.mentioned_dates ?? []).map((d) => h('time', { class: 'badge badge--static', datetime: d, text: formatDate(d) }))));

    const article = h('article', { class: 'doc', 'aria-labelledby': 'doc-title' },
      backLink(),
      h('header', { class: 'doc__header' },
        h('p', { class: 'doc__meta' },
          doc.date ? h('time', { datetime: doc.date, text: formatDate(doc.date) }) : h('span', { text: 'Undated' }),
          ...source.flatMap((s) => [h('span', { class: 'doc__sep', 'aria-hidden': 'true', text: '·' }), s])),
        h('h1', { class: 'doc__title', id: 'doc-title', tabindex: '-1' }, ...markQuotes(doc.title || doc.id, titleQuotes)),
        facets),
      h('div', { class: 'doc__body' }, paragraphs(doc.body ?? '', bodyQuotes)),
      quotes.length ? h('section', { class: 'doc__quotes', 'aria-labelledby': 'doc-quotes-title' },
        h('h2', { id: 'doc-quotes-title', text: `Quotes (${quotes.length})` }),
        h('ol', { class: 'quote-list' }, quotes.map((q) => h('li', { class: 'quote-list__item', id: `quote-list-${q.n}` },
          h('blockquote', { class: 'quote-list__text' }, h('p', { text: q.text })),
          h('p', { class: 'quote-list__by' }, '— ', h('strong', { text: q.speaker }), q.cue ? ` (${q.cue})` : '',
            h('a', { href: `#quote-${q.n}`, class: 'quote-list__jump', onclick: (e) => { e.preventDefault(); jumpTo(q.n); },
              text: q.field === 'title' ? 'in the headline' : 'in the text' })))))) : null);
    replaceChildren(root, article);
    document.title = `${doc.title || doc.id} — Dateline`;
    root.querySelector('#doc-title').focus({ preventScroll: true });
  });

  core.on('state', ({ state }) => { if (!state.doc) document.title = 'Dateline — news archive search'; });

  function backLink() {
    return h('a', { class: 'doc__back', href: urlFromState(core.state, { doc: null }),
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        close();
      } }, '← Back to results');
  }

  function facetRow(name, items) {
    if (!items.length) return null;
    return h('div', { class: 'doc__facet' }, h('dt', { text: name }),
      h('dd', {}, h('ul', { class: 'badges' }, items.map((i) => h('li', {}, i)))));
  }

  function facetButton(facet, value, content) {
    return h('button', { type: 'button', class: `badge badge--${facet}`, title: `Show articles with this ${facet}`,
      onclick: () => core.set({ [facet]: [value], doc: null }) }, content);
  }

  function jumpTo(n) {
    const mark = root.querySelector(`#quote-${n}`);
    if (!mark) return;
    mark.scrollIntoView({ block: 'center' });
    mark.focus({ preventScroll: true });
  }
}

function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

/** Maps UTF-8 byte offsets of `text` to string (UTF-16) indexes. */
export function byteToIndex(text) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  return (offset) => decoder.decode(bytes.subarray(0, Math.max(0, Math.min(offset, bytes.length)))).length;
}

/** The quotes as non-overlapping string ranges, in order. */
function quoteRanges(text, quotes) {
  const at = byteToIndex(text);
  const ranges = quotes.map((q) => ({ ...q, start: at(q.begin), stop: at(q.end) }))
    .filter((r) => r.stop > r.start)
    .sort((a, b) => a.start - b.start);
  const kept = [];
  for (const r of ranges) if (!kept.length || r.start >= kept[kept.length - 1].stop) kept.push(r);
  return kept;
}

/** Nodes for text[from, to) with the quote ranges marked. */
function markRange(text, ranges, from, to) {
  const nodes = [];
  let pos = from;
  for (const r of ranges) {
    if (r.stop <= from || r.start >= to) continue;
    const s = Math.max(r.start, from);
    const e = Math.min(r.stop, to);
    if (s > pos) nodes.push(text.slice(pos, s));
    const first = r.start >= from;
    const last = r.stop <= to;
    nodes.push(h('mark', { class: 'quote', id: first ? `quote-${r.n}` : null, tabindex: first ? '-1' : null,
      title: `${r.speaker}${r.cue ? ` (${r.cue})` : ''}` },
      first ? h('span', { class: 'visually-hidden', text: `Quote by ${r.speaker}: ` }) : null,
      text.slice(s, e)));
    // The speaker was announced at the start of the quote; the pill is for the eye.
    if (last) nodes.push(h('span', { class: 'quote__by', 'aria-hidden': 'true', text: r.speaker }));
    pos = e;
  }
  if (pos < to) nodes.push(text.slice(pos, to));
  return nodes;
}

export function markQuotes(text, quotes) {
  return markRange(text, quoteRanges(text, quotes), 0, text.length);
}

/** The body as <p> elements (split on blank lines, or on single newlines if it has none). */
function paragraphs(body, quotes) {
  const ranges = quoteRanges(body, quotes);
  const separator = /\n[ \t]*\n/.test(body) ? /\n\s*\n/g : /\n+/g;
  const out = [];
  let start = 0;
  const push = (end) => {
    const raw = body.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    if (raw.trim()) out.push(h('p', {}, markRange(body, ranges, start + lead, end - trail)));
  };
  for (const m of body.matchAll(separator)) { push(m.index); start = m.index + m[0].length; }
  push(body.length);
  if (!out.length) out.push(h('p', { class: 'doc__empty', text: 'This article has no text.' }));
  return out;
}
