import { type Activity, TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaktabotTeamsBot } from '../../../bots/teams/bot';
import { FEEDBACK_MESSAGES } from '../../../src/index';
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
/** Runs one turn and returns every activity the bot sent in it. */
async function turn(adapter: TestAdapter, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  await adapter.processActivity(activity);
  return adapter.activeQueue.splice(0);
}
/** What a reply shows: its text and its card. */
const shown = (a: Partial<Activity>) => `${a.text ?? ''}\n${cardText(a)}`;
type Citation = { '@type': string; position: number; appearance: Record<string, unknown> & { keywords: string[] } };
const messageEntities = (a: Partial<Activity>) =>
  (a.entities ?? []).filter((e) => e.type === 'https://schema.org/Message') as unknown as {
    '@type': string;
    '@context': string;
    '@id': string;
    additionalType?: string[];
    citation: Citation[];
  }[];

describe('Teams handlers (TestAdapter, channelId msteams)', () => {
  it("answers a personal message as text with a numbered citation of its section, and asks for Teams' own feedback", async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    const page = s.service.knowledge.engine.kb.pages[0]!;
    const section = page.sections.find((x) => x.id === 'laget-iva-anestesi')!;
    const [first, related] = await turn(adapter, teams({ text: 'Vad är FVM?' }));
    {
      const a = first!;
      expect(a.text).toMatch(/förkortningen FVM.* \[1\]$/);
      expect(a.textFormat).toBe('markdown');
      const entities = messageEntities(a);
      expect(entities).toHaveLength(1);
      const entity = entities[0]!;
      expect(entity).toMatchObject({ '@type': 'Message', '@context': 'https://schema.org', '@id': '' });
      // No "AI generated" label: the words are the page's and the FAQ's own.
      expect(entity.additionalType).toBeUndefined();
      expect(entity.citation).toEqual([
        {
          '@type': 'Claim',
          position: 1,
          appearance: {
            '@type': 'DigitalDocument',
            name: section.heading,
            url: `${page.url}#laget-iva-anestesi`,
            abstract: expect.stringMatching(/^VGR saknar ett regiongemensamt IT-stöd/),
            keywords: ['2022'],
          },
        },
      ]);
      const appearance = entity.citation[0]!.appearance as unknown as { name: string; abstract: string };
      expect(appearance.name.length).toBeLessThanOrEqual(80);
      expect(appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(a.channelData).toEqual({ feedbackLoop: { type: 'default' } });
      // Teams asks for the vote: the card has no 👍/👎 of its own, and no source line (the citation is the source).
      // The text has no card: the related questions follow as a card of their own, without 👍/👎 (Teams asks)
      // and without a source line (the citation is the source).
      expect(a.attachments).toBeUndefined();
      expect(cardText(related!)).toContain('Relaterade frågor');
      expect(cardText(related!)).not.toContain('"faktabot":"feedback"');
      expect(cardText(related!)).not.toContain('Källa:');
    }
  });

  it("records Teams' own feedback (message/submitAction) with its comment, redacted, on the question the message answered", async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    const conversation = { id: 'conv-fb', conversationType: 'personal' };
    const replyId = (await turn(adapter, teams({ text: 'Vad betyder avropa?', conversation })))[0]!.id as string;
    const asked = (await s.service.sql.get("SELECT id FROM questions WHERE channel = 'teams' ORDER BY id DESC")) as { id: number };
    // Another answer after it in the same conversation: the vote must still land on the message it was given on.
    await turn(adapter, teams({ text: 'Vad är FVM?', conversation }));
    const replies = await turn(
      adapter,
      teams({
        type: 'invoke',
        name: 'message/submitAction',
        text: undefined,
        replyToId: replyId,
        conversation,
        value: {
          actionName: 'feedback',
          actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'Ring mig på 070-123 45 67, det saknas mer.' }) },
        },
      }),
    );
    // Only the invoke's answer: 200 and no body (no desk is set, so nothing is offered).
    expect(replies.map((a) => [a.type, a.value])).toEqual([['invokeResponse', { status: 200 }]]);
    const rows = await s.service.sql.all('SELECT question_id AS "q", helpful AS "h", comment AS "c" FROM feedback WHERE question_id >= ?', [
      asked.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ q: asked.id, h: 0 });
    expect((rows[0] as { c: string }).c).not.toContain('070-123 45 67');
    expect((rows[0] as { c: string }).c).toContain('det saknas mer');
    // The review queue lists the 👎 with its comment.
    const review = await s.service.questions.review(30);
    expect(review.notHelpful.flatMap((g) => g.comments).some((c) => c.includes('det saknas mer'))).toBe(true);
  });

  it("refuses Teams' feedback from someone outside the conversation, and a submitAction that is not feedback", async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    const own = { id: 'conv-own', conversationType: 'personal' };
    const replyId = (await turn(adapter, teams({ text: 'Vad betyder avropa?', conversation: own })))[0]!.id as string;
    const vote = (conversation: string, value: unknown) =>
      teams({
        type: 'invoke',
        name: 'message/submitAction',
        text: undefined,
        replyToId: replyId,
        from: { id: '29:x', aadObjectId: 'aad-x' },
        conversation: { id: conversation, conversationType: 'personal' },
        value,
      });
    const like = { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":""}' } };
    // Another conversation does not know the message: nothing is recorded, and the voter is told.
    const refused = await turn(adapter, vote('conv-other', like));
    expect(refused.map((a) => a.text ?? a.value)).toEqual([FEEDBACK_MESSAGES.notSaved, { status: 200 }]);
    const other = await turn(adapter, vote('conv-own', { actionName: 'share' }));
    expect(other[0]?.value).toMatchObject({ status: 400 });
    const asked = (await s.service.sql.get("SELECT id FROM questions WHERE channel = 'teams' ORDER BY id DESC")) as { id: number };
    expect(await s.service.sql.all('SELECT id FROM feedback WHERE question_id = ?', [asked.id])).toEqual([]);
  });

  it('offers "Menade du…?" as at most three suggested actions in a personal chat, and as card rows in a channel', async () => {
    const question = 'vad tycker ni om hela millenniumgrejen';
    const expected = s.service.knowledge.engine.ask(question);
    expect(expected.suggestions.length).toBeGreaterThan(0);
    expect(expected.related).toEqual([]);
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    const conversation = { id: 'conv-suggested', conversationType: 'personal' };
    {
      const replies = await turn(adapter, teams({ text: question, conversation }));
      expect(replies).toHaveLength(1);
      const a = replies[0]!;
      const actions = a.suggestedActions?.actions ?? [];
      expect(actions.length).toBeGreaterThan(0);
      expect(actions.length).toBeLessThanOrEqual(3);
      // imBack: a click sends the question as the user's message.
      expect(actions).toEqual(expected.suggestions.slice(0, 3).map((q) => ({ type: 'imBack', title: q, value: q })));
      // No other card to go along: the message is the text alone, leading into the questions.
      expect(a.attachments).toBeUndefined();
      expect(a.text).toMatch(/Menade du…\?$/);
    }
    const asked = (await s.service.sql.get("SELECT id FROM questions WHERE channel = 'teams' ORDER BY id DESC")) as { id: number };
    // The click arrives as a message with the question: answered, and recorded as the suggestion chosen.
    const chosen = expected.suggestions[0] as string;
    const answered = (await turn(adapter, teams({ text: chosen, conversation })))[0]!;
    expect(answered.text).not.toContain(`**${chosen}**`);
    expect(answered.text).toMatch(/\[1\]$/);
    const entry = s.service.knowledge.engine.kb.faq.find((e) => e.question === chosen)?.id;
    expect(
      await s.service.sql.all('SELECT entry_id AS "e", kind AS "k" FROM suggestion_clicks WHERE from_question_id = ?', [asked.id]),
    ).toEqual([{ e: entry, k: 'suggestion' }]);
    const channel = new TestAdapter((ctx) => bot.run(ctx));
    const inChannel = await turn(channel, teams({ text: question, conversation: { id: '19:c', conversationType: 'channel' } }));
    expect(inChannel.map((a) => a.suggestedActions)).toEqual([undefined, undefined]);
    expect(cardText(inChannel[1]!)).toContain(JSON.stringify(expected.suggestions[0]));
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
      .assertReply((a) => expect(shown(a)).toContain('Västra Götalandsregionen'));
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
      .assertReply((a) => expect(a.text).toMatch(/\[1\]$/));
    const entry = s.service.knowledge.engine.kb.faq.find((e) => e.question === suggestion)?.id;
    expect(
      await s.service.sql.all('SELECT entry_id e, kind k FROM suggestion_clicks WHERE from_question_id = ?', [from.questionId ?? null]),
    ).toEqual([{ e: entry, k: 'suggestion' }]);
  });

  it('answers a suggestion button and tells the user when a button is unknown', async () => {
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter
      .send(teams({ value: { faktabot: 'ask', question: 'Vad betyder avropa?' } }))
      .assertReply((a) => expect(shown(a)).toContain('välja till'));
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
    let data: unknown[] = [];
    let suggested = false;
    let lastId = 0;
    const row0 = () => lastId;
    lastId = Number((await si.service.sql.get<{ n: number }>('SELECT COALESCE(MAX(id), 0) + 1 AS "n" FROM questions'))?.n);
    const adapter = new TestAdapter((ctx) => interpreter.run(ctx));
    await adapter.send(teams({ text: question })).assertReply((a) => {
      // With suggested actions (a personal chat, nothing else to show) the text has no Markdown marks; else the
      // interpretation is in italics and the lead-in in bold.
      expect(a.text).toBe(
        a.suggestedActions
          ? `${line}\n\n${expected.answer} [1]\n\nMenade du något annat?`
          : `_${line}_\n\n${expected.answer} [1]\n\n**Menade du något annat?**`,
      );
      expect(messageEntities(a)[0]?.citation).toHaveLength(1);
      // Notifications and chat previews show the text: the interpretation first.
      // In a personal chat the other questions are suggested actions, or card rows where a card goes along anyway.
      const body = (a.attachments?.[0]?.content as { body?: { type: string; selectAction?: { data: unknown } }[] } | undefined)?.body ?? [];
      data = a.suggestedActions
        ? a.suggestedActions.actions.map((x) => ({ faktabot: 'ask', question: x.value, from: row0(), kind: 'suggestion' }))
        : body.filter((b) => b.type === 'Container' && JSON.stringify(b).includes('suggestion')).map((b) => b.selectAction?.data);
      suggested = !!a.suggestedActions;
    });
    const row = (await si.service.sql.get("SELECT id, outcome, rule, top_id FROM questions WHERE channel = 'teams' ORDER BY id DESC")) as {
      id: number;
      outcome: string;
      rule: string;
      top_id: string;
    };
    expect(row).toMatchObject({ outcome: 'interpreted', rule: expected.rule, top_id: expected.answerId });
    expect(data).toEqual(expected.suggestions.slice(0, 3).map((q) => ({ faktabot: 'ask', question: q, from: row.id, kind: 'suggestion' })));

    // The user clicks another question: it is answered, starting with the question, and the click is recorded.
    const other = expected.suggestions[0] as string;
    const entry = si.service.knowledge.engine.kb.faq.find((e) => e.question === other);
    const click = new TestAdapter((ctx) => interpreter.run(ctx));
    await click.send(teams(suggested ? { text: other } : { value: data[0] })).assertReply((a) => {
      const text = shown(a);
      // Clicked on the card, the answer starts with the question; as a suggested action the chat shows it already.
      if (!suggested) expect(text).toContain(other);
      expect(text).toContain(entry?.answer.slice(0, 40));
    });
    expect(
      await si.service.sql.all('SELECT entry_id AS "e", kind AS "k" FROM suggestion_clicks WHERE from_question_id = ?', [row.id]),
    ).toEqual([{ e: entry?.id, k: 'suggestion' }]);
  });
});
