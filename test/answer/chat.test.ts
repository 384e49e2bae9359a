import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/answer/messages';
import { realEngine } from '../helpers';

const engine = realEngine();

describe('chat messages: the engine answers the question inside the message', () => {
  const bare = 'När beslutade VGR att inte avropa optionerna?';

  it('answers the same with a greeting, a sentence about the writer and a sign-off around the question', () => {
    const plain = engine.ask(bare);
    expect(plain.answered).toBe(true);
    const wrapped = engine.ask(`Hej! Jag jobbar som narkossjuksköterska på IVA i Borås. ${bare} Tack på förhand! /Lena`);
    expect(wrapped.answered).toBe(true);
    expect(wrapped.answerId).toBe(plain.answerId);
  });

  it('does not lower confidence for words outside the question', () => {
    const plain = engine.ask(bare);
    const wrapped = engine.ask(`Vi hade APT i går och pratade om journalsystem och leverantörer. ${bare}`);
    expect(wrapped.answerId).toBe(plain.answerId);
    expect(wrapped.confidence).toBeGreaterThanOrEqual(plain.confidence - 0.05);
  });

  it('answers both of two questions it is sure of, each with its source', () => {
    const a = engine.ask('När blev huvudavtalet klart? Och vem gjorde riskanalysen?');
    expect(a.outcome).toBe('answered');
    expect(a.answer).toContain('hösten 2018');
    expect(a.answer).toContain('Chefläkargruppen');
    expect(a.sources.map((s) => s.id).sort()).toEqual(['avtal-och-optioner', 'laget-iva-anestesi']);
  });

  it('answers the part the page answers and says plainly what it does not state', () => {
    const a = engine.ask('Två saker: vem gjorde riskanalysen för IVA-tillvalen, och vad kostade den?');
    expect(a.answered).toBe(true);
    expect(a.answer).toContain('Chefläkargruppen');
    expect(a.answer).toMatch(/Faktasidan säger inte vad det kostar\.$/);
  });

  it('says what the page does not state of each part when it answers none', () => {
    const a = engine.ask('Vad kostar den nya IVA-upphandlingen, och var parkerar man bäst vid NÄL?');
    expect(a.outcome).toBe('declined');
    expect(a.answer).toMatch(/^Faktasidan säger inte vad det kostar\. Faktasidan nämner inte NÄL\./);
  });

  it('refuses the whole message when one part is clinical', () => {
    const a = engine.ask('När går det nya IVA-systemet live, och hur mycket noradrenalin får man max ge?');
    expect(a).toMatchObject({ outcome: 'declined', kind: 'clinical' });
  });

  it("answers a question about today with the page's dated state and says later events are not on it", () => {
    const a = engine.ask('Gäller det fortfarande att IVA ska använda Millennium för journalen?');
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/faktasidan från 2022/i);
    expect(a.answer.endsWith(MESSAGES.laterNotOnPage)).toBe(true);
    expect(engine.ask('Ska IVA använda Millennium för journalen?').answer).not.toContain(MESSAGES.laterNotOnPage);
  });

  it('takes the topic of a forwarded message whose last question only points back', () => {
    const message = 'Hej servicedesk! På APT igår påstod någon att Millennium ska ersätta hundra system här i regionen. Stämmer det?';
    expect(engine.parts(message).focus).toMatch(/millennium ska ersätta hundra system.*stämmer det\?$/);
    expect(engine.ask(message).candidates[0]?.id).toBe('antal-system-ersatts');
    // The workplace named in the message ("APT") is not what it asks about.
    expect(engine.ask(message).rule).not.toBe('unknown-name');
  });

  it('answers a question wholly in English in Swedish, with one English line saying so', () => {
    const a = engine.ask('Who carried out the risk analysis before the decision on the ICU options?');
    expect(a.answered).toBe(true);
    expect(a.answerId).toBe('riskanalys');
    expect(a.answer.split('\n')[0]).toBe(MESSAGES.englishNote);
    expect(a.answer).toContain('Chefläkargruppen');
  });

  it('reaches the knowledge through English words mixed into Swedish', () => {
    const a = engine.ask('Vem kom med recommendationen att skippa ICU-optionerna?');
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/inrådan blev att avstå/);
    expect(a.answer).not.toContain(MESSAGES.englishNote);
  });

  it('reads "FAQ" as the frågor och svar the page points to', () => {
    const a = engine.ask('Har ni någon FAQ om nya journalen för narkosen?');
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/Frågor och svar om Millennium/);
  });

  it('reads small words typed without å/ä/ö as the words they are', () => {
    const a = engine.ask('Ska IVA ocksa dokumentera i Millennium pa samma satt?');
    expect(a.answered).toBe(true);
    expect(a.answerId).toBe('journal-i-millennium');
  });

  it('answers the question of a message whose writer pasted their own personnummer, without repeating it', () => {
    const a = engine.ask('Hej! Det är Johan, mitt pnr är 19780415-4420. Vem gjorde riskanalysen om vad det skulle innebära för patienten?');
    expect(a.kind).toBe('answer');
    expect(a.answer).not.toContain('19780415');
  });
});

