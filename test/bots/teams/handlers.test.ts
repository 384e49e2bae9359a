import { type Activity, TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaktabotTeamsBot } from '../../../bots/teams/bot';
import { adapterHost } from '../../../src/service/main';
import { interpreting } from '../../helpers';
import { type Running, startService } from '../../service/helpers';

let s: Running;
let bot: FaktabotTeamsBot;
beforeAll(async () => {
  s = await startService({ WATCH_KNOWLEDGE: 'false' });
  bot = new FaktabotTeamsBot(adapterHost(s.service));
});
afterAll(() => s.stop());

const teams = (extra: Record<string, unknown>): Partial<Activity> =>
  ({
    type: 'message',
    channelId: 'msteams',
    from: { id: '29:u', aadObjectId: 'aad-u' },
    recipient: { id: '28:bot', name: 'Faktabot' },
    conversation: { id: 'conv', conversationType: 'personal' },
    ...extra,
  }) as Partial<Activity>;
const cardText = (a: Partial<Activity>) => JSON.stringify(a.attachments?.[0]?.content ?? {});

describe('Teams handlers (TestAdapter, channelId msteams)', () => {
  it('answers a personal message with an answer card', async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter.send(teams({ text: 'Vad är FVM?' })).assertReply((a) => {
      expect(cardText(a)).toContain('förkortningen FVM');
      expect(cardText(a)).toContain('publicerad 2022');
    });
  });

  it('strips the @mention in a channel before answering', async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter
      .send(
        teams({
          text: '<at>Faktabot</at> Vad står VGR för?',
          conversation: { id: '19:chan', conversationType: 'channel' },
          entities: [{ type: 'mention', mentioned: { id: '28:bot', name: 'Faktabot' }, text: '<at>Faktabot</at>' }],
        }),
      )
      .assertReply((a) => expect(cardText(a)).toContain('Västra Götalandsregionen'));
    const row = await s.service.sql.get("SELECT question FROM questions WHERE channel = 'teams' ORDER BY id DESC");
    expect(row).toEqual({ question: 'Vad står VGR för?' });
  });

  it('sends the help card for "hjälp" and a welcome card when added', async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter.send(teams({ text: 'hjälp' })).assertReply((a) => expect(cardText(a)).toContain('Prova till exempel'));
    const added = new TestAdapter((ctx) => bot.run(ctx));
    await added
      .send(
        teams({
          type: 'conversationUpdate',
          membersAdded: [{ id: '28:bot' }],
          conversation: { id: '19:team', conversationType: 'channel' },
        }),
      )
      .assertReply((a) => expect(cardText(a)).toContain('Hej! Jag svarar kort'));
  });

  it('records the entry chosen from a suggestion after a logged question', async () => {
    const from = await s.service.ask('vad tycker ni om hela millenniumgrejen', {
      channel: 'teams',
      userId: '29:u',
      conversationId: 'conv',
    });
    const suggestion = from.answer.suggestions[0] as string;
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter
      .send(teams({ value: { faktabot: 'ask', question: suggestion, from: from.questionId, kind: 'suggestion' } }))
      .assertReply((a) => expect(cardText(a)).toContain('Källa'));
    const entry = s.service.knowledge.engine.kb.faq.find((e) => e.question === suggestion)?.id;
    expect(
      await s.service.sql.all('SELECT entry_id e, kind k FROM suggestion_clicks WHERE from_question_id = ?', [from.questionId ?? null]),
    ).toEqual([{ e: entry, k: 'suggestion' }]);
  });

  it('answers a suggestion button and tells the user when a button is unknown', async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter
      .send(teams({ value: { faktabot: 'ask', question: 'Vad betyder avropa?' } }))
      .assertReply((a) => expect(cardText(a)).toContain('välja till'));
    const other = new TestAdapter((ctx) => bot.run(ctx));
    await other.send(teams({ value: { something: 'else' } })).assertReply('Jag känner inte igen den knappen. Skriv din fråga istället.');
  });
});

describe('Teams handlers: an interpreted answer', () => {
  let si: Running;
  let interpreter: FaktabotTeamsBot;
  beforeAll(async () => {
    si = await startService({ WATCH_KNOWLEDGE: 'false' }, { calibration: interpreting() });
    interpreter = new FaktabotTeamsBot(adapterHost(si.service));
  });
  afterAll(() => si?.stop());

  it('says which question it answered, offers the others under "Menade du något annat?", and records the one chosen', async () => {
    const question = 'vad ska vi använda istället';
    const expected = si.service.knowledge.engine.ask(question);
    expect(expected.outcome).toBe('interpreted');
    const line = `Jag tolkar frågan som ”${expected.interpretedAs}”.`;
    let body: { type: string; text?: string; selectAction?: { type: string; data: Record<string, unknown> } }[] = [];
    const adapter = new TestAdapter((ctx) => interpreter.run(ctx));
    await adapter.send(teams({ text: question })).assertReply((a) => {
      const card = a.attachments?.[0]?.content as { body: typeof body; fallbackText: string };
      body = card.body;
      expect(body[0]?.text).toBe(`_${line}_`);
      expect(body[1]?.text).toBe(expected.answer);
      expect(body[2]?.text).toMatch(/^Källa: .*publicerad 2022$/);
      expect(body[3]?.text).toBe('Menade du något annat?');
      expect(card.fallbackText.startsWith(`${line}\n${expected.answer}`)).toBe(true);
      // The notification and chat preview start with the interpretation too.
      expect(a.summary).toMatch(/^Jag tolkar frågan som ”/);
    });
    const row = (await si.service.sql.get("SELECT id, outcome, rule, top_id FROM questions WHERE channel = 'teams' ORDER BY id DESC")) as {
      id: number;
      outcome: string;
      rule: string;
      top_id: string;
    };
    expect(row).toMatchObject({ outcome: 'interpreted', rule: expected.rule, top_id: expected.answerId });
    // The rows above "Vill du veta mer?" (the follow-up questions come after them).
    const followUps = body.findIndex((b) => b.text === 'Vill du veta mer?');
    expect(followUps).toBeGreaterThan(3);
    const data = body
      .slice(0, followUps)
      .filter((b) => b.type === 'Container')
      .map((b) => b.selectAction?.data);
    expect(data).toEqual(expected.suggestions.map((q) => ({ faktabot: 'ask', question: q, from: row.id, kind: 'suggestion' })));

    // The user clicks another question: it is answered, starting with the question, and the click is recorded.
    const other = expected.suggestions[0] as string;
    const entry = si.service.knowledge.engine.kb.faq.find((e) => e.question === other);
    const click = new TestAdapter((ctx) => interpreter.run(ctx));
    await click.send(teams({ value: data[0] })).assertReply((a) => {
      const text = cardText(a);
      expect(text).toContain(other);
      expect(text).toContain(entry?.answer.slice(0, 40));
    });
    expect(
      await si.service.sql.all('SELECT entry_id AS "e", kind AS "k" FROM suggestion_clicks WHERE from_question_id = ?', [row.id]),
    ).toEqual([{ e: entry?.id, k: 'suggestion' }]);
  });
});
