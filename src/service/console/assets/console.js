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
  if (!res.ok && res.status !== 422) throw new Error(body?.error || `Fel ${res.status}`);
  return body;
}

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
};

async function ask(question) {
  $('question').value = question;
  const out = $('result');
  out.replaceChildren(el('p', {}, 'Frågar…'));
  try {
    const r = await api('ask', { method: 'POST', body: JSON.stringify({ question }) });
    out.replaceChildren(renderAnswer(r));
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

function renderAnswer(r) {
  const a = r.answer;
  const [label, tone] = KIND[a.kind] || [a.kind, 'warn'];
  const card = el(
    'article',
    { class: 'card', 'aria-label': 'Botens svar' },
    el('p', {}, el('span', { class: `badge ${tone}` }, label), ' ', `säkerhet ${pct(a.confidence)} (svarar från ${pct(r.threshold)})`),
    el('p', { class: 'answer-text' }, a.answer),
  );
  for (const s of a.sources) {
    card.append(
      el(
        'p',
        { class: 'source' },
        `Källa: ${s.section} – `,
        el('a', { href: s.url, rel: 'noopener', target: '_blank' }, s.title),
        s.published ? ` (publicerad ${s.published})` : '',
      ),
    );
  }
  if (a.suggestions.length) {
    card.append(
      el('h3', {}, a.answered ? 'Förslag' : 'Menade du…?'),
      el(
        'ul',
        { class: 'chips' },
        a.suggestions.map((q) => el('li', {}, el('button', { type: 'button', onclick: () => ask(q) }, q))),
      ),
    );
  }
  if (a.related.length) {
    card.append(
      el('h3', {}, 'Relaterade frågor'),
      el(
        'ul',
        { class: 'chips' },
        a.related.map((q) => el('li', {}, el('button', { type: 'button', onclick: () => ask(q) }, q))),
      ),
    );
  }
  card.append(
    el('h3', {}, 'Varför detta svar'),
    el('p', {}, 'Ord som matchade: ', a.matchedWords.length ? el('span', { class: 'mono' }, a.matchedWords.join(', ')) : 'inga'),
  );
  card.append(
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
            el('td', {}, { faq: 'FAQ', section: 'Avsnitt', passage: 'Textstycke' }[c.kind] || c.kind),
            el('td', {}, c.title),
            el('td', { class: 'num' }, c.score.toFixed(2)),
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
    `Frågor per dag: ${total} frågor på ${perDay.length} dagar, ${total ? pct(answered / total) : '0 %'} besvarade.`,
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
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', {}, 'Dag'), el('th', { class: 'num' }, 'Frågor'), el('th', { class: 'num' }, 'Besvarade'))),
        el(
          'tbody',
          {},
          perDay.map((d) => el('tr', {}, el('td', {}, d.day), el('td', { class: 'num' }, d.total), el('td', { class: 'num' }, d.answered))),
        ),
      ),
    ),
  );
}

async function loadReview() {
  const out = $('review');
  try {
    const r = await api(`review?days=${$('days').value}`);
    const t = r.totals;
    out.replaceChildren(
      el(
        'div',
        { class: 'kpis' },
        el('div', { class: 'kpi' }, el('strong', {}, t.questions), 'frågor'),
        el('div', { class: 'kpi' }, el('strong', {}, t.questions ? pct(t.answered / t.questions) : '–'), 'besvarade'),
        el('div', { class: 'kpi' }, el('strong', {}, t.helpful), 'hjälpsamma'),
        el('div', { class: 'kpi' }, el('strong', {}, t.notHelpful), 'inte hjälpsamma'),
      ),
      chart(r.perDay),
      el(
        'div',
        { class: 'grid' },
        groupTable('Obesvarade frågor', r.unanswered, 'Inga obesvarade frågor under perioden.'),
        groupTable('Besvarade med låg säkerhet', r.lowConfidence, 'Inga svar med låg säkerhet.'),
      ),
      el(
        'div',
        {},
        el('h3', {}, 'Negativ återkoppling'),
        r.negativeFeedback.length
          ? el(
              'table',
              {},
              el('thead', {}, el('tr', {}, el('th', {}, 'Fråga'), el('th', {}, 'Kommentar'), el('th', {}, 'Kanal'), el('th', {}, 'När'))),
              el(
                'tbody',
                {},
                r.negativeFeedback.map((f) =>
                  el('tr', {}, el('td', {}, f.question), el('td', {}, f.comment || '–'), el('td', {}, f.channel), el('td', {}, date(f.ts))),
                ),
              ),
            )
          : el('p', { class: 'hint' }, 'Ingen negativ återkoppling under perioden.'),
      ),
      groupTable('Mest frågat', r.mostAsked, 'Inga frågor ännu.'),
    );
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}
$('refresh').addEventListener('click', loadReview);
$('days').addEventListener('change', loadReview);

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
          : `Kunskapen är hel. Laddad ${date(k.loadedAt)}: ${k.counts.faq} frågor, ${k.counts.sections} avsnitt, ${k.counts.passages} textstycken.`,
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
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', {}, 'Sida'), el('th', {}, 'Publicerad'), el('th', {}, 'Granskad'), el('th', {}, 'Ansvarig'))),
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
      warnings.length ? el('p', { class: 'hint' }, `${warnings.length} varningar.`) : '',
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
