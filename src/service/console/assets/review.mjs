// Granska: the period's questions, what the bot did not answer well, and the actions that teach it.
import { api, json } from './api.mjs';
import { $, el, maxLength, scroll, stacked } from './dom.mjs';
import { drawDrafts } from './drafts.mjs';
import { entryById, entryForm, entryOptions, kb, loadEntries, showOutcome } from './edit.mjs';
import { date, pct, plural } from './format.mjs';
import { can } from './session.mjs';

function groupTable(caption, groups, empty) {
  if (!groups.length) return el('div', {}, el('h3', {}, caption), el('p', { class: 'hint' }, empty));
  return el(
    'div',
    {},
    el('h3', {}, caption),
    stacked(
      el(
        'table',
        { 'aria-label': caption },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, 'Fråga (exempel)'),
            el('th', { scope: 'col', class: 'num' }, 'Antal'),
            el('th', { scope: 'col' }, 'Senast'),
          ),
        ),
        el(
          'tbody',
          {},
          groups.map((g) =>
            el('tr', {}, el('td', {}, g.example), el('td', { class: 'num' }, g.count), el('td', { class: 'date' }, date(g.lastTs))),
          ),
        ),
      ),
    ),
  );
}

function chart(perDay) {
  // Drawn at the width it is shown, so its 11 px labels stay 11 px on a phone instead of shrinking with a viewBox.
  const w = Math.max(300, Math.min(720, ($('review').clientWidth || 720) - 34));
  const h = 200;
  const pad = 28;
  const max = Math.max(1, ...perDay.map((d) => d.total));
  const bw = perDay.length ? Math.min(48, (w - pad * 2) / perDay.length) : 0;
  // A day label ("11-26") is about 32 px wide: label every n-th day so that neighbours keep apart.
  const every = Math.max(1, Math.ceil(44 / Math.max(bw, 1)));
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h + 24}`);
  svg.setAttribute('role', 'img');
  const total = perDay.reduce((n, d) => n + d.total, 0);
  const answered = perDay.reduce((n, d) => n + d.answered, 0);
  svg.setAttribute(
    'aria-label',
    `Frågor per dag: ${plural(total, 'fråga', 'frågor')} på ${plural(perDay.length, 'dag', 'dagar')}, ${total ? pct(answered / total) : '0 %'} besvarade.`,
  );
  const rect = (x, y, width, height, fill) => {
    const r = document.createElementNS(NS, 'rect');
    for (const [k, v] of Object.entries({ x, y, width, height, fill })) r.setAttribute(k, String(v));
    return r;
  };
  const text = (x, y, s, anchor) => {
    const t = document.createElementNS(NS, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', '11');
    t.setAttribute('fill', '#4a4a55');
    if (anchor) t.setAttribute('text-anchor', anchor);
    t.textContent = s;
    return t;
  };
  svg.append(text(2, 12, String(max)), text(2, h, '0'));
  perDay.forEach((d, i) => {
    const x = pad + i * bw + 2;
    const th = ((h - 16) * d.total) / max;
    const ah = ((h - 16) * d.answered) / max;
    svg.append(rect(x, h - th, Math.max(2, bw - 4), th, '#b5c7dc'), rect(x, h - ah, Math.max(2, bw - 4), ah, '#0b4f8a'));
    if (i % every === 0) svg.append(text(x + bw / 2 - 2, h + 16, d.day.slice(5), 'middle'));
  });
  return el(
    'figure',
    { class: 'card chart' },
    el('figcaption', {}, el('strong', {}, 'Frågor per dag och andel besvarade')),
    svg,
    el(
      'div',
      { class: 'legend' },
      el('span', {}, el('span', { class: 'swatch answered' }), 'besvarade'),
      el('span', {}, el('span', { class: 'swatch all' }), 'alla frågor'),
    ),
    el(
      'details',
      {},
      el('summary', {}, 'Visa som tabell'),
      scroll(
        el(
          'table',
          {},
          el('thead', {}, el('tr', {}, el('th', {}, 'Dag'), el('th', { class: 'num' }, 'Frågor'), el('th', { class: 'num' }, 'Besvarade'))),
          el(
            'tbody',
            {},
            perDay.map((d) =>
              el('tr', {}, el('td', { class: 'date' }, d.day), el('td', { class: 'num' }, d.total), el('td', { class: 'num' }, d.answered)),
            ),
          ),
        ),
      ),
    ),
  );
}

const HANDLED = {
  phrasing: 'Hanterad: formulering tillagd',
  'new-entry': 'Hanterad: ny post',
  edit: 'Hanterad: post ändrad',
  'out-of-scope': 'Hanterad: ska inte besvaras',
  dismissed: 'Avfärdad',
};

function statusBadge(g) {
  if (g.handled)
    return el('span', { class: `badge ${g.handled.action === 'dismissed' ? 'warn' : 'ok'}` }, HANDLED[g.handled.action] || 'Hanterad');
  if (g.clinical) return el('span', { class: 'badge bad' }, 'Klinisk – besvaras aldrig');
  // An interpretation is not yet the answer staff get without asking twice: the group stays open.
  if (g.now?.outcome === 'answered') return el('span', { class: 'badge ok' }, 'Besvaras nu');
  return el('span', { class: 'badge warn' }, 'Öppen');
}

/**
 * One group of similar questions with what staff chose after it, the bot's candidates and the actions. Under an
 * interpretation (`interpreted`), "Lägg till som formulering" pre-selects the entry staff clicked instead, else none:
 * the bot's own pick is what staff did not take.
 */
function reviewGroup(g, listName, interpreted = false) {
  const box = el('div', { class: 'action-box' });
  const title = `${listName}: ${g.example}`;
  // The card stays as it is after an action (with what the bot now answers and "Ångra"); only its badge changes.
  let badge = statusBadge(g);
  const mark = (action) => () => {
    const next = statusBadge({ ...g, handled: action ? { action } : null, now: action ? g.now : { outcome: 'declined' } });
    badge.replaceWith(next);
    badge = next;
  };
  const preferred = interpreted ? g.choseInstead[0]?.id : g.chosen[0]?.entryId || g.candidates[0]?.id || kb.entries[0]?.id;
  // Every action teaches or changes the bot: a role that only reads sees the group without them.
  const actions = el('div', { class: 'row actions', 'data-needs': 'edit' });
  if (!g.clinical)
    actions.append(
      actionButton('Lägg till som formulering', () => showPhrasingForm(g, box, mark, preferred), ''),
      actionButton('Ny post', () => showNewEntryForm(g, box, mark)),
      actionButton('Redigera', () => showEditForm(g, box, mark, preferred)),
      actionButton('Ska inte besvaras', () => markOutOfScope(g, box, mark)),
    );
  const dismissed = g.handled?.action === 'dismissed';
  actions.append(
    actionButton(dismissed ? 'Öppna igen' : 'Avfärda', async () => {
      await api(dismissed ? 'review/reopen' : 'review/dismiss', json({ groupKey: g.groupKey }));
      loadReview();
    }),
  );
  return el(
    'article',
    { class: 'card group', 'aria-label': title },
    el('p', { class: 'group-head' }, badge, ' ', el('q', {}, g.example)),
    el(
      'p',
      { class: 'hint' },
      `${plural(g.count, 'fråga', 'frågor')}, senast `,
      el('span', { class: 'date' }, date(g.lastTs)),
      `, högsta säkerhet ${pct(g.maxConfidence)}`,
    ),
    interpreted ? interpretedFacts(g) : '',
    g.comments?.length ? el('p', {}, 'Kommentarer: ', g.comments.join(' · ')) : '',
    choicesAndCandidates(g),
    actions,
    box,
  );
}

/** A button of a group's actions; the first is the primary one, the others are styled `secondary`. */
function actionButton(label, onclick, cls = 'secondary') {
  return el('button', { type: 'button', ...(cls ? { class: cls } : {}), onclick }, label);
}

/** What staff chose after the group's questions, with their votes, beside the bot's best candidates. */
function choicesAndCandidates(g) {
  return el(
    'div',
    { class: 'grid two' },
    el(
      'div',
      {},
      el('h4', {}, 'Personalen valde sedan'),
      g.chosen.length
        ? el(
            'ul',
            {},
            g.chosen.map((c) =>
              el(
                'li',
                {},
                `${c.question} – ${plural(c.count, 'gång', 'gånger')}${c.helpful || c.notHelpful ? `, ${c.helpful} 👍 ${c.notHelpful} 👎` : ''}`,
              ),
            ),
          )
        : el('p', { class: 'hint' }, 'Inga klick på förslag ännu.'),
    ),
    el(
      'div',
      {},
      el('h4', {}, 'Botens bästa kandidater'),
      g.candidates.length
        ? el(
            'ul',
            {},
            g.candidates.map((c) => el('li', {}, `${c.question} (${c.score})`)),
          )
        : el('p', { class: 'hint' }, 'Inga.'),
    ),
  );
}

/**
 * "Lägg till som formulering": the question (editable) and the entry to add it to. In a close race (two entries with
 * different answers scored too close for the bot to pick) nothing is pre-selected: pre-selecting either would teach
 * it the wrong one in one click, so the communicator reads both answers and chooses.
 */
function showPhrasingForm(g, box, mark, preferred) {
  const text = el('input', { type: 'text', value: g.phrasing || g.example, maxlength: maxLength('question'), id: `p-${g.groupKey}` });
  const race = (g.now?.closeRace || []).map(entryById).filter(Boolean);
  // Nothing to pre-select: the communicator picks before saving.
  const pick = race.length === 2 || !entryById(preferred);
  const entry = el(
    'select',
    { id: `e-${g.groupKey}`, required: true },
    pick ? el('option', { value: '', selected: true }, 'Välj vilken post') : '',
    entryOptions(pick ? undefined : preferred),
  );
  const save = el('button', { type: 'submit', disabled: pick }, 'Spara formuleringen');
  const radios = race.map((e) => el('input', { type: 'radio', name: `race-${g.groupKey}`, id: `race-${g.groupKey}-${e.id}`, value: e.id }));
  const sync = () => {
    for (const r of radios) r.checked = r.value === entry.value;
    save.disabled = !entry.value;
  };
  entry.addEventListener('change', sync);
  for (const r of radios)
    r.addEventListener('change', () => {
      entry.value = r.value;
      sync();
    });
  const result = el('div', {});
  const submit = (e) => {
    e.preventDefault();
    const v = entryById(entry.value);
    showOutcome(
      result,
      (confirm) =>
        api(
          `entries/${encodeURIComponent(entry.value)}/phrasings`,
          json({ text: text.value, version: kb.versions[v.file], confirm, groupKey: g.groupKey, ask: text.value }),
        ),
      mark('phrasing'),
      mark(null),
    );
  };
  box.replaceChildren(
    el(
      'form',
      { class: 'inline-form', onsubmit: submit },
      el('label', { for: `p-${g.groupKey}` }, 'Formulering'),
      text,
      race.length === 2 ? raceChoice(race, radios) : '',
      el('label', { for: `e-${g.groupKey}` }, 'Lägg till i posten'),
      entry,
      save,
    ),
    result,
  );
  text.focus();
}

/** The two entries of a close race side by side, each with its answer and a radio button. */
function raceChoice(race, radios) {
  return el(
    'fieldset',
    { class: 'race-choice' },
    el('legend', {}, 'Två poster ligger för nära varandra. Vilket svar söker frågan?'),
    el(
      'div',
      { class: 'grid two' },
      race.map((e, i) =>
        el(
          'div',
          { class: 'card' },
          el('div', { class: 'check' }, radios[i], el('label', { for: radios[i].id }, e.question)),
          el('p', {}, e.answer),
        ),
      ),
    ),
  );
}

/** "Ny post": the entry form with the group's question. */
function showNewEntryForm(g, box, mark) {
  const result = el('div', {});
  box.replaceChildren(
    entryForm({ question: g.phrasing || g.example, alternates: [], answer: '', section: '' }, result, {
      groupKey: g.groupKey,
      ask: g.example,
      after: mark('new-entry'),
      undone: mark(null),
    }),
    result,
  );
}

/**
 * "Redigera": the entry staff chose most (or the bot's best candidate), picked from a list. Under an interpretation
 * nobody corrected, the entry the bot answered from.
 */
function showEditForm(g, box, mark, preferred) {
  const pick = el('select', { id: `r-${g.groupKey}` }, entryOptions(preferred ?? g.interpretedAs?.[0]?.id));
  const slot = el('div', {});
  const result = el('div', {});
  const show = () => {
    const e = entryById(pick.value);
    slot.replaceChildren(entryForm(e, result, { id: e.id, groupKey: g.groupKey, ask: g.example, after: mark('edit'), undone: mark(null) }));
  };
  pick.addEventListener('change', show);
  box.replaceChildren(el('label', { for: pick.id }, 'Redigera posten'), pick, slot, result);
  show();
}

/** "Ska inte besvaras": the group's question goes to utanfor.yaml. */
function markOutOfScope(g, box, mark) {
  showOutcome(
    box,
    (confirm) =>
      api(
        'out-of-scope',
        json({ text: g.phrasing || g.example, version: kb.versions['utanfor.yaml'], confirm, groupKey: g.groupKey, ask: g.example }),
      ),
    mark('out-of-scope'),
    mark(null),
  );
}

/** What the bot took the questions of an interpreted group for, and what staff did instead. */
function interpretedFacts(g) {
  const signals = [
    g.notHelpful ? `${g.notHelpful} 👎` : '',
    g.choseInstead.length
      ? `valde en annan fråga ${plural(
          g.choseInstead.reduce((n, c) => n + c.count, 0),
          'gång',
          'gånger',
        )}: ${g.choseInstead.map((c) => `”${c.question}”`).join(', ')}`
      : '',
  ].filter(Boolean);
  return el(
    'div',
    { class: 'interpreted-facts' },
    el('p', {}, 'Boten tolkade frågan som ', g.interpretedAs.map((t) => `”${t.question}”`).join(' eller '), '.'),
    el('p', {}, `Personalen: ${signals.join('; ')}.`),
  );
}

function groupList(caption, groups, empty, interpreted = false) {
  return el(
    'section',
    { 'aria-label': caption },
    el('h3', {}, `${caption} (${groups.length})`),
    groups.length ? groups.map((g) => reviewGroup(g, caption, interpreted)) : el('p', { class: 'hint' }, empty),
  );
}

function setExportLinks() {
  const days = $('days').value;
  $('export').href = `/console/api/export.csv?days=${days}`;
  $('export-excel').href = `/console/api/export.csv?days=${days}&format=excel`;
}

let reviewRender = 0;
export async function loadReview() {
  const out = $('review');
  const mine = ++reviewRender;
  setExportLinks();
  try {
    const [r] = await Promise.all([api(`review?days=${$('days').value}${$('show-handled').checked ? '&all=1' : ''}`), loadEntries()]);
    if (mine !== reviewRender) return; // a newer render (period, refresh) is on its way
    // The drafts wait here too: an imported page's sections and the desk's answers are review work like the groups.
    if (can('drafts')) await drawDrafts($('review-drafts'), $('review-draft-outcome'), loadReview);
    const t = r.totals;
    out.replaceChildren(
      el(
        'div',
        { class: 'kpis' },
        el('div', { class: 'kpi' }, el('strong', {}, t.questions), t.questions === 1 ? 'fråga' : 'frågor'),
        el('div', { class: 'kpi' }, el('strong', {}, t.questions ? pct(t.answered / t.questions) : '–'), 'besvarade'),
        el('div', { class: 'kpi' }, el('strong', {}, t.helpful), t.helpful === 1 ? 'hjälpsam' : 'hjälpsamma'),
        el('div', { class: 'kpi' }, el('strong', {}, t.notHelpful), t.notHelpful === 1 ? 'inte hjälpsam' : 'inte hjälpsamma'),
      ),
      chart(r.perDay),
      el('h3', {}, 'Att granska'),
      el(
        'p',
        { class: 'hint' },
        'Varje grupp är liknande frågor.',
        el(
          'span',
          { 'data-needs': 'edit' },
          ' Lär boten svara med en formulering eller en ny post, markera frågor den inte ska svara på, eller avfärda gruppen.',
        ),
      ),
      groupList('Obesvarade frågor', r.unanswered, 'Inga obesvarade frågor under perioden.'),
      groupList(`Besvarade med låg säkerhet (under ${pct(r.lowConfidenceBelow)})`, r.lowConfidence, 'Inga svar med låg säkerhet.'),
      groupList('Inte hjälpsamma svar', r.notHelpful, 'Ingen negativ återkoppling under perioden.'),
      groupList(
        'Tolkade svar att se över',
        r.interpreted,
        'Inga tolkade svar fick tummen ner eller ett klick på en annan fråga under perioden.',
        true,
      ),
      groupTable('Mest frågat', r.mostAsked, 'Inga frågor ännu.'),
    );
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}
$('refresh').addEventListener('click', loadReview);
$('days').addEventListener('change', loadReview);
$('show-handled').addEventListener('change', loadReview);
