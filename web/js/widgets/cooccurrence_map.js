// Who talks about where: a heat-map of the search's top speakers against its top countries,
// each cell the articles that have both; a click on a cell selects both values.
import { h, replaceChildren } from '../dom.js';
import { filterParams } from '../state.js';
import { storedKey } from '../api_key.js';

const SIZE = 8;

export function mountCooccurrenceMap(root, core) {
  const title = h('h2', { class: 'chart__title', id: 'cooccurrence-title', text: 'Who talks about where' });
  const grid = h('div', { class: 'heatmap', id: 'cooccurrence-grid' });
  root.setAttribute('aria-labelledby', 'cooccurrence-title');
  replaceChildren(root, title, grid);
  let asked = 0;
  let lastKey = null;

  async function load(state) {
    const id = ++asked;
    const p = filterParams(state);
    p.set('rows', 'speaker');
    p.set('cols', 'country');
    p.set('size', String(SIZE));
    const headers = storedKey() ? { Authorization: `Bearer ${storedKey()}` } : {};
    const response = await fetch(`/api/cooccurrence?${p}`, { headers });
    if (id !== asked) return;
    if (!response.ok) { root.hidden = true; return; }
    const matrix = await response.json();
    root.hidden = matrix.row_values.length === 0 || matrix.col_values.length === 0;
    const max = Math.max(1, ...matrix.counts.flat());
    const table = h('table', { class: 'heatmap__table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Speaker \\ Country' }),
        matrix.col_values.map((c) => h('th', { scope: 'col', title: c.label, text: c.value })))),
      h('tbody', {}, matrix.row_values.map((r, i) => h('tr', {},
        h('th', { scope: 'row', text: r.value }),
        matrix.col_values.map((c, j) => {
          const count = matrix.counts[i][j];
          const cell = h('button', {
            type: 'button', class: 'heatmap__cell', text: String(count),
            dataset: { speaker: r.value, country: c.value, count: String(count) },
            'aria-label': `${count} articles quoting ${r.value} about ${c.label}`,
            onclick: () => {
              const s = core.state;
              core.set({ speaker: s.speaker.includes(r.value) ? s.speaker : [...s.speaker, r.value],
                         country: s.country.includes(c.value) ? s.country : [...s.country, c.value] });
            },
          });
          // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
          cell.style.setProperty('--heat', (count / max).toFixed(3));
          return h('td', {}, cell);
        })))));
    replaceChildren(grid, table);
  }

  core.on('search:done', ({ state }) => {
    const key = filterParams(state).toString();
    if (key === lastKey) return;
    lastKey = key;
    load(state).catch(() => { root.hidden = true; });
  });
}
