// Faktabot console: plain DOM, no framework, no external assets. All user data goes in through textContent.
'use strict';

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
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

async function api(path, options) {
  const res = await fetch(`/console/api/${path}`, {
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    ...options,
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (res.status === 401) showLogin();
  if (!res.ok && !(res.status === 422 && path === 'reload')) {
    const err = new Error(body?.error || `Fel ${res.status}`);
    err.status = res.status;
    err.issues = body?.issues || [];
    throw err;
  }
  return body;
}

// One Swedish word per concept, here as in knowledge/README.md: post (an FAQ entry), formulering (one way of
// asking), avsnitt (a section of the fact page), textstycke (an imported passage).
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const json = (body) => ({ method: 'POST', body: JSON.stringify(body) });
const scroll = (table) => el('div', { class: 'table-scroll' }, table);

const pct = (x) => `${Math.round(x * 100)} %`;
const date = (ts) => new Date(ts).toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' });

function showLogin() {
  $('app').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('token').focus();
}

async function start() {
  const s = await api('session');
  if (s.forbidden) {
    $('banner').hidden = false;
    $('banner').textContent = 'Konsolen svarar bara på datorn där Faktabot körs, eftersom ingen CONSOLE_TOKEN är satt.';
    return;
  }
  if (s.loopbackOnly) {
    $('banner').hidden = false;
    $('banner').textContent =
      'Ingen CONSOLE_TOKEN är satt: konsolen svarar bara på den här datorn (127.0.0.1) och kräver ingen inloggning.';
  }
  if (!s.signedIn) return showLogin();
  $('login').hidden = true;
  $('app').hidden = false;
  $('logout').hidden = !s.tokenRequired;
  $('question').focus();
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    await api('login', { method: 'POST', body: JSON.stringify({ token: $('token').value }) });
    $('token').value = '';
    await start();
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});

$('logout').addEventListener('click', async () => {
  await api('logout', { method: 'POST', body: '{}' });
  showLogin();
});

for (const tab of document.querySelectorAll('.tabs button')) {
  tab.addEventListener('click', () => {
    for (const t of document.querySelectorAll('.tabs button')) t.removeAttribute('aria-current');
    tab.setAttribute('aria-current', 'page');
    for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== `tab-${tab.dataset.tab}`;
    if (tab.dataset.tab === 'review') loadReview();
    if (tab.dataset.tab === 'entries') loadEntriesTab();
    if (tab.dataset.tab === 'tickets') loadTickets();
    if (tab.dataset.tab === 'health') loadHealth();
  });
}

// Testa en fråga
const KIND = {
  answer: ['Svar', 'ok'],
  abstain: ['Inget säkert svar', 'warn'],
  clinical: ['Klinisk fråga – besvaras inte', 'bad'],
  smalltalk: ['Småprat', 'warn'],
  empty: ['Tom fråga', 'warn'],
  too_long: ['För lång fråga', 'warn'],
  rate_limited: ['För många frågor just nu', 'warn'],
};
const kindBadge = (kind) => {
  const [label, tone] = KIND[kind] || ['Annat svar', 'warn'];
  return el('span', { class: `badge ${tone}` }, label);
};

async function ask(question, from) {
  $('question').value = question;
  const out = $('result');
  out.replaceChildren(el('p', {}, 'Frågar…'));
  try {
    const r = await api('ask', json(from ? { question, from } : { question }));
    out.replaceChildren(renderAnswer(r));
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

function renderAnswer(r) {
  const a = r.answer;
  const card = el(
    'article',
    { class: 'card', 'aria-label': 'Botens svar' },
    el('p', {}, kindBadge(a.kind), ' ', `säkerhet ${pct(a.confidence)} (svarar från ${pct(r.threshold)})`),
    el('p', { class: 'answer-text' }, a.answer),
  );
  for (const s of a.sources) {
    card.append(
      el(
        'p',
        { class: 'source' },
        s.section && s.section !== s.title ? `Källa: ”${s.section}” i ` : 'Källa: ',
        el('a', { href: s.url, rel: 'noopener', target: '_blank' }, s.title),
        s.published ? ` (publicerad ${s.published})` : '',
      ),
    );
  }
  // A click is recorded as "staff chose this entry after that question" (the learning loop's signal).
  const chip = (q, kind) =>
    el('li', {}, el('button', { type: 'button', onclick: () => ask(q, r.questionId ? { questionId: r.questionId, kind } : undefined) }, q));
  if (a.suggestions.length) {
    // "Menade du…?" once: the answer text already ends with it when the bot is unsure.
    const said = /Menade du…\?$/.test(a.answer);
    const label = a.answered ? 'Förslag' : 'Menade du…?';
    card.append(
      said ? '' : el('h3', {}, label),
      el(
        'ul',
        { class: 'chips', 'aria-label': label },
        a.suggestions.map((q) => chip(q, 'suggestion')),
      ),
    );
  }
  if (a.related.length) {
    card.append(
      el('h3', {}, 'Relaterade frågor'),
      el(
        'ul',
        { class: 'chips', 'aria-label': 'Relaterade frågor' },
        a.related.map((q) => chip(q, 'related')),
      ),
    );
  }
  card.append(
    el('h3', {}, 'Varför detta svar'),
    el('p', {}, 'Ord som matchade: ', a.matchedWords.length ? el('span', { class: 'mono' }, a.matchedWords.join(', ')) : 'inga'),
  );
  card.append(
    scroll(
      el(
        'table',
        {},
        el('caption', { class: 'hint' }, 'De fem bästa kandidaterna'),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, 'Id'),
            el('th', { scope: 'col' }, 'Typ'),
            el('th', { scope: 'col' }, 'Fråga eller rubrik'),
            el('th', { scope: 'col', class: 'num' }, 'Poäng'),
          ),
        ),
        el(
          'tbody',
          {},
          a.candidates.map((c) =>
            el(
              'tr',
              {},
              el('td', { class: 'mono' }, c.id),
              el('td', {}, { faq: 'Post', section: 'Avsnitt', passage: 'Textstycke' }[c.kind] || 'Annat'),
              el('td', {}, c.title),
              el('td', { class: 'num' }, c.score.toFixed(2)),
            ),
          ),
        ),
      ),
    ),
  );
  if (r.questionId !== undefined && r.questionId !== null) card.append(feedbackForm(r.questionId));
  return card;
}

