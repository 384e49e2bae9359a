/**
 * The question log: every question from every channel, redacted before it is stored, with a salted hash of the
 * user id (never the raw id), what the bot did, and the feedback given on the answer. Old rows are purged after the
 * retention period.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { DAY_MS, MAX_COMMENT_LENGTH, MINUTE_MS } from '../limits';
import { cleanText, safeText, safeTextCut } from '../text/clean';
import type { Sql } from './sql';

export type Channel = 'slack' | 'teams' | 'console';

/** What the bot did with a question: answered, answered as it interpreted the question, or declined. */
export type QuestionOutcome = 'answered' | 'interpreted' | 'declined';

export interface LoggedQuestion {
  channel: Channel;
  /** The platform's user id; only a salted hash of it is stored. */
  userId?: string;
  /** The conversation (Slack channel, Teams conversation) it was asked in; only a salted hash of it is stored. */
  conversationId?: string;
  question: string;
  answered: boolean;
  /** Plain answer or decline by `answered` when not given. */
  outcome?: QuestionOutcome;
  /** The engine's rule that settled the outcome. */
  rule?: string;
  kind: string;
  confidence: number;
  topId?: string;
  /** Groups similar questions for review (see groupKey in the service). */
  groupKey: string;
  /** When it was asked, if not now (a write replayed after the database was away). */
  ts?: number;
}

export interface ReviewGroup {
  /** The key that groups similar questions (the engine's content key); actions on a group name it. */
  groupKey: string;
  example: string;
  count: number;
  lastTs: number;
  maxConfidence: number;
}

/** An entry staff chose ("Menade du…?" or a related question) after a question of a group, and the votes after. */
export interface ChosenEntry {
  entryId: string;
  count: number;
  helpful: number;
  notHelpful: number;
}

export interface HandledGroup {
  action: string;
  entryId: string | null;
  ts: number;
}

/**
 * Interpreted answers staff did not take: 👎 on the answer, or a click on another of the "Menade du något annat?"
 * questions under it. Grouped like the other review lists.
 */
export interface InterpretedGroup extends ReviewGroup {
  /** The entries (or sections) the bot took the questions for, most often first. */
  interpretedAs: string[];
  /** 👎 given on these answers. */
  notHelpful: number;
  /** The entries staff clicked instead, most often first. */
  choseInstead: { entryId: string; count: number }[];
}

export interface Review {
  days: number;
  unanswered: ReviewGroup[];
  lowConfidence: ReviewGroup[];
  /** 👎 on answers, grouped like the others; comments of the group, newest first. */
  notHelpful: (ReviewGroup & { comments: string[] })[];
  /** Interpreted answers that got 👎 or a click on another suggestion. */
  interpreted: InterpretedGroup[];
  negativeFeedback: { question: string; comment: string; ts: number; channel: string }[];
  mostAsked: ReviewGroup[];
  perDay: { day: string; total: number; answered: number }[];
  totals: { questions: number; answered: number; helpful: number; notHelpful: number };
}

/** Who gives feedback: only the asker, or someone in the conversation the question was asked in, may vote. */
export interface Voter {
  channel: Channel;
  userId: string;
  conversationId?: string;
}

export type FeedbackResult = 'saved' | 'unknown' | 'forbidden';

/** How a user got from one answer to an entry: a "Menade du…?" suggestion or a related question. */
export type ClickKind = 'suggestion' | 'related';

/** The CSV export's two forms: RFC 4180 (comma, decimal point) and Swedish Excel (semicolon, decimal comma, BOM). */
export type CsvFormat = 'plain' | 'excel';

/** How long a handled signed Slack request is remembered: its timestamp is valid 5 minutes either way, plus a margin. */
const SIGNED_REQUEST_KEPT_MS = 15 * MINUTE_MS;

/** The outcome as the CSV export says it, for the communicators who open it. */
const OUTCOME_CSV: Record<string, string> = { answered: 'svar', interpreted: 'tolkat svar', declined: 'inget svar' };

