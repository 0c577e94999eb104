// Page chrome: keyboard shortcuts, the phone-width filters toggle (closed again once a filter
// is chosen, so the results are in view), the home link, the footer.
import { plural } from '../dom.js';

export function mountChrome(doc, core) {
  const input = doc.getElementById('search-input');
  const toggle = doc.getElementById('filters-toggle');
  const toggleCount = doc.getElementById('filters-toggle-count');
  const sidebar = doc.getElementById('filters');
  const health = doc.getElementById('health');

  doc.addEventListener('keydown', (event) => {
    const typing = event.target.closest?.('input, textarea, select, [contenteditable="true"]');
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  const openFilters = (open) => {
    toggle.setAttribute('aria-expanded', String(open));
    sidebar.classList.toggle('is-open', open);
  };
  toggle.addEventListener('click', () => openFilters(toggle.getAttribute('aria-expanded') !== 'true'));
  const phone = doc.defaultView.matchMedia('(max-width: 820px)');
  const FILTERS = ['speaker', 'country', 'from', 'to', 'undated'];

  doc.querySelector('[data-action="home"]').addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    core.set({ q: '', speaker: [], country: [], from: '', to: '', undated: false, sort: 'relevance', more: [], doc: null });
    input.focus();
  });

  core.on('state', ({ state, prev, cause }) => {
    const filtered = prev && (cause === 'push' || cause === 'replace') &&
      FILTERS.some((k) => JSON.stringify(state[k]) !== JSON.stringify(prev[k]));
    if (filtered && phone.matches && sidebar.classList.contains('is-open')) {
      // A tap on a phone chose a filter: fold the panel and show the results it gives.
      openFilters(false);
      toggle.focus({ preventScroll: true });
      doc.getElementById('results-region').scrollIntoView({ block: 'start' });
    }
    const n = state.speaker.length + state.country.length + (state.from || state.to ? 1 : 0) + (state.undated ? 1 : 0);
    toggleCount.textContent = n ? `(${n})` : '';
    doc.body.classList.toggle('is-reading', Boolean(state.doc));
  });

  core.on('health', (info) => {
    health.textContent = `Dateline · ${plural(info.documents, 'article')} indexed` +
      (info.last_update ? ` · updated ${info.last_update.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC')}` : '');
  });
}
