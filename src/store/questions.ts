/**
 * The question log: every question from every channel, redacted before it is stored, with a salted hash of the
 * user id (never the raw id), what the bot did, and the feedback given on the answer. Old rows are purged after the
 * retention period.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { redact } from './redact';

export type Channel = 'slack' | 'teams' | 'console';

export interface LoggedQuestion {
  channel: Channel;
  /** The platform's user id; only a salted hash of it is stored. */
  userId?: string;
  question: string;
  answered: boolean;
  kind: string;
  confidence: number;
  topId?: string;
  /** Groups similar questions for review (see groupKey in the service). */
  groupKey: string;
}

export interface ReviewGroup {
  example: string;
  count: number;
  lastTs: number;
  maxConfidence: number;
}

export interface Review {
  days: number;
  unanswered: ReviewGroup[];
  lowConfidence: ReviewGroup[];
  negativeFeedback: { question: string; comment: string; ts: number; channel: string }[];
  mostAsked: ReviewGroup[];
  perDay: { day: string; total: number; answered: number }[];
  totals: { questions: number; answered: number; helpful: number; notHelpful: number };
}

const DAY = 86_400_000;

export class QuestionLog {
  private readonly salt: string;
  // Prepared once: these run for every question and every feedback click.
  private readonly insertQuestion: Statement;
  private readonly questionExists: Statement;
  private readonly insertFeedback: Statement;

  constructor(
    private readonly db: Db,
    options: { salt?: string; now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.salt = options.salt || this.storedSalt();
    this.insertQuestion = db.prepare(
      `INSERT INTO questions (ts, channel, user_hash, question, answered, kind, confidence, top_id, group_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.questionExists = db.prepare('SELECT 1 FROM questions WHERE id = ?');
    this.insertFeedback = db.prepare('INSERT INTO feedback (question_id, ts, helpful, comment) VALUES (?, ?, ?, ?)');
  }

  private readonly now: () => number;

  private storedSalt(): string {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'user_salt'").get() as { value: string } | undefined;
    if (row) return row.value;
    const salt = randomBytes(32).toString('hex');
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('user_salt', ?)").run(salt);
    return salt;
  }

  /** The salted hash stored instead of a user id. */
  hashUser(channel: string, userId: string): string {
    return createHmac('sha256', this.salt).update(`${channel}:${userId}`).digest('hex').slice(0, 32);
  }

  /** Stores one question (redacted) and returns its id, for feedback. */
  log(q: LoggedQuestion): number {
    const info = this.insertQuestion.run(
      this.now(),
      q.channel,
      q.userId ? this.hashUser(q.channel, q.userId) : null,
      redact(q.question),
      q.answered ? 1 : 0,
      q.kind,
      q.confidence,
      q.topId ?? null,
      q.groupKey,
    );
    return Number(info.lastInsertRowid);
  }

  /** Records helpful / not helpful (with an optional comment, redacted) on a logged answer. False if unknown. */
  feedback(questionId: number, helpful: boolean, comment = ''): boolean {
    if (!this.questionExists.get(questionId)) return false;
    this.insertFeedback.run(questionId, this.now(), helpful ? 1 : 0, redact(comment.slice(0, 2000)));
    return true;
  }

  /** Deletes questions (and their feedback) older than the retention period. Returns how many. */
  purge(retentionDays: number): number {
    return this.db.prepare('DELETE FROM questions WHERE ts < ?').run(this.now() - retentionDays * DAY).changes;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) n FROM questions').get() as { n: number }).n;
  }

  /** What communicators review: failures and doubts grouped, negative feedback, most asked, questions per day. */
  review(days = 30, lowConfidence = 0.75): Review {
    const since = this.now() - days * DAY;
    const groups = (where: string, limit: number) =>
      (
        this.db
          .prepare(
            `SELECT MAX(question) example, COUNT(*) count, MAX(ts) lastTs, MAX(confidence) maxConfidence
             FROM questions WHERE ts >= ? AND ${where} GROUP BY group_key ORDER BY count DESC, lastTs DESC LIMIT ${limit}`,
          )
          .all(since) as ReviewGroup[]
      ).map((g) => ({ ...g, maxConfidence: Number(g.maxConfidence.toFixed(3)) }));
    const perDay = this.db
      .prepare(
        `SELECT strftime('%Y-%m-%d', ts / 1000, 'unixepoch') day, COUNT(*) total, SUM(answered) answered
         FROM questions WHERE ts >= ? GROUP BY day ORDER BY day`,
      )
      .all(since) as Review['perDay'];
    const totals = this.db
      .prepare(
        `SELECT COUNT(*) questions, COALESCE(SUM(answered), 0) answered,
           (SELECT COUNT(*) FROM feedback f JOIN questions q ON q.id = f.question_id WHERE q.ts >= ? AND f.helpful = 1) helpful,
           (SELECT COUNT(*) FROM feedback f JOIN questions q ON q.id = f.question_id WHERE q.ts >= ? AND f.helpful = 0) notHelpful
         FROM questions WHERE ts >= ?`,
      )
      .get(since, since, since) as Review['totals'];
    return {
      days,
      unanswered: groups("answered = 0 AND kind IN ('abstain', 'clinical')", 50),
      lowConfidence: groups(`answered = 1 AND confidence < ${Number(lowConfidence)}`, 50),
      negativeFeedback: this.db
        .prepare(
          `SELECT q.question, COALESCE(f.comment, '') comment, f.ts, q.channel FROM feedback f JOIN questions q ON q.id = f.question_id
           WHERE f.helpful = 0 AND f.ts >= ? ORDER BY f.ts DESC LIMIT 100`,
        )
        .all(since) as Review['negativeFeedback'],
      mostAsked: groups("kind NOT IN ('smalltalk', 'empty')", 20),
      perDay,
      totals,
    };
  }

  /** The whole log as CSV (UTF-8 with BOM so Excel reads å/ä/ö), one row per question with its latest feedback. */
  exportCsv(): string {
    const rows = this.db
      .prepare(
        `SELECT q.id, q.ts, q.channel, q.user_hash, q.question, q.answered, q.kind, q.confidence, q.top_id,
           (SELECT helpful FROM feedback f WHERE f.question_id = q.id ORDER BY f.id DESC LIMIT 1) helpful,
           (SELECT comment FROM feedback f WHERE f.question_id = q.id ORDER BY f.id DESC LIMIT 1) comment
         FROM questions q ORDER BY q.id`,
      )
      .all() as Record<string, string | number | null>[];
    const header = ['id', 'tid', 'kanal', 'anvandare_hash', 'fraga', 'besvarad', 'typ', 'sakerhet', 'basta_traff', 'hjalpsam', 'kommentar'];
    const cell = (v: string | number | null | undefined): string => {
      if (v === null || v === undefined) return '';
      let s = String(v);
      if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // no formulas when opened in a spreadsheet
      return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = rows.map((r) =>
      [
        r.id,
        new Date(Number(r.ts)).toISOString(),
        r.channel,
        r.user_hash,
        r.question,
        r.answered ? 'ja' : 'nej',
        r.kind,
        r.confidence,
        r.top_id,
        r.helpful === null ? '' : r.helpful ? 'ja' : 'nej',
        r.comment,
      ]
        .map(cell)
        .join(','),
    );
    return `\ufeff${[header.join(','), ...lines].join('\r\n')}\r\n`;
  }
}
