// Formatting shared by the tabs: counts, percentages, dates and the answer's outcome and kind badges.
import { el } from './dom.mjs';

// One Swedish word per concept, here as in knowledge/README.md: post (an FAQ entry), formulering (one way of
// asking), avsnitt (a section of the fact page), textstycke (an imported passage).
export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export const pct = (x) => `${Math.round(x * 100)} %`;
export const date = (ts) => new Date(ts).toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' });

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
/** The outcome of an answer: Svar, Tolkat svar (answered as the bot took the question), or why it declined. */
export const outcomeBadge = (a) => (a.outcome === 'interpreted' ? el('span', { class: 'badge interp' }, 'Tolkat svar') : kindBadge(a.kind));
