/**
 * botframework-connector checks a Bot Framework token and, when the check fails, prints to the console itself: the
 * whole error with its stack for an expired token, and the PEM public keys it tried for a token signed by another
 * key. That goes to stderr, outside the JSON log, on every request a stranger sends. The error it then throws says
 * why, and the adapter logs that once (index.ts), so what it prints adds nothing. `quietly` runs one call with the
 * console muted for that call alone (and what it awaits); the rest of the process prints as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const muted = new AsyncLocalStorage<true>();
const METHODS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;
const MUTE = Symbol('faktabot.teams.mute');

type Print = ((...args: unknown[]) => void) & { [MUTE]?: true };

/**
 * Wraps each console method once, so that it prints nothing inside a `quietly` call. Checked on every call, since a
 * test framework may put its own console methods over ours.
 */
function wrapConsole(): void {
  for (const method of METHODS) {
    const print = console[method] as Print;
    if (print[MUTE]) continue;
    const wrapped: Print = (...args: unknown[]) => {
      if (!muted.getStore()) print.apply(console, args);
    };
    wrapped[MUTE] = true;
    console[method] = wrapped;
  }
}

/** Runs `fn` with the console muted for it (and what it awaits); nothing else in the process is affected. */
export function quietly<T>(fn: () => Promise<T>): Promise<T> {
  wrapConsole();
  return muted.run(true, fn);
}
