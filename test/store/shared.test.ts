/**
 * What replicas share through the database, on both back ends (the store test matrix): every check is one statement
 * the database decides, so concurrent callers (on PostgreSQL, separate connections, as separate replicas are) never
 * both win.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeLog } from '../../src/store/changes';
import { openStore } from '../../src/store/open';
import { QuestionLog } from '../../src/store/questions';
import { Sealer } from '../../src/store/seal';
import { SessionStore } from '../../src/store/sessions';
import { SharedState } from '../../src/store/shared';
import type { Sql } from '../../src/store/sql';
import { TicketStore } from '../../src/store/tickets';
import { BACKEND, onPostgres, openTestStore, skipReason, TEST_SALT } from './backends';

const LIMITS = { lifetimeMs: 60_000, idleMs: 60_000 };
const opened: Sql[] = [];
afterEach(async () => {
  for (const sql of opened.splice(0)) await sql.close();
});

/** Two handles on one database: two pools on PostgreSQL (as two replicas have), the same file on SQLite. */
async function twoReplicas(): Promise<[Sql, Sql]> {
  const first = await openTestStore();
  opened.push(first.sql);
  if (!onPostgres) return [first.sql, first.sql];
  const second = openStore({ databasePath: '', databaseUrl: first.url, logSalt: TEST_SALT }).sql;
  opened.push(second);
  return [first.sql, second];
}

describe.skipIf(!!skipReason())(`shared state (${BACKEND})`, () => {
  it('lets exactly one caller claim a Slack event id, however many ask at once', async () => {
    const [a, b] = await twoReplicas();
    const stores = [new SharedState(a, TEST_SALT), new SharedState(b, TEST_SALT)];
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2]!.claimSlackEvent('Ev123')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await stores[0]!.claimSlackEvent('Ev124')).toBe(true);
  });

  it('lets exactly one caller claim a signed Slack request, and forgets it once its signature has expired', async () => {
    let now = Date.parse('2026-11-28T10:00:00Z');
    const [a, b] = await twoReplicas();
    const stores = [new SharedState(a, TEST_SALT, () => now), new SharedState(b, TEST_SALT, () => now)];
    const signature = `v0=${'ab'.repeat(32)}`;
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2]!.claimSlackRequest('1795860000', signature)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The same signature with another timestamp is another request (it could not pass the signature check, but the
    // pair is the key).
    expect(await stores[1]!.claimSlackRequest('1795860001', signature)).toBe(true);
    const log = new QuestionLog(a, { salt: TEST_SALT, now: () => now });
    now += 14 * 60_000;
    await log.purge(90);
    expect(await stores[0]!.claimSlackRequest('1795860000', signature)).toBe(false);
    now += 2 * 60_000;
    await log.purge(90);
    expect(await a.all('SELECT * FROM slack_requests')).toEqual([]);
  });

  it('counts a key per clock minute across callers, and starts again the next minute', async () => {
    let now = Date.parse('2026-11-28T10:00:05Z');
    const [a, b] = await twoReplicas();
    const stores = [new SharedState(a, TEST_SALT, () => now), new SharedState(b, TEST_SALT, () => now)];
    const allowed = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2]!.allow('slack:U1', 3)));
    expect(allowed.filter(Boolean)).toHaveLength(3);
    expect(await stores[0]!.allow('slack:U2', 3)).toBe(true);
    now += 60_000;
    expect(await stores[1]!.allow('slack:U1', 3)).toBe(true);
    expect(await stores[1]!.allow('slack:U1', 0)).toBe(true);
    // Only a salted hash of the key is stored.
    expect(JSON.stringify(await a.all('SELECT * FROM rate_windows'))).not.toContain('U1');
  });

  it('runs a periodic job once per period, whichever caller comes first', async () => {
    let now = Date.parse('2026-11-28T10:00:00Z');
    const [a, b] = await twoReplicas();
    const stores = [new SharedState(a, TEST_SALT, () => now), new SharedState(b, TEST_SALT, () => now)];
    let runs = 0;
    const job = async () => {
      runs++;
      return 'ran';
    };
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => stores[i % 2]!.runJob('purge', 3_600_000, job)));
    expect(runs).toBe(1);
    expect(results.filter((r) => r === 'ran')).toHaveLength(1);
    now += 59 * 60_000;
    expect(await stores[1]!.runJob('purge', 3_600_000, job)).toBeUndefined();
    now += 2 * 60_000;
    expect(await stores[1]!.runJob('purge', 3_600_000, job)).toBe('ran');
    expect(runs).toBe(2);
  });

  it('lets one of two desk members answer a ticket at the same moment, not both', async () => {
    const [a, b] = await twoReplicas();
    const tickets = [a, b].map((sql) => new TicketStore(sql, new Sealer(TEST_SALT), TEST_SALT));
    const id = await tickets[0]!.create({
      channel: 'slack',
      question: 'Vem bestämmer?',
      context: '',
      botReply: '',
      asker: { platform: 'slack', userId: 'U1', name: 'Anna', address: { user: 'U1' } },
      desk: 'slack:CDESK',
    });
    const desk = (name: string) => ({ platform: 'slack' as const, userId: `U-${name}`, name });
    const results = await Promise.all([
      tickets[0]!.transition(id, 'answered', desk('Bo'), 'Svar ett'),
      tickets[1]!.transition(id, 'answered', desk('Cia'), 'Svar två'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const t = await tickets[1]!.get(id);
    expect(t?.events.map((e) => e.status)).toEqual(['open', 'answered']);
    expect(await tickets[0]!.get(Number.NaN)).toBeUndefined();
  });

  it('keeps console sessions and the audit trail where every replica finds them', async () => {
    const [a, b] = await twoReplicas();
    const id = await new SessionStore(a, LIMITS).create();
    expect(await new SessionStore(b, LIMITS).valid(id)).toBe(true);
    await new SessionStore(b, LIMITS).revoke(id);
    expect(await new SessionStore(a, LIMITS).valid(id)).toBe(false);
    const change = await new ChangeLog(a).record({
      actor: { session: 's', name: 'Anna Andersson', subject: 'sub-1' },
      action: 'add-phrasing',
      file: 'faq.yaml',
      target: 'fvm',
      diff: '+ x',
      before: 'å',
      after: 'åä',
    });
    expect(await new ChangeLog(b).latestFor('fvm')).toMatchObject({
      id: change,
      before: 'å',
      after: 'åä',
      undoneBy: null,
      actorName: 'Anna Andersson',
      actorSubject: 'sub-1',
    });
    expect((await new ChangeLog(b).recent())[0]).toMatchObject({ id: change, undoneBy: null });
  });
});
