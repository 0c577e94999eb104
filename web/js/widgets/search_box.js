// The search box: searches as you type (debounced; the last word, still being typed, is sent
// with typing=true so the server also reads it as a prefix) and at once on Enter; keeps to
// the server's length limit; and shows a query the server refused as guidance beneath it.
import { debounce, isUserError } from '../api.js';

const TYPING_DELAY_MS = 250;

export function mountSearchBox(form, core) {
  const input = form.querySelector('input[name="q"]');
  const guidance = document.getElementById('search-guidance');
  // One back-button step per burst of typing: the first update pushes, the rest amend it.
  let typingEntry = false;

  const commitTyped = debounce((raw) => {
    // A word followed by a space is complete: it is searched as a word only.
    core.set({ q: raw.trim(), typing: !/\s$/.test(raw) }, { history: typingEntry ? 'replace' : 'push' });
    typingEntry = true;
  }, TYPING_DELAY_MS);

  input.addEventListener('input', () => commitTyped(input.value));
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
    core.set({ q, typing: false, doc: null }, { history: typingEntry ? 'replace' : 'push' });
    typingEntry = false;
  });

  core.on('state', ({ state, cause }) => {
    if (cause !== 'push' && cause !== 'replace') typingEntry = false;
    // Leave the box alone while the user types into it; otherwise mirror the state.
    if (document.activeElement !== input || cause === 'popstate' || cause === 'load') input.value = state.q;
  });

  // The server counts UTF-8 bytes and the box characters: a text of many accented letters
  // can still pass the box; the page refuses it before asking (see app.js) and says why below.
  core.on('health', (info) => {
    if (info.limits?.max_query_bytes) input.maxLength = info.limits.max_query_bytes;
  });

  const showGuidance = (text) => {
    guidance.textContent = text;
    guidance.hidden = !text;
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  core.on('search:done', () => showGuidance(''));
  core.on('search:error', ({ error }) => showGuidance(isUserError(error) ? error.message : ''));
}
