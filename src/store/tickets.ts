/**
 * Support desk tickets: the redacted question, what the bot replied, where the ticket card lives in the desk
 * channel, its status history with times, and the desk's answer. Who asked (the platform address the answer goes
 * to, and the display name) and who handled each step are stored sealed; a salted hash keeps "same person" visible.
 * Tickets go with the question log's retention.
 */
import { createHmac } from 'node:crypto';
import { DAY_MS, MAX_QUESTION_LENGTH, REVIEW_DAYS } from '../limits';
import { cleanText, safeTextCut } from '../text/clean';
import { displayName } from './names';
import type { Channel } from './questions';
import type { Sealer } from './seal';
import type { Sql } from './sql';

export type TicketStatus = 'open' | 'claimed' | 'answered' | 'closed';

/**
 * A ticket's status only moves forward: open, claimed (by anyone in the desk, again by another), answered (once),
 * closed (for good). A stale card or a forged submit that would take an answered ticket back to claimed, or answer
 * it a second time, changes nothing.
 */
export const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['claimed', 'answered', 'closed'],
  claimed: ['claimed', 'answered', 'closed'],
  answered: ['closed'],
  closed: [],
};

/** Swedish status labels, one word each, as the desk card and the console show them. */
export const TICKET_STATUS: Record<TicketStatus, string> = { open: 'öppen', claimed: 'tagen', answered: 'besvarad', closed: 'stängd' };

/** A person on a platform: the id to reach them (sealed), their display name (sealed) and the conversation they act in. */
export interface Person {
  platform: Channel;
  userId: string;
  name: string;
}

export interface TicketEvent {
  ts: number;
  status: TicketStatus;
  /** Display name of whoever made the change (unsealed), or null. */
  by: string | null;
  byHash: string | null;
}

export interface Ticket {
  id: number;
  ts: number;
  channel: Channel;
  question: string;
  context: string;
  botReply: string;
  questionId: number | null;
  askerHash: string;
  /** Unsealed: how to reach the asker (platform specific) and their display name. */
  asker: { name: string; address: unknown } | undefined;
  /** "slack:C…" or "teams:<conversation id>". */
  desk: string;
  /** The ticket card's message in the desk channel (Slack ts, Teams activity id). */
  deskRef: string | null;
  delivered: boolean;
  status: TicketStatus;
  /** The desk's answer, redacted. */
  answer: string | null;
  /** The desk's answer as it was sent to the asker (unsealed), for the desk's own card. */
  sentAnswer: string | null;
  answerDelivered: boolean;
  firstResponseAt: number | null;
  answeredAt: number | null;
  closedAt: number | null;
  events: TicketEvent[];
}

export interface NewTicket {
  channel: Channel;
  question: string;
  context: string;
  botReply: string;
  questionId?: number;
  asker: Person & { address: unknown };
  desk: string;
}

export interface Draft {
  id: number;
  ts: number;
  ticketId: number | null;
  question: string;
  answer: string;
  status: 'open' | 'used' | 'dismissed';
  /** For a draft from an imported page: the page's title and the anchor of the section it was made from. */
  sourceTitle: string | null;
  sourceAnchor: string | null;
}

/** A draft made from a section of an imported page. */
export interface ImportDraft {
  question: string;
  answer: string;
  anchor: string;
}

const DRAFT_COLUMNS =
  'id, ts, ticket_id AS "ticketId", question, answer, status, source_title AS "sourceTitle", source_anchor AS "sourceAnchor"';

type Row = {
  id: number;
  ts: number;
  channel: Channel;
  question: string;
  context: string;
  bot_reply: string;
  question_id: number | null;
  asker_hash: string;
  asker_sealed: string;
  desk: string;
  desk_ref: string | null;
  delivered: number;
  status: TicketStatus;
  answer: string | null;
  answer_delivered: number;
  answer_sealed: string | null;
  first_response_at: number | null;
  answered_at: number | null;
  closed_at: number | null;
};

/** Names as shown: one sealed before names were cleaned (names.ts) is cleaned on the way out. */
const nameOrNull = (name: string | undefined) => (name === undefined ? null : displayName(name));
const withName = <T extends { name: string }>(person: T | undefined): T | undefined =>
  person && { ...person, name: displayName(person.name) };

export class TicketStore {
  constructor(
    private readonly db: Sql,
    private readonly sealer: Sealer,
    private readonly salt: string,
    private readonly now: () => number = Date.now,
  ) {}

  hashPerson(platform: string, userId: string): string {
    return createHmac('sha256', this.salt).update(`ticket:${platform}:${userId}`).digest('hex').slice(0, 32);
  }

  /** Stores a new open ticket (question and context redacted, then cut) and returns its id. */
  create(t: NewTicket): Promise<number> {
    return this.db.tx((sql) => this.insertTicket(sql, t));
  }

