/**
 * `faq eval --holdout`: the paraphrase hold-out. Each FAQ alternate is removed from the knowledge in turn and then
 * asked, so the engine must answer a phrasing it has never seen. This measures generalisation without writing new
 * questions: more phrasings in faq.yaml cannot raise it, only better analysis can.
 */
import type { Calibration } from '../answer/confidence';
import { Engine } from '../answer/engine';
import type { KnowledgeBase } from '../knowledge/types';
import { percent } from './format';

export interface HoldoutReport {
  n: number;
  /** The entry the alternate belongs to is the first candidate. */
  rightFirst: number;
  /** Answered, from that entry (or the section backing it). */
  answeredRight: number;
  /** Answered from another entry or section. */
  anotherEntry: number;
  declined: number;
  details: { entry: string; question: string; got?: string; first?: string; outcome: 'right' | 'another' | 'declined' }[];
}

/** Runs the hold-out over every alternate of every FAQ entry (one engine build per alternate). */
export function paraphraseHoldout(kb: KnowledgeBase, calibration: Calibration): HoldoutReport {
  const details: HoldoutReport['details'] = [];
  let rightFirst = 0;
  for (const entry of kb.faq) {
    entry.alternates.forEach((question, k) => {
      const faq = kb.faq.map((e) => (e === entry ? { ...e, alternates: e.alternates.filter((_, j) => j !== k) } : e));
      const engine = new Engine({ ...kb, faq }, { calibration });
      const a = engine.ask(question);
      const ok = new Set([entry.id, entry.section]);
      const first = a.candidates[0]?.id;
      if (first && ok.has(first)) rightFirst++;
      const outcome = !a.answered ? 'declined' : a.answerId && ok.has(a.answerId) ? 'right' : 'another';
      details.push({ entry: entry.id, question, got: a.answerId, first, outcome });
    });
  }
  const n = details.length;
  const share = (o: string) => details.filter((d) => d.outcome === o).length / Math.max(1, n);
  return {
    n,
    rightFirst: rightFirst / Math.max(1, n),
    answeredRight: share('right'),
    anotherEntry: share('another'),
    declined: share('declined'),
    details,
  };
}

export function formatHoldout(r: HoldoutReport): string {
  const outcome = { right: 'rätt', another: 'annan fråga', declined: 'avböjde' } as const;
  const lines = [
    `parafraser utan sin egen formulering: ${r.n}; rätt fråga först ${percent(r.rightFirst)}, besvarade rätt ${percent(r.answeredRight)}, annan fråga besvarad ${percent(r.anotherEntry)}, avböjde ${percent(r.declined)}`,
  ];
  for (const d of r.details.filter((x) => x.outcome !== 'right'))
    lines.push(`    [${outcome[d.outcome]}] ${d.question} -> ${d.got ?? '(inget svar)'} (väntat ${d.entry}, först ${d.first ?? '-'})`);
  return lines.join('\n');
}