function feedbackForm(questionId) {
  const status = el('span', { role: 'status' });
  const comment = el('textarea', { id: `c-${questionId}`, rows: 2, maxlength: 2000 });
  const send = async (helpful) => {
    try {
      await api('feedback', { method: 'POST', body: JSON.stringify({ questionId, helpful, comment: comment.value }) });
      status.textContent = 'Tack, återkopplingen är sparad.';
    } catch (err) {
      status.textContent = err.message;
    }
  };
  return el(
    'div',
    {},
    el('h3', {}, 'Var svaret bra?'),
    el('label', { for: `c-${questionId}` }, 'Kommentar (valfri)'),
    comment,
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'button', onclick: () => send(true) }, 'Hjälpsamt'),
      el('button', { type: 'button', class: 'secondary', onclick: () => send(false) }, 'Inte hjälpsamt'),
      status,
    ),
  );
}

$('ask-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = $('question').value.trim();
  if (q) ask(q);
});

// Granska
function groupTable(caption, groups, empty) {
  if (!groups.length) return el('div', {}, el('h3', {}, caption), el('p', { class: 'hint' }, empty));
  return el(
    'div',
    {},
    el('h3', {}, caption),
    scroll(
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
          groups.map((g) => el('tr', {}, el('td', {}, g.example), el('td', { class: 'num' }, g.count), el('td', {}, date(g.lastTs)))),
        ),
      ),
    ),
  );
}

function chart(perDay) {
  const w = 720;
  const h = 200;
  const pad = 28;
  const max = Math.max(1, ...perDay.map((d) => d.total));
  const bw = perDay.length ? Math.min(48, (w - pad * 2) / perDay.length) : 0;
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
    if (perDay.length <= 14 || i % Math.ceil(perDay.length / 10) === 0) svg.append(text(x + bw / 2 - 2, h + 16, d.day.slice(5), 'middle'));
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
              el('tr', {}, el('td', {}, d.day), el('td', { class: 'num' }, d.total), el('td', { class: 'num' }, d.answered)),
            ),
          ),
        ),
      ),
    ),
  );
}

