import { describe, expect, it } from 'vitest';
import { answerMessages, answerText, citationsOf, messageEntity } from '../../../bots/teams/message';
import type { Answer, Source } from '../../../src/index';

const PAGE = 'https://www.vgregion.se/faktasida/';
const source = (id: string, section: string): Source => ({ id, title: 'Faktasidan', url: PAGE, section, published: '2022-03-01' });
const answer = (over: Partial<Answer>): Answer =>
  ({
    kind: 'answer',
    outcome: 'answered',
    answer: 'Svaret.',
    sources: [],
    suggestions: [],
    related: [],
    followUps: [],
    question: 'q',
    ...over,
  }) as Answer;

describe('Teams citations', () => {
  it('numbers a second cited section [2], each with its heading, anchor, opening and the page year', () => {
    const long = 'Ett avsnitt med en mycket lång rubrik som fortsätter och fortsätter långt förbi vad Teams visar i en titel';
    const opening = (id: string) => (id === 'b' ? `${'Inledande mening. '.repeat(20)}` : 'Kort inledning.');
    const claims = citationsOf([source('a', 'Avtal och optioner'), source('b', long)], opening);
    expect(claims.map((c) => c.position)).toEqual([1, 2]);
    expect(claims[0]!.appearance).toEqual({
      '@type': 'DigitalDocument',
      name: 'Avtal och optioner',
      url: `${PAGE}#a`,
      abstract: 'Kort inledning.',
      keywords: ['2022'],
    });
    expect(claims[1]!.appearance.name.length).toBeLessThanOrEqual(80);
    expect(claims[1]!.appearance.name.endsWith('…')).toBe(true);
    expect(claims[1]!.appearance.abstract.length).toBeLessThanOrEqual(160);
    expect(answerText(answer({}), { citations: 2 })).toBe('Svaret. [1][2]');
  });

  it('sends one Message entity without an AI label, and none without a source', () => {
    const { text } = answerMessages(answer({ sources: [source('a', 'Avtal')] }), {
      personal: true,
      opening: () => 'Början.',
      questionId: 4,
    });
    const entities = (text.entities ?? []) as Record<string, unknown>[];
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({
      type: 'https://schema.org/Message',
      '@type': 'Message',
      '@context': 'https://schema.org',
      '@id': '',
    });
    expect(entities[0]).not.toHaveProperty('additionalType');
    expect(messageEntity([])).toBeUndefined();
    const none = answerMessages(answer({ kind: 'abstain', outcome: 'declined' }), { personal: true, opening: () => undefined });
    expect(none.text.entities).toBeUndefined();
  });

  it("asks for Teams' feedback only on a logged answer about the knowledge, and not after a vote on its card", () => {
    const logged = { personal: false, opening: () => undefined, questionId: 9 };
    expect(answerMessages(answer({}), logged).text.channelData).toEqual({ feedbackLoop: { type: 'default' } });
    expect(answerMessages(answer({}), { ...logged, questionId: undefined }).text.channelData).toBeUndefined();
    expect(answerMessages(answer({ kind: 'smalltalk' }), logged).text.channelData).toBeUndefined();
    expect(answerMessages(answer({}), { ...logged, voted: { helpful: true, desk: false } }).text.channelData).toBeUndefined();
  });

  it('keeps a page address that already points into the page', () => {
    const [claim] = citationsOf([{ ...source('a', 'Avtal'), url: `${PAGE}#avsnitt` }], () => undefined);
    expect(claim!.appearance.url).toBe(`${PAGE}#avsnitt`);
    expect(claim!.appearance.abstract).toBe('Faktasidan');
  });
});
