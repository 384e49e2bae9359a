/**
 * The development sets (src/cli/devsets.ts) for every system in one table, each set's figure measured with nothing
 * fitted or chosen on that set: our engine's confidence model and thresholds come from `leaveOneOut`, and each
 * peer's score threshold is chosen the same way, by the same utility on the other sets. Peers answer plainly or not
 * at all; the hold-out rebuilds each peer's index without the alternate asked, as it does ours.
 */
import type { Engine } from '../src/answer/engine';
import { leaveOneOut, utility } from '../src/cli/calibrate';
import { type DevItem, type DevSetName, type ItemOutcome, outcomeOf, type SetScore, scoreSet } from '../src/cli/devsets';
import type { KnowledgeBase } from '../src/knowledge/types';
import { Peer, type PeerName } from './peers';
import { knowledgeDocs } from './systems';

export interface SystemScore {
  system: string;
  score: SetScore;
  /** Share of the answerable whose first candidate states the fact: the ranking, before any decision. */
  firstRight: number;
  /** The thresholds chosen without the set. */
  thresholds: string;
}

/** A peer's best answer and its score for each item of each set. */
function peerRuns(name: PeerName, kb: KnowledgeBase, sets: ReadonlyMap<DevSetName, readonly DevItem[]>) {
  const docs = knowledgeDocs(kb);
  const answerOf = new Map(docs.map((d) => [d.id, d.answer]));
  const shared = new Peer(name, docs);
  const out = new Map<DevSetName, { id?: string; score: number }[]>();
  for (const [set, items] of sets)
    out.set(
      set,
      items.map((item) => {
        let peer = shared;
        if (set === 'holdout') {
          // The alternate asked is left out of the peer's document of its entry, as the engine leaves it out.
          const [entryId] = item.id.split('#');
          const without = kb.faq.map((e) => (e.id === entryId ? { ...e, alternates: e.alternates.filter((a) => a !== item.question) } : e));
          peer = new Peer(name, knowledgeDocs({ ...kb, faq: without }));
        }
        const top = peer.rank(item.question, 1)[0];
        return top ? { id: top.id, score: top.score } : { score: 0 };
      }),
    );
  return { runs: out, answerOf };
}

function peerOutcomes(
  items: readonly DevItem[],
  runs: readonly { id?: string; score: number }[],
  answerOf: ReadonlyMap<string, string>,
  threshold: number,
): ItemOutcome[] {
  return items.map((item, i) => {
    const r = runs[i] as { id?: string; score: number };
    const answered = !!r.id && r.score >= threshold;
    return outcomeOf(item, {
      answered,
      answer: answered ? (answerOf.get(r.id as string) ?? '') : '',
      answerId: answered ? r.id : undefined,
      outcome: answered ? 'answered' : 'declined',
    });
  });
}

/** Every system's left-out score on every set. */
export function devSetScores(
  engine: Engine,
  sets: ReadonlyMap<DevSetName, readonly DevItem[]>,
  peers: readonly PeerName[],
): Map<DevSetName, SystemScore[]> {
  const out = new Map<DevSetName, SystemScore[]>([...sets.keys()].map((s) => [s, []]));
  for (const [set, r] of leaveOneOut(sets, engine)) {
    const items = sets.get(set) ?? [];
    const first = items.filter((item) => {
      if (!item.answerable) return false;
      const ranked = (item.engine?.() ?? engine).rankMessage(item.question, 1);
      const top = ranked.hits[0];
      return !!top && item.states(top.id, ranked.answerText(top.id));
    }).length;
    out.get(set)?.push({
      system: 'faktabot',
      score: r.score,
      firstRight: first / Math.max(1, r.score.answerable),
      thresholds: `${r.calibration.threshold} / ${r.calibration.interpretThreshold ?? r.calibration.threshold}`,
    });
  }
  for (const name of peers) {
    const { runs, answerOf } = peerRuns(name, engine.kb, sets);
    const scores = [...runs.values()].flatMap((r) => r.map((x) => x.score)).sort((a, b) => a - b);
    const grid = [0, ...Array.from({ length: 40 }, (_, i) => scores[Math.floor(((i + 1) / 41) * scores.length)] ?? 0)];
    for (const [set, items] of sets) {
      let best = { threshold: 0, total: Number.NEGATIVE_INFINITY };
      for (const threshold of grid) {
        let total = 0;
        for (const [other, otherItems] of sets)
          if (other !== set)
            total += utility(scoreSet(other, otherItems, peerOutcomes(otherItems, runs.get(other) ?? [], answerOf, threshold)));
        if (total > best.total + 1e-9) best = { threshold, total };
      }
      const always = scoreSet(set, items, peerOutcomes(items, runs.get(set) ?? [], answerOf, Number.NEGATIVE_INFINITY));
      out.get(set)?.push({
        system: name,
        score: scoreSet(set, items, peerOutcomes(items, runs.get(set) ?? [], answerOf, best.threshold)),
        firstRight: always.answeredRight,
        thresholds: `score ${best.threshold.toFixed(2)}`,
      });
    }
  }
  return out;
}
