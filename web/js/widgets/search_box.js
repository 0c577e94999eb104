// The search box: searches as you type (debounced) and at once on Enter.
import { debounce } from '../api.js';

const TYPING_DELAY_MS = 250;

export function mountSearchBox(form, core) {
  const input = form.querySelector('input[name="q"]');
  // One back-button step per burst of typing: the first update pushes, the rest amend it.
  let typingEntry = false;

  const commitTyped = debounce((q) => {
    core.set({ q }, { history: typingEntry ? 'replace' : 'push' });
    typingEntry = true;
  }, TYPING_DELAY_MS);

  input.addEventListener('input', () => commitTyped(input.value.trim()));
  input.addEventListener('blur', () => { commitTyped.flush(); typingEntry = false; });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && input.value) {
      event.preventDefault();
      event.stopPropagation();
      input.value = '';
      commitTyped('');
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    commitTyped.cancel();
    const q = input.value.trim();
    // Enter always shows the result list, even when the query did not change.
    core.set({ q, doc: null }, { history: typingEntry ? 'replace' : 'push' });
    typingEntry = false;
  });

  core.on('state', ({ state, cause }) => {
    if (cause !== 'push' && cause !== 'replace') typingEntry = false;
    // Leave the box alone while the user types into it; otherwise mirror the state.
    if (document.activeElement !== input || cause === 'popstate' || cause === 'load') input.value = state.q;
  });
}
