/**
 * Every error Faktabot's core and service raise, declared in one place, each with a stable code (as bolt-js's
 * `ErrorCode`): code that handles an error matches its class, a log or an operator reads its code. Messages say
 * what went wrong and what to do, and name the module. The modules that raise an error re-export it, so it is
 * imported from where it is raised or from here alike. The chat adapters' settings errors are declared in bots/.
 */

/** The code of every error in this catalogue. */
export const ErrorCode = {
  KnowledgeInvalid: 'FAKTABOT_KNOWLEDGE_INVALID',
  Usage: 'FAKTABOT_USAGE',
  Config: 'FAKTABOT_CONFIG',
  TextRefused: 'FAKTABOT_TEXT_REFUSED',
  EditRefused: 'FAKTABOT_EDIT_REFUSED',
  EditInvalid: 'FAKTABOT_EDIT_INVALID',
  Http: 'FAKTABOT_HTTP',
  OidcDown: 'FAKTABOT_OIDC_DOWN',
  OidcRefused: 'FAKTABOT_OIDC_REFUSED',
  DatabaseLocked: 'FAKTABOT_DATABASE_LOCKED',
  DatabaseDown: 'FAKTABOT_DB_DOWN',
  PoolBusy: 'FAKTABOT_POOL_BUSY',
  MoveRefused: 'FAKTABOT_MOVE_REFUSED',
  ImportRefused: 'FAKTABOT_IMPORT_REFUSED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

// Knowledge (src/knowledge/) ---------------------------------------------------------------------------------------

export interface KnowledgeIssue {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
  /**
   * The issue for a reader who edits one field in the console and sees no file: which field, and which word or
   * figure, in plain Swedish. Absent where `message` reads as plainly.
   */
  plain?: string;
}

/** An issue as the console shows it: in plain words, without file, line or entry id. */
export function plainIssue(issue: KnowledgeIssue): string {
  return issue.plain ?? issue.message;
}

export function formatIssue(issue: KnowledgeIssue): string {
  return `${issue.file}:${issue.line}: ${issue.severity === 'error' ? 'fel' : 'varning'}: ${issue.message}`;
}

/** Raised when the knowledge folder has errors; the previous index (if any) should keep serving. */
export class KnowledgeError extends Error {
  readonly code = ErrorCode.KnowledgeInvalid;
  constructor(readonly issues: KnowledgeIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(
      `knowledge: ${errors.length} error(s); fix them and reload (the last good index keeps serving):\n` +
        errors.map(formatIssue).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

/** Why a console edit of the knowledge cannot be made (knowledge/edit.ts, service/editor.ts); `status` is the HTTP status. */
export class EditError extends Error {
  readonly code: ErrorCode = ErrorCode.EditRefused;
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'EditError';
  }
}

/**
 * An edit that would make the knowledge invalid: the issues it would introduce. The message only says that it was
 * not saved; the issues say why, once, in plain words (`plainIssue`) for the console, or at file:line for a log.
 */
export class ValidationError extends EditError {
  readonly code: ErrorCode = ErrorCode.EditInvalid;
  constructor(readonly issues: KnowledgeIssue[]) {
    super(422, 'Ändringen sparades inte.');
  }
}

/** Why a document cannot be imported (knowledge/import/): `reason` below, each a Swedish message saying what to do. */
export type ImportReason = 'type' | 'encrypted' | 'empty' | 'scanned' | 'too-large' | 'no-date' | 'broken';

/**
 * A document the importer refuses (knowledge/import/). Unlike the other errors, `code` is the reason, which callers
 * match (a console shows the message, the CLI exits 2); `errorCode` is the catalogue's code for a log.
 */
export class ImportError extends Error {
  readonly code: ImportReason;
  readonly errorCode = ErrorCode.ImportRefused;
  constructor(code: ImportReason, message: string) {
    super(message);
    this.code = code;
    this.name = 'ImportError';
  }
}

// Text (src/text/) -------------------------------------------------------------------------------------------------

/** A text the cleaning path cannot take (clean.ts): it holds NUL. `label` names the field, in Swedish. */
export class TextRefused extends Error {
  readonly code = ErrorCode.TextRefused;
  constructor(readonly label: string) {
    super(`${label} innehåller ett tecken som inte kan tas emot (NUL, U+0000). Ta bort det och försök igen.`);
    this.name = 'TextRefused';
  }
}

// Command line and settings (src/cli/, src/service/config.ts) ------------------------------------------------------

/** Raised for a command-line usage mistake. */
export class UsageError extends Error {
  readonly code = ErrorCode.Usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The settings cannot run the service: every problem, each saying what to set. */
export class ConfigError extends Error {
  readonly code = ErrorCode.Config;
  constructor(readonly problems: string[]) {
    super(`config: ${problems.length} problem(s), the service does not start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// HTTP and sign-in (src/service/) ----------------------------------------------------------------------------------

/** A refusal with its HTTP status and a Swedish message (service/messages.ts), for the service and the chat adapters. */
export class HttpError extends Error {
  readonly code = ErrorCode.Http;
  constructor(
    readonly status: number,
    message: string,
    /** More for the client, sent beside `error` (e.g. the file:line issues of a refused edit). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The identity provider could not be reached, or answered with a server error (oidc.ts). */
export class ProviderDown extends Error {
  readonly code = ErrorCode.OidcDown;
}

/** The provider's answer failed a check (state, code, audience, nonce, expiry, signature…), or the user cancelled. */
export class SignInRefused extends Error {
  readonly code = ErrorCode.OidcRefused;
  constructor(
    /** For the log: the library's error code and message, never a token. */
    readonly reason: string,
    /** The provider said no at its end (the user cancelled, or has no access to the app): `error` of the callback. */
    readonly providerError?: string,
  ) {
    super(`sign-in refused: ${reason}`);
  }
}

// Database (src/store/) --------------------------------------------------------------------------------------------

/** Another service process holds the SQLite file's lock (lock.ts). */
export class DatabaseLockedError extends Error {
  readonly code = ErrorCode.DatabaseLocked;
}

/** Thrown, without a round trip, while the database is known to be unreachable. */
export class DatabaseDownError extends Error {
  readonly code = ErrorCode.DatabaseDown;
  constructor(cause?: unknown) {
    super('the database is not reachable', { cause });
  }
}

/**
 * Every connection of this replica's pool is in use and none came free in time: the database is up, this process is
 * busy. Never an outage: the replica does not declare the database down for it.
 */
export class PoolBusyError extends Error {
  readonly code = ErrorCode.PoolBusy;
  constructor() {
    super('all database connections of this replica are busy');
    this.name = 'PoolBusyError';
  }
}

/** `faq move-log` cannot move the SQLite log (move.ts): the message says why, in Swedish, for the operator. */
export class MoveError extends Error {
  readonly code = ErrorCode.MoveRefused;
}
