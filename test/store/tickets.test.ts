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
