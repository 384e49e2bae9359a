/**
 * Support desk tickets: the redacted question, what the bot replied, where the ticket card lives in the desk
 * channel, its status history with times, and the desk's answer. Who asked (the platform address the answer goes
 * to, and the display name) and who handled each step are stored sealed; a salted hash keeps "same person" visible.
 * Tickets go with the question log's retention.
 */
import { createHmac } from 'node:crypto';
import type { Db } from './db';
import type { Channel } from './questions';
import { redactThenCut } from './redact';
import type { Sealer } from './seal';

export type TicketStatus = 'open' | 'claimed' | 'answered' | 'closed';

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
  answer: string | null;
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
}

const DAY = 86_400_000;

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
  first_response_at: number | null;
  answered_at: number | null;
  closed_at: number | null;
};

export class TicketStore {
  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
    private readonly salt: string,
    private readonly now: () => number = Date.now,
  ) {}

  hashPerson(platform: string, userId: string): string {
    return createHmac('sha256', this.salt).update(`ticket:${platform}:${userId}`).digest('hex').slice(0, 32);
  }

  /** Stores a new open ticket (question and context redacted, then cut) and returns its id. */
  create(t: NewTicket): number {
    const ts = this.now();
    const id = this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO tickets (ts, channel, question, context, bot_reply, question_id, asker_hash, asker_sealed, desk, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
        )
        .run(
          ts,
          t.channel,
          redactThenCut(t.question, 500),
          redactThenCut(t.context, 1000),
          redactThenCut(t.botReply, 600),
          t.questionId ?? null,
          this.hashPerson(t.asker.platform, t.asker.userId),
          this.sealer.seal({ name: t.asker.name, address: t.asker.address }),
          t.desk,
        );
      const ticketId = Number(info.lastInsertRowid);
      this.event(ticketId, 'open', t.asker);
      return ticketId;
    })();
    return id;
  }

  private event(ticketId: number, status: TicketStatus, actor: Person | undefined): void {
    this.db
      .prepare('INSERT INTO ticket_events (ticket_id, ts, status, actor_hash, actor_sealed) VALUES (?, ?, ?, ?, ?)')
      .run(
        ticketId,
        this.now(),
        status,
        actor ? this.hashPerson(actor.platform, actor.userId) : null,
        actor ? this.sealer.seal({ name: actor.name }) : null,
      );
  }

  get(id: number): Ticket | undefined {
    const row = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Row | undefined;
    return row ? this.toTicket(row) : undefined;
  }

  private toTicket(row: Row): Ticket {
    const events = (
      this.db.prepare('SELECT ts, status, actor_hash, actor_sealed FROM ticket_events WHERE ticket_id = ? ORDER BY id').all(row.id) as {
        ts: number;
        status: TicketStatus;
        actor_hash: string | null;
        actor_sealed: string | null;
      }[]
    ).map((e) => ({
      ts: e.ts,
      status: e.status,
      by: this.sealer.unseal<{ name: string }>(e.actor_sealed)?.name ?? null,
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
      asker: this.sealer.unseal<{ name: string; address: unknown }>(row.asker_sealed),
      desk: row.desk,
      deskRef: row.desk_ref,
      delivered: !!row.delivered,
      status: row.status,
      answer: row.answer,
      answerDelivered: !!row.answer_delivered,
      firstResponseAt: row.first_response_at,
      answeredAt: row.answered_at,
      closedAt: row.closed_at,
      events,
    };
  }

  /** Where the ticket card was posted in the desk channel; `delivered` false when the desk could not be reached. */
  setDelivery(id: number, deskRef: string | null): void {
    this.db.prepare('UPDATE tickets SET desk_ref = ?, delivered = ? WHERE id = ?').run(deskRef, deskRef ? 1 : 0, id);
  }

  /**
   * Moves a ticket to `status`, recording who did it and when. The first change by someone other than the asker
   * is the first response. Returns false when the ticket is closed (nothing changes after that) or unknown.
   */
  transition(id: number, status: TicketStatus, actor: Person, answer?: string): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT status, answer FROM tickets WHERE id = ?').get(id) as
        | { status: TicketStatus; answer: string | null }
        | undefined;
      if (!row || row.status === 'closed') return false;
      if (status === 'answered' && row.status === 'answered') return false;
      const now = this.now();
      this.db
        .prepare(
          `UPDATE tickets SET status = ?, first_response_at = COALESCE(first_response_at, ?),
             answer = COALESCE(?, answer), answered_at = CASE WHEN ? = 'answered' THEN ? ELSE answered_at END,
             closed_at = CASE WHEN ? = 'closed' THEN ? ELSE closed_at END
           WHERE id = ?`,
        )
        .run(status, now, answer === undefined ? null : redactThenCut(answer, 3000), status, now, status, now, id);
      this.event(id, status, actor);
      return true;
    })();
  }

  setAnswerDelivered(id: number, delivered: boolean): void {
    this.db.prepare('UPDATE tickets SET answer_delivered = ? WHERE id = ?').run(delivered ? 1 : 0, id);
  }

  /** Tickets of the last `days` days, newest first, optionally of one status. */
  list(options: { days?: number; status?: TicketStatus } = {}): Ticket[] {
    const since = this.now() - (options.days ?? 30) * DAY;
    const rows = (
      options.status
        ? this.db.prepare('SELECT * FROM tickets WHERE ts >= ? AND status = ? ORDER BY id DESC LIMIT 500').all(since, options.status)
        : this.db.prepare('SELECT * FROM tickets WHERE ts >= ? ORDER BY id DESC LIMIT 500').all(since)
    ) as Row[];
    return rows.map((r) => this.toTicket(r));
  }

  /** The desk's answer to a ticket as a draft entry for a communicator to review. */
  draftFrom(ticketId: number): Draft | 'unknown' | 'unanswered' {
    const t = this.get(ticketId);
    if (!t) return 'unknown';
    if (!t.answer) return 'unanswered';
    const existing = this.db.prepare("SELECT id FROM faq_drafts WHERE ticket_id = ? AND status = 'open'").get(ticketId) as
      | { id: number }
      | undefined;
    const id =
      existing?.id ??
      Number(
        this.db
          .prepare('INSERT INTO faq_drafts (ts, ticket_id, question, answer) VALUES (?, ?, ?, ?)')
          .run(this.now(), ticketId, t.question, t.answer).lastInsertRowid,
      );
    return this.draft(id) as Draft;
  }

  draft(id: number): Draft | undefined {
    return this.db.prepare('SELECT id, ts, ticket_id ticketId, question, answer, status FROM faq_drafts WHERE id = ?').get(id) as
      | Draft
      | undefined;
  }

  drafts(): Draft[] {
    return this.db
      .prepare("SELECT id, ts, ticket_id ticketId, question, answer, status FROM faq_drafts WHERE status = 'open' ORDER BY id DESC")
      .all() as Draft[];
  }

  setDraftStatus(id: number, status: Draft['status']): boolean {
    return this.db.prepare('UPDATE faq_drafts SET status = ? WHERE id = ?').run(status, id).changes > 0;
  }

  /** Tickets (with their history) and drafts older than the retention period go, as questions do. */
  purge(retentionDays: number): number {
    const before = this.now() - retentionDays * DAY;
    this.db.prepare('DELETE FROM faq_drafts WHERE ts < ?').run(before);
    const n = this.db.prepare('DELETE FROM tickets WHERE ts < ?').run(before).changes;
    if (n) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return n;
  }

  setting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
