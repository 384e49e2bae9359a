// Poster: edit entries, create new ones, turn drafts into entries, see and undo changes.
import { api } from './api.mjs';
import { $, el } from './dom.mjs';
import { drawDrafts } from './drafts.mjs';
import { entryById, entryForm, kb, loadEntries, undo } from './edit.mjs';
import { date, plural } from './format.mjs';
import { can } from './session.mjs';

/** Renders the Poster tab; `notice` (after an undo) stays on top of it. */
// Renders can overlap (a save, a tab click and an undo each start one): only the newest may draw, so an older one
// finishing late cannot replace a list the user is already working in.
let entriesRender = 0;
export async function loadEntriesTab(notice) {
  const out = $('entries');
  const mine = ++entriesRender;
  try {
    const [, { changes }] = await Promise.all([loadEntries(), api('changes')]);
    if (can('drafts')) await loadDrafts();
    if (mine !== entriesRender) return;
    $('entries-notice').replaceChildren(typeof notice === 'string' ? el('p', { class: 'ok-text', role: 'status' }, notice) : '');
    out.replaceChildren(
      el('p', { class: 'hint', id: 'entry-count', role: 'status' }),
      ...kb.entries.map((e) => {
        const result = el('div', {});
        const summary = el('summary', {}, ...summaryOf(e));
        // After a save or an undo in the form: the summary and the change list show it at once.
        const changed = () => {
          const now = entryById(e.id);
          if (now) summary.replaceChildren(...summaryOf(now));
          loadChanges();
        };
        return el(
          'details',
          { class: 'card entry', 'data-entry': e.id },
          summary,
          entryForm(e, result, { id: e.id, after: changed, undone: changed }),
          result,
        );
      }),
    );
    filterEntries();
    // Drawn with the list and the notice: an undo's message is never shown twice, in the notice and in the old list.
    drawChanges(changes);
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

/** An entry's line in the list: its question, id, number of phrasings and review date. */
const summaryOf = (e) => [
  el('strong', {}, e.question),
  el(
    'span',
    { class: 'hint' },
    ` ${e.id} · ${plural(e.alternates.length, 'formulering', 'formuleringar')} · granskad `,
    el('span', { class: 'date' }, e.reviewed),
  ),
];

/**
 * The search: hides the entries it does not match, without drawing the list again (an open form keeps what is
 * typed in it), and says how many it shows.
 */
function filterEntries() {
  const filter = $('entry-filter').value.trim().toLowerCase();
  let shown = 0;
  for (const node of document.querySelectorAll('#entries details.entry')) {
    const e = entryById(node.dataset.entry);
    const match = !filter || (e && `${e.id} ${e.question} ${e.alternates.join(' ')} ${e.answer}`.toLowerCase().includes(filter));
    node.hidden = !match;
    if (match) shown++;
  }
  const count = $('entry-count');
  if (!count || !kb) return;
  const total = plural(kb.entries.length, 'post', 'poster');
  count.textContent = `${filter ? `${shown} av ${total}` : total}, ${plural(kb.outOfScope.length, 'fråga markerad', 'frågor markerade')} ”ska inte besvaras”.`;
}
$('entry-filter').addEventListener('input', filterEntries);

let changesRender = 0;
/** "Ändringar från konsolen": every change, newest first; *Ångra* on the latest change to each entry. */
export async function loadChanges() {
  const mine = ++changesRender;
  try {
    const { changes } = await api('changes');
    if (mine === changesRender) drawChanges(changes);
  } catch (err) {
    $('changes').replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

function drawChanges(changes) {
  // A list fetched earlier and still on its way must not replace this one.
  changesRender++;
  $('changes').replaceChildren(
    el('h3', {}, 'Ändringar från konsolen'),
    changes.length
      ? el(
          'ul',
          { class: 'changes' },
          changes.map((c) => {
            const box = el('div', {});
            const fields = el('div', {});
            return el(
              'li',
              {},
              el(
                'p',
                {},
                el('span', { class: 'date' }, date(c.ts)),
                ` · ${CHANGE[c.action] || 'Ändring'} · ${c.question || c.target}`,
                c.actorName ? ` · av ${c.actorName}` : '',
                c.undoneBy ? ' · ångrad' : '',
              ),
              el(
                'details',
                { ontoggle: (e) => e.target.open && !fields.childElementCount && showFields(c.id, fields) },
                el('summary', {}, 'Visa ändringen'),
                fields,
              ),
              c.undoable
                ? el(
                    'button',
                    { type: 'button', class: 'secondary', 'data-needs': 'edit', onclick: () => undo(c.id, box, loadEntriesTab) },
                    'Ångra',
                  )
                : '',
              box,
            );
          }),
        )
      : el('p', { class: 'hint' }, 'Inga ändringar ännu.'),
  );
}

const CHANGE = {
  'add-phrasing': 'Formulering tillagd',
  'new-entry': 'Ny post',
  'edit-entry': 'Post ändrad',
  'out-of-scope': 'Ska inte besvaras',
  import: 'Sida importerad',
  undo: 'Ångring',
};

/**
 * One change as the entry's fields before and after it. Of a list (the phrasings) only what went and what came is
 * shown: the rest stayed as it was.
 */
async function showFields(id, out) {
  try {
    const { fields } = await api(`changes/${id}`);
    const sectionName = (v) => kb?.sections.find((s) => s.id === v)?.heading ?? v;
    const text = (f, v) => {
      if (v === null) return el('span', { class: 'hint' }, '(fanns inte)');
      if (f === 'section') return sectionName(v);
      if (f === 'example') return v === 'true' ? 'ja' : 'nej';
      return v;
    };
    const items = (list, other) => {
      const only = (list || []).filter((x) => !(other || []).includes(x));
      return only.length
        ? el(
            'ul',
            {},
            only.map((x) => el('li', {}, x)),
          )
        : el('span', { class: 'hint' }, '(inga)');
    };
    const rows = (f) =>
      Array.isArray(f.before) || Array.isArray(f.after)
        ? [
            el('dd', {}, el('span', { class: 'was' }, 'Togs bort: '), items(f.before, f.after)),
            el('dd', {}, el('span', { class: 'was' }, 'Lades till: '), items(f.after, f.before)),
          ]
        : [
            el('dd', {}, el('span', { class: 'was' }, 'Före: '), text(f.field, f.before)),
            el('dd', {}, el('span', { class: 'was' }, 'Efter: '), text(f.field, f.after)),
          ];
    out.replaceChildren(
      fields.length
        ? el(
            'dl',
            { class: 'fields' },
            fields.flatMap((f) => [el('dt', {}, f.label), ...rows(f)]),
          )
        : el('p', { class: 'hint' }, 'Ändringen rörde inga fält i posten.'),
    );
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

$('new-entry').addEventListener('click', async () => {
  await loadEntries();
  const result = el('div', {});
  $('new-entry-box').replaceChildren(
    entryForm({ question: '', alternates: [], answer: '', section: '' }, result, { after: loadEntriesTab }),
    result,
  );
  $('q-ny').focus();
});

/** The drafts, turned into entries here with the entries in view. */
const loadDrafts = () => drawDrafts($('drafts'), $('draft-outcome'), () => loadEntriesTab());
