/**
 * The audit trail of knowledge edits made from the console: what changed (a line diff), when, from which console
 * person (with organisation sign-in: display name and the provider's subject) and session (a hash, never the
 * cookie), and the whole file before and after, so that undo restores it byte for byte.
 */
import { DAY_MS } from '../limits';
import { displayName } from './names';
import type { Sql } from './sql';

/** Who made a change: with organisation sign-in the person; always the sitting (a hash of the session). */
export interface Actor {
  /** Hash of the console session (or "token" / "lokal"), so that changes from one sitting can be told apart. */
  session: string;
  /** The display name from the provider's ID token. */
  name?: string;
  /** The provider's subject (`sub`): who it was, even if the display name changes. */
  subject?: string;
}

export interface KnowledgeChange {
  id: number;
  ts: number;
  /** Hash of the console session (or "token" / "lokal"), so that changes from one sitting can be told apart. */
  session: string;
  /** The person, with organisation sign-in; null otherwise. */
  actorName: string | null;
  actorSubject: string | null;
  action: string;
  /** File name in the knowledge folder. */
  file: string;
  /** The entry id, or "utanfor:<key>" for a question marked "Ska inte besvaras". */
  target: string;
  diff: string;
  before: string;
  after: string;
  /** The id of the change that undid this one. */
  undoneBy: number | null;
}

export type NewChange = Omit<KnowledgeChange, 'id' | 'ts' | 'undoneBy' | 'session' | 'actorName' | 'actorSubject'> & { actor: Actor };

const WHO = 'session, actor_name AS "actorName", actor_subject AS "actorSubject"';
const COLUMNS = `id, ts, ${WHO}, action, file, target, diff, before, after, undone_by AS "undoneBy"`;

export class ChangeLog {
  constructor(
    private readonly db: Sql,
    private readonly now: () => number = Date.now,
  ) {}

  /** The same trail on another connection (a transaction's), for reads and writes inside it. */
  on(sql: Sql): ChangeLog {
    return new ChangeLog(sql, this.now);
  }

  record(change: NewChange): Promise<number> {
    return this.db.insert(
      'INSERT INTO knowledge_changes (ts, session, actor_name, actor_subject, action, file, target, diff, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        this.now(),
        change.actor.session,
        change.actor.name === undefined ? null : displayName(change.actor.name, 200),
        change.actor.subject ?? null,
        change.action,
        change.file,
        change.target,
        change.diff,
        change.before,
        change.after,
      ],
    );
  }

  async get(id: number): Promise<KnowledgeChange | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    return shown(await this.db.get<KnowledgeChange>(`SELECT ${COLUMNS} FROM knowledge_changes WHERE id = ?`, [id]));
  }

  /** The newest change to `target` that is not itself an undo and has not been undone. */
  async latestFor(target: string): Promise<KnowledgeChange | undefined> {
    return shown(
      await this.db.get<KnowledgeChange>(`SELECT ${COLUMNS} FROM knowledge_changes WHERE target = ? ORDER BY id DESC LIMIT 1`, [target]),
    );
  }

  async markUndone(id: number, by: number): Promise<void> {
    await this.db.run('UPDATE knowledge_changes SET undone_by = ? WHERE id = ?', [by, id]);
  }

  /**
   * Deletes changes older than the retention period (LOG_RETENTION_DAYS, as for the question log): the whole files
   * they keep may hold text that was removed from the knowledge since. Older changes can no longer be undone.
   */
  async purge(retentionDays: number, sql: Sql = this.db): Promise<number> {
    return sql.run('DELETE FROM knowledge_changes WHERE ts < ?', [this.now() - retentionDays * DAY_MS]);
  }

  /** The newest changes, without the file texts. */
  async recent(limit = 50): Promise<Omit<KnowledgeChange, 'before' | 'after'>[]> {
    const rows = await this.db.all<Omit<KnowledgeChange, 'before' | 'after'>>(
      `SELECT id, ts, ${WHO}, action, file, target, diff, undone_by AS "undoneBy" FROM knowledge_changes ORDER BY id DESC LIMIT ?`,
      [limit],
    );
    return rows.map((r) => shown(r));
  }
}

/** A change as shown: a name recorded before names were cleaned (names.ts) is cleaned on the way out. */
function shown<T extends { actorName: string | null } | undefined>(change: T): T {
  return change?.actorName ? { ...change, actorName: displayName(change.actorName, 200) } : change;
}