describe('questions the page does not answer get no neighbouring fact', () => {
  it('says the page does not mention a name the knowledge never uses, without repeating it, and offers the nearest entry', () => {
    const a = engine.ask('Vilket journalsystem använder Sahlgrenska på IVA idag?');
    expect(a.answered).toBe(false);
    expect(a.answer).toMatch(/^Faktasidan nämner inte det namnet\./);
    expect(a.related.length).toBe(1);
  });

  it('repeats a name written like a system (SurgiNet), never an ordinary capitalised word that may be a person', () => {
    expect(engine.ask('Vilken modul motsvarar SurgiNet i Millennium?').answer).toMatch(/^Faktasidan nämner inte SurgiNet\./);
    const a = engine.ask('Vilket system ska Karlsson använda?');
    expect(a.answered).toBe(false);
    expect(a.answer).not.toContain('Karlsson');
  });

  it('reads English words again for clinical ones after mapping them ("dosing")', () => {
    expect(engine.ask('Is there decision support for dosing in Millennium?').kind).toBe('clinical');
  });

  it('still answers a yes/no question about a place from what the page says in general', () => {
    const a = engine.ask('Gäller beslutet om optionerna även Sahlgrenska?');
    expect(a.answer).not.toMatch(/nämner inte/);
  });

  it('does not answer a question about cost with a reason or a decision', () => {
    const a = engine.ask('Vad kostar det att avropa optionerna för IVA och anestesi?');
    expect(a.answered).toBe(false);
    expect(a.answer).toMatch(/^Faktasidan säger inte vad det kostar\./);
  });

  it('does not answer "vilka X" with a sentence that mentions X without naming them', () => {
    const a = engine.ask('Vilka risker kom chefläkargruppen fram till?');
    expect(a.answered).toBe(false);
    expect(a.answer).toMatch(/^Faktasidan säger inte/);
    const b = engine.ask('Vilka krav på funktionalitet levde anbudsgivarna inte upp till?');
    expect(b.answered).toBe(false);
    expect(b.answer).toMatch(/^Faktasidan säger inte vilka krav\./);
  });

  it('answers "vilka X" from an entry written to name them', () => {
    const a = engine.ask('Vilka optioner rör IVA och anestesi?');
    expect(a.answered).toBe(true);
  });

  it('does not answer a question about a named person with what their group did', () => {
    const a = engine.ask('Vem är ordförande i chefssamrådet för anestesi och IVA?');
    expect(a.answered).toBe(false);
    expect(a.answer).toMatch(/^Faktasidan säger inte/);
  });

  it('does not answer a request for a date with a season', () => {
    const a = engine.ask('Vilket datum hösten 2022 beslutade koncernledningen om separat upphandling?');
    expect(a.answered).toBe(false);
    expect(a.answer).toMatch(/^Faktasidan säger inte vilket datum/);
  });

  it('does not answer a how-to question with a related fact', () => {
    const a = engine.ask('Hur gör jag för att avropa en option steg för steg?');
    expect(a.answered).toBe(false);
  });

  it('reads a "när" that opens a subordinate clause as a conjunction, not a when-question', () => {
    const a = engine.ask('När Millennium kommer, vad händer då med specialsystemen vi har?');
    expect(a.answered).toBe(true);
    expect(a.answerId).toBe('kompletterande-system');
  });

  it('reads "när" after a verb of telling as a when-question, and "när" inside a clause as a conjunction', () => {
    expect(engine.ask('Har Cerner meddelat när de har vidareutvecklat funktionerna för intensivvård?').answered).toBe(false);
    const a = engine.ask('Vad händer med specialsystemen när Millennium kommer?');
    expect(a.answered).toBe(true);
    expect(a.answerId).toBe('kompletterande-system');
  });
});
