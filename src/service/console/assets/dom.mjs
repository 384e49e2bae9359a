// Shared DOM helpers. All user data goes in through textContent.

export const $ = (id) => document.getElementById(id);

/** Builds an element: attributes (on* as listeners) and children (strings become text nodes). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

export const scroll = (table) => el('div', { class: 'table-scroll' }, table);

/**
 * The longest text a field takes, as the server set it on <body> from src/limits.ts (routes/page.ts): `question`
 * (questions and phrasings), `answer` or `comment`.
 */
export const maxLength = (field) => Number(document.body.dataset[`max${field[0].toUpperCase()}${field.slice(1)}`]);
