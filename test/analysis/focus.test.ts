import { describe, expect, it } from 'vitest';
import { firstNamesOf, knowledgeWord, MessageFocus, namesIn, ordinaryName, personNames } from '../../src/analysis/focus';
import { loadEval } from '../../src/cli/eval';
import { loadKnowledge } from '../../src/knowledge/load';
import { KNOWLEDGE, realEngine } from '../helpers';

const lists = loadKnowledge(KNOWLEDGE).kb.chat;
if (!lists) throw new Error('knowledge/chat.yaml is missing');
const focus = new MessageFocus(lists);

describe('message focus: the question in a chat message', () => {
  it('removes a greeting in front and thanks with a name after', () => {
    const p = focus.parts('Hej! När beslutade VGR att inte avropa optionerna? Tack på förhand! /Lena');
    expect(p.focus).toBe('när beslutade vgr att inte avropa optionerna?');
    expect(p.context).toBe('');
  });

  it('keeps sentences about the writer as context, not as the question', () => {
    const p = focus.parts('Jobbar som undersköterska på IVA i Kungälv och vi pratade om det här på fikat. Vem gjorde riskanalysen?');
    expect(p.focus).toBe('vem gjorde riskanalysen?');
    expect(p.context).toContain('undersköterska');
  });

  it('moves a stating clause before the question to the context ("Jag vet att …, men när …?")', () => {
    const p = focus.parts('Jag vet att det togs beslut om IVA-optionerna 2021 och 2022, men när blev själva huvudavtalet klart?');
    expect(p.focus).toBe('när blev själva huvudavtalet klart?');
    expect(p.context).toContain('2021');
  });

  it('moves a subordinate clause in front to the context, so its "när" asks no time', () => {
    const p = focus.parts('När Millennium kommer, vad händer med våra specialsystem?');
    expect(p.focus).toBe('vad händer med våra specialsystem?');
    expect(p.context).toBe('när millennium kommer');
    expect(focus.parts('Om IVA får ett eget IT-stöd, var ska vi dokumentera?').focus).toBe('var ska vi dokumentera?');
  });

  it('keeps "när" with its verb right after as the question ("När blev avtalet klart, …?")', () => {
    expect(focus.parts('När blev huvudavtalet klart, och vem gjorde riskanalysen?').focus).toBe(
      'när blev huvudavtalet klart, och vem gjorde riskanalysen?',
    );
  });

  it('keeps a clause that asks inside the sentence ("Personalen undrar hur …")', () => {
    const p = focus.parts('Personalen undrar hur det blev med IVA-modulen när avtalet skrevs – köptes den direkt?');
    expect(p.focus).toContain('iva-modulen');
    expect(p.focus).toContain('köptes');
  });

  it('without a question mark, takes the last sentence that is not about the writer', () => {
    const p = focus.parts('Jag är IT-samordnare på NÄL. separat upphandling iva');
    expect(p.focus).toBe('separat upphandling iva');
  });

  it('reads a verb-first statement without a subject as a statement ("Har jobbat på IVA i tio år.")', () => {
    expect(focus.parts('Har jobbat på IVA i tio år. millennium navet').focus).toBe('millennium navet');
    expect(focus.parts('Har VGR beslutat om optionerna').focus).toBe('har vgr beslutat om optionerna');
  });

  it('cuts a long message typed without punctuation where a closing or a question begins', () => {
    const p = focus.parts(
      'hej it-samordnare här jag sätter ihop en presentation om millennium för cheferna jag vet att det togs beslut 2021 men när blev huvudavtalet klart mvh olof',
    );
    expect(p.focus).toBe('men när blev huvudavtalet klart');
  });

  it('lists each question of a message that asks two', () => {
    const p = focus.parts('Vem rekommenderade att avstå? Och när blev huvudavtalet klart?');
    expect(p.questions).toEqual(['vem rekommenderade att avstå?', 'och när blev huvudavtalet klart?']);
  });

  it('says when a message is nothing but greetings and thanks', () => {
    expect(focus.parts('Hej! Tack på förhand! /Lena').onlyFraming).toBe(true);
    expect(focus.parts('Hej! Vad är FVM?').onlyFraming).toBe(false);
  });

  it('takes "/Namn" at the end as a signature only after a space, not "iva/anestesi"', () => {
    expect(focus.parts('vad gäller för iva/anestesi').focus).toBe('vad gäller för iva/anestesi');
    expect(focus.parts('Vad gäller för IVA? /Lena').focus).toBe('vad gäller för iva?');
  });

  it('does not end a sentence at an abbreviation ("t.ex.")', () => {
    expect(focus.parts('Finns det t.ex. beslutsstöd i Millennium?').focus).toBe('finns det t.ex. beslutsstöd i millennium?');
  });
});

