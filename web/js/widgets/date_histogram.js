// The date facet: an SVG histogram whose bars filter to their period (the same counts as a
// table on request, a way up one level after a drill-down), a typed from–to range, and
// "undated" as its own entry. Arrow keys move between bars (one tab stop).
import { h, replaceChildren, formatDate, formatCount, plural } from '../dom.js';

const DATE_RE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const WIDTH = 280;
const HEIGHT = 84;
const GAP = 2;
// The least height of a bar with articles: a year of a few articles beside one of thousands
// stays visible (its count is in the bar's label and in the table).
const MIN_BAR = 5;

export function mountDateHistogram(section, core) {
  const titleId = 'facet-date-title';
  const heading = h('h2', { class: 'facet__title', id: titleId, text: 'Date' });
  const granularityNote = h('span', { class: 'facet__distinct' });
  const tableToggle = h('button', { type: 'button', class: 'link-button histogram__table-toggle', 'aria-expanded': 'false',
    'aria-controls': 'date-table', text: 'Table' });
  const chart = h('div', { class: 'histogram' });
  const table = h('div', { class: 'histogram__table', id: 'date-table', hidden: true });
  const up = h('button', { type: 'button', class: 'link-button histogram__up', hidden: true });
  const axis = h('div', { class: 'histogram__axis', 'aria-hidden': 'true' });
  const reset = h('button', { type: 'button', class: 'link-button histogram__reset', hidden: true,
    text: 'Show all dates', onclick: () => core.set({ from: '', to: '', undated: false }) });

  const fromInput = h('input', { id: 'date-from', name: 'from', class: 'range__input', inputmode: 'numeric',
    placeholder: 'YYYY-MM', autocomplete: 'off', 'aria-describedby': 'date-range-hint' });
  const toInput = h('input', { id: 'date-to', name: 'to', class: 'range__input', inputmode: 'numeric',
    placeholder: 'YYYY-MM', autocomplete: 'off', 'aria-describedby': 'date-range-hint' });
  const rangeError = h('p', { class: 'range__error', id: 'date-range-error', role: 'alert' });
  const form = h('form', { class: 'range', 'aria-label': 'Date range' },
    h('div', { class: 'range__fields' },
      h('div', { class: 'range__field' }, h('label', { for: 'date-from', text: 'From' }), fromInput),
      h('span', { class: 'range__dash', 'aria-hidden': 'true', text: '–' }),
      h('div', { class: 'range__field' }, h('label', { for: 'date-to', text: 'To' }), toInput),
      h('button', { type: 'submit', class: 'button button--small', text: 'Apply' })),
    h('p', { class: 'range__hint', id: 'date-range-hint', text: 'YYYY, YYYY-MM or YYYY-MM-DD' }),
    rangeError);
  const undatedBox = h('input', { type: 'checkbox', id: 'date-undated', class: 'facet__checkbox',
    onchange: (event) => core.set({ undated: event.target.checked, from: '', to: '' }) });
  const undatedCount = h('span', { class: 'facet__count' });
  const undatedRow = h('div', { class: 'facet__value facet__value--undated' }, undatedBox,
    h('label', { for: 'date-undated', class: 'facet__label' }, h('span', { class: 'facet__name', text: 'Undated' }), undatedCount));

  section.append(h('div', { class: 'facet__head' }, heading, granularityNote, tableToggle), chart, axis, table,
    h('div', { class: 'histogram__nav' }, up, reset), form, undatedRow);

  tableToggle.addEventListener('click', () => {
    const open = tableToggle.getAttribute('aria-expanded') !== 'true';
    tableToggle.setAttribute('aria-expanded', String(open));
    table.hidden = !open;
  });
  up.addEventListener('click', () => {
    const parent = parentPeriod(core.state.from);
    core.set(parent ? { from: parent, to: parent, undated: false } : { from: '', to: '', undated: false });
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const from = fromInput.value.trim();
    const to = toInput.value.trim();
    const bad = [[from, fromInput], [to, toInput]].filter(([v]) => v && !DATE_RE.test(v));
    for (const [, input] of [[from, fromInput], [to, toInput]]) input.removeAttribute('aria-invalid');
    if (bad.length) {
      for (const [, input] of bad) input.setAttribute('aria-invalid', 'true');
      rangeError.textContent = `“${bad[0][0]}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.`;
      bad[0][1].focus();
      return;
    }
    if (from && to && endOf(to) < startOf(from)) {
      toInput.setAttribute('aria-invalid', 'true');
      rangeError.textContent = 'The range ends before it starts.';
      toInput.focus();
      return;
    }
    rangeError.textContent = '';
    core.set({ from, to, undated: false });
  });

  core.on('state', ({ state }) => {
    if (document.activeElement !== fromInput) fromInput.value = state.from;
    if (document.activeElement !== toInput) toInput.value = state.to;
    undatedBox.checked = state.undated;
    reset.hidden = !(state.from || state.to);
    // A drill-down (one bar's period) goes up one level: day → month → year → all dates.
    const drilled = state.from && state.from === state.to;
    up.hidden = !drilled;
    if (drilled) {
      const parent = parentPeriod(state.from);
      up.textContent = parent ? `↑ Up to ${formatDate(parent)}` : '↑ Up to all dates';
    }
  });

  core.on('search:error', () => {
    granularityNote.textContent = '';
    tableToggle.hidden = true;
    undatedCount.textContent = '';
    replaceChildren(chart);
    replaceChildren(axis);
    replaceChildren(table);
  });

  core.on('search:done', ({ state, response }) => {
    const buckets = (response.facets?.date ?? []).filter((b) => b.value !== 'undated');
    const undated = (response.facets?.date ?? []).find((b) => b.value === 'undated');
    const granularity = response.facet_info?.date?.granularity ?? 'month';
    granularityNote.textContent = buckets.length ? `by ${granularity}` : '';
    tableToggle.hidden = !buckets.length;
    undatedCount.textContent = formatCount(undated?.count ?? 0);
    undatedRow.classList.toggle('is-selected', state.undated);
    renderBars(buckets, state, granularity);
    renderTable(buckets, granularity);
  });

  function renderTable(buckets, granularity) {
    if (!buckets.length) { replaceChildren(table); return; }
    replaceChildren(table, h('table', {},
      h('caption', { class: 'visually-hidden', text: `Articles by ${granularity}` }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: cap(granularity) }), h('th', { scope: 'col', text: 'Articles' }))),
      h('tbody', {}, buckets.map((b) => h('tr', { dataset: { value: b.value } },
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link-button', text: formatDate(b.value),
          'aria-label': `Filter to ${formatDate(b.value)}`, onclick: () => choose(b.value) })),
        h('td', { class: 'histogram__count', text: formatCount(b.count) }))))));
  }

  function renderBars(buckets, state, granularity) {
    const focused = chart.contains(document.activeElement) ? document.activeElement.dataset.value : null;
    if (!buckets.length) {
      replaceChildren(chart, h('p', { class: 'facet__message', text: state.undated ? 'Showing undated articles only.' : 'No dated articles in these results.' }));
      replaceChildren(axis);
      return;
    }
    const max = Math.max(...buckets.map((b) => b.count), 1);
    const slots = withGaps(buckets);
    const slot = WIDTH / slots.length;
    // Few buckets get slim bars centred in their slots rather than one wide block.
    const barWidth = Math.min(Math.max(slot - GAP, 1), 28);
    const inset = (slot - barWidth) / 2;
    const ranged = Boolean(state.from || state.to);
    const svg = h('svg', { class: 'histogram__svg', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none',
      role: 'group', 'aria-label': `Articles by ${granularity}; choose a bar to filter to that ${granularity}` });
    // Empty periods keep their place on the time axis but are not bars one can choose.
    slots.forEach((bucket, i) => {
      if (bucket.count === 0) svg.append(h('rect', { class: 'histogram__empty', x: i * slot + inset, y: HEIGHT - 1, width: barWidth, height: 1 }));
    });
    const bars = slots.map((bucket, i) => [bucket, i]).filter(([bucket]) => bucket.count > 0).map(([bucket, i]) => {
      const barHeight = Math.max((bucket.count / max) * (HEIGHT - 4), MIN_BAR);
      const label = `${formatDate(bucket.value)}: ${plural(bucket.count, 'article')}`;
      const current = state.from === bucket.value && state.to === bucket.value;
      // The whole slot is the hit area, so thin bars are still easy to click.
      const bar = h('g', { class: `histogram__bar${ranged ? ' is-in-range' : ''}${current ? ' is-current' : ''}`,
        role: 'button', tabindex: '-1', 'aria-label': label, 'aria-pressed': String(current),
        dataset: { value: bucket.value } },
        h('title', { text: label }),
        h('rect', { class: 'histogram__hit', x: i * slot, y: 0, width: slot, height: HEIGHT }),
        h('rect', { class: 'histogram__fill', x: i * slot + inset, y: HEIGHT - barHeight, width: barWidth, height: barHeight }));
      bar.addEventListener('click', () => choose(bucket.value));
      return bar;
    });
    bars.forEach((bar, i) => bar.addEventListener('keydown', (event) => onKey(event, i)));
    svg.append(...bars);
    const tabStop = bars.find((b) => b.dataset.value === focused) ?? bars.find((b) => b.classList.contains('is-current')) ?? bars[0];
    tabStop.setAttribute('tabindex', '0');
    replaceChildren(chart, svg);
    if (focused) tabStop.focus();
    replaceChildren(axis, h('span', { text: formatDate(buckets[0].value) }),
      buckets.length > 1 ? h('span', { text: formatDate(buckets[buckets.length - 1].value) }) : null);

    function onKey(event, i) {
      const moves = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: bars.length - 1 };
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        choose(bars[i].dataset.value);
      } else if (event.key in moves) {
        event.preventDefault();
        const next = bars[Math.min(Math.max(moves[event.key], 0), bars.length - 1)];
        for (const b of bars) b.setAttribute('tabindex', '-1');
        next.setAttribute('tabindex', '0');
        next.focus();
      }
    }
  }

  function choose(bucket) {
    core.set({ from: bucket, to: bucket, undated: false });
  }
}

/** The period one level up: "2022-03-04" → "2022-03" → "2022" → null (all dates). */
function parentPeriod(value) {
  if (value.length === 10) return value.slice(0, 7);
  if (value.length === 7) return value.slice(0, 4);
  return null;
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** The buckets with the empty periods between them filled in (count 0), if not too many. */
function withGaps(buckets) {
  const next = (value) => {
    const [y, m, d] = value.split('-').map(Number);
    if (m === undefined) return String(y + 1);
    if (d === undefined) return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  };
  const out = [];
  for (const bucket of buckets) {
    if (out.length) {
      for (let v = next(out[out.length - 1].value); v < bucket.value && out.length < 400; v = next(v)) out.push({ value: v, count: 0 });
    }
    out.push(bucket);
  }
  return out.length < 400 ? out : buckets;
}

// Comparable day numbers for the first and last day a partial date covers.
const startOf = (d) => Number(`${d}-01-01`.slice(0, 10).replaceAll('-', ''));
const endOf = (d) => Number((d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d).replaceAll('-', ''));
