// Small DOM helpers: element building from plain text, the <mark>-only sanitiser, formatting.

/**
 * Builds an element. attrs: `class`, `text` (textContent), `on<event>` handlers, `dataset`,
 * booleans (set when true), anything else as an attribute. Children: nodes or strings (as text).
 */
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'rect', 'g', 'line', 'text', 'title', 'path'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Empties an element and fills it with the given children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

const parser = new DOMParser();

/**
 * Turns the server's escaped title/snippet HTML into nodes, keeping only text and <mark>.
 * The HTML is parsed in an inert document and rebuilt node by node, so no other element,
 * attribute or script can get through.
 */
export function markedText(html) {
  const fragment = document.createDocumentFragment();
  const source = parser.parseFromString(`<body>${html ?? ''}</body>`, 'text/html').body;
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) to.append(document.createTextNode(node.nodeValue));
      else if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.localName === 'mark') copy(node, to.appendChild(document.createElement('mark')));
        else copy(node, to);
      }
    }
  };
  copy(source, fragment);
  return fragment;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-04-21" → "21 Apr 2025", "2025-04" → "Apr 2025", "2025" → "2025". */
export function formatDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  if (!m) return y;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

const numberFormat = new Intl.NumberFormat('en');
export const formatCount = (n) => numberFormat.format(n);

/** "1 result" / "2 results". */
export const plural = (n, one, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

let flagsDrawn = null;

/**
 * Whether this system draws flag emoji (a coloured glyph) rather than two letters or a box;
 * without an emoji font the page shows the ISO code in a small box instead.
 */
export function canDrawFlags() {
  if (flagsDrawn !== null) return flagsDrawn;
  flagsDrawn = false;
  try {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 24;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.font = '20px "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", sans-serif';
    ctx.textBaseline = 'top';
    ctx.fillText('\u{1F1FA}\u{1F1E6}', 0, 0);
    const data = ctx.getImageData(0, 0, 24, 24).data;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] && (Math.abs(data[i] - data[i + 1]) > 30 || Math.abs(data[i + 1] - data[i + 2]) > 30)) { flagsDrawn = true; break; }
    }
  } catch { /* no canvas: keep the codes */ }
  return flagsDrawn;
}

/** A country label with its flag, e.g. "🇺🇦 Ukraine" (the flag hidden from screen readers). */
export function countryLabel(country) {
  const code = country.code || country.value || '';
  const flag = canDrawFlags() && country.flag
    ? h('span', { class: 'flag', 'aria-hidden': 'true', text: country.flag })
    : h('span', { class: 'flag flag--code', 'aria-hidden': 'true', text: code });
  return [flag, ' ', h('span', { text: country.label || code })];
}