/**
 * Staff's questions, as a condition on `questions` (or on its alias): the console's *Testa en fråga* is a
 * communicator checking an answer, not staff asking, so its questions (channel "console", redacted and purged like
 * any) stay out of the review, the most asked, the figures and the CSV.
 */
const STAFF = (q = '') => `${q}channel <> 'console'`;

/** What the log holds instead of a feedback comment that describes a patient. */
export const PATIENT_COMMENT = '[kommentaren beskrev en patient – texten sparas inte]';

export class QuestionLog {
  private readonly salt: string;

  /**
   * `salt` comes from resolveSalt (LOG_SALT or the key file beside the database); without one a random salt is
   * used for this process only.
   */
  constructor(
    private readonly db: Sql,
    options: { salt?: string; now?: () => number; describesPatient?: (text: string) => string | undefined } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.describesPatient = options.describesPatient ?? (() => undefined);
    this.salt = options.salt || randomBytes(32).toString('hex');
  }

  private readonly now: () => number;
  /** The guard's patient rule (guard.ts): a comment that describes a patient is not stored, only that there was one. */
  private readonly describesPatient: (text: string) => string | undefined;

  /** The salted hash stored instead of a user id. */
  hashUser(channel: string, userId: string): string {
    return createHmac('sha256', this.salt).update(`${channel}:${userId}`).digest('hex').slice(0, 32);
  }

  /** The salted hash stored instead of a conversation id (also the key of its context, conversations.ts). */
  hashConversation(channel: string, conversationId: string): string {
    return this.hashUser(channel, `conversation:${conversationId}`);
  }

