/**
 * Every limit and duration of Faktabot, in one place: how long a text may be, how long the log keeps it, how large a
 * request or a knowledge file may be, how often the jobs run. A number that appears in more than one module, or
 * that an operator may look for, lives here; a setting (config.ts) takes its default from here. The console page gets
 * the lengths it enforces from here too (routes/page.ts fills them into index.html).
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Longer questions get a polite request to shorten them instead of an answer; the log stores at most this much. */
export const MAX_QUESTION_LENGTH = 500;
/** An FAQ answer written in the console (answers are 1–3 sentences). */
export const MAX_ANSWER_LENGTH = 2000;
/** Follow-up questions an answer offers, and entries an FAQ entry's `related` field may list. */
export const MAX_FOLLOW_UPS = 3;
/** A feedback comment as stored: a longer one is cut (after redaction). */
export const MAX_COMMENT_LENGTH = 2000;
/** A feedback comment as the console API takes it: anything longer is refused with 400 before it is read. */
export const MAX_COMMENT_SENT = 20_000;

/** FAQ entries and pages not reviewed for this many days get a warning (REVIEW_AFTER_DAYS's default). */
export const REVIEW_AFTER_DAYS = 180;
/** Questions, tickets and the audit trail are deleted after this many days (LOG_RETENTION_DAYS's default). */
export const LOG_RETENTION_DAYS = 90;
/** The retention purge runs once per this period across all replicas (the jobs table decides which one). */
export const PURGE_PERIOD_MS = HOUR_MS;
/** How often each replica looks whether the purge is due. */
export const PURGE_CHECK_MS = 5 * MINUTE_MS;

/** A conversation's context (what a follow-up is read with) ends after this much silence (CONVERSATION_IDLE_MINUTES). */
export const CONVERSATION_IDLE_MS = 15 * MINUTE_MS;

/** The console's review and ticket lists cover this many days unless asked, and at most a year. */
export const REVIEW_DAYS = 30;
export const MAX_REVIEW_DAYS = 365;

/** A request body larger than this is refused with 413 (MAX_BODY_BYTES's default). */
export const MAX_BODY_BYTES = 65_536;
/** Knowledge files larger than this are refused before they are read (YAML, Markdown). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Imported passages (*.jsonl) may be larger than other knowledge files. */
export const MAX_PASSAGES_BYTES = 32 * 1024 * 1024;

/**
 * A document to import (HTML, Word or PDF) larger than this is refused before it is parsed: parsing is in memory and
 * a public page or report is far smaller; the page it makes must still fit MAX_FILE_BYTES.
 */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/**
 * How deep an imported web page's elements may nest, and how many it may have: Readability's scoring grows with both
 * (a 12 kB page of 1,000 nested elements took 9 s, during which the service answered nothing). Real pages nest some
 * tens of levels deep and have a few thousand elements; a page at both limits took 1.2–1.6 s on a busy machine.
 */
export const MAX_HTML_DEPTH = 50;
export const MAX_HTML_ELEMENTS = 6_000;

/** A request's headers must arrive within this time, its whole body within REQUEST_TIMEOUT_MS. */
export const HEADERS_TIMEOUT_MS = 15 * SECOND_MS;
export const REQUEST_TIMEOUT_MS = 30 * SECOND_MS;
/**
 * Idle keep-alive connections stay open longer than the 60 s idle timeout of common load balancers, so that the
 * proxy is the side that closes them (Node's 5 s made a proxy reuse a closing connection: a 502).
 */
export const KEEP_ALIVE_MS = 65 * SECOND_MS;

/** Console sign-in attempts (and failed bearer tokens) per client address and minute. */
export const SIGN_INS_PER_MINUTE = 10;
/** Organisation sign-ins started per client address and minute: room for an office behind one NAT address at nine. */
export const SIGN_IN_STARTS_PER_MINUTE = 60;
/** How long an organisation sign-in may take between leaving for the provider and coming back. */
export const LOGIN_MS = 10 * MINUTE_MS;
