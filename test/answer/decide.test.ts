/**
 * The decision as an ordered list of named rules (src/answer/decide.ts): each rule on its own, through the engine
 * with a calibration the test sets (so that a retuned shipped calibration does not change what is tested), and with
 * the rule left out to show that it is the rule that acts.
 */
import { describe, expect, it } from 'vitest';
import type { QueryAnalysis } from '../../src/analysis/analyzer';
import { loadCalibration } from '../../src/answer/create';
import { closeRaceRule, type DecisionContext, decide, RULES, type Rule, thresholdRule, typeAgreementRule } from '../../src/answer/decide';
import { Engine } from '../../src/answer/engine';
import { MESSAGES } from '../../src/answer/messages';
import type { Ranking } from '../../src/answer/rank';
import { Targets } from '../../src/answer/targets';
import type { KnowledgeBase } from '../../src/knowledge/types';
import type { Hit } from '../../src/retrieval/ranker';
import { realEngine } from '../helpers';

const engine = realEngine();
/** The real engine with the thresholds set here: a plain answer from `plain`, an interpretation from `interpret`. */
const at = (plain: number, interpret: number): Engine =>
  engine.withCalibration({ ...loadCalibration(), threshold: plain, interpretThreshold: interpret });
const without = (e: Engine, name: string): Engine => e.withRules(RULES.filter((r) => r.name !== name));
const faqQuestions = new Set(engine.kb.faq.map((e) => e.question));

describe('the rules in order', () => {
  it('run guard, marked out of scope, known phrasing, unknown name, type agreement, threshold, close race', () => {
    expect(RULES.map((r) => r.name)).toEqual([
      'guard',
      'marked-out-of-scope',
      'known-phrasing',
      'unknown-name',
      'type-agreement',
      'threshold',
      'close-race',
    ]);
    for (const r of RULES) expect(r.description.length).toBeGreaterThan(10);
  });

  it('let the first rule that settles win, and a rule left out not act', () => {
    const a = at(0.01, 0.01).ask('Vad kostar Millennium?');
    expect(a.rule).toBe('type-agreement');
    expect(without(at(0.01, 0.01), 'type-agreement').ask('Vad kostar Millennium?').rule).not.toBe('type-agreement');
  });
});

describe('guard', () => {
  it('refuses a clinical question before anything is ranked, whatever the thresholds', () => {
    const a = at(0.01, 0.01).ask('Hur mycket propofol ska jag ge?');
    expect(a).toMatchObject({ outcome: 'declined', kind: 'clinical', rule: 'guard', confidence: 0 });
  });

  it('answers small talk with example questions', () => {
    const a = at(0.01, 0.01).ask('Hej!');
    expect(a).toMatchObject({ outcome: 'declined', kind: 'smalltalk', rule: 'guard' });
    expect(a.suggestions).toHaveLength(3);
  });
});

describe('known-phrasing', () => {
  const entry = engine.kb.faq.find((e) => e.alternates.length > 0);
  const phrasing = entry?.alternates[0] ?? '';

  it("answers a FAQ entry's own phrasing plainly from that entry, in any case and punctuation, whatever the thresholds", () => {
    for (const asked of [phrasing, `${phrasing.toUpperCase().replace(/[?.!]+$/, '')} ?!`]) {
      const a = at(0.999, 0.999).ask(asked);
      expect(a, asked).toMatchObject({ outcome: 'answered', rule: 'known-phrasing', answerId: entry?.id });
    }
    // One word more is another question: the thresholds decide it.
    expect(at(0.999, 0.999).ask(`${phrasing.replace(/[?.!]+$/, '')} egentligen?`).rule).toBe('threshold');
  });

  it('is the rule that answers: without it the same phrasing is declined below the thresholds', () => {
    expect(without(at(0.999, 0.999), 'known-phrasing').ask(phrasing).outcome).toBe('declined');
  });

  it('still refuses a clinical question and a question marked "Ska inte besvaras" first', () => {
    expect(RULES.findIndex((r) => r.name === 'known-phrasing')).toBeGreaterThan(RULES.findIndex((r) => r.name === 'marked-out-of-scope'));
    expect(RULES.findIndex((r) => r.name === 'guard')).toBe(0);
  });
});

