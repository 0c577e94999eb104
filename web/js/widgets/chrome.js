// Page chrome: keyboard shortcuts, the phone-width filters toggle, the home link, the footer.
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

  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    sidebar.classList.toggle('is-open', open);
  });

  doc.querySelector('[data-action="home"]').addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    core.set({ q: '', speaker: [], country: [], from: '', to: '', undated: false, sort: 'relevance', more: [], doc: null });
    input.focus();
  });

  core.on('state', ({ state }) => {
    const n = state.speaker.length + state.country.length + (state.from || state.to ? 1 : 0) + (state.undated ? 1 : 0);
    toggleCount.textContent = n ? `(${n})` : '';
    doc.body.classList.toggle('is-reading', Boolean(state.doc));
  });

  core.on('health', (info) => {
    health.textContent = `Dateline · ${plural(info.documents, 'article')} indexed` +
      (info.last_update ? ` · updated ${info.last_update.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC')}` : '');
  });
}
