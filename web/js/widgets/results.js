// The result list: highlighted title and snippet, date, speaker and country badges that
// filter when clicked; and the empty, loading and error states. Each card is one tab stop
// (its title link; arrow keys reach its badges), and j/k move between cards, Enter/o opens.
import { h, replaceChildren, markedText, formatDate, countryLabel } from '../dom.js';
import { urlFromState, filterParams } from '../state.js';
import { isUserError } from '../api.js';

export function mountResults(root, core) {
  const list = h('ol', { class: 'results__list', 'aria-label': 'Search results' });
  const message = h('div', { class: 'results__message' });
  root.append(message, list);

  core.on('search:start', () => root.setAttribute('aria-busy', 'true'));

  core.on('search:done', ({ state, response }) => {
    root.removeAttribute('aria-busy');
    replaceChildren(message);
    replaceChildren(list, response.results.map((r, index) => resultItem(r, index, state)));
    if (!response.results.length) replaceChildren(message, emptyState(state, response));
  });

  core.on('search:error', ({ error }) => {
    root.removeAttribute('aria-busy');
    replaceChildren(list);
    if (isUserError(error)) {
      // What to change is said under the search box; retrying the same query cannot help.
      replaceChildren(message, h('div', { class: 'state state--guidance' },
        h('h2', { class: 'state__title', text: 'Nothing searched yet' }),
        h('p', { class: 'state__text', text: 'Change the query as the note under the search box says.' })));
      return;
    }
    replaceChildren(message, h('div', { class: 'state state--error', role: 'alert' },
      h('h2', { class: 'state__title', text: 'The search could not be run' }),
      h('p', { class: 'state__text', text: error.message }),
      error.code ? h('p', { class: 'state__text state__code' }, 'Error code: ', h('code', { text: error.code })) : null,
      h('button', { type: 'button', class: 'button', text: 'Try again', onclick: () => core.emit('retry') })));
  });

  // Back from a document: return focus to its link in the list.
  core.on('state', ({ state, prev }) => {
    if (prev?.doc && !state.doc) {
      const link = [...list.querySelectorAll('a.result__link')].find((a) => a.dataset.id === prev.doc);
      requestAnimationFrame(() => (link ?? document.getElementById('results-region')).focus({ preventScroll: Boolean(link) }));
    }
  });

  // One tab stop per card: its title link, or the badge last reached with the arrow keys.
  const stops = (card) => [...card.querySelectorAll('.result__link, .badge, .copies__toggle')];
  const cards = () => [...list.querySelectorAll('.result__card')];
  const moveInCard = (card, to) => {
    for (const el of stops(card)) el.tabIndex = -1;
    to.tabIndex = 0;
    to.focus();
  };
  list.addEventListener('keydown', (event) => {
    const card = event.target.closest('.result__card');
    if (!card || event.altKey || event.ctrlKey || event.metaKey) return;
    const items = stops(card);
    const at = items.indexOf(event.target);
    // Left and right only: up and down still scroll the page.
    const moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: items.length - 1 };
    if (at < 0 || !(event.key in moves)) return;
    event.preventDefault();
    moveInCard(card, items[Math.min(Math.max(moves[event.key], 0), items.length - 1)]);
  });

  // j/k: next and previous result; o (or Enter on the link) opens the focused one.
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || core.state.doc) return;
    if (event.target.closest?.('input, textarea, select, dialog, [contenteditable="true"]')) return;
    const all = cards();
    if (!all.length) return;
    const current = all.findIndex((c) => c.contains(document.activeElement));
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault();
      const next = current < 0 ? 0 : Math.min(Math.max(current + (event.key === 'j' ? 1 : -1), 0), all.length - 1);
      const link = all[next].querySelector('.result__link');
      moveInCard(all[next], link);
      link.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'o' && current >= 0) {
      event.preventDefault();
      all[current].querySelector('.result__link').click();
    }
  });

  // The title's DOM id comes from the result's position, not from its document id: ids may
  // hold any characters, and no mapping of them to a DOM id can be both readable and unique.
  function resultItem(r, index, state) {
    const titleId = `result-title-${index}`;
    const link = h('a', { class: 'result__link', href: urlFromState(state, { doc: r.id }), dataset: { id: r.id },
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        core.set({ doc: r.id }, { note: 'from-list' });
      } }, r.title ? markedText(r.title) : r.id);
    const badges = [
      ...r.speakers.map((name) => badge('speaker', name, [h('span', { text: name })], state)),
      ...r.countries.map((c) => badge('country', c.code, countryLabel(c), state, c.label)),
    ];
    return h('li', { class: 'result' },
      h('article', { class: 'result__card', 'aria-labelledby': titleId },
        h('h3', { class: 'result__title', id: titleId }, link),
        h('div', { class: 'result__meta' },
          r.date ? h('time', { class: 'result__date', datetime: r.date, text: formatDate(r.date) })
                 : h('span', { class: 'result__date result__date--none', text: 'Undated' })),
        hasText(r.snippet) ? h('p', { class: 'result__snippet' }, markedText(r.snippet)) : null,
        badges.length ? h('ul', { class: 'badges', 'aria-label': 'Speakers and countries' }, badges.map((b) => h('li', {}, b))) : null,
        state.collapse !== false && r.copies > 0 ? copiesToggle(r, state) : null));
  }

  // "+N copies": the story's other matching articles, fetched when first opened (oldest first).
  function copiesToggle(r, state) {
    const label = `+${r.copies} ${r.copies === 1 ? 'copy' : 'copies'}`;
    const panel = h('ul', { class: 'copies', hidden: '' });
    let loaded = false;
    const button = h('button', { type: 'button', class: 'button button--small copies__toggle', 'aria-expanded': 'false',
      tabindex: '-1',
      title: 'Other articles of this story that match', text: label,
      onclick: async () => {
        const open = button.getAttribute('aria-expanded') !== 'true';
        button.setAttribute('aria-expanded', String(open));
        panel.hidden = !open;
        if (!open || loaded) return;
        loaded = true;
        const p = filterParams(state);
        p.set('cluster', r.cluster);
        p.set('collapse', 'false');
        p.set('sort', 'date');
        p.set('size', '100');
        try {
          const story = await core.services.api.story(p);
          replaceChildren(panel, story.results.filter((c) => c.id !== r.id).map((c) => h('li', { class: 'copies__item' },
            h('a', { class: 'copies__link', href: urlFromState(state, { doc: c.id }), dataset: { id: c.id },
              onclick: (event) => {
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                core.set({ doc: c.id }, { note: 'from-list' });
              } }, c.title ? markedText(c.title) : c.id),
            ' ', c.date ? h('time', { class: 'copies__date', datetime: c.date, text: formatDate(c.date) })
                        : h('span', { class: 'copies__date', text: 'Undated' }))));
        } catch (error) {
          loaded = false;
          replaceChildren(panel, h('li', { class: 'copies__error', text: `The copies could not be loaded: ${error.message}` }));
        }
      } });
    return h('div', { class: 'result__copies' }, button, panel);
  }

  function badge(facet, value, content, state, label = value) {
    const selected = state[facet].includes(value);
    const kind = facet === 'speaker' ? 'Speaker' : 'Country';
    return h('button', { type: 'button', class: `badge badge--${facet}`, 'aria-pressed': String(selected), tabindex: '-1',
      title: selected ? `Remove the ${kind.toLowerCase()} filter ${label}` : `Filter by ${kind.toLowerCase()}: ${label}`,
      onclick: () => core.set({ [facet]: selected ? state[facet].filter((v) => v !== value) : [...state[facet], value] }) },
      facet === 'speaker' ? h('svg', { class: 'badge__icon', viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' },
        h('path', { d: 'M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2.5 14c.6-2.6 2.8-4 5.5-4s4.9 1.4 5.5 4' })) : null,
      h('span', { class: 'visually-hidden', text: `${kind}: ` }), content);
  }

  function emptyState(state, response) {
    if (response.total > 0) {
      return h('div', { class: 'state state--empty' },
        h('h2', { class: 'state__title', text: 'No results on this page' }),
        h('p', { class: 'state__text', text: `Page ${state.page} is past the last page of results.` }),
        h('button', { type: 'button', class: 'button', text: 'Go to the first page', onclick: () => core.set({ page: 1 }) }));
    }
    const filtered = state.speaker.length || state.country.length || state.from || state.to || state.undated;
    const text = state.q
      ? `No article matches “${state.q}”${filtered ? ' with the chosen filters' : ''}.`
      : filtered ? 'No article matches the chosen filters.' : 'The archive is empty: index some articles with dateline-index.';
    return h('div', { class: 'state state--empty' },
      h('h2', { class: 'state__title', text: 'Nothing found' }),
      h('p', { class: 'state__text', text }),
      response.suggestion ? h('p', { class: 'state__text' }, 'Check the spelling, or try the suggestion above.') : null,
      filtered ? h('button', { type: 'button', class: 'button', text: 'Remove all filters',
        onclick: () => core.set({ speaker: [], country: [], from: '', to: '', undated: false }) }) : null);
  }
}

// A snippet of only an ellipsis (e.g. when browsing without a query) is left out.
const hasText = (html) => Boolean(html && html.replace(/<[^>]*>|…|\s/g, ''));
