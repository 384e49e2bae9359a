/**
 * Answer-type agreement and polarity, with questions that are not in the evaluation set: the engine never
 * presents an on-topic entry as the answer when it does not state what was asked, and never answers a different
 * yes/no question with "Ja."/"Nej.".
 */
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/analysis/normalize';
import { questionTypes } from '../../src/analysis/questiontype';
import { actorPattern, askedContent, hasPolarity, statesAsked, withoutPolarity } from '../../src/answer/agreement';
import { Engine } from '../../src/answer/engine';
import { realEngine } from '../helpers';

const engine = realEngine();

describe('what an answer states', () => {
  it.each([
    ['time', 'Hösten 2021 beslutade VGR att inte avropa optionerna.', true],
    ['time', 'VGR saknar ett regiongemensamt IT-stöd för anestesi- och intensivvård.', false],
    ['time', 'Enligt faktasidan från 2022 blir Millennium det gemensamma journalsystemet.', false],
    ['count', 'I VGR ersätter Millennium 35-40 av de befintliga IT-systemen.', true],
    ['count', 'Optionerna ligger utanför huvudavtalet.', false],
    ['count', 'Enligt faktasidan från 2022 saknar VGR ett regiongemensamt IT-stöd.', false],
    ['who', 'Chefläkargruppen i VGR gjorde en riskanalys.', true],
    ['who', 'VGR saknar ett regiongemensamt IT-stöd.', false],
    ['count', 'Ingen av anbudsgivarna klarade kraven.', false],
    ['where', 'Faktasidan hänvisar till ett nyhetsbrev från nov 2020.', true],
    ['define', 'FVM står för Framtidens vårdinformationsmiljö.', true],
  ] as const)('%s in "%s": %s', (asked, text, expected) => {
    expect(statesAsked(text, [asked])).toBe(expected);
  });

  it("counts a company or body the knowledge names (a page's `actors`) as who acted, and only that one", () => {
    const text = 'Modulerna kan avropas efter att Cerner vidareutvecklat funktionerna.';
    expect(statesAsked(text, ['who'])).toBe(false);
    expect(statesAsked(text, ['who'], actorPattern(['Cerner']))).toBe(true);
    expect(statesAsked(text, ['who'], actorPattern(['Oracle']))).toBe(false);
    expect(actorPattern([])).toBeUndefined();
  });

  it('reads what a question asks from its type words', () => {
    expect(askedContent(questionTypes(normalize('När kommer det nya systemet?')))).toEqual(['time']);
    expect(askedContent(questionTypes(normalize('hur många moduler gäller det')))).toEqual(['count']);
    // "när" inside a sentence is a conjunction, not a question about time.
    expect(askedContent(questionTypes(normalize('Försvinner de gamla systemen när Millennium kommer?')))).toEqual([]);
  });

  it('drops a leading Ja./Nej. and capitalises what follows', () => {
    expect(withoutPolarity('Ja. Även IVA använder Millennium.')).toBe('Även IVA använder Millennium.');
    expect(withoutPolarity('Nej, ingen av dem.')).toBe('Ingen av dem.');
    expect(hasPolarity('Japan')).toBe(false);
  });
});

describe('the engine on questions the page does not answer', () => {
  it.each([
    ['När gjorde chefläkargruppen riskanalysen?', 'när'],
    ['När rekommenderade chefssamrådet att avstå från optionerna?', 'när'],
    ['Hur många förvaltningar saknar IT-stöd för IVA?', 'hur många'],
    ['Vem tog fram beskrivningen av IVA-verksamheternas behov?', 'vem'],
  ])('says honestly that the page does not state it, with the on-topic entry as related: %s', (q, what) => {
    const a = engine.ask(q);
    expect(a.answered).toBe(false);
    expect(a.kind).toBe('abstain');
    expect(a.answer).toContain(`Faktasidan säger inte ${what}.`);
    expect(a.related).toHaveLength(1);
  });

  it.each([
    'När är det nya IT-stödet för IVA på plats?',
    'när blir den nya upphandlingen för narkosen klar',
    'Vem ska leverera det nya IT-stödet för IVA?',
    'Hur många anbudsgivare fanns det i upphandlingen?',
  ])('never presents an entry that does not state what is asked as the answer: %s', (q) => {
    const a = engine.ask(q);
    const asked = askedContent(questionTypes(normalize(q)));
    if (a.answered) expect(statesAsked(a.answer, asked), a.answer).toBe(true);
  });

  it("takes the named actors from the knowledge: without the page's `actors`, an answer naming only Cerner does not say who", () => {
    const q = 'Vem avgör om modulerna kan väljas till senare?';
    const withoutActors = new Engine(
      { ...engine.kb, pages: engine.kb.pages.map((p) => ({ ...p, actors: undefined })) },
      { calibration: engine.calibration },
    );
    expect(withoutActors.ask(q)).toMatchObject({ answered: false, rule: 'type-agreement' });
    expect(engine.ask(q)).toMatchObject({ answered: true, answerId: 'vad-betyder-avropa' });
  });

  it('still answers when the entry states what is asked', () => {
    const a = engine.ask('när bestämde vgr sig för att inte avropa optionerna');
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/2021/);
  });
});

describe('polarity', () => {
  it('does not answer another yes/no question with "Ja."', () => {
    const a = engine.ask('kommer narkosen att få ett eget it-system');
    if (a.answered) expect(a.answer).not.toMatch(/^(Ja|Nej)\b/);
  });

  it('keeps "Ja." when the yes/no question is the one the entry answers', () => {
    const a = engine.ask('Ska IVA och anestesi dokumentera journalen i Millennium?');
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/^Ja\. /);
  });

  it('never leads with Ja./Nej. for a question that is not yes/no', () => {
    for (const q of ['Vad händer med journalen på IVA?', 'Berätta om beslutsstöd i Millennium', 'vem gjorde riskanalysen']) {
      const a = engine.ask(q);
      if (a.answered) expect(a.answer, q).not.toMatch(/^(Ja|Nej)\b/);
    }
  });
});
