// The sort order: relevance, newest first, oldest first.
import { h } from '../dom.js';

const OPTIONS = [['relevance', 'Relevance'], ['-date', 'Newest first'], ['date', 'Oldest first']];

export function mountSort(root, core) {
  const select = h('select', { id: 'sort-select', class: 'sort__select' },
    OPTIONS.map(([value, label]) => h('option', { value, text: label })));
  root.append(h('label', { class: 'sort__label', for: 'sort-select', text: 'Sort by' }), select);
  select.addEventListener('change', () => core.set({ sort: select.value }));
  core.on('state', ({ state }) => { select.value = state.sort; });
  core.on('search:done', ({ state, response }) => {
    // An empty query has no relevance to rank by: the server lists newest first.
    select.options[0].textContent = state.q || response.sort === 'relevance' ? 'Relevance' : 'Relevance (newest first)';
  });
}