// The knowledge as the console last read it: entries, sections and the file versions edits must name.
let kb = null;
async function loadEntries() {
  kb = await api('entries');
  return kb;
}
const entryById = (id) => kb?.entries.find((e) => e.id === id);

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
  if (g.now?.answered) return el('span', { class: 'badge ok' }, 'Besvaras nu');
  return el('span', { class: 'badge warn' }, 'Öppen');
}

/** What the bot now answers to the staff question, after an action. */
function nowAnswers(reask) {
  if (!reask) return '';
  const a = reask.answer;
  return el(
    'div',
    { class: 'now', role: 'status' },
    el('strong', {}, 'Boten svarar nu: '),
    kindBadge(a.kind),
    ` säkerhet ${pct(a.confidence)} (svarar från ${pct(reask.threshold)})`,
    el('p', {}, a.answer),
    a.answerId ? el('p', { class: 'hint' }, `Från posten ${a.answerId}`) : '',
  );
}

/** Shows the outcome of a write: saved (with undo), flagged (with "Spara ändå"), conflict (with reload), or refused. */
function showOutcome(box, send, after, undone = after) {
  return send(false)
    .then(async function done(r) {
      if (r.saved) {
        await loadEntries();
        box.replaceChildren(
          el('p', { class: 'ok-text', role: 'status' }, `Sparat i ${r.file}.`),
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
          el('p', {}, el('strong', {}, 'Varning: '), 'ändringen skulle få boten att svara på frågor som den avböjer i dag:'),
          el(
            'ul',
            {},
            r.flagged.map((f) =>
              el(
                'li',
                {},
                `${f.question} (${f.from === 'utanfor' ? 'markerad "ska inte besvaras"' : 'utvärderingen'}; skulle besvaras från ${f.answerId})`,
              ),
            ),
          ),
          el('button', { type: 'button', onclick: () => send(true).then(done, fail) }, 'Spara ändå'),
        ),
      );
    })
    .catch(fail);
  function fail(err) {
    const children = [el('p', { class: 'error', role: 'alert' }, err.message)];
    if (err.issues?.length)
      children.push(
        el(
          'ul',
          { class: 'mono' },
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
              after?.();
              box.replaceChildren(el('p', { role: 'status' }, 'Omladdat. Gör ändringen igen.'));
            },
          },
          'Ladda om',
        ),
      );
    box.replaceChildren(...children);
  }
}

