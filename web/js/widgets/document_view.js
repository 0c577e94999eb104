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

  // The list's place is noted as it scrolls: by the time a state opens a document the list
  // may already be hidden and the page's scroll cut to the article's shorter height.
  window.addEventListener('scroll', () => { if (!core.state.doc) listScroll = window.scrollY; }, { passive: true });
  core.on('state', ({ state, prev }) => {
    root.hidden = !state.doc;
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

  // The story's other articles (GET /api/doc's cluster), with their dates and sources.
  const storyCopies = (doc) => {
    const copies = doc.cluster?.copies ?? [];
    if (!copies.length) return null;
    const isHead = doc.cluster.head === doc.id;
    return h('section', { class: 'doc__copies', 'aria-labelledby': 'doc-copies-title' },
      h('h2', { id: 'doc-copies-title', text: `${isHead ? 'Copies of this story' : 'Other articles of this story'} (${copies.length})` }),
      h('ul', { class: 'doc__copy-list' }, copies.map((c) => h('li', { class: 'doc__copy' },
        h('a', { href: `/doc/${encodeURIComponent(c.id)}`, text: c.title || c.id,
          onclick: (event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            core.set({ doc: c.id });
          } }),
        ' · ', c.date ? h('time', { datetime: c.date, text: formatDate(c.date) }) : h('span', { text: 'Undated' }),
        c.source ? ` · ${c.source}` : '',
        c.id === doc.cluster.head ? ' · first published' : ''))));
  };

  core.on('doc:done', ({ doc }) => {
    const quotes = (doc.attributions ?? []).map((a, i) => ({ ...a, n: i + 1 }));
    const titleQuotes = quotes.filter((a) => a.field === 'title');
    const bodyQuotes = quotes.filter((a) => a.field !== 'title');
    const title = doc.title || doc.id;
    // The query's matches, numbered in reading order: the title's first, then the body's.
    const titleHits = hitRanges(title, doc.matches?.title ?? [], 0);
    const bodyHits = hitRanges(doc.body ?? '', doc.matches?.body ?? [], titleHits.length);
    const source = [doc.source, safeUrl(doc.url) ? h('a', { href: doc.url, rel: 'noopener noreferrer', class: 'doc__url',
      'aria-label': `Original article: ${title}`, text: 'Original article ↗' }) : null].filter(Boolean);
    const permalink = new URL(`/doc/${encodeURIComponent(doc.id)}`, window.location.href).href;

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
        h('h1', { class: 'doc__title', id: 'doc-title', tabindex: '-1' }, ...markQuotes(title, titleQuotes, titleHits)),
        facets,
        h('p', { class: 'doc__permalink' }, 'Permalink: ', h('a', { href: permalink, text: permalink })),
        safeUrl(doc.url) ? h('p', { class: 'doc__print-url' }, 'Original: ', h('span', { text: doc.url })) : null),
      storyCopies(doc),
      hitNavigation(titleHits.length + bodyHits.length),
      h('div', { class: 'doc__body' }, paragraphs(doc.body ?? '', bodyQuotes, bodyHits)),
      quotes.length ? h('section', { class: 'doc__quotes', 'aria-labelledby': 'doc-quotes-title' },
        h('h2', { id: 'doc-quotes-title', text: `Quotes (${quotes.length})` }),
        h('ol', { class: 'quote-list' }, quotes.map((q) => h('li', { class: 'quote-list__item', id: `quote-list-${q.n}` },
          h('blockquote', { class: 'quote-list__text' }, h('p', { text: q.text })),
          h('p', { class: 'quote-list__by' }, '— ', h('strong', { text: q.speaker }), q.cue ? ` (${q.cue})` : '',
            h('a', { href: `#quote-${q.n}`, class: 'quote-list__jump', onclick: (e) => { e.preventDefault(); jumpTo(q.n); },
              text: q.field === 'title' ? 'in the headline' : 'in the text' })))))) : null);
    replaceChildren(root, article);
    document.title = `${title} — Dateline`;
    root.querySelector('#doc-title').focus({ preventScroll: true });
  });

  // "Match 3 of 12" with previous/next; n and p do the same from the keyboard.
  let currentHit = -1;
  function hitNavigation(count) {
    currentHit = -1;
    if (!count) return null;
    const where = h('span', { class: 'doc__hits-where', 'aria-live': 'polite',
      text: `${count === 1 ? '1 match' : `${count} matches`} of “${core.state.q}”` });
    const go = (step) => {
      const marks = [...root.querySelectorAll('mark.hit')];
      currentHit = (currentHit + step + count) % count;
      for (const m of marks) m.classList.toggle('is-current', Number(m.dataset.hit) === currentHit);
      const target = marks.find((m) => Number(m.dataset.hit) === currentHit);
      target?.scrollIntoView({ block: 'center' });
      where.textContent = `Match ${currentHit + 1} of ${count}`;
    };
    hitStep = go;
    return h('div', { class: 'doc__hits', role: 'group', 'aria-label': 'Matches of the search' }, where,
      h('button', { type: 'button', class: 'button button--small doc__hits-prev', 'aria-keyshortcuts': 'p', text: '‹ Previous',
        onclick: () => go(-1) }),
      h('button', { type: 'button', class: 'button button--small doc__hits-next', 'aria-keyshortcuts': 'n', text: 'Next ›',
        onclick: () => go(1) }));
  }
  let hitStep = null;
  document.addEventListener('keydown', (event) => {
    if (!core.state.doc || root.hidden || !root.querySelector('.doc__hits') || event.defaultPrevented) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest?.('input, textarea, select, dialog')) return;
    if (event.key === 'n' || event.key === 'p') { event.preventDefault(); hitStep(event.key === 'n' ? 1 : -1); }
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

/** The server's byte ranges of the query's matches as string ranges, numbered from `first`. */
function hitRanges(text, matches, first) {
  const at = byteToIndex(text);
  return matches.map(([begin, end]) => ({ start: at(begin), stop: at(end) }))
    .filter((r) => r.stop > r.start).map((r, i) => ({ ...r, n: first + i }));
}

/** Nodes for text[from, to) with the matches of the query marked (a match split by a quote's edge keeps its number). */
function markHits(text, hits, from, to) {
  const nodes = [];
  let pos = from;
  for (const r of hits) {
    if (r.stop <= from || r.start >= to) continue;
    const s = Math.max(r.start, pos);
    const e = Math.min(r.stop, to);
    if (e <= s) continue;
    if (s > pos) nodes.push(text.slice(pos, s));
    nodes.push(h('mark', { class: 'hit', dataset: { hit: String(r.n) } }, text.slice(s, e)));
    pos = e;
  }
  if (pos < to) nodes.push(text.slice(pos, to));
  return nodes;
}

/** Nodes for text[from, to) with the quote ranges and the query's matches marked. */
function markRange(text, ranges, hits, from, to) {
  const nodes = [];
  let pos = from;
  for (const r of ranges) {
    if (r.stop <= from || r.start >= to) continue;
    const s = Math.max(r.start, from);
    const e = Math.min(r.stop, to);
    if (s > pos) nodes.push(...markHits(text, hits, pos, s));
    const first = r.start >= from;
    const last = r.stop <= to;
    // A statement holding a match of the query is the one the search found: marked more strongly.
    const matched = hits.some((hit) => hit.start < r.stop && hit.stop > r.start);
    nodes.push(h('mark', { class: matched ? 'quote quote--matched' : 'quote', id: first ? `quote-${r.n}` : null, tabindex: first ? '-1' : null,
      title: `${r.speaker}${r.cue ? ` (${r.cue})` : ''}` },
      first ? h('span', { class: 'visually-hidden', text: `Quote by ${r.speaker}: ` }) : null,
      markHits(text, hits, s, e)));
    // The speaker was announced at the start of the quote; the pill is for the eye.
    if (last) nodes.push(h('span', { class: 'quote__by', 'aria-hidden': 'true', text: r.speaker }));
    pos = e;
  }
  if (pos < to) nodes.push(...markHits(text, hits, pos, to));
  return nodes;
}

export function markQuotes(text, quotes, hits = []) {
  return markRange(text, quoteRanges(text, quotes), hits, 0, text.length);
}

// Lines of a list or a table keep their line breaks when wrapped text is reflowed.
const LIST_LINE = /^\s*([-*•–]|\d{1,3}[.)]|\([a-z0-9]{1,3}\))\s+\S/;
const TABLE_LINE = /\S( {3,}|\t)\S|\.{4,}/;

