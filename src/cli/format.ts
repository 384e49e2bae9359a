/** Output format of `faq ask` for people: plain Swedish text with the source and its date (JSON: answer/json.ts). */
import { type Answer, formatSource, relatedHeading } from '../answer/answer';
import { MESSAGES } from '../answer/messages';

export function answerText(a: Answer): string {
  const lines = a.interpretedAs ? [MESSAGES.interpretedAs(a.interpretedAs), a.answer] : [a.answer];
  for (const s of a.sources) lines.push(formatSource(s));
  if (a.suggestions.length) {
    if (a.outcome === 'interpreted') lines.push(MESSAGES.somethingElse);
    lines.push(...a.suggestions.map((s) => `  • ${s}`));
  }
  if (a.related.length) {
    const heading = relatedHeading(a);
    lines.push(...(heading ? [`${heading}:`] : []), ...a.related.map((s) => `  • ${s}`));
  }
  if (a.followUps.length) lines.push(`${MESSAGES.followUpsHeading}`, ...a.followUps.map((f) => `  • ${f.question}`));
  lines.push(`(säkerhet ${decimal(a.confidence, 2)}${a.candidates[0] ? `, bästa träff ${a.candidates[0].id}` : ''})`);
  return lines.join('\n');
}

/** A number with a decimal comma, as Swedish text writes it: 0,94. */
export function decimal(x: number, digits: number): string {
  return x.toFixed(digits).replace('.', ',');
}

/** A share as a Swedish percentage with one decimal: 83,3 %. */
export function percent(x: number): string {
  return `${decimal(100 * x, 1)} %`;
}

/** A count with the singular or plural word: 1 sida, 2 sidor. */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