async function undo(id, box, after) {
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

function entryOptions(selected) {
  return kb.entries.map((e) => el('option', { value: e.id, selected: e.id === selected }, `${e.question} (${e.id})`));
}

function reviewGroup(g, listName) {
  const box = el('div', { class: 'action-box' });
  const title = `${listName}: ${g.example}`;
  // The card stays as it is after an action (with what the bot now answers and "Ångra"); only its badge changes.
  let badge = statusBadge(g);
  const mark = (action) => () => {
    const next = statusBadge({ ...g, handled: action ? { action } : null, now: action ? g.now : { answered: false } });
    badge.replaceWith(next);
    badge = next;
  };
  const preferred = g.chosen[0]?.entryId || g.candidates[0]?.id || kb.entries[0]?.id;
  const actions = el('div', { class: 'row actions' });
  if (!g.clinical) {
    actions.append(
      el(
        'button',
        {
          type: 'button',
          onclick: () => {
            const text = el('input', {
              type: 'text',
              value: g.example,
              maxlength: 500,
              id: `p-${g.groupKey}`,
            });
            const entry = el('select', { id: `e-${g.groupKey}` }, entryOptions(preferred));
            const result = el('div', {});
            box.replaceChildren(
              el(
                'form',
                {
                  class: 'inline-form',
                  onsubmit: (e) => {
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
                  },
                },
                el('label', { for: `p-${g.groupKey}` }, 'Formulering'),
                text,
                el('label', { for: `e-${g.groupKey}` }, 'Lägg till i posten'),
                entry,
                el('button', { type: 'submit' }, 'Spara formuleringen'),
              ),
              result,
            );
            text.focus();
          },
        },
        'Lägg till som formulering',
      ),
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            const result = el('div', {});
            box.replaceChildren(
              entryForm({ question: g.example, alternates: [], answer: '', section: '' }, result, {
                groupKey: g.groupKey,
                ask: g.example,
                after: mark('new-entry'),
                undone: mark(null),
              }),
              result,
            );
          },
        },
        'Ny post',
      ),
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            // Edit the entry staff chose most (or the bot's best candidate), picked from a list.
            const pick = el('select', { id: `r-${g.groupKey}` }, entryOptions(preferred));
            const slot = el('div', {});
            const result = el('div', {});
            const show = () => {
              const e = entryById(pick.value);
              slot.replaceChildren(
                entryForm(e, result, { id: e.id, groupKey: g.groupKey, ask: g.example, after: mark('edit'), undone: mark(null) }),
              );
            };
            pick.addEventListener('change', show);
            box.replaceChildren(el('label', { for: pick.id }, 'Redigera posten'), pick, slot, result);
            show();
          },
        },
        'Redigera',
      ),
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () =>
            showOutcome(
              box,
              (confirm) =>
                api(
                  'out-of-scope',
                  json({ text: g.example, version: kb.versions['utanfor.yaml'], confirm, groupKey: g.groupKey, ask: g.example }),
                ),
              mark('out-of-scope'),
              mark(null),
            ),
        },
        'Ska inte besvaras',
      ),
    );
  }
  actions.append(
    g.handled?.action === 'dismissed'
      ? el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              await api('review/reopen', json({ groupKey: g.groupKey }));
              loadReview();
            },
          },
          'Öppna igen',
        )
      : el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              await api('review/dismiss', json({ groupKey: g.groupKey }));
              loadReview();
            },
          },
          'Avfärda',
        ),
  );
  return el(
    'article',
    { class: 'card group', 'aria-label': title },
    el('p', { class: 'group-head' }, badge, ' ', el('q', {}, g.example)),
    el('p', { class: 'hint' }, `${plural(g.count, 'fråga', 'frågor')}, senast ${date(g.lastTs)}, högsta säkerhet ${pct(g.maxConfidence)}`),
    g.comments?.length ? el('p', {}, 'Kommentarer: ', g.comments.join(' · ')) : '',
    el(
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
    ),
    actions,
    box,
  );
}

function groupList(caption, groups, empty) {
  return el(
    'section',
    { 'aria-label': caption },
    el('h3', {}, `${caption} (${groups.length})`),
    groups.length ? groups.map((g) => reviewGroup(g, caption)) : el('p', { class: 'hint' }, empty),
  );
}

function setExportLinks() {
  const days = $('days').value;
  $('export').href = `/console/api/export.csv?days=${days}`;
  $('export-excel').href = `/console/api/export.csv?days=${days}&format=excel`;
}

let reviewRender = 0;
async function loadReview() {
  const out = $('review');
  const mine = ++reviewRender;
  setExportLinks();
  try {
    const [r] = await Promise.all([api(`review?days=${$('days').value}${$('show-handled').checked ? '&all=1' : ''}`), loadEntries()]);
    if (mine !== reviewRender) return; // a newer render (period, refresh) is on its way
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
        'Varje grupp är liknande frågor. Lär boten svara med en formulering eller en ny post, markera frågor den inte ska svara på, eller avfärda gruppen.',
      ),
      groupList('Obesvarade frågor', r.unanswered, 'Inga obesvarade frågor under perioden.'),
      groupList('Besvarade med låg säkerhet', r.lowConfidence, 'Inga svar med låg säkerhet.'),
      groupList('Inte hjälpsamma svar', r.notHelpful, 'Ingen negativ återkoppling under perioden.'),
      groupTable('Mest frågat', r.mostAsked, 'Inga frågor ännu.'),
    );
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}
$('refresh').addEventListener('click', loadReview);
$('days').addEventListener('change', loadReview);
$('show-handled').addEventListener('change', loadReview);

