/** Output formats of `faq ask`: the JSON contract other checks depend on, and plain Swedish text for people. */
import { type Answer, formatSource } from '../answer/answer';

/** The JSON object for one answer. Field names are a contract: question, answered, answer, confidence, sources, suggestions, candidates. */
export function answerJson(a: Answer): Record<string, unknown> {
  return {
    question: a.question,
    answered: a.answered,
    answer: a.answer,
    confidence: a.confidence,
    sources: a.sources.map((s) => ({ id: s.id, title: s.title, url: s.url, section: s.section, published: s.published })),
    suggestions: a.suggestions,
    candidates: a.candidates.map((c) => ({ id: c.id, score: c.score, kind: c.kind, title: c.title })),
    related: a.related,
    kind: a.kind,
    matchedWords: a.matchedWords,
    ...(a.answerId ? { answerId: a.answerId } : {}),
  };
}

export function answerText(a: Answer): string {
  const lines = [a.answer];
  for (const s of a.sources) lines.push(formatSource(s));
  if (a.suggestions.length) lines.push(...a.suggestions.map((s) => `  • ${s}`));
  if (a.related.length) lines.push('Relaterade frågor:', ...a.related.map((s) => `  • ${s}`));
  lines.push(`(säkerhet ${a.confidence.toFixed(2)}${a.candidates[0] ? `, bästa träff ${a.candidates[0].id}` : ''})`);
  return lines.join('\n');
}
