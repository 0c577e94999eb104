// The API key of a server started with --keys: asked for once, when the server first answers
// 401, and kept in sessionStorage (this tab only, gone when it closes). It travels only in the
// Authorization header, never in a URL, so it reaches neither history, logs nor Referer.

const STORAGE_NAME = 'dateline.apiKey';
let asking = null;

/** The key this tab holds, or null. */
export function storedKey() {
  try { return sessionStorage.getItem(STORAGE_NAME); } catch { return null; }
}

/** Drops the key (the server refused it). */
export function forgetKey() {
  try { sessionStorage.removeItem(STORAGE_NAME); } catch { /* storage off: nothing kept */ }
}

/** Asks for a key; resolves to it (kept) or null if the user cancels. Calls made while the
 *  question is open share it, so a page load that gets several 401s asks once. */
export function askForKey(message) {
  asking ??= showDialog(message).finally(() => { asking = null; });
  return asking;
}

function showDialog(message) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'api-key';
    dialog.setAttribute('aria-labelledby', 'api-key-label');
    const form = document.createElement('form');
    form.method = 'dialog';
    const label = document.createElement('label');
    label.id = 'api-key-label';
    label.htmlFor = 'api-key-input';
    label.textContent = message;
    const input = document.createElement('input');
    Object.assign(input, { id: 'api-key-input', type: 'password', name: 'api-key', autocomplete: 'off', required: true });
    const ok = Object.assign(document.createElement('button'), { type: 'submit', value: 'ok', textContent: 'Use this key' });
    const cancel = Object.assign(document.createElement('button'), { type: 'submit', value: 'cancel', textContent: 'Cancel',
      formNoValidate: true });
    form.append(label, input, ok, cancel);
    dialog.append(form);
    dialog.addEventListener('close', () => {
      const key = dialog.returnValue === 'ok' ? input.value.trim() : '';
      dialog.remove();
      if (!key) return resolve(null);
      try { sessionStorage.setItem(STORAGE_NAME, key); } catch { /* kept for this call only */ }
      resolve(key);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