// Poster: edit entries, create new ones, see and undo changes.
function entryForm(initial, result, { id, groupKey, ask: question, after, undone, draftId } = {}) {
  const uid = id || (draftId ? `utkast-${draftId}` : 'ny');
  const field = (label, node) => el('div', { class: 'field' }, el('label', { for: node.id }, label), node);
  const q = el('input', { id: `q-${uid}`, type: 'text', maxlength: 500, value: initial.question, required: true });
  const answer = el('textarea', { id: `a-${uid}`, rows: 4, maxlength: 2000, required: true });
  answer.value = initial.answer;
  const section = el(
    'select',
    { id: `s-${uid}`, required: true },
    el('option', { value: '' }, 'Välj avsnitt på faktasidan'),
    kb.sections.map((s) => el('option', { value: s.id, selected: s.id === initial.section }, s.heading)),
  );
  const alternates = el('textarea', { id: `f-${uid}`, rows: 5 });
  alternates.value = initial.alternates.join('\n');
  const reviewed = el('input', { id: `r-${uid}`, type: 'checkbox' });
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
                    confirm,
                    groupKey,
                    ask: question || body.question,
                  }),
                })
              : api('entries', json({ ...body, version: kb.versions[file], confirm, groupKey, draftId, ask: question || body.question })),
          after,
          undone || after,
        );
      },
    },
    field('Fråga', q),
    field('Svar (1–3 meningar, bara det faktasidan säger)', answer),
    field('Avsnitt (källan som visas med svaret)', section),
    field('Andra formuleringar (en per rad, minst 3)', alternates),
    id ? el('div', { class: 'check' }, reviewed, el('label', { for: reviewed.id }, 'Granskad i dag')) : '',
    el('button', { type: 'submit' }, id ? 'Spara ändringen' : 'Spara den nya posten'),
  );
}

