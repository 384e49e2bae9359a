import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsConfigError, teamsAdapters } from '../../../bots/teams/index';
import { FEEDBACK_MESSAGES } from '../../../src/index';
import { adapterHost } from '../../../src/service/main';
import { type Running, startService } from '../../service/helpers';
import { activity, FakeConnector } from './fake-connector';

let fc: FakeConnector;
let s: Running;
beforeAll(async () => {
  fc = new FakeConnector();
  await fc.start();
  s = await startService({ WATCH_KNOWLEDGE: 'false', TEAMS_LOCAL: 'true' });
  for (const a of teamsAdapters(adapterHost(s.service))) await a.start();
});
afterAll(async () => {
  await s?.stop();
  await fc?.stop();
});

const send = (body: unknown) =>
  fetch(`${s.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const card = (sent: { activity: Record<string, unknown> }) =>
  JSON.stringify((sent.activity.attachments as { content: unknown }[] | undefined)?.[0]?.content ?? {});

describe('Teams end to end on loopback (local mode)', () => {
  it('replies to a 1:1 message with the answer and its citation, as a reply to that activity', async () => {
    const before = fc.sent.length;
    const a = activity(fc.url, { text: 'Varför blev IVA- och anestesimodulerna optioner?' });
    expect((await send(a)).status).toBe(200);
    const sent = (await fc.waitFor(before + 1))[before]!;
    expect(sent.path).toBe(`/v3/conversations/a%3Apersonal-conv/activities/${a.id}`);
    expect(sent.activity.type).toBe('message');
    expect(sent.activity.text).toContain('anbudsgivarna');
    expect(sent.activity.text).toMatch(/ \[1\]/);
    const entities = sent.activity.entities as { type: string; citation: { position: number; appearance: { url: string } }[] }[];
    expect(entities.map((e) => e.type)).toEqual(['https://schema.org/Message']);
    expect(entities[0]!.citation[0]).toMatchObject({
      position: 1,
      appearance: { url: expect.stringMatching(/^https:\/\/www\.vgregion\.se\/.*#/) },
    });
  });

  it('answers an @mention in a channel with the mention stripped', async () => {
    const before = fc.sent.length;
    await send(
      activity(fc.url, {
        text: '<at>Faktabot</at> När beslutade VGR att inte avropa optionerna?',
        conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' },
        entities: [{ type: 'mention', mentioned: { id: '28:faktabot', name: 'Faktabot' }, text: '<at>Faktabot</at>' }],
      }),
    );
    const sent = (await fc.waitFor(before + 1))[before]!;
    expect(sent.activity.text).toContain('Hösten 2021');
  });

  it("records Teams' own feedback on an answer in the question log, and answers the invoke 200 with an empty body", async () => {
    let before = fc.sent.length;
    await send(activity(fc.url, { text: 'Vad är FVM?' }));
    // The answer's text, then its card with the related questions.
    const [answer, related] = (await fc.waitFor(before + 2)).slice(before);
    expect(related!.activity.attachments).toHaveLength(1);
    expect(answer!.activity.attachments).toBeUndefined();
    expect(answer!.activity.channelData).toEqual({ feedbackLoop: { type: 'default' } });
    const asked = (await s.service.sql.get("SELECT id FROM questions WHERE channel = 'teams' ORDER BY id DESC")) as { id: number };
    // The connector gave the message its id (reply-N): Teams' invoke names it as replyToId.
    const replyId = `reply-${before + 1}`;
    before = fc.sent.length;
    const r = await send(
      activity(fc.url, {
        type: 'invoke',
        name: 'message/submitAction',
        text: undefined,
        replyToId: replyId,
        value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":"Bra svar"}' } },
      }),
    );
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
    expect(await s.service.sql.get('SELECT helpful, comment FROM feedback WHERE question_id = ?', [asked.id])).toEqual({
      helpful: 1,
      comment: 'Bra svar',
    });
    // Teams thanks the voter itself: nothing is posted.
    expect(fc.sent.length).toBe(before);
  });

  it('records a vote on an earlier answer card in the question log', async () => {
    let before = fc.sent.length;
    await send(activity(fc.url, { text: 'Vad är FVM?' }));
    await fc.waitFor(before + 2);
    // Cards posted before Teams' own feedback carry 👍/👎 buttons with the logged question's id.
    const { id: questionId } = (await s.service.sql.get("SELECT id FROM questions WHERE channel = 'teams' ORDER BY id DESC")) as {
      id: number;
    };
    before = fc.sent.length;
    await send(activity(fc.url, { text: undefined, replyToId: 'answer-7', value: { faktabot: 'feedback', helpful: false, questionId } }));
    // In place: the answer card is updated (no new message in the conversation), its buttons replaced by a thank-you.
    const thanks = (await fc.waitFor(before + 1)).at(-1)!;
    expect([thanks.method, thanks.path]).toEqual(['PUT', '/v3/conversations/a%3Apersonal-conv/activities/answer-7']);
    // The summary stays the answer's, cut at a word.
    expect(thanks.activity.summary).toMatch(/^Faktasidan säger inte vad förkortningen FVM står för\. .*\S…$/);
    // No desk is set: the card says who reads a 👎, and that no one answers personally.
    expect(card(thanks)).toContain(`${FEEDBACK_MESSAGES.notHelpful} ${FEEDBACK_MESSAGES.noReply}`);
    expect(card(thanks)).not.toContain('Fråga supporten');
    expect(card(thanks)).toContain('förkortningen FVM');
    expect(card(thanks)).not.toContain('"faktabot":"feedback"');
    expect(await s.service.sql.get('SELECT helpful FROM feedback WHERE question_id = ?', [questionId])).toEqual({ helpful: 0 });
  });

  it('sends the welcome card when the bot is added to a team', async () => {
    const before = fc.sent.length;
    await send(
      activity(fc.url, {
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [{ id: '28:faktabot' }],
        conversation: { id: '19:team', conversationType: 'channel', tenantId: 'tenant-1' },
      }),
    );
    const sent = (await fc.waitFor(before + 1)).at(-1)!;
    expect(card(sent)).toContain('Prova till exempel');
  });

  it('answers a messaging-extension query in the HTTP response with matching FAQ cards', async () => {
    const r = await send(
      activity(fc.url, {
        type: 'invoke',
        name: 'composeExtension/query',
        text: undefined,
        value: { commandId: 'searchFaq', parameters: [{ name: 'searchQuery', value: 'riskanalys' }], queryOptions: { skip: 0, count: 25 } },
      }),
    );
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.composeExtension).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    const first = body.composeExtension.attachments[0];
    expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(first.content)).toContain('Chefläkargruppen');
    expect(JSON.stringify(first.content)).toContain('publicerad 2022');
    expect(first.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
  });

  it('gives a clear error for an unknown invoke, and 400 for something that is not an activity', async () => {
    const r = await send(activity(fc.url, { type: 'invoke', name: 'something/unknown', text: undefined, value: {} }));
    expect(r.status).toBe(501);
    expect(await r.json()).toEqual({ code: 'NotImplemented', message: 'Faktabot hanterar inte "something/unknown".' });
    expect((await send({ hello: 'world' })).status).toBe(400);
    expect(
      (await fetch(`${s.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })).status,
    ).toBe(400);
    expect((await fetch(`${s.url}/api/messages`, { method: 'POST', body: '{not json' })).status).toBe(415);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('sends a short Swedish apology and logs the request id when a turn fails', async () => {
    const knowledge = s.service.knowledge;
    Object.defineProperty(knowledge, 'engine', {
      configurable: true,
      get() {
        throw new Error('boom');
      },
    });
    try {
      const before = fc.sent.length;
      const r = await fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-teams-1' },
        body: JSON.stringify(activity(fc.url, { text: 'Vad är FVM?' })),
      });
      expect(r.status).toBeLessThan(500);
      const sent = (await fc.waitFor(before + 1)).at(-1)!;
      expect(sent.activity.text).toBe('Förlåt, något gick fel hos Faktabot. Försök igen om en stund.');
      expect(s.logs.some((l) => l.includes('teams turn failed') && l.includes('req-teams-1') && l.includes('boom'))).toBe(true);
    } finally {
      delete (knowledge as unknown as Record<string, unknown>).engine;
    }
  });
});

