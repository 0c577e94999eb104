// A checkbox facet (speaker or country): live counts, "show more", a filter box that asks
// the facet value search endpoint, and selected values that always stay visible.
import { STALE, debounce, ApiError } from '../api.js';
import { filterParams } from '../state.js';
import { h, replaceChildren, countryLabel, formatCount } from '../dom.js';

const FILTER_DELAY_MS = 200;

export function mountFacetList(section, core, { facet, title, noun }) {
  const titleId = `facet-${facet}-title`;
  const inputId = `facet-${facet}-filter`;
  const listId = `facet-${facet}-values`;
  const heading = h('h2', { class: 'facet__title', id: titleId }, title,
    h('span', { class: 'facet__distinct' }));
  const filterInput = h('input', { class: 'facet__filter', id: inputId, type: 'search', autocomplete: 'off',
    spellcheck: 'false', placeholder: `Find a ${noun}…`, 'aria-controls': listId });
  const list = h('ul', { class: 'facet__values', id: listId, role: 'group', 'aria-labelledby': titleId });
  const message = h('p', { class: 'facet__message', role: 'status' });
  const more = h('button', { class: 'facet__more link-button', type: 'button', 'aria-controls': listId });
  section.append(heading,
    h('div', { class: 'facet__search' },
      h('label', { class: 'visually-hidden', for: inputId, text: `Filter ${title.toLowerCase()} values` }), filterInput),
    list, message, more);

  let response = null;          // the last search response
  let found = null;             // values from the filter box, or null when it is empty
  let filterError = '';

  const selection = () => core.state[facet];
  const toggle = (value, on) => {
    const current = selection();
    core.set({ [facet]: on ? [...current, value] : current.filter((v) => v !== value) });
  };

  const visibleValues = () => {
    const all = response?.facets?.[facet] ?? [];
    const expanded = core.state.more.includes(facet);
    let shown = found ?? all.slice(0, expanded ? core.facetSize.more : core.facetSize.normal);
    // Selected values stay in view (first), whatever the filter box or the cut says.
    const chosen = selection().filter((v) => !shown.some((s) => s.value === v)).map((v) =>
      all.find((a) => a.value === v) ?? { value: v, count: 0, label: v, flag: '' });
    shown = [...chosen, ...shown];
    return shown.map((v) => ({ ...v, selected: selection().includes(v.value) }));
  };

  const render = () => {
    const focusedValue = section.contains(document.activeElement) ? document.activeElement.dataset?.value : undefined;
    const values = visibleValues();
    const distinct = response?.facet_info?.[facet]?.distinct ?? 0;
    heading.lastChild.textContent = distinct ? ` ${formatCount(distinct)}` : '';

    replaceChildren(list, values.map((v, i) => {
      const id = `facet-${facet}-${i}`;
      const box = h('input', { type: 'checkbox', id, class: 'facet__checkbox', checked: v.selected,
        dataset: { value: v.value }, onchange: (event) => toggle(v.value, event.target.checked) });
      const name = facet === 'country' ? countryLabel(v) : [h('span', { text: v.value })];
      return h('li', { class: `facet__value${v.selected ? ' is-selected' : ''}` },
        box,
        h('label', { for: id, class: 'facet__label' },
          h('span', { class: 'facet__name' }, name),
          h('span', { class: 'facet__count' }, formatCount(v.count),
            h('span', { class: 'visually-hidden', text: v.count === 1 ? ' article' : ' articles' }))));
    }));
    if (focusedValue !== undefined) {
      const again = [...list.querySelectorAll('input')].find((el) => el.dataset.value === focusedValue);
      again?.focus();
    }

    if (filterError) message.textContent = filterError;
    else if (found && !values.length) message.textContent = `No ${noun} matches “${filterInput.value.trim()}”.`;
    else if (!found && response && !values.length) message.textContent = `No ${noun} in these results.`;
    else message.textContent = '';

    const expanded = core.state.more.includes(facet);
    const canMore = !found && (expanded || distinct > core.facetSize.normal);
    more.hidden = !canMore;
    more.setAttribute('aria-expanded', String(expanded));
    more.textContent = expanded ? 'Show fewer' : `Show more (${formatCount(distinct - core.facetSize.normal)})`;
  };

  more.addEventListener('click', () => {
    const current = core.state.more;
    core.set({ more: current.includes(facet) ? current.filter((f) => f !== facet) : [...current, facet] },
             { history: 'replace' });
  });

  const searchValues = debounce(async (prefix) => {
    if (!prefix) { found = null; filterError = ''; render(); return; }
    const params = filterParams(core.state);
    params.set('facet_size', String(core.facetSize.more));
    try {
      const answer = await core.services.api.facetValues(facet, prefix, params);
      if (answer === STALE || filterInput.value.trim() !== prefix) return;
      found = answer.values;
      filterError = '';
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && /no such endpoint/.test(error.message)) {
        // An older server without /api/facets: filter the values already loaded.
        found = localMatches(response?.facets?.[facet] ?? [], prefix);
        filterError = '';
      } else {
        found = [];
        filterError = `Could not search the ${noun} values: ${error.message}`;
      }
    }
    render();
  }, FILTER_DELAY_MS);

  filterInput.addEventListener('input', () => searchValues(filterInput.value.trim()));
  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && filterInput.value) {
      event.stopPropagation();
      filterInput.value = '';
      searchValues('');
    }
  });

  core.on('search:done', ({ response: r }) => {
    response = r;
    // The counts changed: refresh the filter box's answer too.
    if (filterInput.value.trim()) searchValues(filterInput.value.trim());
    render();
  });
  core.on('search:error', () => render());
}

function localMatches(values, prefix) {
  const wanted = fold(prefix);
  return values.filter((v) => fold(`${v.value} ${v.label ?? ''}`).split(/[\s\-'’.]+/).some((w) => w.startsWith(wanted)));
}

function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
