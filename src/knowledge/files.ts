/**
 * Writing a knowledge file safely: a temporary file in the same folder, then a rename, so that a reader (the
 * service's reload, another replica) sees the old file or the new one, never half of one. The console's editor and
 * `faq import` write through it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `text` to `dir/file` atomically, keeping an existing file's mode; throws the file system's error. */
export function writeFileAtomic(dir: string, file: string, text: string): void {
  const path = join(dir, file);
  const tmp = join(dir, `.${file}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644;
    writeFileSync(tmp, text, { mode, flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing to clean up.
    }
    throw e;
  }
}