describe('Teams with an app id configured', () => {
  it('rejects a request without a valid token with 401 and sends nothing', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const secured = await startService({
      WATCH_KNOWLEDGE: 'false',
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'app-password-secret',
      MicrosoftAppType: 'MultiTenant',
    });
    try {
      for (const a of teamsAdapters(adapterHost(secured.service))) await a.start();
      const post = (headers: Record<string, string>) =>
        fetch(`${secured.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(activity(connector.url, { text: 'Vad är FVM?' })),
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: 'Bearer not.a.token' })).status).toBe(401);
      await new Promise((r) => setTimeout(r, 200));
      expect(connector.sent).toEqual([]);
      expect(secured.logs.join('\n')).not.toContain('app-password-secret');
    } finally {
      await secured.stop();
      await connector.stop();
    }
  });

  it('refuses incomplete settings, and local mode off loopback', async () => {
    const partial = await startService({ WATCH_KNOWLEDGE: 'false', MicrosoftAppPassword: 'x' });
    try {
      expect(() => teamsAdapters(adapterHost(partial.service))).toThrow(TeamsConfigError);
    } finally {
      await partial.stop();
    }
    const exposed = await startService({
      WATCH_KNOWLEDGE: 'false',
      HOST: '0.0.0.0',
      TEAMS_LOCAL: 'true',
      CONSOLE_TOKEN: 'a-long-console-token-for-tests',
    });
    try {
      expect(() => teamsAdapters(adapterHost(exposed.service))).toThrow(
        /TEAMS_LOCAL=true .* cannot be used with PUBLIC_URL or a HOST other than loopback/,
      );
    } finally {
      await exposed.stop();
    }
  });
});

describe('Teams bot types Azure allows today', () => {
  it('defaults to SingleTenant and asks for the tenant id, naming MultiTenant for older bots', async () => {
    const s = await startService({
      WATCH_KNOWLEDGE: 'false',
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'x',
    });
    try {
      expect(() => teamsAdapters(adapterHost(s.service))).toThrow(
        /MicrosoftAppTenantId is required for a SingleTenant bot .*MicrosoftAppType=MultiTenant/,
      );
    } finally {
      await s.stop();
    }
  });
});