  /**
   * Stores a new open ticket unless its asker already sent one for the same logged question (a form sent twice, or
   * a second form opened from the same reply): then that ticket's id, and `created` false. Atomic across replicas:
   * SQLite's transactions are serialised, and on PostgreSQL a lock on the question and asker holds the check and
   * the insert together.
   */
  createOnce(t: NewTicket): Promise<{ id: number; created: boolean }> {
    if (t.questionId === undefined) return this.create(t).then((id) => ({ id, created: true }));
    const questionId = t.questionId;
    const askerHash = this.hashPerson(t.asker.platform, t.asker.userId);
    return this.db.tx(async (sql) => {
      if (sql.dialect === 'postgres')
        await sql.get('SELECT pg_advisory_xact_lock(hashtext(?))', [`faktabot:ticket:${questionId}:${askerHash}`]);
      const existing = await this.sentIn(sql, questionId, askerHash);
      return existing === undefined ? { id: await this.insertTicket(sql, t), created: true } : { id: existing, created: false };
    });
  }

  /** The ticket `platform`'s user `userId` sent for the logged question `questionId`, if any. */
  sentFor(questionId: number, platform: string, userId: string): Promise<number | undefined> {
    if (!Number.isSafeInteger(questionId)) return Promise.resolve(undefined);
    return this.sentIn(this.db, questionId, this.hashPerson(platform, userId));
  }

  private async sentIn(sql: Sql, questionId: number, askerHash: string): Promise<number | undefined> {
    return (
      await sql.get<{ id: number }>('SELECT id FROM tickets WHERE question_id = ? AND asker_hash = ? ORDER BY id LIMIT 1', [
        questionId,
        askerHash,
      ])
    )?.id;
  }

