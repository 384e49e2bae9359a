// Poster: edit entries, create new ones, turn support drafts into entries, see and undo changes.
import { api, json } from './api.mjs';
import { $, el } from './dom.mjs';
import { entryForm, kb, loadEntries, undo } from './edit.mjs';
import { date, plural } from './format.mjs';
import { can } from './session.mjs';

/** Renders the Poster tab; `notice` (after an undo) stays on top of it. */
// Renders can overlap (a save, a tab click and typing in the search each start one): only the newest may draw, so
// an older one finishing late cannot replace a list the user is already working in.
let entriesRender = 0;
export async function loadEntriesTab(notice) {
  const out = $('entries');
  const mine = ++entriesRender;
  try {
    await loadEntries();
    const changes = (await api('changes')).changes;
    if (can('drafts')) await loadDrafts();
    if (mine !== entriesRender) return;
    $('entries-notice').replaceChildren(typeof notice === 'string' ? el('p', { class: 'ok-text', role: 'status' }, notice) : '');
    const filter = $('entry-filter').value.trim().toLowerCase();
    const shown = kb.entries.filter(
      (e) => !filter || `${e.id} ${e.question} ${e.alternates.join(' ')} ${e.answer}`.toLowerCase().includes(filter),
    );
    out.replaceChildren(
      el(
        'p',
        { class: 'hint' },
        `${plural(kb.entries.length, 'post', 'poster')}, ${plural(kb.outOfScope.length, 'fråga', 'frågor')} markerade ”ska inte besvaras”.`,
      ),
      ...shown.map((e) => {
        const result = el('div', {});
        return el(
          'details',
          { class: 'card entry' },
          el(
            'summary',
            {},
            el('strong', {}, e.question),
            el(
              'span',
              { class: 'hint' },
              ` ${e.id} · ${plural(e.alternates.length, 'formulering', 'formuleringar')} · granskad ${e.reviewed}`,
            ),
          ),
          entryForm(e, result, { id: e.id }),
          result,
        );
      }),
      el('h3', {}, 'Ändringar från konsolen'),
      changes.length
        ? el(
            'ul',
            { class: 'changes' },
            changes.map((c) => {
              const box = el('div', {});
              return el(
                'li',
                {},
                el(
                  'p',
                  {},
                  `${date(c.ts)} · ${CHANGE[c.action] || 'Ändring'} · ${c.question || c.target} · ${c.file}`,
                  c.actorName ? ` · av ${c.actorName}` : '',
                  c.undoneBy ? ' · ångrad' : '',
                ),
                el('details', {}, el('summary', {}, 'Visa ändringen'), el('pre', { class: 'mono diff' }, c.diff)),
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
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}
const CHANGE = {
  'add-phrasing': 'Formulering tillagd',
  'new-entry': 'Ny post',
  'edit-entry': 'Post ändrad',
  'out-of-scope': 'Ska inte besvaras',
  undo: 'Ångring',
};
$('entry-filter').addEventListener('input', () => loadEntriesTab());
$('new-entry').addEventListener('click', async () => {
  await loadEntries();
  const result = el('div', {});
  $('new-entry-box').replaceChildren(
    entryForm({ question: '', alternates: [], answer: '', section: '' }, result, { after: loadEntriesTab }),
    result,
  );
  $('q-ny').focus();
});

/**
 * Drafts from the support desk: a communicator turns one into an entry through the normal form, or removes it.
 * A saved draft leaves the list, so the outcome of its form (the confirmation, the bot's new answer and *Ångra*) is
 * written into #draft-outcome, which this list never redraws.
 */
async function loadDrafts() {
  const { drafts } = await api('drafts');
  $('drafts').replaceChildren(
    drafts.length ? el('h3', {}, `Förslag från supporten (${drafts.length})`) : '',
    ...drafts.map((d) => {
      const result = $('draft-outcome');
      const slot = el('div', {});
      return el(
        'article',
        { class: 'card', 'aria-label': `Förslag: ${d.question}` },
        el('p', {}, el('strong', {}, d.question)),
        el('p', {}, 'Supportens svar: ', d.answer),
        el(
          'p',
          { class: 'hint' },
          'Förslaget används inte av boten förrän du gjort en post av det: skriv om svaret så att det bara säger det faktasidan säger.',
        ),
        el(
          'div',
          { class: 'row', 'data-needs': 'edit' },
          el(
            'button',
            {
              type: 'button',
              onclick: () => {
                result.replaceChildren();
                slot.replaceChildren(
                  entryForm({ question: d.question, alternates: [], answer: d.answer, section: '' }, result, {
                    draftId: d.id,
                    after: () => loadEntriesTab(),
                  }),
                );
              },
            },
            'Skapa post',
          ),
          el(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: async () => {
                await api(`drafts/${d.id}/dismiss`, json({}));
                loadDrafts();
              },
            },
            'Ta bort förslaget',
          ),
        ),
        slot,
      );
    }),
  );
}