describe('unknown-name', () => {
  it('stays a name the knowledge never uses when only a saved phrasing writes it', () => {
    const kb = structuredClone(engine.kb);
    const entry = kb.faq.find((e) => e.id === 'kompletterande-system') as KnowledgeBase['faq'][number];
    entry.alternates.push('Vad tycker Lindqvist om specialsystemen vid sidan av Millennium?');
    const saved = new Engine(kb, { calibration: { ...loadCalibration(), threshold: 0.01, interpretThreshold: 0.01 } });
    const a = saved.ask('Vad tycker Lindqvist om Millennium?');
    expect(a).toMatchObject({ outcome: 'declined', rule: 'unknown-name' });
  });

  it('says the page does not mention a name the knowledge never uses', () => {
    const a = at(0.01, 0.01).ask('Vad använder Region Skåne för journalsystem?');
    expect(a).toMatchObject({ outcome: 'declined', rule: 'unknown-name' });
    expect(a.answer).toMatch(/^Faktasidan nämner inte/);
    expect(without(at(0.01, 0.01), 'unknown-name').ask('Vad använder Region Skåne för journalsystem?').answer).not.toMatch(/nämner inte/);
  });

  it('does not read a workplace in a forwarded question as what it asks about', () => {
    const a = at(0.01, 0.01).ask(
      'Inkommet via telefon: en narkosläkare på SU undrar vem som gjorde riskanalysen inför beslutet om optionerna. Vet du?',
    );
    expect(a.rule).not.toBe('unknown-name');
    expect(a.answer).toContain('hefläkargruppen');
  });
});

describe('type-agreement', () => {
  it('says what the page does not state when the best entry does not state what is asked', () => {
    const a = at(0.01, 0.01).ask('Vad kostar Millennium?');
    expect(a).toMatchObject({ outcome: 'declined', rule: 'type-agreement' });
    expect(a.answer).toMatch(/^Faktasidan säger inte vad det kostar\./);
    expect(a.related).toHaveLength(1);
  });

  it('never says the page does not state something an entry states: each part of a two-part question is answered', () => {
    const a = at(0.5, 0.3).ask('Vad är en option och vem bestämmer om den ska användas?');
    expect(a.answered).toBe(true);
    expect(a.answer).not.toMatch(/faktasidan säger inte/i);
    expect(a.answer).toContain('funktionalitet som VGR kan välja');
    expect(a.answer).toContain('i sin helhet');
  });

  // The rule on its own, over two entries: one on the topic that does not state a time, one that does.
  const kb: KnowledgeBase = {
    dir: '(test)',
    pages: [],
    faq: [
      { id: 'varfor', question: 'Varför avstod regionen?', alternates: [], answer: 'Chefssamrådet rekommenderade det.' },
      { id: 'nar', question: 'Vad hände med optionerna?', alternates: [], answer: 'Hösten 2021 beslutade regionen att avstå.' },
    ].map((e) => ({ ...e, section: 's', reviewed: '2026-11-26', file: 'faq.yaml', line: 1 })),
    passages: [],
    synonyms: [],
    guard: { clinical: [], patient: { words: [], details: [], names: [] }, smalltalk: { greeting: [], thanks: [], help: [] } },
    outOfScope: [],
  };
  const targets = new Targets(kb);
  const hit = (id: string, score: number, coverage: number): Hit => ({
    id,
    target: id,
    score,
    matched: new Set(),
    coverage,
    docCoverage: 1,
  });
  const context = (hits: Hit[]): DecisionContext => {
    const query: QueryAnalysis = { words: [], ngrams: [] };
    const ranking = { query, hits, types: ['qt:time'], asksNow: false, confidence: 0.9 } as unknown as Ranking;
    const top = hits[0] ? { hit: hits[0], target: targets.get(hits[0].id)! } : undefined;
    return {
      question: 'När avstod regionen?',
      focus: 'när avstod regionen?',
      verdict: null,
      names: new Map(),
      ranking,
      query,
      hits,
      top,
      confidence: 0.9,
      onTopic: true,
      calibration: { weights: {}, bias: 0, threshold: 0.5, interpretThreshold: 0.3 },
      options: { runnerUp: 0.8, closeRace: 0.8 },
      targets,
      answerText: (t) => (t.kind === 'faq' ? t.entry.answer : ''),
      whichKey: (w) => w.head,
      markedOutOfScope: () => false,
      knownPhrasing: () => undefined,
      faqQuestions: () => [],
      examples: [],
    };
  };
  const apply = (rule: Rule, ctx: DecisionContext) => rule.apply(ctx, { choice: ctx.top, interpret: false });

  it('answers from a close runner-up that states what is asked', () => {
    const action = apply(typeAgreementRule, context([hit('varfor', 10, 1), hit('nar', 9, 1)]));
    expect(action).toMatchObject({ do: 'answer', choice: { hit: { id: 'nar' } } });
  });

  it('interprets a further candidate on the same words that states it, rather than say the page does not', () => {
    const action = apply(typeAgreementRule, context([hit('varfor', 10, 1), hit('nar', 4, 0.8)]));
    expect(action).toMatchObject({ do: 'interpret', choice: { hit: { id: 'nar' } } });
  });

  it('says the page does not state it when no candidate on those words does', () => {
    const action = apply(typeAgreementRule, context([hit('varfor', 10, 1), hit('nar', 4, 0.3)]));
    expect(action?.do).toBe('decline');
    expect(action?.do === 'decline' && action.decline.statement).toBe(MESSAGES.notStated('när'));
  });
});