/** Renders the Poster tab; `notice` (after an undo) stays on top of it. */
// Renders can overlap (a save, a tab click and typing in the search each start one): only the newest may draw, so
// an older one finishing late cannot replace a list the user is already working in.
let entriesRender = 0;
async function loadEntriesTab(notice) {
  const out = $('entries');
  const mine = ++entriesRender;
  try {
    await loadEntries();
    const changes = (await api('changes')).changes;
    await loadDrafts();
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
        `${plural(kb.entries.length, 'post', 'poster')}, ${plural(kb.outOfScope.length, 'fråga', 'frågor')} markerade "ska inte besvaras".`,
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
                  c.undoneBy ? ' · ångrad' : '',
                ),
                el('details', {}, el('summary', {}, 'Visa ändringen'), el('pre', { class: 'mono diff' }, c.diff)),
                c.undoable
                  ? el('button', { type: 'button', class: 'secondary', onclick: () => undo(c.id, box, loadEntriesTab) }, 'Ångra')
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

// Ärenden
let ticketsRender = 0;
async function loadTickets() {
  const out = $('tickets');
  const mine = ++ticketsRender;
  try {
    const r = await api(`tickets?days=${$('ticket-days').value}&status=${$('ticket-status').value}`);
    if (mine !== ticketsRender) return;
    out.replaceChildren(
      el(
        'div',
        { class: 'kpis' },
        el('div', { class: 'kpi' }, el('strong', {}, r.tickets.length), r.tickets.length === 1 ? 'ärende' : 'ärenden'),
        el(
          'div',
          { class: 'kpi' },
          el('strong', {}, r.medianFirstResponseMinutes === null ? '–' : plural(r.medianFirstResponseMinutes, 'minut', 'minuter')),
          'till första svar (median)',
        ),
      ),
      r.tickets.length
        ? scroll(
            el(
              'table',
              { 'aria-label': 'Ärenden' },
              el(
                'thead',
                {},
                el(
                  'tr',
                  {},
                  ...['Nr', 'Frågat', 'Kanal', 'Fråga', 'Status', 'Första svar', 'Supportens svar', ''].map((h) =>
                    el('th', { scope: 'col' }, h),
                  ),
                ),
              ),
              el(
                'tbody',
                {},
                r.tickets.map((t) => {
                  const box = el('div', {});
                  return el(
                    'tr',
                    {},
                    el('td', { class: 'num' }, t.id),
                    el('td', {}, date(t.ts)),
                    el('td', {}, t.channel),
                    el('td', {}, t.question, t.context ? el('p', { class: 'hint' }, t.context) : ''),
                    el(
                      'td',
                      {},
                      t.statusLabel,
                      t.delivered ? '' : el('p', { class: 'error' }, 'Kom inte fram till supportens kanal'),
                      el('p', { class: 'hint' }, t.history.map((h) => `${h.status}${h.by ? ` (${h.by})` : ''} ${date(h.ts)}`).join(' → ')),
                    ),
                    el('td', {}, t.firstResponseMinutes === null ? '–' : plural(t.firstResponseMinutes, 'minut', 'minuter')),
                    el(
                      'td',
                      {},
                      t.answer || '–',
                      t.answer && !t.answerDelivered ? el('p', { class: 'error' }, 'Nådde inte den som frågade') : '',
                    ),
                    el(
                      'td',
                      {},
                      t.answer
                        ? el(
                            'button',
                            {
                              type: 'button',
                              class: 'secondary',
                              onclick: async () => {
                                try {
                                  await api(`tickets/${t.id}/draft`, json({}));
                                  box.replaceChildren(el('p', { class: 'ok-text', role: 'status' }, 'Förslaget finns under Poster.'));
                                } catch (err) {
                                  box.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
                                }
                              },
                            },
                            'Gör till FAQ-förslag',
                          )
                        : '',
                      box,
                    ),
                  );
                }),
              ),
            ),
          )
        : el('p', { class: 'hint' }, 'Inga ärenden under perioden.'),
    );
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}
$('ticket-status').addEventListener('change', loadTickets);
$('ticket-days').addEventListener('change', loadTickets);

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
          { class: 'row' },
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

// Kunskapens hälsa
async function loadHealth() {
  const out = $('health');
  try {
    const k = await api('knowledge');
    const errors = k.issues.filter((i) => i.severity === 'error');
    const warnings = k.issues.filter((i) => i.severity === 'warning');
    out.replaceChildren(
      el(
        'p',
        { class: errors.length ? 'error' : 'ok-text' },
        errors.length
          ? `Kunskapen har ${errors.length} fel. Boten svarar med den senaste hela kunskapen, laddad ${date(k.loadedAt)}.`
          : `Kunskapen är hel. Laddad ${date(k.loadedAt)}: ${plural(k.pages.length, 'sida', 'sidor')}, ${plural(k.counts.faq, 'post', 'poster')}, ${plural(k.counts.sections, 'avsnitt', 'avsnitt')}, ${plural(k.counts.passages, 'textstycke', 'textstycken')}.`,
      ),
      el('h3', {}, 'Fel och varningar (faq check)'),
      k.issues.length
        ? el(
            'ul',
            {},
            k.issues.map((i) => el('li', { class: i.severity === 'error' ? 'error mono' : 'mono' }, i.text)),
          )
        : el('p', { class: 'hint' }, 'Inga fel eller varningar.'),
      el('h3', {}, `Ej granskade på ${k.reviewAfterDays} dagar`),
      k.stale.length
        ? el(
            'ul',
            {},
            k.stale.map((s) => el('li', {}, `${s.question} (${s.id}, granskad ${s.reviewed}, ${s.file}:${s.line})`)),
          )
        : el('p', { class: 'hint' }, 'Alla svar är granskade inom perioden.'),
      el('h3', {}, 'Källsidor'),
      scroll(
        el(
          'table',
          {},
          el(
            'thead',
            {},
            el('tr', {}, el('th', {}, 'Sida'), el('th', {}, 'Publicerad'), el('th', {}, 'Granskad'), el('th', {}, 'Ansvarig')),
          ),
          el(
            'tbody',
            {},
            k.pages.map((p) =>
              el(
                'tr',
                {},
                el('td', {}, el('a', { href: p.url, rel: 'noopener', target: '_blank' }, p.title)),
                el('td', {}, p.published),
                el('td', {}, p.reviewed),
                el('td', {}, p.owner),
              ),
            ),
          ),
        ),
      ),
      warnings.length ? el('p', { class: 'hint' }, plural(warnings.length, 'varning', 'varningar')) : '',
    );
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

$('reload').addEventListener('click', async () => {
  $('reload-status').textContent = 'Laddar om…';
  try {
    const r = await api('reload', { method: 'POST', body: '{}' });
    $('reload-status').textContent = r.ok
      ? 'Klart: den nya kunskapen används nu.'
      : 'Kunskapen har fel och laddades inte; den förra används fortfarande.';
  } catch (err) {
    $('reload-status').textContent = err.message;
  }
  loadHealth();
});

start().catch((err) => {
  $('banner').hidden = false;
  $('banner').textContent = `Konsolen kunde inte starta: ${err.message}`;
});