describe('names in a message', () => {
  it('finds words written as names inside a sentence, not the capital that opens one', () => {
    const names = namesIn('Vilket system har Sahlgrenska? Heter modulen SurgiNet eller något annat på NÄL?');
    expect([...names.values()]).toEqual(['Sahlgrenska', 'SurgiNet', 'NÄL']);
    expect(names.has('vilket')).toBe(false);
    expect(names.has('heter')).toBe(false);
  });
});

describe('names in greetings and sign-offs, and the phrasing a message offers', () => {
  it('leaves the name after a greeting out of the focus, written or redacted ("Hej Karin, när …")', () => {
    for (const message of [
      'Hej Karin, när blev avtalet klart?',
      'Hej [namn]! När blev avtalet klart?',
      'Hej Anna Lind! När blev avtalet klart?',
    ])
      expect(focus.parts(message).focus, message).toBe('när blev avtalet klart?');
    expect(focus.parts('Vad är FVM? /[namn]').focus).toBe('vad är fvm?');
  });

  it('gives the question as written, without greeting, sign-off and sentences about the writer', () => {
    expect(
      focus.phrasing(
        'Hej! Jag jobbar på IVA i Borås och vi pratade om det här på APT. När beslutades det att IVA-modulerna blev optioner? Tack! /[namn]',
      ),
    ).toBe('När beslutades det att IVA-modulerna blev optioner?');
    expect(focus.phrasing('hej karin, vad står VGR för?')).toBe('vad står VGR för?');
    expect(focus.phrasing('Varför blev IVA-modulerna optioner?')).toBe('Varför blev IVA-modulerna optioner?');
  });

  it('names what frames a question, and nothing for the question alone', () => {
    expect(focus.framing('Hej! När blev avtalet klart? Mvh [namn]')).toEqual(['greeting', 'signoff']);
    expect(focus.framing('Jag jobbar på IVA. När blev avtalet klart?')).toEqual(['about']);
    expect(focus.framing('När blev avtalet klart? /Karin')).toEqual(['signoff']);
    expect(focus.framing('När blev avtalet klart?')).toEqual([]);
    expect(focus.framing('Vad är FVM? Vem äger det?')).toEqual([]);
  });
});

describe('first names in a phrasing (the console refuses a phrasing that names someone)', () => {
  const engine = realEngine();
  const firstNames = firstNamesOf(engine.kb.guard);
  const ordinary = ordinaryName(engine.analyzer.swedish);
  const named = (text: string) => personNames(text, firstNames, ordinary, knowledgeWord(engine.analyzer.vocabulary), engine.properNouns);

  it('finds a listed first name in any case, in a hyphenated word and with a genitive s', () => {
    expect(named('Vad är Millennium för karin lindqvist?')).toEqual(['karin']);
    expect(named('Vad tycker Karin-Lindqvist om Millennium?')).toEqual(['Karin']);
    expect(named('Vad tycker KARIN om Millennium?')).toEqual(['KARIN']);
    expect(named('Karin, vad är Millennium?')).toEqual(['Karin']);
    expect(named('Vad tyckte Karins grupp om optionerna?')).toEqual(['Karins']);
  });

  it('reads a listed name that is also a Swedish word as a name only when it is written as one', () => {
    expect(['björn', 'axel', 'karl', 'sven'].every(ordinary)).toBe(true);
    expect(['karin', 'anna', 'lars', 'maria'].some(ordinary)).toBe(false);
    for (const text of ['Vad säger björn om Millennium?', 'Axel och led, hur många system ersätts?', 'Björn, vad är FVM?'])
      expect(named(text), text).toEqual([]);
    expect(named('Vad säger Björn om Millennium?')).toEqual(['Björn']);
    expect(named('Björn Lind, vad är FVM?')).toEqual(['Björn']);
  });

  it("finds no name in the knowledge's own questions, phrasings and out-of-scope questions, nor in the evaluation questions", () => {
    const texts = [
      ...engine.kb.faq.flatMap((e) => [e.question, ...e.alternates]),
      ...engine.kb.outOfScope.map((o) => o.question),
      ...loadEval().map((i) => i.question),
    ];
    expect(texts.length).toBeGreaterThan(600);
    for (const text of texts) expect(named(text), text).toEqual([]);
  });
});
