/** Output format of `faq ask` for people: plain Swedish text with the source and its date (JSON: answer/json.ts). */
import { type Answer, formatSource } from '../answer/answer';

export function answerText(a: Answer): string {
  const lines = [a.answer];
  for (const s of a.sources) lines.push(formatSource(s));
  if (a.suggestions.length) lines.push(...a.suggestions.map((s) => `  • ${s}`));
  if (a.related.length) lines.push('Relaterade frågor:', ...a.related.map((s) => `  • ${s}`));
  lines.push(`(säkerhet ${a.confidence.toFixed(2)}${a.candidates[0] ? `, bästa träff ${a.candidates[0].id}` : ''})`);
  return lines.join('\n');
}
