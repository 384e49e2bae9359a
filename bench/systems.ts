/** The systems under comparison, built over the same documents. */
import { Engine } from '../src/answer/engine';
import type { KnowledgeBase } from '../src/knowledge/types';
import { Peer, type PeerName } from './peers';

export type SystemName = 'faktabot' | PeerName;
export const SYSTEMS: readonly SystemName[] = ['faktabot', 'lunr+sv', 'minisearch', 'lunr'];

export interface RankingSystem {
  name: SystemName;
  rank(question: string, limit: number): { id: string; score: number }[];
}

/** Our engine's ranking over plain passages (no FAQ, no synonyms, no guard): for SweFAQ and the synthetic base. */
export function passageEngine(docs: readonly { id: string; text: string }[]): Engine {
  const kb: KnowledgeBase = {
    dir: '(bench)',
    pages: [],
    faq: [],
    passages: docs.map((d) => ({ id: d.id, title: '', text: d.text, url: '', file: '(bench)', line: 0 })),
    synonyms: [],
    guard: { clinical: [], patient: { words: [], details: [], names: [] }, smalltalk: { greeting: [], thanks: [], help: [] } },
    outOfScope: [],
  };
  return new Engine(kb);
}

export function buildSystem(name: SystemName, docs: readonly { id: string; text: string }[]): RankingSystem {
  if (name === 'faktabot') {
    const engine = passageEngine(docs);
    return { name, rank: (q, limit) => engine.rank(engine.analyzer.query(q), limit) };
  }
  const peer = new Peer(name, docs);
  return { name, rank: (q, limit) => peer.rank(q, limit) };
}

/** The documents a peer gets from our knowledge: every FAQ entry (all phrasings and the answer) and every section. */
export function knowledgeDocs(kb: KnowledgeBase): { id: string; text: string; answer: string }[] {
  return [
    ...kb.faq.map((e) => ({ id: e.id, text: [e.question, ...e.alternates, e.answer].join('\n'), answer: e.answer })),
    ...kb.pages.flatMap((p) =>
      p.sections.filter((s) => s.text).map((s) => ({ id: s.id, text: `${s.heading}\n${s.text}`, answer: s.text })),
    ),
    ...kb.passages.map((p) => ({ id: p.id, text: `${p.title}\n${p.text}`, answer: p.text })),
  ];
}
