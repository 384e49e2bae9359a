/**
 * Picks the sentences of a section or passage that answer the question, so a passage answer quotes what is
 * relevant instead of the whole section.
 */
import type { Analyzer, QueryAnalysis } from '../analysis/analyzer';

/** Splits text into sentences at ., ! or ? followed by a capital letter or digit. */
export function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"«])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The one or two best sentences, in text order. A sentence scores the rarity-weighted query terms it contains;
 * a second sentence is added only when it brings terms the first lacks.
 */
export function quote(analyzer: Analyzer, query: QueryAnalysis, text: string, idf: (t: string) => number): string {
  const all = sentences(text);
  if (all.length <= 1) return all[0] ?? text.trim();
  const qTerms = new Map<string, number>();
  for (const w of query.words)
    if (!w.question) for (const t of w.terms) qTerms.set(t.term, Math.max(qTerms.get(t.term) ?? 0, t.boost * idf(t.term)));
  const scored = all.map((s, i) => {
    const terms = new Set(analyzer.documentTerms(s));
    let score = 0;
    for (const [t, w] of qTerms) if (terms.has(t)) score += w;
    return { i, s, terms, score };
  });
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.i - b.i);
  const first = ranked[0] as (typeof scored)[number];
  const picked = [first];
  const second = ranked[1];
  if (second && second.score > 0) {
    let extra = 0;
    for (const [t, w] of qTerms) if (second.terms.has(t) && !first.terms.has(t)) extra += w;
    if (extra >= 0.25 * first.score) picked.push(second);
  }
  return picked
    .sort((a, b) => a.i - b.i)
    .map((p) => p.s)
    .join(' ');
}