/**
 * The paragraphs of a body as [start, end, kind] ranges, and the body as shown: in
 * hard-wrapped text (most lines under 90 characters, as in the Reuters wire) the line breaks
 * inside a paragraph become spaces, which keeps every offset. Blank lines, an indented line,
 * a short line ending a sentence before it, and list and table lines end a paragraph; lists
 * and tables keep their lines. (A short line without a full stop is the wire's first line,
 * cut where its dateline stood: it goes on.)
 */
export function reflow(body) {
  const lines = [];
  for (let start = 0; start <= body.length;) {
    const nl = body.indexOf('\n', start);
    const end = nl < 0 ? body.length : nl;
    lines.push({ start, end, text: body.slice(start, end) });
    start = end + 1;
  }
  const full = lines.filter((l) => l.text.trim());
  const width = Math.max(0, ...full.map((l) => l.text.trimEnd().length));
  const wrapped = full.length >= 3 && width >= 40 &&
    full.filter((l) => l.text.trimEnd().length <= 90).length >= 0.8 * full.length;
  const blankSeparated = /\n[ \t]*\n/.test(body);
  const chars = wrapped ? [...body.split('')] : null;
  const out = [];
  let para = null;
  const close = () => { if (para) out.push(para); para = null; };
  lines.forEach((line, i) => {
    if (!line.text.trim()) { close(); return; }
    const kept = LIST_LINE.test(line.text) || TABLE_LINE.test(line.text.trim());
    const prev = lines[i - 1];
    const breaks = !wrapped ? !blankSeparated || !para
      : !para || kept || para.kind === 'line' || /^[ \t]/.test(line.text) ||
        (prev && prev.text.trimEnd().length < 0.6 * width && /[.!?:;"”’')]$/.test(prev.text.trimEnd()));
    if (breaks) {
      close();
      para = { start: line.start, end: line.end, kind: wrapped && kept ? 'line' : 'p' };
    } else {
      if (wrapped) chars[line.start - 1] = ' ';  // the '\n' before this line
      para.end = line.end;
    }
  });
  close();
  return { text: chars ? chars.join('') : body, paragraphs: out };
}

/** The body as <p> elements (see reflow), with quotes and matches marked. */
function paragraphs(body, quotes, hits) {
  const ranges = quoteRanges(body, quotes);
  const { text, paragraphs: parts } = reflow(body);
  const out = parts.map(({ start, end, kind }) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    return h('p', { class: kind === 'line' ? 'doc__line' : null }, markRange(text, ranges, hits, start + lead, end - trail));
  });
  if (!out.length) out.push(h('p', { class: 'doc__empty', text: 'This article has no text.' }));
  return out;
}
