/**
 * Example questions come from the chat port, which has them from the engine: neither bot asks the engine "hjälp" to
 * get them, and the Teams help card says the help text without the core's line that introduces the examples.
 */
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { MESSAGES } from '../../src/index';
import { adapterHost } from '../../src/service/main';
import { type SlackHarness, startSlackHarness } from './slack/harness';
import { activity } from './teams/fake-connector';

let h: SlackHarness;
let spies: MockInstance[] = [];
beforeAll(async () => {
  h = await startSlackHarness({}, { teams: true });
});
afterAll(() => h?.stop());

/** How often the engine was asked `text`, through any of its entries. */
const asked = (text: string) => spies.flatMap((s) => s.mock.calls).filter(([q]) => q === text).length;
const teams = async (body: Record<string, unknown>) => {
  const before = h.connector.sent.length;
  const r = await fetch(`${h.s.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
  return JSON.stringify((await h.connector.waitFor(before + 1)).at(-1)?.activity);
};

describe('example questions', () => {
  let examples: readonly string[];
  beforeAll(() => {
    const engine = h.s.service.knowledge.engine;
    examples = engine.ask('hej').suggestions;
    expect(examples.length).toBeGreaterThan(0);
    spies = (['ask', 'askCleaned', 'askInConversation'] as const).filter((m) => m in engine).map((m) => vi.spyOn(engine, m));
  });
  afterAll(() => {
    for (const s of spies) s.mockRestore();
  });

  it("are the engine's own: the port gives those a greeting is answered with", () => {
    expect(adapterHost(h.s.service).port.examples()).toEqual(examples);
  });

  it('fill Slack\'s App Home without asking the engine "hjälp"', async () => {
    await h.postJson({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'EvExamplesHome',
      event_time: 1,
      event: { type: 'app_home_opened', user: 'UEX', channel: 'DEX', tab: 'home', event_ts: '1' },
    });
    const [published] = await h.slack.waitFor('views.publish');
    const view = JSON.stringify(published?.body.view);
    for (const q of examples) expect(view).toContain(q);
    expect(asked('hjälp')).toBe(0);
  });

  it('fill the Teams welcome card without asking the engine "hjälp"', async () => {
    const card = await teams(
      activity(h.connector.url, {
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [{ id: '28:faktabot' }],
        conversation: { id: '19:examples', conversationType: 'channel', tenantId: 'tenant-1' },
      }),
    );
    expect(card).toContain('Hej! Jag svarar kort');
    for (const q of examples) expect(card).toContain(q);
    expect(asked('hjälp')).toBe(0);
  });

  it('follow the help text on Teams, asked once, without the line that introduces them in a plain reply', async () => {
    const card = await teams(
      activity(h.connector.url, { text: 'hjälp', conversation: { id: 'a:examples-help', conversationType: 'personal' } }),
    );
    expect(card).toContain(MESSAGES.help);
    expect(card).not.toContain(MESSAGES.examplesIntro);
    for (const q of examples) expect(card).toContain(q);
    // The user's own "hjälp" is asked once, through the port; the examples are not asked for with it.
    expect(asked('hjälp')).toBe(1);
  });
});
