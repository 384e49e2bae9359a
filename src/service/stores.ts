/**
 * The service's stores, opened on one database (SQLite or PostgreSQL, store/open.ts): the question log, tickets,
 * console sessions, the audit trail, and what replicas share. One module opens them all so that the salt and the
 * session binding are decided in one place.
 */
import { ChangeLog } from '../store/changes';
import { ConversationStore } from '../store/conversations';
import { type OpenedStore, openStore } from '../store/open';
import { QuestionLog } from '../store/questions';
import { Sealer } from '../store/seal';
import { SessionStore, tokenFingerprint } from '../store/sessions';
import { SharedState } from '../store/shared';
import type { Sql } from '../store/sql';
import { TicketStore } from '../store/tickets';
import type { Config } from './config';
import type { Logger } from './logger';

export interface Stores {
  store: OpenedStore;
  sql: Sql;
  questions: QuestionLog;
  tickets: TicketStore;
  sessions: SessionStore;
  shared: SharedState;
  changes: ChangeLog;
  /** What each conversation is about, for follow-ups (conversations.ts). */
  conversations: ConversationStore;
}

/**
 * Opens the database and every store on it. `describesPatient` is the guard's patient rule, which reads feedback
 * comments before they are stored (the knowledge it needs is loaded after the stores).
 */
export function openStores(config: Config, log: Logger, describesPatient: (text: string) => string | undefined): Stores {
  const store = openStore(config, log.warn);
  const { sql, salt } = store;
  const questions = new QuestionLog(sql, { salt, describesPatient });
  return {
    store,
    sql,
    questions,
    tickets: new TicketStore(sql, new Sealer(salt), salt),
    sessions: new SessionStore(
      sql,
      { lifetimeMs: config.consoleSessionMs, idleMs: config.consoleIdleMs },
      undefined,
      sessionBinding(config, salt),
    ),
    shared: new SharedState(sql, salt),
    changes: new ChangeLog(sql),
    conversations: new ConversationStore(sql, (channel, id) => questions.hashConversation(channel, id), config.conversationIdleMs),
  };
}

/**
 * What console sessions are bound to (sessions.ts): the provider, client and role mapping with organisation sign-in
 * (a changed role mapping ends sessions too: their roles were read with the old one), else the token, else nothing
 * (loopback).
 */
function sessionBinding(config: Config, salt: string): string {
  if (config.oidc)
    return tokenFingerprint(
      `oidc:${config.oidc.issuer.href} ${config.oidc.clientId} ${config.oidc.roleClaim} ${JSON.stringify(config.oidc.roleValues)}`,
      salt,
    );
  return config.consoleToken ? tokenFingerprint(config.consoleToken, salt) : '';
}
