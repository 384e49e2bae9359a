/**
 * The one cleaning path, end to end on both back ends: NUL is refused on every path with a 4xx or a Swedish reply;
 * a personnummer in Unicode variants is stored on no path; a patient description is stored in no free-text field
 * (feedback comments, ticket context, desk answers, editor fields); ids are never built from names or numbers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_COMMENT } from '../../src/store/questions';
import { sign } from '../bots/slack/fake-slack';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { activity } from '../bots/teams/fake-connector';
import { personnummer, unicodeVariant } from '../text/forms';
import { storedBytes } from './helpers';

const json = { 'content-type': 'application/json' };
let h: SlackHarness;
let seq = 0;

beforeAll(async () => {
  h = await startSlackHarness({ SUPPORT_CHANNEL: 'slack:CDESKCLEAN' }, { teams: true });
});
afterAll(() => h?.stop());

const api = async (path: string, body: unknown, method = 'POST') => {
  const r = await fetch(`${h.s.url}${path}`, { method, headers: json, body: JSON.stringify(body) });
  return {
    status: r.status,
    body: (await r.json()) as Record<string, unknown> & {
      questionId?: number;
      answer?: unknown;
      error?: string;
      change?: { target: string };
    },
  };
};
const ask = (question: string) => api('/console/api/ask', { question });
const versions = async () =>
  ((await (await fetch(`${h.s.url}/console/api/entries`)).json()) as { versions: Record<string, string> }).versions;
const slackDm = async (text: string) => {
  const before = h.slack.of('chat.postMessage').length;
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `EvClean${++seq}`,
    event_time: 1,
    event: { type: 'message', channel_type: 'im', channel: 'D0CLEAN', user: 'U0CLEAN', text, ts: `2.${seq}` },
  });
  await fetch(`${h.s.url}/slack/events`, { method: 'POST', headers: { ...json, ...sign(body) }, body });
  return (await h.slack.waitFor('chat.postMessage', before + 1)).at(-1)?.body as Record<string, unknown>;
};
const teamsAsk = async (text: string) => {
  const before = h.connector.sent.length;
  const r = await fetch(`${h.s.url}/api/messages`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(activity(h.connector.url, { text })),
  });
  expect(r.status).toBe(200);
  await h.connector.waitFor(before + 1);
};
const deskAnswer = (ticketId: number, value: string) =>
  h.interact({
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: 'UDESKC', username: 'bo', name: 'Bo' },
    view: {
      id: 'VC',
      type: 'modal',
      callback_id: 'faktabot_ticket_answer_modal',
      private_metadata: JSON.stringify({ t: ticketId, c: 'CDESKCLEAN' }),
      state: { values: { answer: { answer_input: { type: 'plain_text_input', value } } } },
    },
  });
const newTicket = async (question: string, context = '') =>
  h.s.service.support.escalate({
    asker: { platform: 'slack', userId: 'U0ASKER', name: 'Anna', conversationId: 'D0ASKER', address: { channel: 'D0ASKER' } },
    question,
    context,
  });

describe('NUL (U+0000) on every path', () => {
  it('is refused with a Swedish reply or a 4xx, and nothing of it is stored', async () => {
    const count = await h.s.service.questions.count();
    const console = await ask('Vad är FVM?\u0000');
    expect(console.status).toBe(400);
    expect(console.body.error).toMatch(/tecken som inte kan tas emot/);
    expect(JSON.stringify(await slackDm('Vad är FVM?\u0000'))).toContain('tecken som inte kan tas emot');
    expect(await h.s.service.questions.count()).toBe(count);

    const asked = await ask('Vad är FVM?');
    const comment = await api('/console/api/feedback', { questionId: asked.body.questionId, helpful: false, comment: 'fel\u0000' });
    expect(comment.status).toBe(400);
    expect(comment.body.error).toMatch(/tecken som inte kan tas emot/);

    expect(await newTicket('Vem bestämmer om Millennium?', 'bakgrund\u0000')).toEqual({ result: 'refused' });
    const ticket = (await newTicket('Vem bestämmer om Millennium på min avdelning?')) as { ticketId: number };
    const answer = await deskAnswer(ticket.ticketId, 'Svar\u0000');
    expect(await answer.json()).toEqual({ response_action: 'errors', errors: { answer: expect.stringMatching(/NUL/) } });

    const entry = await api('/console/api/entries', {
      question: 'Vad gäller för NUL?',
      answer: 'Ett svar\u0000',
      section: 'avtal-och-optioner',
      alternates: ['a b c', 'd e f', 'g h i'],
      version: (await versions())['faq.yaml'],
    });
    expect(entry.status).toBe(400);
    expect(entry.body.error).toMatch(/tecken som inte kan tas emot/);
    expect(h.s.logs.some((l) => l.includes('"level":"error"') || l.includes('"level":50'))).toBe(false);
  });
});

describe('a personnummer in Unicode variants', () => {
  it('is stored on no path: console, Slack, Teams, feedback comments, tickets and desk answers', async () => {
    const variants = fc.sample(personnummer.chain(unicodeVariant), { numRuns: 12, seed: 20 });
    for (const [i, pnr] of variants.entries()) {
      const asked = await ask(`Varför blev modulerna optioner? Mitt pnr ${pnr}`);
      await slackDm(`När togs beslutet? ${pnr}`);
      await teamsAsk(`Vad är FVM? ${pnr}`);
      await api('/console/api/feedback', { questionId: asked.body.questionId, helpful: i % 2 === 0, comment: `ring ${pnr}` });
      const t = (await newTicket(`Vem beslutade om optionerna ${i}?`, `Jag har pnr ${pnr}`)) as { ticketId: number };
      await deskAnswer(t.ticketId, `Tack, vi har noterat ${pnr}.`);
    }
    const stored = (await storedBytes(h.s.service)).normalize('NFKC');
    for (const pnr of variants) {
      // The number's last ten digits with anything of up to three characters between them (separators, marks).
      const digits = pnr.normalize('NFKC').replace(/\D/g, '').slice(-10);
      const found = new RegExp(digits.split('').join('\\D{0,3}')).exec(stored);
      expect(found ? stored.slice(Math.max(0, found.index - 80), found.index + 60) : null, pnr).toBeNull();
    }
  });
});

describe('patient descriptions in free-text fields', () => {
  const description = 'pt Zebulon Quxberg 45 år sal 3';

  it('are not stored as feedback comments: a placeholder says there was one', async () => {
    const asked = await ask('Vad är FVM?');
    expect((await api('/console/api/feedback', { questionId: asked.body.questionId, helpful: false, comment: description })).status).toBe(
      200,
    );
    const rows = await h.s.service.sql.all<{ comment: string }>('SELECT comment FROM feedback WHERE question_id = ?', [
      asked.body.questionId as number,
    ]);
    expect(rows).toEqual([{ comment: PATIENT_COMMENT }]);
  });

  it('are refused as ticket context and as a desk answer', async () => {
    expect(await newTicket('Vem beslutade om optionerna?', `Gäller ${description}`)).toEqual({ result: 'clinical' });
    const t = (await newTicket('Vem beslutade om optionerna, egentligen?')) as { ticketId: number };
    const r = await deskAnswer(t.ticketId, `Hej, angående ${description}: beslutet gäller alla.`);
    expect(await r.json()).toEqual({ response_action: 'errors', errors: { answer: expect.stringMatching(/beskriva en patient/) } });
    expect((await h.s.service.tickets.get(t.ticketId))?.answer).toBeNull();
  });

  it('are refused in the editor\'s answer field and as "Ska inte besvaras"', async () => {
    const v = await versions();
    const entry = await api('/console/api/entries', {
      question: 'Vad gäller för sal tre?',
      answer: `Som för ${description}.`,
      section: 'avtal-och-optioner',
      alternates: ['a b c', 'd e f', 'g h i'],
      version: v['faq.yaml'],
    });
    expect(entry.status).toBe(422);
    expect(entry.body.error).toMatch(/^Svaret ser ut att beskriva en patient/);
    const outOfScope = await api('/console/api/out-of-scope', { text: 'vårdtagaren Zebulon på sal 3', version: v['utanfor.yaml'] });
    expect(outOfScope.status).toBe(422);
    const stored = await storedBytes(h.s.service);
    expect(stored).not.toContain('Quxberg');
    expect(stored).not.toContain('Zebulon');
  });
});

describe('ids built from text', () => {
  it('keep no name and no number from a new question', async () => {
    // A question that names a person is refused outright; one with a number is saved under an id without it.
    const named = await api('/console/api/entries', {
      question: 'Vad sa Zebulon om beslutet 2021 på IVA?',
      answer: 'Faktasidan säger inget om det.',
      section: 'avtal-och-optioner',
      alternates: [],
      version: (await versions())['faq.yaml'],
      confirm: true,
    });
    expect(named.status, JSON.stringify(named.body)).toBe(422);
    const saved = await api('/console/api/entries', {
      question: 'Vad sades om beslutet 2021 på IVA?',
      answer: 'Faktasidan säger inget om det.',
      section: 'avtal-och-optioner',
      alternates: ['vad sa han om beslutet', 'vad tyckte han om beslutet', 'vad sades om det beslutet'],
      version: (await versions())['faq.yaml'],
      confirm: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.change?.target).toMatch(/^[a-z-]+$/);
    expect(saved.body.change?.target).not.toMatch(/zebulon|2021/);
  });
});
