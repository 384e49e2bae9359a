/**
 * Follow-ups in a conversation (followup.ts and Engine.askInConversation): a message that is not complete on its own
 * is read with the conversation's topic and answered as an interpretation naming the question it was read as; a
 * message complete on its own, an explicit change of topic, and clinical questions never inherit the context.
 */
import { describe, expect, it } from 'vitest';
import type { ConversationContext } from '../../src/answer/followup';
import { changesTopic, isFollowUp, topicWords } from '../../src/answer/followup';
import { interpretingEngine, realEngine } from '../helpers';

const engine = realEngine();
const OPTIONS_DECISION = 'Vad beslutade VGR om optionerna för IVA?';

/** Asks the turns in one conversation; the answers and the context after each. */
function converse(...turns: string[]) {
  let context: ConversationContext | undefined;
  return turns.map((q) => {
    const r = engine.askInConversation(q, context);
    context = r.context;
    return r;
  });
}

const followUp = (q: string) => {
  const focus = engine.parts(q).focus;
  return isFollowUp(focus, engine.analyzer.query(focus).words);
};

describe('which messages are follow-ups', () => {
  it('reads messages without a topic of their own, or pointing back, as follow-ups', () => {
    for (const q of [
      'och när?',
      'varför det?',
      'berätta mer',
      'vad betyder ordet?',
      'hur gör förvaltningarna då?',
      'och de andra, som inte försvinner?',
    ])
      expect(followUp(q), q).toBe(true);
  });

  it('reads a full question with its own topic, and an explicit change of topic, as complete on their own', () => {
    for (const q of ['Vad är FVM?', 'Finns det ett regionövergripande IT-stöd för narkos?', 'Helt annan fråga: vem tog fram riskanalysen?'])
      expect(followUp(q), q).toBe(false);
    // å, ä and ö end no word: "chefssamrådet" and "IT-stödet?" do not hold the pointing word "det".
    for (const q of ['Vad rekommenderade chefssamrådet?', 'Vad gäller för IT-stödet?', 'Vad menas med området?'])
      expect(followUp(q), q).toBe(false);
    expect(changesTopic('Okej, annan sak: ska labbappen bort?')).toBe(true);
    expect(changesTopic('Nytt ämne: vilken tid stänger restaurangen?')).toBe(true);
    expect(changesTopic('Vad är en annan option?')).toBe(false);
  });

  it('keeps as topic only words the knowledge uses: never a name, a number or the message', () => {
    const words = engine.analyzer.query('Hej, Ahmed Yilmaz 0701234567 undrar om optionerna för IVA på sal 12').words;
    const topic = topicWords(words, (w) => engine.analyzer.vocabulary.has(w) && !engine.names.firstNames.has(w));
    expect(topic).toContain('optionerna');
    expect(topic.join(' ')).not.toMatch(/ahmed|yilmaz|070|12|hej/);
    expect(topic.every((w) => engine.analyzer.vocabulary.has(w))).toBe(true);
  });
});

