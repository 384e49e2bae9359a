// Testa en fråga: ask as staff would, and see the answer with its source, and why: the rule that decided, the
// confidence in words, and the candidates.
import { api, json } from './api.mjs';
import { $, el, maxLength, scroll } from './dom.mjs';
import { outcomeBadge, pct } from './format.mjs';

// What each decision rule of the engine (src/answer/decide.ts) did, by outcome, for a communicator.
const RULES = {
  'best-candidate': { answered: 'Boten är säker nog och svarar från det som passar frågan bäst.' },
  threshold: {
    interpreted:
      'Boten är inte säker nog att svara direkt, men tillräckligt säker för att svara på den fråga den tror att personalen menar. Därför säger den först hur den tolkade frågan.',
    declined: 'Boten är inte säker nog att svara. Den visar de frågor som ligger närmast i stället.',
  },
  'close-race': {
    interpreted:
      'Två poster med olika svar passar nästan lika bra. Boten svarar från den bästa, säger hur den tolkade frågan och visar den andra under ”Menade du något annat?”.',
  },
  'type-agreement': {
    answered: 'Den bästa posten säger inte det som frågas, men nästa post gör det. Boten svarar från den.',
    interpreted: 'Den bästa posten säger inte det som frågas, men nästa post gör det. Boten svarar från den.',
    declined: 'Posten som ligger närmast säger inte det som frågas (till exempel när, hur många eller vem).',
  },
  'unknown-name': { declined: 'Frågan handlar om ett namn som faktasidan inte nämner.' },
  'marked-out-of-scope': { declined: 'En kommunikatör har markerat frågan som ”Ska inte besvaras”.' },
  'no-candidate': { declined: 'Inget i kunskapen liknar frågan.' },
};
// Replies that are not looked up in the knowledge: no confidence is computed for them.
const UNRANKED = {
  clinical: 'Frågan är klinisk eller gäller en patient. Sådana frågor besvaras aldrig.',
  smalltalk: 'En hälsning, ett tack eller en fråga om hjälp: boten svarar med exempel på frågor och söker inte i kunskapen.',
  empty: 'Frågan är tom.',
  too_long: 'Frågan är för lång för att sökas.',
  rate_limited: 'För många frågor på kort tid.',
  refused: 'Frågan innehåller ett tecken som inte kan tas emot.',
};

/** Why the bot did what it did, in words: the rule that decided, and the confidence against the thresholds. */
function why(r) {
  const a = r.answer;
  if (UNRANKED[a.kind]) return [el('p', {}, UNRANKED[a.kind])];
  const said = RULES[r.rule]?.[a.outcome] || (r.rule ? `Regeln ”${r.rule}” avgjorde.` : '');
  const interprets = r.interpretThreshold < r.threshold;
  const direct = a.confidence >= r.threshold;
  const enough = a.confidence >= (interprets ? r.interpretThreshold : r.threshold);
  const level = direct
    ? 'hög nog för att svara direkt'
    : enough
      ? 'för låg för att svara direkt, men hög nog för att svara med en tolkning'
      : 'för låg för att svara';
  const limits = interprets
    ? `Boten svarar direkt från ${pct(r.threshold)} och med en tolkning från ${pct(r.interpretThreshold)}.`
    : `Boten svarar från ${pct(r.threshold)}.`;
  // A confidence that would have been enough beside a decline or an interpretation: the rule above decided.
  const overruled =
    a.outcome === 'declined' && enough
      ? ' Säkerheten räckte, men regeln ovan gjorde att boten inte svarade.'
      : a.outcome === 'interpreted' && direct
        ? ' Säkerheten räckte för ett direkt svar, men regeln ovan gjorde att boten säger hur den tolkade frågan.'
        : '';
  return [
    said ? el('p', {}, said) : '',
    el('p', {}, `Säkerhet ${pct(a.confidence)}: ${level}. ${limits}${overruled}`),
    r.rule ? el('p', { class: 'hint' }, 'Regel: ', el('span', { class: 'mono' }, r.rule)) : '',
  ];
}

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
    el('p', {}, outcomeBadge(a)),
    r.interpretation ? el('p', { class: 'interpretation' }, r.interpretation) : '',
    el('p', { class: 'answer-text' }, a.answer),
  );
  // The close-race rule interprets even above the threshold: say why, so the confidence does not look like a bug.
  if (r.closeRace?.length === 2) {
    const [first, second] = r.closeRace;
    card.append(
      el(
        'p',
        { class: 'race' },
        `Två poster ligger nära varandra: ”${first.question}” och ”${second.question}”. Boten svarar med den första som en tolkning och visar den andra under ”Menade du något annat?”.`,
      ),
    );
  }
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
    const label = a.outcome === 'interpreted' ? 'Menade du något annat?' : a.answered ? 'Förslag' : 'Menade du…?';
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
    // "Relaterade frågor" once: no heading where the text already leads into the list ("… kan jag svara på:").
    const led = !a.suggestions.length && /:$/.test(a.answer.trim());
    card.append(
      led ? '' : el('h3', {}, 'Relaterade frågor'),
      el(
        'ul',
        { class: 'chips', 'aria-label': 'Relaterade frågor' },
        a.related.map((q) => chip(q, 'related')),
      ),
    );
  }
  card.append(
    el('h3', {}, 'Varför detta svar'),
    ...why(r),
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
  const comment = el('textarea', { id: `c-${questionId}`, rows: 2, maxlength: maxLength('comment') });
  const send = async (helpful) => {
    try {
      await api('feedback', { method: 'POST', body: JSON.stringify({ questionId, helpful, comment: comment.value }) });
      status.textContent = 'Tack, återkopplingen är sparad.';
    } catch (err) {
      status.textContent = err.message;
    }
  };
  // Feedback counts in the review: a role that only reads does not give it.
  return el(
    'div',
    { 'data-needs': 'edit' },
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