describe('threshold', () => {
  const q = 'Vad var det chefssamrådet för anestesi och IVA rekommenderade?';

  it('answers plainly at or above the threshold', () => {
    const a = at(0.01, 0.01).ask(q);
    expect(a).toMatchObject({ answered: true, outcome: 'answered' });
    expect(a.interpretedAs).toBeUndefined();
  });

  it('interprets between the two thresholds: names the question it answered and offers the close alternatives', () => {
    const a = at(0.999, 0.01).ask(q);
    expect(a).toMatchObject({ answered: true, outcome: 'interpreted', rule: 'threshold', kind: 'answer' });
    expect(faqQuestions.has(a.interpretedAs ?? '')).toBe(true);
    expect(engine.faqEntry(a.answerId ?? '')?.question).toBe(a.interpretedAs);
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(a.suggestions.length).toBeLessThanOrEqual(3);
    expect(a.suggestions).not.toContain(a.interpretedAs);
    expect(a.sources).toHaveLength(1);
  });

  it('declines below the interpretation threshold with "Menade du…?"', () => {
    const a = at(0.999, 0.999).ask(q);
    expect(a).toMatchObject({ answered: false, outcome: 'declined', rule: 'threshold', answer: MESSAGES.abstainWithSuggestions });
    for (const s of a.suggestions) expect(faqQuestions.has(s)).toBe(true);
  });

  it('is the rule that declines: without it the same question is answered', () => {
    expect(without(at(0.999, 0.999), 'threshold').ask(q).answered).toBe(true);
    expect(thresholdRule.name).toBe('threshold');
  });
});

describe('close-race', () => {
  // Two entries with different answers score within 20 % of each other.
  const q = 'varför optioner';

  it('interprets the best of two close entries, the other one click away', () => {
    const a = at(0.01, 0.01).ask(q);
    const [first, second] = a.candidates;
    expect(second && first && second.score / first.score).toBeGreaterThanOrEqual(0.8);
    expect(a).toMatchObject({ outcome: 'interpreted', rule: 'close-race', interpretedAs: first?.title });
    expect(a.closeRace).toEqual([first?.id, second?.id]);
    expect(a.suggestions).toContain(second?.title);
  });

  it('is the rule that interprets: without it the best answers plainly', () => {
    expect(without(at(0.01, 0.01), 'close-race').ask(q).outcome).toBe('answered');
    expect(closeRaceRule.name).toBe('close-race');
  });

  it('answers plainly when the best entry is clearly ahead', () => {
    const a = at(0.01, 0.01).ask('varför blev det inga iva-optioner');
    const [first, second] = a.candidates;
    expect(second && first && second.score / first.score).toBeLessThan(0.8);
    expect(a.outcome).toBe('answered');
  });
});

describe('decide', () => {
  it('declines with "Menade du…?" when no rule settles and there is no candidate', () => {
    const e = at(0.01, 0.01);
    const ranking = e.ranking.rankQuestion('xyzzy', '', e.calibration);
    const ctx = e.context('xyzzy', 'xyzzy', null, new Map(), { ...ranking, hits: [] });
    expect(decide(ctx, RULES, new Set(['threshold']))).toMatchObject({ do: 'decline', rule: 'no-candidate' });
  });
});