describe('answering in a conversation', () => {
  it('answers "och när då?" after the options decision with the year, as an interpretation naming the question', () => {
    const [first, next] = converse(OPTIONS_DECISION, 'och när då?');
    expect(first?.answer.answered).toBe(true);
    expect(next?.answer).toMatchObject({
      answered: true,
      outcome: 'interpreted',
      interpretedAs: 'När beslutade VGR att inte avropa optionerna?',
    });
    expect(next?.answer.answer).toMatch(/2021/);
    expect(next?.answer.question).toBe('och när då?');
    // A follow-up's answer offers what to ask next, as any answer does, never the entry it answered.
    expect(next?.answer.followUps.length).toBeGreaterThan(0);
    expect(next?.answer.followUps.map((f) => f.id)).not.toContain(next?.answer.answerId);
  });

  it('answers a message on a topic the knowledge does not know alone, and declines it, whatever it points back to', () => {
    for (const q of ['Vad blir det till lunch?', 'Vad blir det till lunch då?']) {
      const [, off] = converse('När beslutade VGR att inte avropa optionerna?', q);
      expect(off?.answer.answered, q).toBe(false);
      expect(off?.answer.outcome, q).toBe('declined');
    }
  });

  it('reads a message that points back to a thing as a follow-up, though it names a word the knowledge does not use', () => {
    const [, purpose] = converse('Gjordes det en riskanalys inför beslutet om optionerna?', 'vad hade de för syfte med den analysen?');
    expect(purpose?.answer.outcome).toBe('interpreted');
    expect(purpose?.answer.answer).toMatch(/för att belysa helheten runt patienten/);
    const [, when] = converse('Vad betyder det att avropa en option?', 'och när avropade man dem faktiskt?');
    expect(when?.answer.answer).toMatch(/Hösten 2021/);
  });

  it('never takes an adverb such as "sammanlagt" for a topic of its own', () => {
    const [, total] = converse('Vad är Millennium?', 'hur många system blir det sammanlagt?');
    expect(total?.answer.answered).toBe(true);
    expect(total?.answer.answer).toMatch(/35–40/);
  });

  it('asks back when a follow-up that names nothing would be answered from another entry by the topic alone', () => {
    const [asked, vague] = converse('Vad är en option i avtalet om Millennium?', 'blev det av?');
    expect(vague?.answer).toMatchObject({ answered: false, outcome: 'declined', rule: 'nothing-asked' });
    expect(vague?.answer.suggestions).toEqual(['Hur många optioner finns det i Millenniumavtalet?']);
    expect(vague?.context).toEqual(asked?.context);
  });

  it('gives no interpretation to a message that points back when the conversation has no topic', () => {
    const [alone] = converse('vad händer sen då?');
    expect(alone?.answer).toMatchObject({ answered: false, outcome: 'declined', rule: 'nothing-asked' });
    expect(alone?.answer.suggestions.length).toBe(1);
    expect(alone?.context).toBeUndefined();
  });

  it('reads a question that names its topic as complete in a fresh conversation, whatever "då" ends it', () => {
    // Where the bot interprets what it is not sure of, as the console's screenshot shows it.
    const interpreting = interpretingEngine();
    const question = 'vad blir det för system på iva nu då';
    const alone = interpreting.askInConversation(question, undefined).answer;
    expect(alone).toMatchObject({ outcome: 'interpreted', answer: interpreting.ask(question).answer });
  });

  it('stays on the topic of a question the page does not answer on it, and reads the next follow-up with it', () => {
    const [cost, when] = converse('Vad kostar den nya upphandlingen?', 'när beslutades den?');
    expect(cost?.answer.answer).toMatch(/^Faktasidan säger inte vad det kostar/);
    expect(cost?.context).toEqual({ topic: expect.arrayContaining(['upphandlingen']) });
    expect(cost?.context?.entryId).toBeUndefined();
    expect(when?.answer.outcome).toBe('interpreted');
    expect(when?.answer.answer).toMatch(/^Hösten 2022 beslutade koncernledning/);
  });

  it('does not answer the same words in a fresh conversation', () => {
    const [alone] = converse('och när då?');
    expect(alone?.answer.answered).toBe(false);
    expect(alone?.answer.answer).not.toMatch(/2021/);
    expect(alone?.context).toBeUndefined();
  });

  it('declines a follow-up the page does not answer, and keeps the topic for the next one', () => {
    const [, finding, use] = converse(
      'Vem gjorde riskbedömningen kring IVA-tillvalen?',
      'vad kom de fram till?',
      'vad användes den till då?',
    );
    expect(finding?.answer.answer).toMatch(/Faktasidan säger inte/);
    expect(finding?.context?.entryId).toBe('riskanalys');
    expect(use?.answer.answered).toBe(true);
  });

  it('says the page has nothing more when a follow-up would only get the answer just given again', () => {
    for (const [first, next] of [
      ['Vad är FVM?', 'vad skrev de om det?'],
      ['Klarade någon anbudsgivare kraven för IVA och anestesi?', 'varför klarade de inte det?'],
      ['Hur många IT-system ersätter Millennium?', 'varför så många?'],
      ['Vilket IT-stöd har IVA och anestesi i dag?', 'blir det bättre sen?'],
    ] as const) {
      const [asked, again] = converse(first, next);
      expect(again?.answer, next).toMatchObject({ answered: false, outcome: 'declined', rule: 'nothing-more' });
      expect(again?.answer.answer, next).toBe('Faktasidan säger inte mer om det än svaret ovan.');
      // The topic has not changed: the next follow-up is still read with it.
      expect(again?.context, next).toEqual(asked?.context);
    }
  });

  it('gives the same answer again when the follow-up asks what it says and the first question did not', () => {
    const [, why] = converse('Vem bestämmer om en option ska användas?', 'varför då?');
    expect(why?.answer.outcome).toBe('interpreted');
    expect(why?.answer.answer).toMatch(/för att få så stor nytta/);
    const [, sure, offices] = converse(
      'Vilket IT-stöd har IVA och anestesi i dag?',
      'stämmer det verkligen?',
      'och hur gör förvaltningarna?',
    );
    expect(sure?.answer.answerId).toBe('it-stod-idag');
    const [, right] = converse('Vad är FVM?', 'är det korrekt?');
    expect(right?.answer.answerId).toBe('fvm');
    expect(offices?.answer.answer).toMatch(/olika lösningar/);
  });

  it('answers a change of topic on its own and replaces the context', () => {
    const [, other] = converse(OPTIONS_DECISION, 'Helt annan fråga: vad är FVM?');
    expect(other?.answer.outcome).not.toBe('interpreted');
    expect(other?.answer.answerId).toBe('fvm');
    expect(other?.context?.entryId).toBe('fvm');
  });

  it('never reads a clinical question with the context, and ends the context', () => {
    const [, clinical] = converse(OPTIONS_DECISION, 'och hur mycket propofol ger man då?');
    expect(clinical?.answer.kind).toBe('clinical');
    expect(clinical?.context).toBeUndefined();
  });

  it('holds only the entry, its section and words of the knowledge in the context', () => {
    const [first] = converse('Hej! Jag heter Lena Svensson och nås på 070-123 45 67. Vad beslutade VGR om optionerna för IVA?');
    const context = first?.context as ConversationContext;
    expect(Object.keys(context).sort()).toEqual(['entryId', 'section', 'topic']);
    expect(JSON.stringify(context)).not.toMatch(/lena|svensson|070|123|hej/i);
  });
});
