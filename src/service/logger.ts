/**
 * Structured logs through pino (the logger Fastify ships): one JSON object per line, with `time` (ISO), `level`
 * (a word) and `msg`. Nothing personal or secret reaches a line at any level:
 * - fields whose names look secret (token, secret, password, authorization, cookie, signature) are hidden, at any
 *   depth, and pino's `redact` hides the same in what Fastify itself logs (request headers);
 * - fields that would carry what a user wrote or who they are (question, text, comment, user, userId, email) are
 *   hidden too: questions are stored only redacted, by the store, and never logged.
 */
import pino, { type Logger as Pino } from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const SECRET = /token|secret|password|authorization|cookie|signature/i;
const PERSONAL = /^(question|text|comment|user|userid|user_id|email)$/i;
const HIDDEN = '[hidden]';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** The pino instance underneath, for Fastify (`loggerInstance`). */
  readonly pino: Pino;
}

function scrub(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET.test(k) || PERSONAL.test(k) ? HIDDEN : scrub(v, depth + 1);
  return out;
}

// What Fastify and pino's serializers may log on their own (request and response objects, errors).
const REDACT_PATHS = ['authorization', 'cookie', 'set-cookie', 'x-slack-signature'].flatMap((h) => [
  `req.headers["${h}"]`,
  `res.headers["${h}"]`,
  `headers["${h}"]`,
]);

/** A logger writing JSON lines to `write` (stdout by default) from `level` up; clock injected for tests. */
export function createLogger(
  level: Level = 'info',
  write: (line: string) => void = (l) => process.stdout.write(l),
  now: () => Date = () => new Date(),
): Logger {
  const base = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: HIDDEN },
    },
    { write },
  );
  const emit =
    (lvl: Level) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (base.isLevelEnabled(lvl)) base[lvl](scrub(fields) as Record<string, unknown>, msg);
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), pino: base };
}
