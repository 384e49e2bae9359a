/**
 * Follow-up questions in Teams, through Bot Framework activities: the answer card ends with "Vill du veta mer?" and
 * a row per follow-up question (Action.Submit, as "Menade du…?"); the submit a click sends asks that question in
 * the same conversation, logged as a question of its own and not as a choice made instead of the answer. A decline
 * offers none.
 */
import { type Activity, TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaktabotTeamsBot } from '../../../bots/teams/bot';
import { adapterHost } from '../../../src/service/main';
import { type Running, startService } from '../../service/helpers';

let s: Running;
let bot: FaktabotTeamsBot;
beforeAll(async () => {
  s = await startService({ WATCH_KNOWLEDGE: 'false' });
  bot = new FaktabotTeamsBot(adapterHost(s.service));
});
afterAll(() => s.stop());

const teams = (extra: Record<string, unknown>, conversationType = 'groupChat'): Partial<Activity> =>
  ({
    type: 'message',
    channelId: 'msteams',
    from: { id: '29:f', aadObjectId: 'aad-f' },
    recipient: { id: '28:bot', name: 'Faktabot' },
    conversation: { id: `conv-follow-${conversationType}`, conversationType },
    ...extra,
  }) as Partial<Activity>;
type Item = { type: string; text?: string; selectAction?: { type: string; data: Record<string, unknown> } };
const body = (a: Partial<Activity>) => ((a.attachments?.[0]?.content as { body?: Item[] } | undefined)?.body ?? []) as Item[];

describe('follow-up questions in Teams', () => {
  it('offers them as rows on the answer card, and a click asks that question in the conversation', async () => {
    const question = 'Vad är en option i avtalet om Millennium?';
    const expected = s.service.knowledge.engine.ask(question);
    expect(expected.followUps.length).toBe(3);
    let submits: Record<string, unknown>[] = [];
    // The answer's text with its citation first, then the card.
    await new TestAdapter((ctx) => bot.run(ctx))
      .send(teams({ text: question }))
      .assertReply((a) => expect(a.suggestedActions).toBeUndefined())
      .assertReply((a) => {
        const items = body(a);
        const heading = items.findIndex((i) => i.text === 'Vill du veta mer?');
        expect(heading).toBeGreaterThan(0);
        const rows = items.slice(heading + 1).filter((i) => i.selectAction);
        expect(rows.map((r) => r.selectAction?.type)).toEqual(['Action.Submit', 'Action.Submit', 'Action.Submit']);
        submits = rows.map((r) => r.selectAction?.data as Record<string, unknown>);
      });
    // The question only: a click is a new question, not a choice recorded against this answer.
    expect(submits).toEqual(expected.followUps.map((f) => ({ faktabot: 'ask', question: f.question })));

    const chosen = expected.followUps[0]!;
    const entry = s.service.knowledge.engine.faqEntry(chosen.id);
    // The reply starts with the question clicked, then its answer.
    await new TestAdapter((ctx) => bot.run(ctx)).send(teams({ value: submits[0] })).assertReply((a) => {
      expect(a.text?.startsWith(`**${chosen.question}**`)).toBe(true);
      expect(a.text).toContain(entry?.answer.slice(0, 40));
    });
    const row = await s.service.sql.get<{ question: string; answered: number }>(
      "SELECT question, answered FROM questions WHERE channel = 'teams' ORDER BY id DESC",
    );
    expect(row).toEqual({ question: chosen.question, answered: 1 });
    expect(await s.service.sql.all('SELECT * FROM suggestion_clicks')).toEqual([]);
  });

  it("offers them on the card in a personal chat too, never as suggested actions on the answer's text", async () => {
    const question = 'Vad är en option i avtalet om Millennium?';
    const expected = s.service.knowledge.engine.ask(question);
    await new TestAdapter((ctx) => bot.run(ctx))
      .send(teams({ text: question }, 'personal'))
      .assertReply((a) => expect(a.suggestedActions).toBeUndefined())
      .assertReply((a) => {
        const items = body(a);
        const heading = items.findIndex((i) => i.text === 'Vill du veta mer?');
        expect(items.slice(heading + 1).map((i) => i.selectAction?.data)).toEqual(
          expected.followUps.map((f) => ({ faktabot: 'ask', question: f.question })),
        );
      });
  });

  it('offers none under a decline', async () => {
    await new TestAdapter((ctx) => bot.run(ctx))
      .send(teams({ text: 'Vad blir det till lunch?' }))
      .assertReply((a) => expect(body(a).some((i) => i.text === 'Vill du veta mer?')).toBe(false));
  });
});
