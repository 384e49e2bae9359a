// Editing shared by Granska and Poster: the knowledge as last read, the entry form, save outcomes and undo.
import { api, json } from './api.mjs';
import { el, maxLength } from './dom.mjs';
import { outcomeBadge } from './format.mjs';
import { verdict } from './verdict.mjs';

// The knowledge as the console last read it: entries, sections and the file versions edits must name.
export let kb = null;
export async function loadEntries() {
  kb = await api('entries');
  return kb;
}
export const entryById = (id) => kb?.entries.find((e) => e.id === id);

/**
 * What the bot now answers to the staff question, after an action, with the verdict's words: a confidence beside a
 * decline always says why it was not enough or which rule declined.
 */
export function nowAnswers(reask) {
  if (!reask) return '';
  const a = reask.answer;
  return el(
    'div',
    { class: 'now', role: 'status' },
    el('p', {}, el('strong', {}, 'Boten svarar nu: '), outcomeBadge(a)),
    ...verdict(reask),
    reask.interpretation ? el('p', { class: 'interpretation' }, reask.interpretation) : '',
    el('p', {}, a.answer),
    // The questions the reply offers ("Du kan till exempel fråga:", "Menade du…?"), so it does not end at the colon.
    a.suggestions?.length
      ? el(
          'ul',
          { class: 'suggestions' },
          a.suggestions.map((q) => el('li', {}, q)),
        )
      : '',
    a.answerId ? el('p', { class: 'hint' }, `Från posten ${a.answerId}`) : '',
  );
}

/**
 * Shows the outcome of a write: saved (with undo), flagged (with "Spara ändå"), conflict (with reload), or refused.
 * `after` runs when it is saved, `undone` when its *Ångra* has undone it, `reload` when a conflict's *Ladda om* has
 * read the knowledge again.
 */
export function showOutcome(box, send, after, undone = after, reload = after) {
  return send(false)
    .then(async function done(r) {
      if (r.saved) {
        await loadEntries();
        box.replaceChildren(
          el('p', { class: 'ok-text', role: 'status' }, 'Sparat. Boten svarar med ändringen nu.'),
          nowAnswers(r.reask),
          el('button', { type: 'button', class: 'secondary', onclick: () => undo(r.change.id, box, undone) }, 'Ångra'),
        );
        after?.();
        return;
      }
      box.replaceChildren(
        el(
          'div',
          { class: 'flag', role: 'alert' },
          el(
            'p',
            {},
            el('strong', {}, 'Kontrollera: '),
            'efter ändringen svarar boten på frågor som den inte svarar på i dag. Spara om svaren blir rätt:',
          ),
          el(
            'ul',
            {},
            r.flagged.map((f) =>
              el(
                'li',
                {},
                `${f.question} (${f.from === 'utanfor' ? 'markerad ”ska inte besvaras”' : 'en av testfrågorna'}; skulle besvaras med ”${entryById(f.answerId)?.question ?? f.answerId}”)`,
              ),
            ),
          ),
          el('button', { type: 'button', onclick: () => send(true).then(done, fail) }, 'Spara ändå'),
        ),
      );
    })
    .catch(fail);
  function fail(err) {
    // The refusal once: what happened, then why, each reason in plain words (which field, which word).
    const children = [el('p', { class: 'error', role: 'alert' }, err.message)];
    if (err.issues?.length)
      children.push(
        el(
          'ul',
          { class: 'issues' },
          err.issues.map((i) => el('li', {}, i)),
        ),
      );
    if (err.status === 409)
      children.push(
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              await loadEntries();
              reload?.();
              box.replaceChildren(el('p', { role: 'status' }, 'Omladdat. Gör ändringen igen.'));
            },
          },
          'Ladda om',
        ),
      );
    box.replaceChildren(...children);
  }
}

