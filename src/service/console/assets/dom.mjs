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
 * A table too wide for a phone: on a narrow screen console.css shows each row as a card of "label: value" lines, so
 * that no column hides in a sideways scroll. Each cell gets its column's heading as its label here.
 */
export function stacked(table) {
  const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  for (const row of table.querySelectorAll('tbody tr'))
    [...row.children].forEach((cell, i) => {
      if (headings[i]) cell.dataset.label = headings[i];
    });
  // A table drawn as blocks may lose its table semantics in a browser: the roles keep it a table for screen readers.
  table.setAttribute('role', 'table');
  for (const part of table.querySelectorAll('thead, tbody')) part.setAttribute('role', 'rowgroup');
  for (const row of table.querySelectorAll('tr')) row.setAttribute('role', 'row');
  for (const th of table.querySelectorAll('thead th')) th.setAttribute('role', 'columnheader');
  for (const td of table.querySelectorAll('tbody td')) td.setAttribute('role', 'cell');
  table.classList.add('stack');
  return scroll(table);
}

/**
 * The longest text a field takes, as the server set it on <body> from src/limits.ts (routes/page.ts): `question`
 * (questions and phrasings), `answer` or `comment`.
 */
export const maxLength = (field) => Number(document.body.dataset[`max${field[0].toUpperCase()}${field.slice(1)}`]);
