// Testa en fråga: ask as staff would, and see the answer with its source, and why: what the bot does with the
// question and the reason (verdict.mjs), and the candidates.
import { api, json } from './api.mjs';
import { $, el, maxLength, stacked } from './dom.mjs';
import { outcomeBadge } from './format.mjs';
import { verdict } from './verdict.mjs';

/** Why the bot did what it did: the verdict in words, and the rule's name for those who look it up. */
function why(r) {
  return verdict(r);
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
    stacked(
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
