// Testa en fråga: ask as staff would, and see the answer with its source, and why: what the bot does with the
// question and the reason (verdict.mjs), and the candidates. The questions and answers stack as a conversation,
// newest last, under one conversation id the server reads follow-ups in; "Ny konversation" starts another.
import { api, json } from './api.mjs';
import { $, el, maxLength, stacked } from './dom.mjs';
import { outcomeBadge } from './format.mjs';
import { verdict } from './verdict.mjs';

/** Why the bot did what it did: the verdict in words, and the rule's name for those who look it up. */
function why(r) {
  return verdict(r);
}

/** A new conversation id: random, short, and only of the characters the server takes ([A-Za-z0-9_-]). */
function newConversation() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

let conversation = newConversation();

/** The conversation so far, one item per question and its answer, newest last. */
function turns() {
  const out = $('result');
  let list = out.querySelector('ol.conversation');
  if (!list) {
    list = el('ol', { class: 'conversation', 'aria-label': 'Konversationen' });
    out.replaceChildren(list);
  }
  return list;
}

async function ask(question, from) {
  $('question').value = '';
  const reply = el('div', {}, el('p', {}, 'Frågar…'));
  const turn = el('li', { class: 'turn' }, el('p', { class: 'asked' }, el('span', { class: 'who' }, 'Fråga: '), question), reply);
  turns().append(turn);
  turn.scrollIntoView({ block: 'nearest' });
  // An answer that comes back after "Ny konversation" belongs to the conversation that was cleared.
  const asked = conversation;
  try {
    const r = await api('ask', json({ question, conversation: asked, ...(from ? { from } : {}) }));
    if (asked === conversation) reply.replaceChildren(renderAnswer(r));
  } catch (err) {
    reply.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

/** "Ny konversation": a new id, so the bot reads the next question on its own, and an empty view. */
function startOver() {
  conversation = newConversation();
  $('result').replaceChildren();
  $('question').value = '';
  $('question').focus();
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
  if (a.followUps?.length) {
    // What staff usually ask next: a click asks it in this conversation, as a question of its own.
    card.append(
      el('h3', {}, 'Vill du veta mer?'),
      el(
        'ul',
        { class: 'chips', 'aria-label': 'Vill du veta mer?' },
        a.followUps.map((f) => el('li', {}, el('button', { type: 'button', onclick: () => ask(f.question) }, f.question))),
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

$('new-conversation').addEventListener('click', startOver);
$('ask-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = $('question').value.trim();
  if (q) ask(q);
});