  private async insertTicket(sql: Sql, t: NewTicket): Promise<number> {
    const ticketId = await sql.insert(
      `INSERT INTO tickets (ts, channel, question, context, bot_reply, question_id, asker_hash, asker_sealed, desk, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
      [
        this.now(),
        t.channel,
        safeTextCut(t.question, MAX_QUESTION_LENGTH),
        safeTextCut(t.context, 1000),
        safeTextCut(t.botReply, 600),
        t.questionId ?? null,
        this.hashPerson(t.asker.platform, t.asker.userId),
        this.sealer.seal({ name: displayName(t.asker.name), address: t.asker.address }),
        t.desk,
      ],
    );
    await this.event(sql, ticketId, 'open', t.asker);
    return ticketId;
  }

  private async event(sql: Sql, ticketId: number, status: TicketStatus, actor: Person | undefined): Promise<void> {
    await sql.run('INSERT INTO ticket_events (ticket_id, ts, status, actor_hash, actor_sealed) VALUES (?, ?, ?, ?, ?)', [
      ticketId,
      this.now(),
      status,
      actor ? this.hashPerson(actor.platform, actor.userId) : null,
      actor ? this.sealer.seal({ name: displayName(actor.name) }) : null,
    ]);
  }

  async get(id: number): Promise<Ticket | undefined> {
    // Ids arrive from buttons and forms: anything but a whole number is no ticket (and never reaches the database).
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await this.db.get<Row>('SELECT * FROM tickets WHERE id = ?', [id]);
    return row ? this.toTicket(row) : undefined;
  }

  private async toTicket(row: Row): Promise<Ticket> {
    const events = (
      await this.db.all<{ ts: number; status: TicketStatus; actor_hash: string | null; actor_sealed: string | null }>(
        'SELECT ts, status, actor_hash, actor_sealed FROM ticket_events WHERE ticket_id = ? ORDER BY id',
        [row.id],
      )
    ).map((e) => ({
      ts: e.ts,
      status: e.status,
      by: nameOrNull(this.sealer.unseal<{ name: string }>(e.actor_sealed)?.name),
      byHash: e.actor_hash,
    }));
    return {
      id: row.id,
      ts: row.ts,
      channel: row.channel,
      question: row.question,
      context: row.context,
      botReply: row.bot_reply,
      questionId: row.question_id,
      askerHash: row.asker_hash,
      asker: withName(this.sealer.unseal<{ name: string; address: unknown }>(row.asker_sealed)),
      desk: row.desk,
      deskRef: row.desk_ref,
      delivered: !!row.delivered,
      status: row.status,
      answer: row.answer,
      sentAnswer: this.sealer.unseal<{ text: string }>(row.answer_sealed)?.text ?? null,
      answerDelivered: !!row.answer_delivered,
      firstResponseAt: row.first_response_at,
      answeredAt: row.answered_at,
      closedAt: row.closed_at,
      events,
    };
  }

  /** Where the ticket card was posted in the desk channel; `delivered` false when the desk could not be reached. */
  async setDelivery(id: number, deskRef: string | null): Promise<void> {
    await this.db.run('UPDATE tickets SET desk_ref = ?, delivered = ? WHERE id = ?', [deskRef, deskRef ? 1 : 0, id]);
  }

  /**
   * Moves a ticket to `status`, recording who did it and when. The first change by someone other than the asker
   * is the first response. Returns false when the move is not allowed (NEXT) or the ticket is unknown.
   */
  transition(id: number, status: TicketStatus, actor: Person, answer?: string): Promise<boolean> {
    return this.db.tx(async (sql) => {
      // FOR UPDATE on PostgreSQL: two desk members on two replicas answering at once cannot both pass this check.
      const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
      const row = await sql.get<{ status: TicketStatus; answer: string | null }>(`SELECT status, answer FROM tickets WHERE id = ?${lock}`, [
        id,
      ]);
      if (!row || !NEXT[row.status].includes(status)) return false;
      const now = this.now();
      await sql.run(
        `UPDATE tickets SET status = ?, first_response_at = COALESCE(first_response_at, ?),
           answer = COALESCE(?, answer), answer_sealed = COALESCE(?, answer_sealed), answered_at = CASE WHEN ? = 'answered' THEN ? ELSE answered_at END,
           closed_at = CASE WHEN ? = 'closed' THEN ? ELSE closed_at END
         WHERE id = ?`,
        [
          status,
          now,
          answer === undefined ? null : safeTextCut(answer, 3000),
          answer === undefined ? null : this.sealer.seal({ text: cleanText(answer).slice(0, 3000) }),
          status,
          now,
          status,
          now,
          id,
        ],
      );
      await this.event(sql, id, status, actor);
      return true;
    });
  }

  async setAnswerDelivered(id: number, delivered: boolean): Promise<void> {
    await this.db.run('UPDATE tickets SET answer_delivered = ? WHERE id = ?', [delivered ? 1 : 0, id]);
  }

  /** Tickets of the last `days` days, newest first, optionally of one status. */
  async list(options: { days?: number; status?: TicketStatus } = {}): Promise<Ticket[]> {
    const since = this.now() - (options.days ?? REVIEW_DAYS) * DAY_MS;
    const rows = options.status
      ? await this.db.all<Row>('SELECT * FROM tickets WHERE ts >= ? AND status = ? ORDER BY id DESC LIMIT 500', [since, options.status])
      : await this.db.all<Row>('SELECT * FROM tickets WHERE ts >= ? ORDER BY id DESC LIMIT 500', [since]);
    const out: Ticket[] = [];
    for (const r of rows) out.push(await this.toTicket(r));
    return out;
  }

  /** The desk's answer to a ticket as a draft entry for a communicator to review. */
  async draftFrom(ticketId: number): Promise<Draft | 'unknown' | 'unanswered'> {
    const t = await this.get(ticketId);
    if (!t) return 'unknown';
    if (!t.answer) return 'unanswered';
    const answer = t.answer;
    const id = await this.db.tx(
      async (sql) =>
        (await sql.get<{ id: number }>("SELECT id FROM faq_drafts WHERE ticket_id = ? AND status = 'open'", [ticketId]))?.id ??
        (await sql.insert('INSERT INTO faq_drafts (ts, ticket_id, question, answer) VALUES (?, ?, ?, ?)', [
          this.now(),
          ticketId,
          t.question,
          answer,
        ])),
    );
    return (await this.draft(id)) as Draft;
  }

  async draft(id: number): Promise<Draft | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    return this.db.get<Draft>(`SELECT ${DRAFT_COLUMNS} FROM faq_drafts WHERE id = ?`, [id]);
  }

  drafts(): Promise<Draft[]> {
    return this.db.all<Draft>(`SELECT ${DRAFT_COLUMNS} FROM faq_drafts WHERE status = 'open' ORDER BY id DESC`);
  }

  /**
   * The drafts of an imported page's sections, as one import (knowledge change `change`) made them: open for a
   * communicator like the desk's. Returns how many were added.
   */
  async addImportDrafts(change: number, title: string, drafts: readonly ImportDraft[]): Promise<number> {
    const ts = this.now();
    await this.db.tx(async (sql) => {
      for (const d of drafts)
        await sql.insert(
          'INSERT INTO faq_drafts (ts, question, answer, source_title, source_anchor, source_change) VALUES (?, ?, ?, ?, ?, ?)',
          [ts, d.question, d.answer, title, d.anchor, change],
        );
    });
    return drafts.length;
  }

  /** An undone import takes back the drafts it made that no one has used or removed yet. */
  dismissImportDrafts(change: number): Promise<number> {
    return this.db.run("UPDATE faq_drafts SET status = 'dismissed' WHERE source_change = ? AND status = 'open'", [change]);
  }

  async setDraftStatus(id: number, status: Draft['status']): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    return (await this.db.run('UPDATE faq_drafts SET status = ? WHERE id = ?', [status, id])) > 0;
  }

  /** Tickets (with their history) and drafts older than the retention period go, as questions do. */
  async purge(retentionDays: number, sql: Sql = this.db): Promise<number> {
    const before = this.now() - retentionDays * DAY_MS;
    await sql.run('DELETE FROM faq_drafts WHERE ts < ?', [before]);
    return sql.run('DELETE FROM tickets WHERE ts < ?', [before]);
  }

  async setting(key: string): Promise<string | undefined> {
    return (await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      key,
      value,
    ]);
  }
}
