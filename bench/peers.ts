/**
 * The peers `npm run bench` compares against, over the same documents: lunr with its default (English) pipeline,
 * and lunr with lunr-languages' Swedish pipeline. Each is given its own indexing pipeline on the question too
 * (trimmer, stopwords, stemmer), the most charitable way to run it, and queried through idx.query().
 */
import { lunrSv as lunr } from '../src/analysis/lunr-sv';

export type PeerName = 'lunr' | 'lunr+sv';

export interface PeerDoc {
  id: string;
  text: string;
}

export class Peer {
  private readonly index: lunr.Index;
  private readonly pipeline: lunr.Pipeline;

  constructor(
    readonly name: PeerName,
    docs: readonly PeerDoc[],
  ) {
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
