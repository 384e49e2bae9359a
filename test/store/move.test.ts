/**
 * `npm run migrate` and `faq move-log`: a pilot's SQLite log moved into PostgreSQL keeps its rows, ids, hashes and
 * sealed ticket fields, and new rows continue after the old ids. Run through the built CLI, as operations would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase } from '../../src/store/db';
import { migrate, openStore } from '../../src/store/open';
import { QuestionLog } from '../../src/store/questions';
import { Sealer } from '../../src/store/seal';
import { SqliteSql } from '../../src/store/sql';
import { TicketStore } from '../../src/store/tickets';
import { ROOT } from '../helpers';
import { freshDatabase } from '../pg/databases';
import { onPostgres, skipReason } from './backends';

const faq = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'faktabot-cli-')),
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });

describe('npm run migrate', () => {
  it('brings the configured database to the newest schema and says which, without its password', async (ctx) => {
    if (skipReason()) return ctx.skip();
    const env: Record<string, string> = onPostgres
      ? { DATABASE_URL: (await freshDatabase()).replace('faktabot@', 'faktabot:hemligt@'), LOG_SALT: 's'.repeat(40) }
      : { DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'faktabot-migrate-')), 'f.db') };
    const r = faq(['migrate'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The newest schema is the number of migrations.
    expect(r.stdout).toMatch(
      new RegExp(
        `${onPostgres ? 'postgres://127\\.0\\.0\\.1:\\d+/faktabot_t_\\w+ \\(postgres\\)' : '\\(sqlite\\)'} har schemaversion ${MIGRATIONS.length}\\.`,
      ),
    );
    expect(r.stdout).not.toContain('hemligt');
  });

  it('reports a malformed DATABASE_URL without repeating it', () => {
    const r = faq(['migrate'], { DATABASE_URL: 'mysql://root:hemligt@db/x', LOG_SALT: 's'.repeat(40) });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('DATABASE_URL must be a PostgreSQL URL');
    expect(r.stderr).not.toContain('hemligt');
  });
});

describe.skipIf(!onPostgres || !!skipReason())('faq move-log: a SQLite log into PostgreSQL', () => {
  it('moves every row with its id, hash and sealed fields, and refuses a second move or another salt', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'faktabot-move-')), 'faktabot.db');
    const sqlite = new SqliteSql(openDatabase(file));
    const { salt } = openStore({ databasePath: file });
    const log = new QuestionLog(sqlite, { salt });
    const tickets = new TicketStore(sqlite, new Sealer(salt), salt);
    const ids: number[] = [];
    for (let i = 0; i < 250; i++)
      ids.push(
        await log.log({
          channel: 'slack',
          userId: 'U1',
          question: `Fråga ${i}`,
          answered: true,
          kind: 'answer',
          ...(i === 5 ? { outcome: 'interpreted' as const, rule: 'close-race' } : {}),
          confidence: 0.8,
          groupKey: 'k',
        }),
      );
    await log.feedback(ids[3] as number, false, { channel: 'slack', userId: 'U1' }, 'fel');
    const ticket = await tickets.create({
      channel: 'slack',
      question: 'Vem bestämmer?',
      context: 'IVA Borås',
      botReply: '',
      questionId: ids[3],
      asker: { platform: 'slack', userId: 'U1', name: 'Anna Asker', address: { user: 'U1' } },
      desk: 'slack:CDESK',
    });
    await sqlite.close();

    const url = await freshDatabase();
    const wrong = faq(['move-log', '--from', file], { DATABASE_URL: url, LOG_SALT: 'x'.repeat(40) });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('LOG_SALT är inte det salt');

    const r = faq(['move-log', '--from', file], { DATABASE_URL: url, LOG_SALT: salt });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('questions: 250 rader');

    const pg = openStore({ databasePath: '', databaseUrl: url, logSalt: salt }).sql;
    try {
      await migrate(pg);
      const moved = new QuestionLog(pg, { salt });
      expect(await moved.count()).toBe(250);
      expect(await pg.get('SELECT outcome, rule FROM questions WHERE id = ?', [ids[5] as number])).toEqual({
        outcome: 'interpreted',
        rule: 'close-race',
      });
      // Same hashes: the asker may still vote on an answer from before the move.
      expect(await moved.feedback(ids[7] as number, true, { channel: 'slack', userId: 'U1' })).toBe('saved');
      expect((await moved.review(3650)).totals).toMatchObject({ questions: 250, helpful: 1, notHelpful: 1 });
      const t = await new TicketStore(pg, new Sealer(salt), salt).get(ticket);
      expect(t).toMatchObject({ question: 'Vem bestämmer?', questionId: ids[3], asker: { name: 'Anna Asker' } });
      expect(t?.events.map((e) => e.by)).toEqual(['Anna Asker']);
      // New rows continue after the moved ids.
      const next = await moved.log({ channel: 'teams', question: 'ny', answered: false, kind: 'abstain', confidence: 0, groupKey: 'ny' });
      expect(next).toBeGreaterThan(Math.max(...ids));
    } finally {
      await pg.close();
    }
    const again = faq(['move-log', '--from', file], { DATABASE_URL: url, LOG_SALT: salt });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('flytta till en tom databas');
  });
});
