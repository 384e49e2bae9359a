// Sidor: import a page (HTML, Word or PDF) by file or address, see the sections and drafts it makes, save, undo.
import { api, json } from './api.mjs';
import { $, el, stacked } from './dom.mjs';
import { plural } from './format.mjs';

const STATUS = { new: ['Ny', 'ok'], changed: ['Ändrad', 'warn'], unchanged: ['Oförändrad', 'interp'] };

/** The file as base64, read in slices: one String.fromCharCode over megabytes overflows the call stack. */
async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The request both the preview and the save send: the file or the address, and the fields given. */
async function pageRequest() {
  const file = $('page-file').files[0];
  const address = $('page-address').value.trim();
  const body = {};
  if (file) body.file = { name: file.name, data: await base64(file) };
  else if (address) body.address = address;
  for (const [field, id] of [
    ['url', 'page-url'],
    ['published', 'page-published'],
    ['title', 'page-title'],
  ]) {
    const v = $(id).value.trim();
    if (v) body[field] = v;
  }
  return body;
}

function sectionTable(sections) {
  return stacked(
    el(
      'table',
      { 'aria-label': 'Avsnitt' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, 'Rubrik'),
          el('th', { scope: 'col' }, 'Ankare'),
          el('th', { scope: 'col' }, 'Början av texten'),
          el('th', { scope: 'col' }, 'Jämfört med förra importen'),
        ),
      ),
      el(
        'tbody',
        {},
        sections.map((s) => {
          const [label, tone] = STATUS[s.status] ?? STATUS.new;
          return el(
            'tr',
            { 'data-anchor': s.anchor },
            el('td', {}, s.heading),
            el('td', { class: 'mono' }, `#${s.anchor}`),
            el('td', {}, s.opening),
            el('td', {}, el('span', { class: `badge ${tone}` }, label)),
          );
        }),
      ),
    ),
  );
}

function draftList(drafts) {
  if (!drafts.length) return el('p', { class: 'hint' }, 'Inga förslag på poster från den här sidan.');
  return el(
    'ul',
    { class: 'page-drafts' },
    drafts.map((d) =>
      el(
        'li',
        {},
        el('strong', {}, d.question),
        ` (#${d.anchor}) `,
        d.grounded
          ? el('span', { class: 'badge ok' }, 'Stöds av avsnittet')
          : el('span', { class: 'badge warn' }, 'Stöds inte helt av avsnittet'),
        el('br', {}),
        d.answer,
        d.problems.length ? el('span', { class: 'hint' }, ` (${d.problems.join(' ')})`) : '',
      ),
    ),
  );
}

function showPreview(p, request) {
  const saveBox = $('page-outcome');
  saveBox.replaceChildren();
  $('page-preview').replaceChildren(
    el(
      'article',
      { class: 'card', 'aria-label': 'Förhandsvisning' },
      el('h3', {}, `Förhandsvisning: ${p.title}`),
      el(
        'p',
        { class: 'hint' },
        `${p.url} · publicerad ${p.published} · `,
        p.version === 'ny' ? 'en ny sida' : 'ersätter den förra importen av adressen',
      ),
      el('h4', {}, `Avsnitt (${p.sections.length})`),
      sectionTable(p.sections),
      p.removed.length ? el('p', {}, 'Avsnitt som försvinner: ', p.removed.map((a) => `#${a}`).join(', ')) : '',
      el('h4', {}, `Förslag på poster (${p.drafts.length})`),
      el('p', { class: 'hint' }, 'Förslagen hamnar i Granska, där du gör poster av dem med det vanliga formuläret.'),
      draftList(p.drafts),
      el('button', { type: 'button', onclick: () => save(p, request) }, 'Spara sidan'),
    ),
  );
}

async function save(preview, request) {
  const box = $('page-outcome');
  box.replaceChildren(el('p', { role: 'status' }, 'Sparar…'));
  try {
    const r = await api('pages', json({ ...request, version: preview.version }));
    $('page-preview').replaceChildren();
    box.replaceChildren(
      el(
        'p',
        { class: 'ok-text', role: 'status' },
        `Sidan ${r.title} är sparad, och boten svarar med den nu. ${plural(r.drafts, 'förslag', 'förslag')} på poster finns i Granska.`,
      ),
      el('button', { type: 'button', class: 'secondary', onclick: () => undo(r.change.id) }, 'Ångra importen'),
    );
  } catch (err) {
    box.replaceChildren(
      el('p', { class: 'error', role: 'alert' }, err.message),
      err.issues?.length
        ? el(
            'ul',
            {},
            err.issues.map((i) => el('li', {}, i)),
          )
        : '',
    );
  }
}

async function undo(id) {
  const box = $('page-outcome');
  try {
    await api(`changes/${id}/undo`, json({}));
    box.replaceChildren(el('p', { class: 'ok-text', role: 'status' }, 'Importen är ångrad. Sidan är som före importen.'));
  } catch (err) {
    box.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

$('page-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('page-error').textContent = '';
  $('page-outcome').replaceChildren();
  $('page-preview').replaceChildren(el('p', { role: 'status' }, 'Läser sidan…'));
  try {
    const request = await pageRequest();
    showPreview(await api('pages/preview', json(request)), request);
  } catch (err) {
    $('page-preview').replaceChildren();
    $('page-error').textContent = err.message;
    // A page that states no date: the form asks for it.
    if (err.code === 'no-date') $('page-published').focus();
  }
});
