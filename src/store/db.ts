/**
 * The embedded database: SQLite through better-sqlite3 (version 12; 13 needs Node 22), WAL mode, and schema
 * migrations in code, applied in order on open and recorded in PRAGMA user_version.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database = require('better-sqlite3');

export type Db = Database.Database;

/** Each entry moves the schema one version up. Never edit a released migration: add a new one. */
export const MIGRATIONS: readonly string[] = [
  // 1: the question log and feedback.
  `CREATE TABLE questions (
     id INTEGER PRIMARY KEY,
     ts INTEGER NOT NULL,
     channel TEXT NOT NULL,
     user_hash TEXT,
     question TEXT NOT NULL,
     answered INTEGER NOT NULL,
     confidence REAL NOT NULL,
     top_id TEXT
   );
   CREATE INDEX questions_ts ON questions(ts);
   CREATE TABLE feedback (
     id INTEGER PRIMARY KEY,
     question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
     ts INTEGER NOT NULL,
     helpful INTEGER NOT NULL,
     comment TEXT
   );
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 2: what kind of reply it was, and a key that groups similar questions for review.
  `ALTER TABLE questions ADD COLUMN kind TEXT NOT NULL DEFAULT 'answer';
   ALTER TABLE questions ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
   UPDATE questions SET kind = 'abstain' WHERE answered = 0;
   CREATE INDEX questions_group ON questions(group_key);
   CREATE INDEX feedback_question ON feedback(question_id);`,
  // 3: who voted (one vote per user per answer) and in which conversation a question was asked (who may vote on
  // it), both as salted hashes; console sessions kept server-side so that logout and expiry revoke them.
  `ALTER TABLE questions ADD COLUMN conversation_hash TEXT;
   ALTER TABLE feedback ADD COLUMN user_hash TEXT;
   CREATE UNIQUE INDEX feedback_vote ON feedback(question_id, user_hash);
   CREATE TABLE console_sessions (id_hash TEXT PRIMARY KEY, created INTEGER NOT NULL, expires INTEGER NOT NULL);`,
  // 4: the learning loop. Which entry staff chose from "Menade du…?" or related questions after a logged question
  // (and the question row that click asked, which carries the feedback given after it); review groups a
  // communicator handled or dismissed; and the audit trail of knowledge edits made from the console (whole file
  // before and after, so that undo restores it byte for byte).
  `CREATE TABLE suggestion_clicks (
     id INTEGER PRIMARY KEY,
     ts INTEGER NOT NULL,
     from_question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
     entry_id TEXT NOT NULL,
     question_id INTEGER REFERENCES questions(id) ON DELETE SET NULL,
     kind TEXT NOT NULL
   );
   CREATE INDEX suggestion_clicks_from ON suggestion_clicks(from_question_id);
   CREATE TABLE review_handled (group_key TEXT PRIMARY KEY, ts INTEGER NOT NULL, action TEXT NOT NULL, entry_id TEXT);
   CREATE TABLE knowledge_changes (
     id INTEGER PRIMARY KEY,
     ts INTEGER NOT NULL,
     session TEXT NOT NULL,
     action TEXT NOT NULL,
     file TEXT NOT NULL,
     target TEXT NOT NULL,
     diff TEXT NOT NULL,
     before TEXT NOT NULL,
     after TEXT NOT NULL,
     undone_by INTEGER
   );
   CREATE INDEX knowledge_changes_target ON knowledge_changes(target, id);`,
  // 5: support desk tickets ("Fråga supporten"). The question is stored redacted (or as the clinical placeholder,
  // though clinical questions are never forwarded); who asked and who handled it only sealed (seal.ts) and hashed.
  // Drafts are desk answers a communicator may turn into an entry: never live by themselves.
  `CREATE TABLE tickets (
     id INTEGER PRIMARY KEY,
     ts INTEGER NOT NULL,
     channel TEXT NOT NULL,
     question TEXT NOT NULL,
     context TEXT NOT NULL DEFAULT '',
     bot_reply TEXT NOT NULL DEFAULT '',
     question_id INTEGER REFERENCES questions(id) ON DELETE SET NULL,
     asker_hash TEXT NOT NULL,
     asker_sealed TEXT NOT NULL,
     desk TEXT NOT NULL,
     desk_ref TEXT,
     delivered INTEGER NOT NULL DEFAULT 0,
     status TEXT NOT NULL,
     answer TEXT,
     answer_delivered INTEGER NOT NULL DEFAULT 0,
     first_response_at INTEGER,
     answered_at INTEGER,
     closed_at INTEGER
   );
   CREATE INDEX tickets_ts ON tickets(ts);
   CREATE TABLE ticket_events (
     id INTEGER PRIMARY KEY,
     ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
     ts INTEGER NOT NULL,
     status TEXT NOT NULL,
     actor_hash TEXT,
     actor_sealed TEXT
   );
   CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id);
   CREATE TABLE faq_drafts (
     id INTEGER PRIMARY KEY,
     ts INTEGER NOT NULL,
     ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
     question TEXT NOT NULL,
     answer TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'open'
   );
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 6: what replicas share besides the log (issue #14). Slack event ids already handled (a retry that reaches another
  // replica is answered once: the primary key decides, not a read), per-minute question counts per user (a salted
  // hash of channel and user), and when each periodic job (the purge) last ran, so it runs once per period.
  `CREATE TABLE slack_events (event_id TEXT PRIMARY KEY, ts INTEGER NOT NULL);
   CREATE INDEX slack_events_ts ON slack_events(ts);
   CREATE TABLE rate_windows (key_hash TEXT NOT NULL, window_start INTEGER NOT NULL, hits INTEGER NOT NULL,
     PRIMARY KEY (key_hash, window_start));
   CREATE TABLE jobs (name TEXT PRIMARY KEY, last_run INTEGER NOT NULL);`,
  // 7: the desk's answer as it was sent to the asker, sealed: the ticket card shows the desk what was sent, while the
  // plain column keeps the redacted answer (for the console and FAQ drafts).
  `ALTER TABLE tickets ADD COLUMN answer_sealed TEXT;`,
  // 8: organisation sign-in. A console session knows who it is (the provider's subject, display name and console
  // roles) and when it was last used (the idle timeout); a sign-in under way keeps its state, nonce and PKCE verifier
  // until the provider sends the browser back (any replica may get the callback); the audit trail names the person.
  `ALTER TABLE console_sessions ADD COLUMN seen INTEGER;
   ALTER TABLE console_sessions ADD COLUMN subject TEXT;
   ALTER TABLE console_sessions ADD COLUMN name TEXT;
   ALTER TABLE console_sessions ADD COLUMN roles TEXT;
   CREATE TABLE console_logins (id_hash TEXT PRIMARY KEY, state TEXT NOT NULL, nonce TEXT NOT NULL, verifier TEXT NOT NULL,
     expires INTEGER NOT NULL);
   ALTER TABLE knowledge_changes ADD COLUMN actor_name TEXT;
   ALTER TABLE knowledge_changes ADD COLUMN actor_subject TEXT;`,
  // 9: signed Slack requests already handled, by signature and timestamp, so that a replay of a captured request
  // (a form submission, a button, a slash command) within its five minutes of validity has no effect on any replica.
  `CREATE TABLE slack_requests (request_key TEXT PRIMARY KEY, ts INTEGER NOT NULL);
   CREATE INDEX slack_requests_ts ON slack_requests(ts);`,
  // 10: the outcome of each question (answered, interpreted: answered after saying which question it took the message
  // to ask, or declined) and the engine's rule that settled it. Rows from before interpretations were plain answers
  // or declines.
  `ALTER TABLE questions ADD COLUMN outcome TEXT NOT NULL DEFAULT 'declined';
   ALTER TABLE questions ADD COLUMN rule TEXT;
   UPDATE questions SET outcome = 'answered' WHERE answered = 1;
   CREATE INDEX questions_outcome ON questions(outcome, ts);`,
  // 11: what each conversation is about, so that a follow-up ("och när då?") is read with it on any replica: the
  // entry last answered and the topic words of its question (words of the knowledge only, never the message), keyed
  // by a salted hash of channel and conversation, until it expires after a silence.
  `CREATE TABLE conversation_contexts (conversation_hash TEXT PRIMARY KEY, entry_id TEXT, section TEXT, topic TEXT NOT NULL,
     expires INTEGER NOT NULL);
   CREATE INDEX conversation_contexts_expires ON conversation_contexts(expires);`,
  // 12: which logged question a posted reply answered, by a salted hash of the chat, conversation and reply id: Teams'
  // own feedback names the reply it was given on, not the question. Purged with the question.
  `CREATE TABLE replies (
     key_hash TEXT PRIMARY KEY,
     question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
     ts INTEGER NOT NULL
   );
   CREATE INDEX replies_question ON replies(question_id);`,
  // 13: FAQ drafts from an imported page besides the desk's: the page's title and the section's anchor the draft was
  // made from, and the import (a knowledge change) that made it, so that undoing the import takes its drafts away.
  `ALTER TABLE faq_drafts ADD COLUMN source_title TEXT;
   ALTER TABLE faq_drafts ADD COLUMN source_anchor TEXT;
   ALTER TABLE faq_drafts ADD COLUMN source_change INTEGER;`,
];

/**
 * The same migrations for PostgreSQL: SQLite's INTEGER holds 64 bits and its INTEGER PRIMARY KEY numbers rows by
 * itself, so there they become BIGINT and an identity column; REAL is a double. Everything else in the migrations is
 * SQL both accept (a test runs every migration on both).
 */
export function forPostgres(migration: string): string {
  return migration
    .replace(/\bINTEGER PRIMARY KEY\b/g, 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
    .replace(/\bINTEGER\b/g, 'BIGINT')
    .replace(/\bREAL\b/g, 'DOUBLE PRECISION');
}

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 2000');
  // Deleted rows are overwritten with zeros, so that a purge means the bytes are gone from the file, not only
  // unlinked (see QuestionLog.purge for the WAL).
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

export function migrate(db: Db, migrations: readonly string[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
