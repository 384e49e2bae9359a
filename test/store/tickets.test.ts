import { describe, expect, it } from 'vitest';
import { ChangeLog } from '../../src/store/changes';
import { Sealer } from '../../src/store/seal';
import { TicketStore } from '../../src/store/tickets';
import { openTestStore, skipReason, TEST_SALT } from './backends';

const bo = { platform: 'slack' as const, userId: 'UBO', name: 'Bo' };
const DAY = 86_400_000;

describe.skipIf(!!skipReason())('ticket status and the audit trail', () => {
  it('moves a ticket forward only: an answered ticket is neither claimed nor answered again (a stale card or a forged submit)', async () => {
    const { sql } = await openTestStore();
    const tickets = new TicketStore(sql, new Sealer(TEST_SALT), TEST_SALT);
    const id = await tickets.create({
      channel: 'slack',
      question: 'Vem beslutade?',
      context: '',
      botReply: 'Inget säkert svar.',
      asker: { ...bo, name: 'Anna', userId: 'UANNA', address: {} },
      desk: 'slack:CDESK',
    });
    expect(await tickets.transition(id, 'claimed', bo)).toBe(true);
    expect(await tickets.transition(id, 'claimed', { ...bo, name: 'Cia', userId: 'UCIA' })).toBe(true);
    expect(await tickets.transition(id, 'answered', bo, 'Första svaret.')).toBe(true);
    expect(await tickets.transition(id, 'claimed', bo)).toBe(false);
    expect(await tickets.transition(id, 'answered', bo, 'Andra svaret.')).toBe(false);
    expect(await tickets.transition(id, 'open', bo)).toBe(false);
    const t = await tickets.get(id);
    expect(t).toMatchObject({ status: 'answered', answer: 'Första svaret.' });
    expect(t?.events.map((e) => e.status)).toEqual(['open', 'claimed', 'claimed', 'answered']);
    expect(await tickets.transition(id, 'closed', bo)).toBe(true);
    expect(await tickets.transition(id, 'answered', bo, 'Efter stängning.')).toBe(false);
    await sql.close();
  });

  it('makes one ticket per logged question and asker, also when both requests come at once', async () => {
    const { sql } = await openTestStore();
    const tickets = new TicketStore(sql, new Sealer(TEST_SALT), TEST_SALT);
    const questionId = await sql.insert(
      "INSERT INTO questions (ts, channel, question, answered, confidence) VALUES (?, 'teams', 'Vem beslutade?', 0, 0.2)",
      [Date.now()],
    );
    const anna = { platform: 'teams' as const, userId: '29:anna', name: 'Anna', address: {} };
    const ticket = (asker: typeof anna) => ({
      channel: 'teams' as const,
      question: 'Vem beslutade?',
      context: '',
      botReply: 'Inget säkert svar.',
      questionId,
      asker,
      desk: 'slack:CDESK',
    });
    // A double click on two replicas: requests race for the same question and asker, several at once so that
    // their transactions overlap.
    const raced = await Promise.all(Array.from({ length: 6 }, () => tickets.createOnce(ticket(anna))));
    expect(raced.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(raced.map((r) => r.id)).size).toBe(1);
    const a = raced[0]!;
    expect(await tickets.sentFor(questionId, 'teams', '29:anna')).toBe(a.id);
    // Someone else in the conversation sending the same question is another asker, with an answer of their own.
    const bo = await tickets.createOnce(ticket({ ...anna, userId: '29:bo', name: 'Bo' }));
    expect(bo.created).toBe(true);
    expect(await tickets.sentFor(questionId, 'slack', '29:anna')).toBeUndefined();
    expect(await sql.all('SELECT id FROM tickets WHERE question_id = ?', [questionId])).toHaveLength(2);
    await sql.close();
  });

  it('keeps and shows names without direction overrides, also names sealed or recorded before they were cleaned', async () => {
    const { sql } = await openTestStore();
    const sealer = new Sealer(TEST_SALT);
    const tickets = new TicketStore(sql, sealer, TEST_SALT);
    const spoof = '\u202Enimd\u200fA adA\u202C\u061C \u2066Eve\u2069\u200b';
    const id = await tickets.create({
      channel: 'teams',
      question: 'Vem beslutade?',
      context: '',
      botReply: '',
      asker: { platform: 'teams', userId: '29:eve', name: spoof, address: {} },
      desk: 'slack:CDESK',
    });
    await tickets.transition(id, 'claimed', { ...bo, name: spoof });
    const bidi = /[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;
    const stored = await sql.all<{ sealed: string }>(
      'SELECT asker_sealed AS "sealed" FROM tickets UNION ALL SELECT actor_sealed AS "sealed" FROM ticket_events',
    );
    for (const { sealed } of stored) expect(JSON.stringify(sealer.unseal(sealed))).not.toMatch(bidi);
    // As an older version sealed them: shown without the overrides all the same.
    await sql.run('UPDATE tickets SET asker_sealed = ? WHERE id = ?', [sealer.seal({ name: spoof, address: {} }), id]);
    await sql.run('UPDATE ticket_events SET actor_sealed = ? WHERE ticket_id = ?', [sealer.seal({ name: spoof }), id]);
    const t = await tickets.get(id);
    expect(t?.asker?.name).toBe('nimdA adA Eve');
    expect(t?.events.map((e) => e.by)).toEqual(['nimdA adA Eve', 'nimdA adA Eve']);

    const changes = new ChangeLog(sql);
    const change = { action: 'edit-entry', file: 'faq.yaml', target: 'fvm', diff: '', before: '', after: '' };
    await changes.record({ ...change, actor: { session: 's', name: spoof, subject: 'eve' } });
    expect(JSON.stringify(await sql.all('SELECT actor_name FROM knowledge_changes'))).not.toMatch(bidi);
    await sql.run('UPDATE knowledge_changes SET actor_name = ?', [spoof]);
    expect((await changes.latestFor('fvm'))?.actorName).toBe('nimdA adA Eve');
    expect((await changes.recent())[0]?.actorName).toBe('nimdA adA Eve');
    await sql.close();
  });

  it('forgets audit-trail changes, with the file texts they keep, after the retention period', async () => {
    const { sql } = await openTestStore();
    let now = Date.now();
    const changes = new ChangeLog(sql, () => now);
    const change = {
      actor: { session: 'lokal' },
      action: 'edit-entry',
      file: 'faq.yaml',
      target: 'fvm',
      diff: '-a\n+b',
      before: 'a',
      after: 'b',
    };
    const old = await changes.record(change);
    now += 91 * DAY;
    const recent = await changes.record(change);
    expect(await changes.purge(90)).toBe(1);
    expect(await changes.get(old)).toBeUndefined();
    expect(await changes.get(recent)).toBeDefined();
    await sql.close();
  });
});
