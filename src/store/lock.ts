/**
 * One service process per SQLite file. SQLite itself lets two processes share a file (each would run its own
 * retention purge and salt, and both would answer), so the service takes an exclusive lock file beside the
 * database: `<file>.lock` holding its pid, created atomically (a hard link that fails when the name exists).
 * A lock left by a process that is gone (a crash, a kill -9) is taken over; the lock is removed on exit.
 * PostgreSQL replicas share their database on purpose and take no lock.
 */
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseLockedError } from '../errors';

export { DatabaseLockedError };

/** True while a process with this pid exists (EPERM: it exists, but is another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of the SQLite file at databasePath; returns the function that releases it. */
export function lockDatabase(databasePath: string, pid = process.pid): () => void {
  const lock = `${resolve(databasePath)}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const mine = `${lock}.${pid}`;
  writeFileSync(mine, `${pid}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, lock);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
        if (holder === pid) break;
        if (Number.isInteger(holder) && holder > 0 && alive(holder))
          throw new DatabaseLockedError(
            `store: the database ${databasePath} is in use by another Faktabot (pid ${holder}); stop that one first, or give this one its own DATABASE_PATH (two processes on one database need PostgreSQL, DATABASE_URL)`,
          );
        // Left by a process that is gone: take it over (once; a second failure means another process just did).
        if (attempt > 0) throw new DatabaseLockedError(`store: the database ${databasePath} is being locked by another Faktabot`);
        unlinkSync(lock);
      }
    }
  } finally {
    unlinkSync(mine);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      if (Number.parseInt(readFileSync(lock, 'utf8'), 10) === pid) unlinkSync(lock);
    } catch {}
  };
}
