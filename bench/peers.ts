/**
 * The peers `npm run bench` compares against, over the same documents: lunr with its default (English) pipeline,
 * lunr with lunr-languages' Swedish pipeline, and MiniSearch set up as its documentation suggests for another
 * language (one document per entry, a processTerm that lower-cases, drops stopwords and stems with Swedish
 * Snowball, fuzzy 0.2). Each is given its own pipeline on the question too, the most charitable way to run it; lunr
 * is queried through idx.query().
 */
import MiniSearch from 'minisearch';
import { lunrSv as lunr } from '../src/analysis/lunr-sv';

export type PeerName = 'lunr' | 'lunr+sv' | 'minisearch';

export interface PeerDoc {
  id: string;
  text: string;
}

/** Swedish Snowball (lunr-languages' sv stemmer) and stopwords, as a MiniSearch processTerm. */
function swedishTerm(term: string): string | null {
  const t = term.toLocaleLowerCase('sv-SE');
  if (!lunr.sv.stopWordFilter(new lunr.Token(t, {}))) return null;
  return lunr.sv.stemmer(new lunr.Token(t, {})).toString() || null;
}

export class Peer {
  private readonly index: lunr.Index | undefined;
  private readonly pipeline: lunr.Pipeline | undefined;
  private readonly mini: MiniSearch<PeerDoc> | undefined;

  constructor(
    readonly name: PeerName,
    docs: readonly PeerDoc[],
  ) {
    if (name === 'minisearch') {
      this.mini = new MiniSearch<PeerDoc>({ fields: ['text'], processTerm: swedishTerm, searchOptions: { fuzzy: 0.2 } });
      this.mini.addAll(docs as PeerDoc[]);
      return;
    }
    const swedish = name === 'lunr+sv';
    let pipeline: lunr.Pipeline | undefined;
    this.index = lunr(function () {
      if (swedish) this.use(lunr.sv);
      this.ref('id');
      this.field('text');
      for (const d of docs) this.add(d);
      pipeline = this.pipeline;
    });
    this.pipeline = pipeline as lunr.Pipeline;
  }

  rank(question: string, limit = 10): { id: string; score: number }[] {
    if (this.mini)
      return this.mini
        .search(question)
        .slice(0, limit)
        .map((r) => ({ id: String(r.id), score: r.score }));
    if (!this.pipeline || !this.index) return [];
    const terms = this.pipeline.run(lunr.tokenizer(question)).filter(Boolean);
    if (terms.length === 0) return [];
    return this.index
      .query((q) => {
        for (const t of terms) q.term(t, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
      })
      .slice(0, limit)
      .map((r) => ({ id: r.ref, score: r.score }));
  }
}
