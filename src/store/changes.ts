/**
 * The audit trail of knowledge edits made from the console: what changed (a line diff), when, from which console
 * session (a hash, never the cookie), and the whole file before and after, so that undo restores it byte for byte.
 */
import type { Db } from './db';

export interface KnowledgeChange {
  id: number;
  ts: number;
  /** Hash of the console session (or "token" / "lokal"), so that changes from one sitting can be told apart. */
  session: string;
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

export type NewChange = Omit<KnowledgeChange, 'id' | 'ts' | 'undoneBy'>;

const COLUMNS = 'id, ts, session, action, file, target, diff, before, after, undone_by undoneBy';

export class ChangeLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  record(change: NewChange): number {
    const info = this.db
      .prepare('INSERT INTO knowledge_changes (ts, session, action, file, target, diff, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(this.now(), change.session, change.action, change.file, change.target, change.diff, change.before, change.after);
    return Number(info.lastInsertRowid);
  }

  get(id: number): KnowledgeChange | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM knowledge_changes WHERE id = ?`).get(id) as KnowledgeChange | undefined;
  }

  /** The newest change to `target` that is not itself an undo and has not been undone. */
  latestFor(target: string): KnowledgeChange | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM knowledge_changes WHERE target = ? ORDER BY id DESC LIMIT 1`).get(target) as
      | KnowledgeChange
      | undefined;
  }

  markUndone(id: number, by: number): void {
    this.db.prepare('UPDATE knowledge_changes SET undone_by = ? WHERE id = ?').run(by, id);
  }

  /** The newest changes, without the file texts. */
  recent(limit = 50): Omit<KnowledgeChange, 'before' | 'after'>[] {
    return this.db
      .prepare(`SELECT id, ts, session, action, file, target, diff, undone_by undoneBy FROM knowledge_changes ORDER BY id DESC LIMIT ?`)
      .all(limit) as Omit<KnowledgeChange, 'before' | 'after'>[];
  }
}
