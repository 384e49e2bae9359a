/**
 * Conversation contexts on both back ends (the store test matrix): what one replica keeps another reads, keyed by a
 * salted hash of the conversation (never its id), gone after the idle time (on read, on the next write and by the
 * purge), and replaced or forgotten as the conversation goes on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationStore } from '../../src/store/conversations';
import { openStore } from '../../src/store/open';
import { QuestionLog } from '../../src/store/questions';
import type { Sql } from '../../src/store/sql';
import { BACKEND, onPostgres, openTestStore, skipReason, TEST_SALT } from './backends';

const IDLE = 15 * 60_000;
const CONTEXT = { entryId: 'beslut-2021', section: 'laget-iva-anestesi', topic: ['beslutade', 'optionerna', 'iva'] };
const opened: Sql[] = [];
afterEach(async () => {
  for (const sql of opened.splice(0)) await sql.close();
});

async function twoReplicas(clock: { now: number }): Promise<[ConversationStore, ConversationStore, Sql]> {
  const first = await openTestStore();
  opened.push(first.sql);
  const second = onPostgres ? openStore({ databasePath: '', databaseUrl: first.url, logSalt: TEST_SALT }).sql : first.sql;
  if (second !== first.sql) opened.push(second);
  const store = (sql: Sql) => {
    const log = new QuestionLog(sql, { salt: TEST_SALT });
    return new ConversationStore(
      sql,
      (c, id) => log.hashConversation(c, id),
      IDLE,
      () => clock.now,
    );
  };
  return [store(first.sql), store(second), first.sql];
}

describe.skipIf(!!skipReason())(`conversation contexts (${BACKEND})`, () => {
  it('gives the context one replica kept to the other, and only for the same channel and conversation', async () => {
    const clock = { now: 1_000_000 };
    const [a, b, sql] = await twoReplicas(clock);
    await a.set('slack', 'C1/1700000000.0001', CONTEXT);
    expect(await b.get('slack', 'C1/1700000000.0001')).toEqual(CONTEXT);
    expect(await b.get('slack', 'C1/1700000000.0002')).toBeUndefined();
    expect(await b.get('teams', 'C1/1700000000.0001')).toBeUndefined();
    const stored = JSON.stringify(await sql.all('SELECT * FROM conversation_contexts'));
    expect(stored).not.toContain('C1');
    expect(stored).not.toContain('1700000000');
  });

  it('keeps a topic without an entry, after a question the page does not answer on that topic', async () => {
    const clock = { now: 1_000_000 };
    const [a, b] = await twoReplicas(clock);
    await a.set('slack', 'D1', { topic: ['optionerna', 'iva'] });
    expect(await b.get('slack', 'D1')).toEqual({ topic: ['optionerna', 'iva'] });
  });

  it('forgets a context after the idle time, and keeps it as long as the conversation goes on', async () => {
    const clock = { now: 1_000_000 };
    const [a, b, sql] = await twoReplicas(clock);
    await a.set('teams', 'conv-1', CONTEXT);
    clock.now += IDLE - 1;
    expect(await b.get('teams', 'conv-1')).toEqual(CONTEXT);
    await b.set('teams', 'conv-1', { entryId: 'vad-ar-option', topic: ['optionerna'] });
    clock.now += IDLE - 1;
    expect(await a.get('teams', 'conv-1')).toEqual({ entryId: 'vad-ar-option', topic: ['optionerna'] });
    clock.now += 1;
    expect(await a.get('teams', 'conv-1')).toBeUndefined();
    // Read past its time, the row is deleted, not only skipped.
    expect(await sql.all('SELECT * FROM conversation_contexts')).toEqual([]);
  });

  it('deletes expired contexts of other conversations on a write and in the purge, and forgets one on request', async () => {
    const clock = { now: 1_000_000 };
    const [a, , sql] = await twoReplicas(clock);
    await a.set('slack', 'old-1', CONTEXT);
    await a.set('slack', 'old-2', CONTEXT);
    clock.now += IDLE;
    await a.set('slack', 'new', CONTEXT);
    expect(Number(((await sql.get('SELECT COUNT(*) AS n FROM conversation_contexts')) as { n: number }).n)).toBe(1);
    await a.set('slack', 'new', undefined);
    expect(await a.get('slack', 'new')).toBeUndefined();
    await a.set('slack', 'later', CONTEXT);
    clock.now += IDLE;
    expect(await a.purgeExpired()).toBe(1);
  });
});
