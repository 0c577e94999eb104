// The status line (result count, loading; the time taken beside it, outside the live region so
// that a screen reader announces the count only) and the notices ("Did you mean", warnings).
import { h, plural, replaceChildren } from '../dom.js';
import { isUserError } from '../api.js';

export function mountStatus(status, time, notice, core) {
  let slowTimer = null;
  const countSwitch = h('span', { class: 'status__switch' });
  time.after(countSwitch);

  core.on('search:start', () => {
    clearTimeout(slowTimer);
    // Only a search that takes a moment says so, to avoid flicker on fast answers.
    slowTimer = setTimeout(() => { status.classList.add('is-loading'); status.textContent = 'Searching…'; }, 150);
    document.body.classList.add('is-searching');
  });

  const settle = () => {
    clearTimeout(slowTimer);
    status.classList.remove('is-loading');
    document.body.classList.remove('is-searching');
  };

  core.on('search:done', ({ state, response }) => {
    settle();
    const what = state.q ? [' for ', h('q', { class: 'status__query', text: state.q })] : [' in the archive'];
    // Collapsed pages hold stories: their number pages the list.
    const listed = response.collapse ? response.stories : response.total;
    const pages = response.size ? Math.ceil(listed / response.size) : 0;
    const stories = state.count === 'stories';
    replaceChildren(status,
      h('strong', { class: 'status__count', 'data-total': response.total,
                    text: stories ? plural(response.total, 'story', 'stories') : plural(response.total, 'article') }),
      ...what,
      !stories && response.stories !== response.total
        ? h('span', { class: 'status__stories', text: ` (${plural(response.stories, 'story', 'stories')})` }) : null,
      pages > 1 ? h('span', { class: 'status__page', text: ` · page ${response.page} of ${pages}` }) : null);
    // The count switch: totals and facets by articles or by stories (copies counted once).
    replaceChildren(countSwitch, h('button', { type: 'button', class: 'button button--small count-switch',
      'aria-pressed': String(stories), title: 'Count a story and its copies once in the total and the facets',
      text: 'Count stories', onclick: () => core.set({ count: stories ? 'articles' : 'stories' }) }));
    time.textContent = ` · ${formatMs(response.took_ms)}`;

    const items = [];
    if (response.suggestion) {
      items.push(h('p', { class: 'notice__item notice__item--suggest' }, 'Did you mean ',
        h('a', { class: 'suggestion', href: `/?q=${encodeURIComponent(response.suggestion)}`,
                 onclick: (event) => {
                   if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                   event.preventDefault();
                   core.set({ q: response.suggestion });
                 } }, h('em', { text: response.suggestion })), '?'));
    }
    if (response.warning) items.push(h('p', { class: 'notice__item notice__item--warning', text: response.warning }));
    replaceChildren(notice, items);
  });

  core.on('search:error', ({ error }) => {
    settle();
    time.textContent = '';
    // The search box says what to change in a query the server refused.
    replaceChildren(status, isUserError(error) ? h('span', { class: 'status__guidance', text: 'No search: the query needs a change' })
                                               : h('span', { class: 'status__error', text: 'The search failed' }));
    replaceChildren(notice);
  });
}

function formatMs(ms) {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}
