// Attention over time: the current search and up to four more series (a query, a speaker or
// a country) as their share of all articles per period, or as raw counts; drawn as SVG by
// the page itself. A click on a period filters the results to it.
import { h, replaceChildren } from '../dom.js';
import { filterParams } from '../state.js';
import { storedKey } from '../api_key.js';

const MAX_SERIES = 5;
const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 44, right: 8, top: 8, bottom: 22 };

// The last day of a period that starts on `start` (YYYY-MM-DD), for the date filter.
function periodEnd(start, interval) {
  const d = new Date(`${start}T00:00:00Z`);
  if (interval === 'day') return start;
  if (interval === 'week') d.setUTCDate(d.getUTCDate() + 6);
  else if (interval === 'month') { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  else { d.setUTCFullYear(d.getUTCFullYear() + 1); d.setUTCMonth(0); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

/** `q:words`, `speaker:Name`, `country:UA`, or plain words (a query series). */
export function parseSeries(text) {
  const m = /^(q|speaker|country):(.+)$/.exec(text.trim());
  return m ? `${m[1]}:${m[2].trim()}` : `q:${text.trim()}`;
}

export function mountTimelineChart(root, core) {
  let extra = [];  // series beyond the search itself
  let raw = false;
  let last = null;  // { state, response }
  let asked = 0;

  const title = h('h2', { class: 'chart__title', id: 'timeline-title', text: 'Over time' });
  const input = h('input', { class: 'chart__input', id: 'timeline-series', type: 'text', placeholder: 'Compare: words, speaker:Name or country:UA',
                             'aria-label': 'Add a series to compare' });
  const form = h('form', { class: 'chart__form', onsubmit: (event) => {
    event.preventDefault();
    if (!input.value.trim() || extra.length >= MAX_SERIES - 1) return;
    extra = [...extra, parseSeries(input.value)];
    input.value = '';
    load(core.state);
  } }, input, h('button', { type: 'submit', class: 'chart__add', text: 'Add' }));
  const toggle = h('input', { type: 'checkbox', id: 'timeline-raw', onchange: () => { raw = toggle.checked; draw(); } });
  const legend = h('ul', { class: 'chart__legend', id: 'timeline-legend' });
  const plot = h('div', { class: 'chart__plot', id: 'timeline-plot' });
  root.setAttribute('aria-labelledby', 'timeline-title');
  replaceChildren(root, title, form, h('label', { class: 'chart__toggle' }, toggle, ' Raw counts'), legend, plot);

  async function load(state) {
    const id = ++asked;
    const p = filterParams(state);
    p.delete('undated');
    if (state.undated) { root.hidden = true; return; }
    // The search itself first (with no query, the series alone: every article is the base).
    if (extra.length && state.q) p.append('series', `q:${state.q}`);
    for (const series of extra) p.append('series', series);
    p.set('interval', 'auto');
    const headers = storedKey() ? { Authorization: `Bearer ${storedKey()}` } : {};
    try {
      const response = await fetch(`/api/timeline?${p}`, { headers });
      if (id !== asked) return;
      if (!response.ok) { root.hidden = true; return; }
      last = { state, response: await response.json() };
      root.hidden = false;
      draw();
    } catch { if (id === asked) root.hidden = true; }
  }

  function draw() {
    if (!last) return;
    const { response } = last;
    const periods = response.periods;
    const values = (i) => periods.map((p) => (raw ? p.counts[i] : p.shares[i]));
    const max = Math.max(1e-9, ...response.series.flatMap((_, i) => values(i)));
    const x = (i) => PAD.left + (periods.length <= 1 ? 0 : (i * (WIDTH - PAD.left - PAD.right)) / (periods.length - 1));
    const y = (v) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - v / max);
    const svg = h('svg', { class: 'chart__svg', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
                           'aria-label': `${raw ? 'Articles' : 'Share of all articles'} per ${response.interval}` });
    svg.append(h('text', { x: 2, y: PAD.top + 8, class: 'chart__axis', text: raw ? String(max) : `${(max * 100).toFixed(1)}%` }));
    svg.append(h('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), class: 'chart__baseline' }));
    // A column per period, under the lines, takes the click.
    const step = periods.length > 1 ? (WIDTH - PAD.left - PAD.right) / (periods.length - 1) : WIDTH - PAD.left - PAD.right;
    periods.forEach((period, i) => {
      const end = periodEnd(period.start, response.interval);
      svg.append(h('rect', { class: 'chart__period', x: x(i) - step / 2, y: PAD.top, width: step, height: HEIGHT - PAD.top - PAD.bottom,
                             dataset: { start: period.start, end, label: period.label },
                             onclick: () => core.set({ from: period.start, to: end, undated: false }) },
        h('title', { text: `${period.label}: ${response.series.map((s, k) => `${s.value || 'all'} ${period.counts[k]}`).join(', ')} of ${period.all}` })));
    });
    response.series.forEach((_, k) => {
      const points = values(k).map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      svg.append(h('path', { class: `chart__line chart__line--${k}`, d: `M${points.replaceAll(' ', ' L')}` }));
    });
    if (periods.length) {
      svg.append(h('text', { x: PAD.left, y: HEIGHT - 6, class: 'chart__axis', text: periods[0].label }));
      svg.append(h('text', { x: WIDTH - PAD.right - 60, y: HEIGHT - 6, class: 'chart__axis', text: periods[periods.length - 1].label }));
    }
    replaceChildren(plot, svg);
    replaceChildren(legend, response.series.map((s, k) => h('li', { class: `chart__key chart__key--${k}` },
      h('span', { text: `${s.kind === 'q' ? (s.value || 'all articles') : `${s.kind}: ${s.value}`} (${s.total})` }),
      k >= response.series.length - extra.length ? h('button', { type: 'button', class: 'link-button', 'aria-label': `Remove ${s.value}`, text: '×',
                                       onclick: () => { extra = extra.filter((_, j) => j !== k - (response.series.length - extra.length)); load(core.state); } }) : null)));
  }

  let lastKey = null;
  core.on('search:done', ({ state }) => {
    const key = filterParams(state).toString();
    if (key === lastKey) return;
    lastKey = key;
    load(state);
  });
}
