/** The JSON shape of an `Answer`, shared by the CLI (`faq ask --json`) and the service's console API. */
import type { Answer } from './answer';

/** The JSON object for one answer. Field names are a contract: question, answered, outcome, answer, confidence, sources, suggestions, candidates, followUps. */
export function answerJson(a: Answer): Record<string, unknown> {
  return {
    question: a.question,
    answered: a.answered,
    outcome: a.outcome,
    ...(a.interpretedAs ? { interpretedAs: a.interpretedAs } : {}),
    answer: a.answer,
    confidence: a.confidence,
    sources: a.sources.map((s) => ({ id: s.id, title: s.title, url: s.url, section: s.section, published: s.published })),
    suggestions: a.suggestions,
    candidates: a.candidates.map((c) => ({ id: c.id, score: c.score, kind: c.kind, title: c.title })),
    related: a.related,
    followUps: a.followUps.map((f) => ({ id: f.id, question: f.question })),
    kind: a.kind,
    matchedWords: a.matchedWords,
    ...(a.answerId ? { answerId: a.answerId } : {}),
  };
}