export async function undo(id, box, after) {
  try {
    const r = await api(`changes/${id}/undo`, json({}));
    await loadEntries();
    const message = `Ångrat: ${r.file} är som före ändringen.`;
    box.replaceChildren(el('p', { class: 'ok-text', role: 'status' }, message));
    after?.(message);
  } catch (err) {
    box.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

export function entryOptions(selected) {
  return kb.entries.map((e) => el('option', { value: e.id, selected: e.id === selected }, `${e.question} (${e.id})`));
}

/**
 * The form for a new or an existing entry; the outcome of a save is shown in `result`. An existing entry's form sends
 * the entry's version it was filled from, so a form an undo or another save has overtaken is refused; after its own
 * save, its *Ångra* and a conflict's *Ladda om* it shows the entry as it is now in force, with that version. A new
 * entry's form goes back to what it opened with when its entry is undone.
 */
export function entryForm(initial, result, { id, groupKey, ask: question, after, undone, draftId } = {}) {
  const uid = id || (draftId ? `utkast-${draftId}` : 'ny');
  const field = (label, node) => el('div', { class: 'field' }, el('label', { for: node.id }, label), node);
  const q = el('input', { id: `q-${uid}`, type: 'text', maxlength: maxLength('question'), required: true });
  const answer = el('textarea', { id: `a-${uid}`, rows: 4, maxlength: maxLength('answer'), required: true });
  const section = el(
    'select',
    { id: `s-${uid}`, required: true },
    el('option', { value: '' }, 'Välj avsnitt på faktasidan'),
    kb.sections.map((s) => el('option', { value: s.id }, s.heading)),
  );
  const alternates = el('textarea', { id: `f-${uid}`, rows: 5 });
  // Follow-up questions: up to three other entries, picked by their question (the file keeps their ids).
  const related = [1, 2, 3].map((n) =>
    el(
      'select',
      { id: `u${n}-${uid}`, 'aria-label': `Följdfråga ${n}` },
      el('option', { value: '' }, 'Ingen'),
      kb.entries.filter((e) => e.id !== id).map((e) => el('option', { value: e.id }, e.question)),
    ),
  );
  const reviewed = el('input', { id: `r-${uid}`, type: 'checkbox' });
  let version;
  const fill = (e) => {
    q.value = e.question;
    answer.value = e.answer;
    section.value = e.section;
    alternates.value = e.alternates.join('\n');
    related.forEach((select, i) => {
      select.value = e.related?.[i] ?? '';
    });
    reviewed.checked = false;
    version = e.version;
  };
  fill(initial);
  // The knowledge was read again just before these run (showOutcome, undo).
  const synced =
    (then, fallback) =>
    (...args) => {
      const now = id ? entryById(id) : fallback;
      if (now) fill(now);
      then?.(...args);
    };
  return el(
    'form',
    {
      class: 'inline-form entry-form',
      'aria-label': id ? `Redigera ${id}` : 'Ny post',
      onsubmit: (e) => {
        e.preventDefault();
        const body = {
          question: q.value,
          answer: answer.value,
          section: section.value,
          alternates: alternates.value
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean),
          related: [...new Set(related.map((s) => s.value).filter(Boolean))],
        };
        const file = id ? entryById(id).file : 'faq.yaml';
        showOutcome(
          result,
          (confirm) =>
            id
              ? api(`entries/${encodeURIComponent(id)}`, {
                  method: 'PUT',
                  body: JSON.stringify({
                    ...body,
                    reviewedToday: reviewed.checked,
                    version: kb.versions[file],
                    entryVersion: version,
                    confirm,
                    groupKey,
                    ask: question || body.question,
                  }),
                })
              : api('entries', json({ ...body, version: kb.versions[file], confirm, groupKey, draftId, ask: question || body.question })),
          synced(after),
          synced(undone || after, initial),
          synced(undefined),
        );
      },
    },
    field('Fråga', q),
    field('Svar (1–3 meningar, bara det faktasidan säger)', answer),
    field('Avsnitt (källan som visas med svaret)', section),
    field('Andra formuleringar (en per rad, minst 3)', alternates),
    el(
      'fieldset',
      { class: 'field related' },
      el('legend', {}, 'Följdfrågor (visas som knappar under svaret; tomt: andra frågor från samma avsnitt)'),
      related,
    ),
    id ? el('div', { class: 'check' }, reviewed, el('label', { for: reviewed.id }, 'Granskad i dag')) : '',
    el('button', { type: 'submit' }, id ? 'Spara ändringen' : 'Spara den nya posten'),
  );
}
