// A checkbox facet (speaker or country): live counts, "show more" in growing steps, a filter
// box that asks the facet value search endpoint, and selected values that always stay visible
// (below the values with results when they have none). Beside the first values, a sparkline
// of each one's share of all articles over the result's span, from /api/timeline (hidden when
// the timeline is refused, e.g. for want of the export scope, or the facet is filtered).
import { STALE, debounce } from '../api.js';
import { storedKey } from '../api_key.js';
import { FACET_STEPS, facetLimit, filterParams, withFacetLimit } from '../state.js';
import { h, replaceChildren, countryLabel, formatCount } from '../dom.js';

const FILTER_DELAY_MS = 200;
const SPARK_VALUES = 10;  // the timeline's limit of series
const SPARK_WIDTH = 48;
const SPARK_HEIGHT = 14;

function sparkline(shares) {
  const max = Math.max(1e-9, ...shares);
  const x = (i) => (shares.length <= 1 ? 0 : (i * SPARK_WIDTH) / (shares.length - 1));
  const y = (v) => SPARK_HEIGHT - 1 - (SPARK_HEIGHT - 2) * (v / max);
  const points = shares.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  return h('svg', { class: 'facet__spark', viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`, width: SPARK_WIDTH, height: SPARK_HEIGHT,
                    'aria-hidden': 'true', dataset: { points: String(shares.length) } },
    h('path', { d: `M${points.join(' L')}` }));
}

export function mountFacetList(section, core, { facet, title, noun }) {
  const titleId = `facet-${facet}-title`;
  const inputId = `facet-${facet}-filter`;
  const listId = `facet-${facet}-values`;
  // The count of distinct values sits beside the heading, not in it: the heading reads "Speaker".
  const heading = h('h2', { class: 'facet__title', id: titleId, text: title });
  const distinctCount = h('span', { class: 'facet__distinct' });
  const filterInput = h('input', { class: 'facet__filter', id: inputId, type: 'search', autocomplete: 'off',
    spellcheck: 'false', placeholder: `Find a ${noun}…`, 'aria-controls': listId });
  const list = h('ul', { class: 'facet__values', id: listId, role: 'group', 'aria-labelledby': titleId });
  const message = h('p', { class: 'facet__message', role: 'status' });
  const more = h('button', { class: 'facet__more link-button', type: 'button', 'aria-controls': listId });
  const fewer = h('button', { class: 'facet__fewer link-button', type: 'button', 'aria-controls': listId, text: 'Show fewer' });
  const rest = h('p', { class: 'facet__message facet__rest' });
  section.append(h('div', { class: 'facet__head' }, heading, distinctCount),
    h('div', { class: 'facet__search' },
      h('label', { class: 'visually-hidden', for: inputId, text: `Filter ${title.toLowerCase()} values` }), filterInput),
    list, message, h('div', { class: 'facet__more-row' }, more, fewer), rest);

  let response = null;          // the last search response
  let found = null;             // values from the filter box, or null when it is empty
  let filterError = '';
  let sparks = new Map();       // value -> its shares per period, of the last search
  let sparksAsked = 0;

  const selection = () => core.state[facet];
  const toggle = (value, on) => {
    const current = selection();
    core.set({ [facet]: on ? [...current, value] : current.filter((v) => v !== value) });
  };

  const visibleValues = () => {
    const all = response?.facets?.[facet] ?? [];
    let shown = found ?? all.slice(0, facetLimit(core.state, facet));
    // Selected values stay in view (first), whatever the filter box or the cut says; but one
    // without results goes below every value that has some.
    const chosen = selection().filter((v) => !shown.some((s) => s.value === v)).map((v) =>
      all.find((a) => a.value === v) ?? { value: v, count: 0, label: v, flag: '' });
    shown = [...chosen, ...shown];
    shown = [...shown.filter((v) => v.count > 0), ...shown.filter((v) => v.count === 0)];
    return shown.map((v) => ({ ...v, selected: selection().includes(v.value) }));
  };

  const render = () => {
    const focusedValue = section.contains(document.activeElement) ? document.activeElement.dataset?.value : undefined;
    const values = visibleValues();
    const distinct = response?.facet_info?.[facet]?.distinct ?? 0;
    distinctCount.textContent = distinct ? formatCount(distinct) : '';
    distinctCount.title = distinct ? `${formatCount(distinct)} ${noun} values in these results` : '';

    replaceChildren(list, values.map((v, i) => {
      const id = `facet-${facet}-${i}`;
      const box = h('input', { type: 'checkbox', id, class: 'facet__checkbox', checked: v.selected,
        dataset: { value: v.value }, onchange: (event) => toggle(v.value, event.target.checked) });
      const name = facet === 'country' ? countryLabel(v) : [h('span', { text: v.value })];
      return h('li', { class: `facet__value${v.selected ? ' is-selected' : ''}` },
        box,
        h('label', { for: id, class: 'facet__label' },
          h('span', { class: 'facet__name' }, name),
          sparks.has(v.value) ? sparkline(sparks.get(v.value)) : null,
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

    const limit = facetLimit(core.state, facet);
    const next = FACET_STEPS.find((n) => n > limit);
    const hiddenCount = Math.max(distinct - limit, 0);
    more.hidden = Boolean(found) || !hiddenCount || !next;
    more.setAttribute('aria-expanded', String(limit > FACET_STEPS[0]));
    more.textContent = hiddenCount <= next - limit ? `Show ${formatCount(hiddenCount)} more`
      : `Show ${formatCount(next - limit)} more (${formatCount(hiddenCount)} not shown)`;
    fewer.hidden = Boolean(found) || limit <= FACET_STEPS[0];
    rest.textContent = !found && hiddenCount && !next
      ? `${formatCount(hiddenCount)} more: type a name in “Find a ${noun}” above to reach them.` : '';
  };

  const setLimit = (limit) => core.set({ more: withFacetLimit(core.state.more, facet, limit) }, { history: 'replace' });
  more.addEventListener('click', () => setLimit(FACET_STEPS.find((n) => n > facetLimit(core.state, facet))));
  fewer.addEventListener('click', () => setLimit(FACET_STEPS[0]));

  const searchValues = debounce(async (prefix) => {
    if (!prefix) { found = null; filterError = ''; render(); return; }
    const params = filterParams(core.state);
    params.set('facet_size', String(FACET_STEPS[1]));
    if (core.state.typing) params.set('typing', 'true');
    try {
      const answer = await core.services.api.facetValues(facet, prefix, params);
      if (answer === STALE || filterInput.value.trim() !== prefix) return;
      found = answer.values;
      filterError = '';
    } catch (error) {
      found = [];
      filterError = `Could not search the ${noun} values: ${error.message}`;
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

  async function loadSparks(state) {
    const id = ++sparksAsked;
    sparks = new Map();
    const values = (response?.facets?.[facet] ?? []).filter((v) => v.count > 0).slice(0, SPARK_VALUES);
    if (state.undated || selection().length || !values.length) return;
    const p = filterParams(state);
    p.delete('undated');
    for (const v of values) p.append('series', `${facet}:${v.value}`);
    p.set('interval', 'auto');
    const headers = storedKey() ? { Authorization: `Bearer ${storedKey()}` } : {};
    try {
      const answer = await fetch(`/api/timeline?${p}`, { headers });
      if (id !== sparksAsked || !answer.ok) return;
      const timeline = await answer.json();
      if (id !== sparksAsked || timeline.periods.length < 2) return;
      timeline.series.forEach((series, k) => sparks.set(series.value, timeline.periods.map((period) => period.shares[k])));
      render();
    } catch { /* no sparklines: the counts stand alone */ }
  }

  core.on('search:done', ({ response: r, state }) => {
    response = r;
    loadSparks(state);
    // The counts changed: refresh the filter box's answer too.
    if (filterInput.value.trim()) searchValues(filterInput.value.trim());
    render();
  });
  // Beside a refused or failed search no counts of an earlier one are shown.
  core.on('search:error', () => { response = null; render(); });
}
