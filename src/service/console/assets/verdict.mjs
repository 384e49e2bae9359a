// Why the bot did what it did with a question, in a communicator's words: what it does with the question (answers,
// answers with an interpretation, or gives no answer), the reason (the rule of the engine's decision,
// src/answer/decide.ts, that settled it) and its confidence as one explained line. "Testa en fråga" and every
// "Boten svarar nu" after an edit show the same words.
import { el } from './dom.mjs';
import { pct } from './format.mjs';

/** What the bot does with the question, by the answer's outcome. */
const DOES = {
  answered: 'Boten svarar på frågan.',
  interpreted: 'Boten svarar med en tolkning: den säger först vilken fråga den tror att personalen menar.',
  declined: 'Boten svarar inte på frågan.',
};

// The reason, by the rule that decided and the outcome.
const RULES = {
  'best-candidate': { answered: 'Boten är säker nog och svarar från det som passar frågan bäst.' },
  'known-phrasing': { answered: 'Frågan står ord för ord som en formulering i en post. Boten svarar från den posten.' },
  threshold: {
    interpreted: 'Boten är ganska säker, men inte säker nog för att svara direkt.',
    declined: 'Boten är inte säker nog på något svar. Den visar de frågor som ligger närmast i stället.',
  },
  'close-race': {
    interpreted:
      'Två poster med olika svar passar nästan lika bra. Boten svarar från den bästa och visar den andra under ”Menade du något annat?”.',
  },
  'type-agreement': {
    answered: 'Den bästa posten säger inte det som frågas, men nästa post gör det. Boten svarar från den.',
    interpreted: 'Den bästa posten säger inte det som frågas, men nästa post gör det. Boten svarar från den.',
    declined: 'Posten som ligger närmast säger inte det som frågas (till exempel när, hur många eller vem).',
  },
  'unknown-name': { declined: 'Frågan handlar om ett namn som faktasidan inte nämner.' },
  'marked-out-of-scope': { declined: 'En kommunikatör har markerat frågan som ”Ska inte besvaras”.' },
  'no-candidate': { declined: 'Inget i kunskapen liknar frågan.' },
  'nothing-asked': {
    declined:
      'En följdfråga som inte säger vad den gäller, och samtalet ger inget svar på det. Boten frågar om den närmaste frågan var menad.',
  },
  'nothing-more': {
    declined: 'En följdfråga som bara skulle få samma svar som nyss. Faktasidan säger inget mer om det.',
  },
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

/**
 * The confidence as one line: what the figure is, where the bot answers, and whether it was enough here. A
 * confidence that was enough beside a decline or an interpretation points at the reason above it.
 */
function confidenceLine(r) {
  const a = r.answer;
  const interprets = r.interpretThreshold < r.threshold;
  const direct = a.confidence >= r.threshold;
  const enough = a.confidence >= (interprets ? r.interpretThreshold : r.threshold);
  const limits = interprets
    ? `Den svarar direkt från ${pct(r.threshold)} och med en tolkning från ${pct(r.interpretThreshold)}.`
    : `Den svarar från ${pct(r.threshold)}.`;
  const verdict = {
    answered: direct ? 'Det räcker för ett direkt svar.' : 'Boten svarar ändå, av skälet ovan.',
    interpreted: direct
      ? 'Det räcker för ett direkt svar, men boten svarar med en tolkning av skälet ovan.'
      : 'Det räcker för ett svar med en tolkning, men inte för ett direkt svar.',
    declined: enough ? 'Det räcker för ett svar, men boten svarar inte av skälet ovan.' : 'Det räcker inte för ett svar.',
  }[a.outcome];
  return `Säkerhet ${pct(a.confidence)}: så säker är boten på att den har hittat rätt svar. ${limits} ${verdict}`;
}

/** What the bot does with the question, why, and its confidence explained: paragraphs for an answer card. */
export function verdict(r) {
  const a = r.answer;
  if (UNRANKED[a.kind]) return [el('p', {}, UNRANKED[a.kind])];
  const reason = RULES[r.rule]?.[a.outcome] || (r.rule ? `Regeln ”${r.rule}” avgjorde.` : '');
  return [
    el('p', { class: 'does' }, el('strong', {}, DOES[a.outcome] || '')),
    reason ? el('p', {}, reason) : '',
    el('p', { class: 'confidence' }, confidenceLine(r)),
  ];
}
