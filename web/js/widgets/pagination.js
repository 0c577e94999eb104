// Page links: previous, numbers with gaps, next. Each is a real link to the page's URL.
import { h, replaceChildren } from '../dom.js';
import { urlFromState } from '../state.js';

export function mountPagination(nav, core) {
  core.on('search:done', ({ state, response }) => {
    const pages = response.size ? Math.ceil(response.total / response.size) : 0;
    if (pages <= 1) { replaceChildren(nav); nav.hidden = true; return; }
    nav.hidden = false;
    const page = response.page;
    const link = (n, text, extra = {}) => h('a', { class: 'page', href: urlFromState({ ...state, page: n, doc: null }),
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        core.set({ page: n });
        const region = document.getElementById('results-region');
        region.focus({ preventScroll: true });
        region.scrollIntoView({ block: 'start' });
      }, ...extra }, text);
    const items = [];
    items.push(page > 1 ? link(page - 1, '‹ Previous', { rel: 'prev', class: 'page page--step' })
                        : h('span', { class: 'page page--step is-disabled', 'aria-hidden': 'true', text: '‹ Previous' }));
    for (const n of pageNumbers(page, pages)) {
      if (n === null) items.push(h('span', { class: 'page page--gap', 'aria-hidden': 'true', text: '…' }));
      else if (n === page) items.push(h('a', { class: 'page is-current', 'aria-current': 'page', href: urlFromState(state), text: String(n) }));
      else items.push(link(n, String(n), { 'aria-label': `Page ${n}` }));
    }
    items.push(page < pages ? link(page + 1, 'Next ›', { rel: 'next', class: 'page page--step' })
                            : h('span', { class: 'page page--step is-disabled', 'aria-hidden': 'true', text: 'Next ›' }));
    replaceChildren(nav, h('ul', { class: 'pagination__list' }, items.map((i) => h('li', {}, i))));
  });
  core.on('search:error', () => { replaceChildren(nav); nav.hidden = true; });
}

/** Page numbers around the current one, with null for a gap: 1 … 4 5 [6] 7 8 … 20. */
export function pageNumbers(page, pages) {
  const wanted = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out = [];
  sorted.forEach((n, i) => {
    if (i && n - sorted[i - 1] === 2) out.push(n - 1);
    else if (i && n - sorted[i - 1] > 2) out.push(null);
    out.push(n);
  });
  return out;
}