  /** Stores one question (redacted; callers pass redacted text, this redacts again) and returns its id, for feedback. */
  log(q: LoggedQuestion): Promise<number> {
    return this.db.insert(
      `INSERT INTO questions (ts, channel, user_hash, conversation_hash, question, answered, outcome, rule, kind, confidence, top_id,
         group_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.now(),
        q.channel,
        q.userId ? this.hashUser(q.channel, q.userId) : null,
        q.conversationId ? this.hashConversation(q.channel, q.conversationId) : null,
        safeText(q.question),
        q.answered ? 1 : 0,
        q.outcome ?? (q.answered ? 'answered' : 'declined'),
        q.rule?.slice(0, 100) ?? null,
        q.kind,
        q.confidence,
        q.topId ?? null,
        q.groupKey,
      ],
    );
  }

  /**
   * Records helpful / not helpful (with an optional comment, cleaned, redacted, then cut) on a logged answer. Only
   * the asker, or someone in the same conversation, may vote; a second vote by the same user replaces the first. A
   * comment that describes a patient is stored as a placeholder; one with a NUL is refused (TextRefused).
   */
  async feedback(questionId: number, helpful: boolean, voter: Voter, comment = ''): Promise<FeedbackResult> {
    let stored = safeTextCut(comment, MAX_COMMENT_LENGTH, 'Kommentaren');
    // The guard reads the comment as written (cleaned, not redacted), as it reads a question: redaction turns "Lind,
    // Anna, 72 år" into "Lind, [namn], 72 år", and a name it takes is a patient detail the guard no longer sees.
    if (stored && this.describesPatient(cleanText(comment, 'Kommentaren'))) stored = PATIENT_COMMENT;
    const may = await this.mayAct(questionId, voter);
    if (may !== 'saved') return may;
    // One vote per user per answer: a second vote replaces the first.
    await this.db.run(
      `INSERT INTO feedback (question_id, ts, helpful, comment, user_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (question_id, user_hash) DO UPDATE SET ts = excluded.ts, helpful = excluded.helpful, comment = excluded.comment`,
      [questionId, this.now(), helpful ? 1 : 0, stored, this.hashUser(voter.channel, voter.userId)],
    );
    return 'saved';
  }

  /**
   * Remembers that reply `replyId` in a conversation answered logged question `questionId`, and that it is the
   * conversation's latest such reply. Only salted hashes of the ids are stored.
   */
  async rememberReply(channel: string, conversationId: string, replyId: string | undefined, questionId: number): Promise<void> {
    const keys = [...(replyId ? [this.replyKey(channel, conversationId, replyId)] : []), this.replyKey(channel, conversationId)];
    for (const key of keys)
      await this.db.run(
        `INSERT INTO replies (key_hash, question_id, ts) VALUES (?, ?, ?)
         ON CONFLICT (key_hash) DO UPDATE SET question_id = excluded.question_id, ts = excluded.ts`,
        [key, questionId, this.now()],
      );
  }

  /** The logged question reply `replyId` answered; without a reply id, the conversation's latest remembered reply's. */
  async repliedTo(channel: string, conversationId: string, replyId?: string): Promise<number | undefined> {
    const row = await this.db.get<{ question_id: number | string }>('SELECT question_id FROM replies WHERE key_hash = ?', [
      this.replyKey(channel, conversationId, replyId),
    ]);
    return row ? Number(row.question_id) : undefined;
  }

  private replyKey(channel: string, conversationId: string, replyId?: string): string {
    return this.hashUser(channel, replyId ? `reply:${conversationId}:${replyId}` : `latest-reply:${conversationId}`);
  }

  /** Whether `voter` asked question `questionId` or is in the conversation it was asked in. */
  private async mayAct(questionId: number, voter: Voter): Promise<FeedbackResult> {
    if (!Number.isSafeInteger(questionId)) return 'unknown';
    const owner = await this.db.get<{ channel: string; user_hash: string | null; conversation_hash: string | null }>(
      'SELECT channel, user_hash, conversation_hash FROM questions WHERE id = ?',
      [questionId],
    );
    if (!owner) return 'unknown';
    const sameUser = owner.channel === voter.channel && owner.user_hash === this.hashUser(voter.channel, voter.userId);
    const sameConversation =
      owner.channel === voter.channel &&
      !!owner.conversation_hash &&
      !!voter.conversationId &&
      owner.conversation_hash === this.hashConversation(voter.channel, voter.conversationId);
    return sameUser || sameConversation ? 'saved' : 'forbidden';
  }

  /** What kind of reply a logged question got ("answer", "abstain", "clinical" …), or undefined if it is gone. */
  async kindOf(questionId: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(questionId)) return undefined;
    return (await this.db.get<{ kind: string }>('SELECT kind FROM questions WHERE id = ?', [questionId]))?.kind;
  }

  /** The stored (redacted) text of a question, for whoever may act on it (the asker, or the same conversation). */
  async questionIfAllowed(questionId: number, voter: Voter): Promise<string | undefined> {
    if ((await this.mayAct(questionId, voter)) !== 'saved') return undefined;
    return (await this.db.get<{ question: string }>('SELECT question FROM questions WHERE id = ?', [questionId]))?.question;
  }

  /**
   * Records that staff chose entry `entryId` from the suggestions or related questions of logged question
   * `fromQuestionId`; `questionId` is the logged question that click asked (its feedback counts for the pair).
   * Ids only: no text. Same rule as feedback: only the asker or someone in the conversation.
   */
  async click(
    fromQuestionId: number,
    entryId: string,
    questionId: number | undefined,
    kind: ClickKind,
    voter: Voter,
  ): Promise<FeedbackResult> {
    const may = await this.mayAct(fromQuestionId, voter);
    if (may !== 'saved') return may;
    await this.db.run('INSERT INTO suggestion_clicks (ts, from_question_id, entry_id, question_id, kind) VALUES (?, ?, ?, ?, ?)', [
      this.now(),
      fromQuestionId,
      entryId.slice(0, 200),
      questionId ?? null,
      kind,
    ]);
    return 'saved';
  }

  /** Per group key, the entries staff chose after its questions in the period, most chosen first. */
  async chosenAfter(days: number): Promise<Map<string, ChosenEntry[]>> {
    const rows = await this.db.all<ChosenEntry & { groupKey: string }>(
      `SELECT q.group_key AS "groupKey", c.entry_id AS "entryId", COUNT(*) AS "count",
         COALESCE(SUM(CASE WHEN f.helpful = 1 THEN 1 ELSE 0 END), 0) AS "helpful",
         COALESCE(SUM(CASE WHEN f.helpful = 0 THEN 1 ELSE 0 END), 0) AS "notHelpful"
       FROM suggestion_clicks c JOIN questions q ON q.id = c.from_question_id
       LEFT JOIN feedback f ON f.question_id = c.question_id
       WHERE q.ts >= ? AND ${STAFF('q.')} GROUP BY q.group_key, c.entry_id ORDER BY "count" DESC, c.entry_id`,
      [this.now() - days * DAY_MS],
    );
    const out = new Map<string, ChosenEntry[]>();
    for (const { groupKey, ...chosen } of rows) out.set(groupKey, [...(out.get(groupKey) ?? []), chosen]);
    return out;
  }

  /** Marks a review group handled ("phrasing", "new-entry", "edit", "out-of-scope") or dismissed ("dismissed"). */
  /**
   * Only a group the question log holds can be marked: a key is made from logged (redacted) questions, and any other
   * text a client sends is not stored. Returns false for a key the log does not hold.
   */
  async markHandled(groupKey: string, action: string, entryId?: string): Promise<boolean> {
    const n = await this.db.run(
      `INSERT INTO review_handled (group_key, ts, action, entry_id)
       SELECT CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT) WHERE EXISTS (SELECT 1 FROM questions WHERE group_key = ?)
       ON CONFLICT (group_key) DO UPDATE SET ts = excluded.ts, action = excluded.action, entry_id = excluded.entry_id`,
      [groupKey, this.now(), action, entryId ?? null, groupKey],
    );
    return n > 0;
  }

  /** Takes a handled mark back (after undo), so the group shows as open again. */
  async unmarkHandled(groupKey: string): Promise<void> {
    await this.db.run('DELETE FROM review_handled WHERE group_key = ?', [groupKey]);
  }

  async handled(): Promise<Map<string, HandledGroup>> {
    const rows = await this.db.all<HandledGroup & { groupKey: string }>(
      'SELECT group_key AS "groupKey", action, entry_id AS "entryId", ts FROM review_handled',
    );
    return new Map(rows.map(({ groupKey, ...h }) => [groupKey, h]));
  }

  /**
   * Deletes questions (and their feedback) older than the retention period, expired console sessions and sign-ins, and the
   * replicas' short-lived shared state (Slack event ids after a day, signed Slack requests after 15 minutes, rate
   * windows after two minutes). Returns how
   * many questions. On SQLite, secure_delete zeroes the freed bytes in the database file; the checkpoint then
   * empties the WAL, which still holds the pages as they were before the delete. On PostgreSQL, autovacuum reuses
   * the space (see docs/security.md on retention).
   */
  async purge(retentionDays: number, sql: Sql = this.db): Promise<number> {
    const before = this.now() - retentionDays * DAY_MS;
    const n = await sql.run('DELETE FROM questions WHERE ts < ?', [before]);
    await sql.run('DELETE FROM console_sessions WHERE expires < ?', [this.now()]);
    await sql.run('DELETE FROM console_logins WHERE expires < ?', [this.now()]);
    // Group keys are made from question words: they go with the questions.
    await sql.run('DELETE FROM review_handled WHERE ts < ?', [before]);
    await sql.run('DELETE FROM slack_events WHERE ts < ?', [this.now() - DAY_MS]);
    // A signature is accepted for five minutes either side of its timestamp: after that a replay fails the check anyway.
    await sql.run('DELETE FROM slack_requests WHERE ts < ?', [this.now() - SIGNED_REQUEST_KEPT_MS]);
    await sql.run('DELETE FROM rate_windows WHERE window_start < ?', [this.now() - 2 * MINUTE_MS]);
    return n;
  }

  /** FAQ entries answered most often: ids and counts only, never logged text (safe to show to any user). */
  mostAnswered(days = 30, limit = 5): Promise<{ id: string; count: number }[]> {
    return this.db.all(
      `SELECT top_id AS "id", COUNT(*) AS "count" FROM questions WHERE ts >= ? AND ${STAFF()} AND answered = 1 AND top_id IS NOT NULL
       GROUP BY top_id ORDER BY "count" DESC, MAX(ts) DESC LIMIT ?`,
      [this.now() - days * DAY_MS, limit],
    );
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM questions'))?.n ?? 0;
  }

  /** What communicators review of staff's questions: failures and doubts grouped, negative feedback, most asked, per day. */
  async review(days = 30, lowConfidence = 0.75): Promise<Review> {
    const since = this.now() - days * DAY_MS;
    const groups = async (where: string, limit: number) =>
      (
        await this.db.all<ReviewGroup>(
          `SELECT group_key AS "groupKey", MAX(question) AS "example", COUNT(*) AS "count", MAX(ts) AS "lastTs",
             MAX(confidence) AS "maxConfidence"
           FROM questions WHERE ts >= ? AND ${STAFF()} AND ${where} GROUP BY group_key ORDER BY "count" DESC, "lastTs" DESC, group_key LIMIT ${limit}`,
          [since],
        )
      ).map((g) => ({ ...g, maxConfidence: Number(g.maxConfidence.toFixed(3)) }));
    // Days (UTC) as whole numbers since 1970: integer division in both back ends.
    const counted = new Map(
      (
        await this.db.all<{ dayNumber: number; total: number; answered: number }>(
          `SELECT ts / ${DAY_MS} AS "dayNumber", COUNT(*) AS "total", SUM(answered) AS "answered"
           FROM questions WHERE ts >= ? AND ${STAFF()} GROUP BY ts / ${DAY_MS}`,
          [since],
        )
      ).map(({ dayNumber, total, answered }) => {
        const day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
        return [day, { day, total, answered }] as const;
      }),
    );
    // Every day of the period, days without questions as zero, so the chart's time axis is true.
    const perDay: Review['perDay'] = [];
    for (let t = since + DAY_MS; t <= this.now() + 1; t += DAY_MS) {
      const day = new Date(t).toISOString().slice(0, 10);
      perDay.push(counted.get(day) ?? { day, total: 0, answered: 0 });
    }
    const today = new Date(this.now()).toISOString().slice(0, 10);
    if (perDay.at(-1)?.day !== today) perDay.push(counted.get(today) ?? { day: today, total: 0, answered: 0 });
    const totals = (await this.db.get<Review['totals']>(
      `SELECT COUNT(*) AS "questions", COALESCE(SUM(answered), 0) AS "answered",
         (SELECT COUNT(*) FROM feedback f JOIN questions q ON q.id = f.question_id
           WHERE q.ts >= ? AND ${STAFF('q.')} AND f.helpful = 1) AS "helpful",
         (SELECT COUNT(*) FROM feedback f JOIN questions q ON q.id = f.question_id
           WHERE q.ts >= ? AND ${STAFF('q.')} AND f.helpful = 0) AS "notHelpful"
       FROM questions WHERE ts >= ? AND ${STAFF()}`,
      [since, since, since],
    )) as Review['totals'];
    return {
      days,
      unanswered: await groups("answered = 0 AND kind IN ('abstain', 'clinical')", 50),
      lowConfidence: await groups(`answered = 1 AND confidence < ${Number(lowConfidence)}`, 50),
      notHelpful: await this.notHelpfulGroups(since),
      interpreted: await this.interpretedGroups(since),
      negativeFeedback: await this.db.all<Review['negativeFeedback'][number]>(
        `SELECT q.question, COALESCE(f.comment, '') AS "comment", f.ts, q.channel FROM feedback f JOIN questions q ON q.id = f.question_id
         WHERE f.helpful = 0 AND f.ts >= ? AND ${STAFF('q.')} ORDER BY f.ts DESC, f.id DESC LIMIT 100`,
        [since],
      ),
      // Clinical questions are stored as a placeholder only: a count of placeholders is not a question staff ask.
      mostAsked: await groups("kind NOT IN ('smalltalk', 'empty', 'clinical', 'too_long', 'rate_limited')", 20),
      perDay,
      totals,
    };
  }

  private async notHelpfulGroups(since: number): Promise<Review['notHelpful']> {
    const rows = await this.db.all<{ groupKey: string; question: string; ts: number; confidence: number; comment: string }>(
      `SELECT q.group_key AS "groupKey", q.question, q.ts, q.confidence, COALESCE(f.comment, '') AS "comment"
       FROM feedback f JOIN questions q ON q.id = f.question_id
       WHERE f.helpful = 0 AND f.ts >= ? AND ${STAFF('q.')} AND q.kind != 'clinical' ORDER BY f.ts DESC, f.id DESC LIMIT 500`,
      [since],
    );
    const groups = new Map<string, Review['notHelpful'][number]>();
    for (const r of rows) {
      const g = groups.get(r.groupKey) ?? { ...newGroup(r), comments: [] };
      count(g, r);
      if (r.comment && g.comments.length < 5) g.comments.push(r.comment);
      groups.set(r.groupKey, g);
    }
    return [...groups.values()].sort((a, b) => b.count - a.count || b.lastTs - a.lastTs).slice(0, 50);
  }

  private async interpretedGroups(since: number): Promise<InterpretedGroup[]> {
    // Clicks under an interpretation are on its other candidates: any entry but the one it answered from.
    const rows = await this.db.all<{
      id: number;
      groupKey: string;
      question: string;
      ts: number;
      confidence: number;
      topId: string | null;
      notHelpful: number;
    }>(
      `SELECT q.id, q.group_key AS "groupKey", q.question, q.ts, q.confidence, q.top_id AS "topId",
         (SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.helpful = 0) AS "notHelpful"
       FROM questions q
       WHERE q.ts >= ? AND ${STAFF('q.')} AND q.outcome = 'interpreted' AND (
         EXISTS (SELECT 1 FROM feedback f WHERE f.question_id = q.id AND f.helpful = 0)
         OR EXISTS (SELECT 1 FROM suggestion_clicks c WHERE c.from_question_id = q.id AND c.entry_id <> COALESCE(q.top_id, '')))
       ORDER BY q.ts DESC, q.id DESC LIMIT 500`,
      [since],
    );
    const clicks = rows.length
      ? await this.db.all<{ questionId: number; entryId: string }>(
          `SELECT c.from_question_id AS "questionId", c.entry_id AS "entryId" FROM suggestion_clicks c
           WHERE c.from_question_id IN (${rows.map(() => '?').join(', ')}) ORDER BY c.id`,
          rows.map((r) => r.id),
        )
      : [];
    const topOf = new Map(rows.map((r) => [r.id, r.topId]));
    const groups = new Map<string, InterpretedGroup & { as: Map<string, number>; instead: Map<string, number> }>();
    for (const r of rows) {
      const g = groups.get(r.groupKey) ?? {
        ...newGroup(r),
        interpretedAs: [],
        notHelpful: 0,
        choseInstead: [],
        as: new Map<string, number>(),
        instead: new Map<string, number>(),
      };
      count(g, r);
      g.notHelpful += Number(r.notHelpful);
      if (r.topId) g.as.set(r.topId, (g.as.get(r.topId) ?? 0) + 1);
      groups.set(r.groupKey, g);
    }
    const groupOf = new Map(rows.map((r) => [r.id, groups.get(r.groupKey)]));
    for (const c of clicks) {
      const g = groupOf.get(Number(c.questionId));
      if (g && c.entryId !== topOf.get(Number(c.questionId))) g.instead.set(c.entryId, (g.instead.get(c.entryId) ?? 0) + 1);
    }
    const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return [...groups.values()]
      .sort((a, b) => b.count - a.count || b.lastTs - a.lastTs)
      .slice(0, 50)
      .map(({ as, instead, ...g }) => ({
        ...g,
        interpretedAs: ranked(as).map(([id]) => id),
        choseInstead: ranked(instead).map(([entryId, count]) => ({ entryId, count })),
      }));
  }

  /**
   * Staff's questions as CSV, one row per question with its latest feedback: the last `days` days (all when undefined).
   * "plain" is RFC 4180 (comma, decimal point, no BOM); "excel" is what Excel in Swedish opens by double-click
   * (semicolon, decimal comma, UTF-8 BOM so it reads å/ä/ö).
   */
  async exportCsv(options: { days?: number; format?: CsvFormat } = {}): Promise<string> {
    const since = options.days === undefined ? 0 : this.now() - options.days * DAY_MS;
    const excel = options.format === 'excel';
    const rows = await this.db.all<Record<string, string | number | null>>(
      `SELECT q.id, q.ts, q.channel, q.user_hash, q.question, q.answered, q.outcome, q.rule, q.kind, q.confidence, q.top_id,
         (SELECT helpful FROM feedback f WHERE f.question_id = q.id ORDER BY f.id DESC LIMIT 1) AS "helpful",
         (SELECT comment FROM feedback f WHERE f.question_id = q.id ORDER BY f.id DESC LIMIT 1) AS "comment"
       FROM questions q WHERE q.ts >= ? AND ${STAFF('q.')} ORDER BY q.id`,
      [since],
    );
    const header = [
      'id',
      'tid',
      'kanal',
      'anvandare_hash',
      'fraga',
      'besvarad',
      'utfall',
      'regel',
      'typ',
      'sakerhet',
      'basta_traff',
      'hjalpsam',
      'kommentar',
    ];
    // Every cell is quoted, so no separator a spreadsheet may guess (',' or ';') can start a new cell inside one,
    // and a cell that would start a formula gets a leading apostrophe.
    const cell = (v: string | number | null | undefined): string => {
      let s = v === null || v === undefined ? '' : String(v);
      if (/^[=+\-@\t\r\n]/.test(s)) s = `'${s}`;
      return `"${s.replace(/"/g, '""')}"`;
    };
    const lines = rows.map((r) =>
      [
        r.id,
        new Date(Number(r.ts)).toISOString(),
        r.channel,
        r.user_hash,
        r.question,
        r.answered ? 'ja' : 'nej',
        OUTCOME_CSV[String(r.outcome)] ?? r.outcome,
        r.rule,
        r.kind,
        excel ? String(r.confidence).replace('.', ',') : r.confidence,
        r.top_id,
        r.helpful === null ? '' : r.helpful ? 'ja' : 'nej',
        r.comment,
      ]
        .map(cell)
        .join(excel ? ';' : ','),
    );
    const text = `${[header.map(cell).join(excel ? ';' : ','), ...lines].join('\r\n')}\r\n`;
    return excel ? `\ufeff${text}` : text;
  }
}

/** A review group begun from its first (newest) row. */
function newGroup(r: { groupKey: string; question: string; ts: number }): ReviewGroup {
  return { groupKey: r.groupKey, example: r.question, count: 0, lastTs: r.ts, maxConfidence: 0 };
}

/** One more row in a review group: its count and highest confidence. */
function count(g: ReviewGroup, r: { confidence: number }): void {
  g.count++;
  g.maxConfidence = Math.max(g.maxConfidence, Number(r.confidence.toFixed(3)));
}
