// Help: the query syntax beneath the search box (a toggle), and the keyboard shortcuts in a
// dialog that "?" opens.
export function mountHelp(doc, core) {
  const toggle = doc.getElementById('syntax-help-toggle');
  const panel = doc.getElementById('syntax-help');
  const shortcuts = doc.getElementById('shortcuts');

  const showSyntax = (open) => {
    toggle.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
  };
  toggle.addEventListener('click', () => showSyntax(panel.hidden));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { event.preventDefault(); showSyntax(false); toggle.focus(); }
  });
  toggle.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) { event.preventDefault(); showSyntax(false); }
  });

  doc.addEventListener('keydown', (event) => {
    const typing = event.target.closest?.('input, textarea, select, [contenteditable="true"]');
    if (event.key === '?' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey && !shortcuts.open) {
      event.preventDefault();
      shortcuts.showModal();
    }
  });
  // Esc closes the dialog (the browser does it); it must not also close an open article.
  shortcuts.addEventListener('keydown', (event) => { if (event.key === 'Escape') event.stopPropagation(); });

  // A new search hides the syntax table again, so that it does not cover the results.
  core.on('search:start', () => { if (doc.activeElement !== toggle && !panel.contains(doc.activeElement)) showSyntax(false); });
}
