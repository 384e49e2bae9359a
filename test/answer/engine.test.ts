import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/answer/answer';
import { loadCalibration } from '../../src/answer/create';
import { Engine } from '../../src/answer/engine';
import { answerJson } from '../../src/answer/json';
import { loadKnowledge } from '../../src/knowledge/load';
import type { KnowledgeBase } from '../../src/knowledge/types';
import { knowledgeCopy, realEngine } from '../helpers';

const PAGE_URL =
  'https://www.vgregion.se/halsa-och-vard/vardgivarwebben/vardskiftet/aktuellt-vardskiftet/aktuellt-2022/millennium-iva-och-anestesi----fakta-och-lagesbeskrivning/';

describe('answers from the knowledge', () => {
  const engine = realEngine();

  it('answers why the modules became options, with the page section, link and date', () => {
    const a = engine.ask('Varför blev IVA- och anestesimodulerna optioner?');
    expect(a.answered).toBe(true);
    expect(a.answerId).toBe('varfor-optioner');
    expect(a.answer).toContain('anbudsgivarna');
    expect(a.sources).toEqual([
      {
        id: 'laget-iva-anestesi',
        title: 'Millennium, IVA och anestesi - fakta och lägesbeskrivning',
        url: PAGE_URL,
        section: 'Läget inom IVA- och anestesivården',
        published: '2022',
      },
    ]);
    expect(formatSource(a.sources[0]!)).toContain('publicerad 2022');
  });

  it('answers input typed without å/ä/ö and with typos', () => {
    const a = engine.ask('hur manga system ersatter millenium');
    expect(a.answered).toBe(true);
    expect(a.answer).toContain('35–40');
    expect(a.matchedWords).toContain('ersatter→ersätter');
  });

  it('finds compounds by their parts and parts by their compounds', () => {
    expect(engine.ask('Gäller journaldokumentationen i Millennium även anestesivården?').answerId).toBe('journal-i-millennium');
  });

  it('uses the question word: "när" gets the date of the decision', () => {
    const a = engine.ask('När beslutade VGR att inte avropa optionerna?');
    expect(a.answerId).toBe('beslut-2021');
    expect(a.answer).toContain('Hösten 2021');
  });

  it('always returns the top 5 candidates with scores, best first', () => {
    const a = engine.ask('Vad är en option?');
    expect(a.candidates).toHaveLength(5);
    const scores = a.candidates.map((c) => c.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it('offers related questions with an answer', () => {
    const a = engine.ask('Vad rekommenderade chefssamrådet för anestesi och IVA?');
    expect(a.answered).toBe(true);
    expect(a.related.length).toBeGreaterThan(0);
    expect(a.related.length).toBeLessThanOrEqual(3);
    expect(a.related).not.toContain(engine.faqEntry(a.answerId!)?.question);
  });
});

describe('abstention', () => {
  const engine = realEngine();

  it('says the page does not state a cost instead of answering "Vad kostar Millennium?" with something else', () => {
    const a = engine.ask('Vad kostar Millennium?');
    expect(a.answered).toBe(false);
    expect(a.kind).toBe('abstain');
    expect(a.answer).toMatch(/^Faktasidan säger inte vad det kostar\./);
    expect(a.sources).toEqual([]);
  });

  it.each(['Hur byter jag lösenord?', 'Vad blir det till lunch?', 'Hur ansöker jag om semester?'])('abstains on "%s"', (q) => {
    const a = engine.ask(q);
    expect(a.answered).toBe(false);
    expect(a.kind).toBe('abstain');
    expect(a.confidence).toBeLessThan(engine.calibration.threshold);
    expect(a.answer).toMatch(/^Jag hittar inget säkert svar/);
    expect(a.sources).toEqual([]);
  });

  it('suggests up to three FAQ questions ("Menade du…?") when unsure', () => {
    const unsure = engine.withCalibration({ ...engine.calibration, threshold: 0.999, interpretThreshold: 0.999 });
    const a = unsure.ask('Hur gick det med optionerna för IVA?');
    expect(a.outcome).toBe('declined');
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(a.suggestions.length).toBeLessThanOrEqual(3);
    const questions = new Set(engine.kb.faq.map((e) => e.question));
    for (const s of a.suggestions) expect(questions.has(s)).toBe(true);
  });

  it.each(['Hur mycket propofol ska jag ge?', 'Hur länge ska patienten fasta före narkos?', 'Vilken dos noradrenalin?'])(
    'never answers the clinical question "%s"',
    (q) => {
      const a = engine.ask(q);
      expect(a.answered).toBe(false);
      expect(a.kind).toBe('clinical');
      expect(a.answer).toContain('kliniska frågor');
      expect(a.sources).toEqual([]);
    },
  );

  it('replies to greetings, thanks and "hjälp" with example questions', () => {
    expect(engine.ask('Hej!').answer).toMatch(/^Hej!/);
    expect(engine.ask('hjälp').suggestions.length).toBe(3);
    expect(engine.ask('tack').answer).toMatch(/^Varsågod/);
    for (const q of ['Hej!', 'hjälp', 'tack']) expect(engine.ask(q).answered).toBe(false);
  });

  it('offers the example questions the knowledge marks (`example: true`), in file order, else its first three', () => {
    const kb = engine.kb;
    expect(engine.ask('hjälp').suggestions).toEqual(kb.faq.filter((e) => e.example).map((e) => e.question));
    const marked = kb.faq.map((e) => ({ ...e, example: e.id === 'fvm' ? (true as const) : undefined }));
    expect(new Engine({ ...kb, faq: marked }).ask('hjälp').suggestions).toEqual(['Vad är FVM?']);
    const none = kb.faq.map((e) => ({ ...e, example: undefined }));
    expect(new Engine({ ...kb, faq: none }).ask('hjälp').suggestions).toEqual(kb.faq.slice(0, 3).map((e) => e.question));
  });

  it('gives an answer object for empty, huge and hostile input without throwing', () => {
    for (const q of ['', '   ', ':::', '\u0000\u0007', '💥'.repeat(5000), 'a'.repeat(100_000), 'title:iva^10 option~2 *']) {
      const a = engine.ask(q);
      expect(typeof a.answer).toBe('string');
      expect(Array.isArray(a.candidates)).toBe(true);
    }
  });
});

describe('passages', () => {
  it('indexes JSON Lines passages and quotes the relevant sentences, not the whole passage', () => {
    const dir = knowledgeCopy();
    writeFileSync(
      join(dir, 'extra.jsonl'),
      `${JSON.stringify({
        id: 'utbildning-2023',
        title: 'Utbildning i nya systemet',
        url: 'https://example.org/utbildning',
        text: 'Kalendern uppdateras varje månad. Utbildningen i webbportalen Lärplattformen tar fyra timmar för undersköterskor. Fika serveras.',
      })}\n`,
    );
    // Low thresholds: this is about which sentences a passage answer quotes, not about when one is sure enough.
    const engine = new Engine(loadKnowledge(dir).kb, { calibration: { ...loadCalibration(), threshold: 0.1, interpretThreshold: 0.1 } });
    const a = engine.ask('Hur lång är utbildningen i Lärplattformen för undersköterskor?');
    expect(a.candidates[0]?.id).toBe('utbildning-2023');
    expect(a.answered).toBe(true);
    expect(a.answer).toBe('Utbildningen i webbportalen Lärplattformen tar fyra timmar för undersköterskor.');
    expect(a.sources[0]).toMatchObject({ id: 'utbildning-2023', url: 'https://example.org/utbildning' });
  });
});

describe('passage ids', () => {
  it('keeps an imported passage id that ends in "#<digits>" exactly as written', () => {
    const dir = knowledgeCopy();
    writeFileSync(
      join(dir, 'ids.jsonl'),
      `${JSON.stringify({ id: 'rutin#3', title: 'Reservrutin', url: 'https://example.org/r', text: 'Reservlådan med pappersblanketter står i expeditionen.' })}\n`,
    );
    const engine = new Engine(loadKnowledge(dir).kb, { calibration: loadCalibration() });
    expect(engine.ask('Var står reservlådan med pappersblanketter?').candidates[0]?.id).toBe('rutin#3');
  });
});

describe('question type agreement', () => {
  const entry = (id: string, question: string, alternates: string[]) => ({
    id,
    question,
    alternates,
    answer: `Svar för ${id}.`,
    section: 's',
    reviewed: '2026-11-26',
    file: 'faq.yaml',
    line: 1,
  });
  const kb = (): KnowledgeBase => ({
    dir: '(test)',
    pages: [],
    faq: [
      entry('antal', 'Hur många tillval finns i avtalet?', ['Finns det flera tillval i avtalet?']),
      entry('varfor', 'Varför blev modulerna tillval?', ['Hur kommer det sig att modulerna blev tillval?']),
    ],
    passages: [],
    synonyms: [],
    guard: { clinical: [], patient: { words: [], details: [], names: [] }, smalltalk: { greeting: [], thanks: [], help: [] } },
    outOfScope: [],
  });

  it('scales down phrasings that ask another kind of question ("hur många", yes/no) when the user asks "varför"', () => {
    const q = 'varför finns det flera tillval i avtalet';
    const score = (typeMismatch: number) => {
      const e = new Engine(kb(), { rank: { typeMismatch } });
      return new Map(e.rank(e.analyzer.query(q)).map((h) => [h.id, h.score]));
    };
    const plain = score(1);
    const half = score(0.5);
    expect(half.get('antal')).toBeCloseTo((plain.get('antal') ?? Number.NaN) * 0.5, 9);
    expect(half.get('varfor')).toBeCloseTo(plain.get('varfor') ?? Number.NaN, 9);
    expect(plain.get('antal')).toBeGreaterThan(0);
  });
});

describe('questions marked "Ska inte besvaras" (utanfor.yaml)', () => {
  const kb = realEngine().kb;
  const marked = 'Vad får vi på intensiven i stället';
  const engine = new Engine(
    { ...kb, outOfScope: [{ question: marked, added: '2026-11-28', file: 'utanfor.yaml', line: 1 }] },
    { calibration: loadCalibration() },
  );

  it('are declined in any word order and inflection, though the bot would answer them otherwise', () => {
    expect(realEngine().ask(marked).answered).toBe(true);
    for (const q of [marked, 'i stället, vad får vi på intensiven?', 'VAD FÅR VI PÅ INTENSIVEN I STÄLLET']) {
      const a = engine.ask(q);
      expect(a, q).toMatchObject({ answered: false, kind: 'abstain' });
      expect(a.answer).toContain('Jag svarar bara på frågor om');
    }
  });

  it('leave every other question as it was', () => {
    for (const e of kb.faq) expect(engine.ask(e.question).answerId, e.id).toBe(realEngine().ask(e.question).answerId);
  });
});

describe('follow-up questions', () => {
  const engine = realEngine();

  it("offers the entry's `related:` list first, without the questions the reply already offers as related", () => {
    const a = engine.ask('När beslutade VGR att inte avropa optionerna?');
    expect(a.answerId).toBe('beslut-2021');
    // varfor-avsta is listed first, but the reply offers it among its related questions already.
    expect(a.related).toContain('Varför avstod VGR från optionerna för IVA och anestesi?');
    expect(a.followUps.map((f) => f.id)).toEqual(['riskanalys', 'beslut-2022', 'vad-upphandlas']);
    expect(a.followUps[0]).toEqual({ id: 'riskanalys', question: 'Gjordes det en riskanalys inför beslutet om optionerna?' });
  });

  it('fills up from the same section, the entries after it first, never the entry answered', () => {
    const a = engine.ask('Vad står IVA för?');
    expect(a.answerId).toBe('vad-ar-iva');
    const ids = a.followUps.map((f) => f.id);
    expect(ids.length).toBe(3);
    expect(ids).not.toContain('vad-ar-iva');
    const faq = engine.kb.faq;
    for (const id of ids) expect(faq.find((e) => e.id === id)?.section).toBe('laget-iva-anestesi');
    // None after it in its section: the nearest before it come first.
    const before = faq.filter((e) => e.section === 'laget-iva-anestesi').map((e) => e.id);
    expect(before.indexOf(ids[0] as string)).toBeGreaterThan(before.indexOf(ids[2] as string));
  });

  it('offers none under a decline, a clinical refusal or small talk, and none of the "Menade du…?" suggestions', () => {
    for (const q of ['Vad kostar en glass i Borås?', 'Hur mycket propofol ska patienten ha?', 'Hej!']) {
      const a = engine.ask(q);
      expect(a.answered, q).toBe(false);
      expect(a.followUps, q).toEqual([]);
    }
  });

  it('under an interpretation, leave out the questions offered under "Menade du något annat?"', () => {
    const a = engine.ask('beslutet om optionerna');
    expect(a.outcome).toBe('interpreted');
    expect(a.answerId).toBe('beslut-2021');
    // Its list is varfor-avsta, riskanalys, beslut-2022: the first two are suggestions already.
    expect(a.suggestions).toEqual(
      expect.arrayContaining([
        'Gjordes det en riskanalys inför beslutet om optionerna?',
        'Varför avstod VGR från optionerna för IVA och anestesi?',
      ]),
    );
    expect(a.followUps.map((f) => f.id)).toEqual(['beslut-2022', 'vad-upphandlas', 'journal-i-millennium']);
  });

  it('are in `faq ask --json` as {id, question}', () => {
    const json = answerJson(engine.ask('Vad är en option i avtalet om Millennium?'));
    expect(json.followUps).toEqual([
      { id: 'beslut-hela-regionen', question: 'Vem bestämmer om en option ska användas?' },
      { id: 'huvudavtal-klart', question: 'När blev huvudavtalet om det nya vårdinformationssystemet klart?' },
      { id: 'vad-ar-vgr', question: 'Vad står VGR för?' },
    ]);
  });
});
