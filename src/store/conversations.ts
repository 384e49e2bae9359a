/**
 * What each conversation is about, so that a follow-up ("och när då?") is read with it on whichever replica gets it:
 * the entry last answered or interpreted, its section and the topic words of its question. Keyed by the question
 * log's salted hash of channel and conversation id (never the id), holding words of the knowledge only (never the
 * message), and gone after CONVERSATION_IDLE_MS of silence: an expired row is never read, and is deleted on the next
 * write and by the retention purge.
 */
import type { ConversationContext } from '../answer/followup';
import type { Sql } from './sql';

interface Row {
  entryId: string | null;
  section: string | null;
  topic: string;
  expires: number;
}

export class ConversationStore {
  constructor(
    private readonly db: Sql,
    /** The salted hash of a channel and conversation id (QuestionLog.hashConversation). */
    private readonly hash: (channel: string, conversationId: string) => string,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The conversation's context, unless it has expired (then it is deleted). */
  async get(channel: string, conversationId: string): Promise<ConversationContext | undefined> {
    const key = this.hash(channel, conversationId);
    const row = await this.db.get<Row>(
      'SELECT entry_id AS "entryId", section, topic, expires FROM conversation_contexts WHERE conversation_hash = ?',
      [key],
    );
    if (!row) return undefined;
    if (row.expires <= this.now()) {
      await this.db.run('DELETE FROM conversation_contexts WHERE conversation_hash = ? AND expires <= ?', [key, this.now()]);
      return undefined;
    }
    const topic = parseTopic(row.topic);
    return { ...(row.entryId ? { entryId: row.entryId } : {}), ...(row.section ? { section: row.section } : {}), topic };
  }

  /**
   * Keeps the conversation's new context for another idle period, or forgets it (`undefined`); expired contexts of
   * other conversations are deleted on the way.
   */
  async set(channel: string, conversationId: string, context: ConversationContext | undefined): Promise<void> {
    const key = this.hash(channel, conversationId);
    const now = this.now();
    await this.purgeExpired();
    if (!context) {
      await this.db.run('DELETE FROM conversation_contexts WHERE conversation_hash = ?', [key]);
      return;
    }
    await this.db.run(
      `INSERT INTO conversation_contexts (conversation_hash, entry_id, section, topic, expires) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (conversation_hash) DO UPDATE SET entry_id = excluded.entry_id, section = excluded.section,
         topic = excluded.topic, expires = excluded.expires`,
      [key, context.entryId ?? null, context.section ?? null, JSON.stringify(context.topic), now + this.idleMs],
    );
  }

  /** Deletes every expired context; returns how many. `sql`: the purge's transaction, when run inside one. */
  purgeExpired(sql: Sql = this.db): Promise<number> {
    return sql.run('DELETE FROM conversation_contexts WHERE expires <= ?', [this.now()]);
  }
}

function parseTopic(text: string): string[] {
  try {
    const topic = JSON.parse(text) as unknown;
    return Array.isArray(topic) ? topic.filter((w): w is string => typeof w === 'string') : [];
  } catch {
    return [];
  }
}
