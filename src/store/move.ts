/**
 * Moves an existing SQLite log (a pilot's `data/faktabot.db`) into PostgreSQL when a region goes to replicas:
 * `faq move-log --from data/faktabot.db` with DATABASE_URL and LOG_SALT set. Rows keep their ids (feedback, clicks
 * and tickets refer to them) and PostgreSQL's id sequences continue after them. The salt must be the one the file
 * was written with: user hashes must stay comparable and sealed ticket fields readable, so a different LOG_SALT is
 * refused before anything is copied. The target must be empty, so a second run cannot mix two logs.
 */
import { existsSync } from 'node:fs';
import { MoveError } from '../errors';
import { openDatabase } from './db';
import { resolveSalt } from './salt';
import type { Param, Sql } from './sql';

export { MoveError };

/** Tables in the order their foreign keys need; the replicas' short-lived state (event ids, rate windows) stays. */
export const MOVED_TABLES = [
  'questions',
  'feedback',
  'suggestion_clicks',
  'review_handled',
  'knowledge_changes',
  'console_sessions',
  'tickets',
  'ticket_events',
  'faq_drafts',
  'settings',
] as const;

/** Tables whose `id` PostgreSQL numbers itself (an identity column). */
const IDENTITY = new Set(['questions', 'feedback', 'suggestion_clicks', 'knowledge_changes', 'tickets', 'ticket_events', 'faq_drafts']);

export async function moveSqliteToPostgres(
  from: string,
  target: Sql,
  salt: string,
  progress: (table: string, rows: number) => void = () => {},
): Promise<Record<string, number>> {
  if (target.dialect !== 'postgres') throw new MoveError('DATABASE_URL ska peka på PostgreSQL-databasen som loggen ska flyttas till');
  if (!existsSync(from)) throw new MoveError(`${from} finns inte`);
  const db = openDatabase(from);
  try {
    // The file's own salt: LOG_SALT if that is what it was written with, else its key file.
    const fileSalt = resolveSalt(db, { databasePath: from });
    if (fileSalt !== salt)
      throw new MoveError(
        `LOG_SALT är inte det salt som ${from} skrevs med (${from}.salt): sätt LOG_SALT till den filens innehåll på alla instanser, annars går hashar och förseglade ärenden inte att läsa`,
      );
    for (const table of ['questions', 'tickets', 'knowledge_changes']) {
      const n = (await target.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM ${table}`))?.n ?? 0;
      if (n > 0) throw new MoveError(`PostgreSQL-databasen har redan ${n} rader i ${table}: flytta till en tom databas`);
    }
    const counts: Record<string, number> = {};
    await target.tx(async (tx) => {
      for (const table of MOVED_TABLES) {
        const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, Param>[];
        counts[table] = rows.length;
        for (let i = 0; i < rows.length; i += 200) {
          const batch = rows.slice(i, i + 200);
          const columns = Object.keys(batch[0] as object);
          const values = batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
          await tx.run(
            `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`,
            batch.flatMap((r) => columns.map((c) => r[c] ?? null)),
          );
        }
        if (IDENTITY.has(table))
          await tx.get(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT MAX(id) FROM ${table}), 0) + 1, false)`);
        progress(table, rows.length);
      }
    });
    return counts;
  } finally {
    db.close();
  }
}
