/**
 * Live knowledge: the engine in use, rebuilt aside and swapped in at once when knowledge/ changes (file watching,
 * or the console's "Ladda om"). Invalid knowledge never takes the bot down: the last good engine keeps serving and
 * the errors (file:line) are kept for the console, the log and /healthz.
 */
import { type FSWatcher, statSync, watch } from 'node:fs';
import type { Calibration } from '../answer/confidence';
import { loadCalibration } from '../answer/create';
import { Engine } from '../answer/engine';
import { formatIssue, type KnowledgeIssue } from '../errors';
import { checkKnowledge } from '../knowledge/load';
import { REVIEW_AFTER_DAYS } from '../limits';
import type { Logger } from './logger';

export interface ReloadResult {
  ok: boolean;
  issues: KnowledgeIssue[];
  loadedAt: string;
}

/** "local": this replica's file watch, console edit or "Ladda om"; "notice": another replica announced a change. */
export type ReloadOrigin = 'local' | 'notice';

export class LiveKnowledge {
  private current: Engine | undefined;
  private lastIssues: KnowledgeIssue[] = [];
  private lastError: KnowledgeIssue[] | undefined;
  private loaded = '';
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checker: NodeJS.Timeout | undefined;
  private watched: string | undefined;
  reloads = 0;
  failures = 0;

  constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly reviewAfterDays = REVIEW_AFTER_DAYS,
    /** After each reload: whether it built, and whether it was this replica's own (not announced by another). */
    private readonly onReload: (ok: boolean, origin: ReloadOrigin) => void = () => undefined,
    /** The confidence model and thresholds every engine is built with: the shipped calibration.json by default. */
    private readonly calibration: Calibration = loadCalibration(),
  ) {}

  get engine(): Engine {
    if (!this.current) throw new Error('knowledge: no index loaded yet; call reload() first');
    return this.current;
  }

  /** True once an index is serving. */
  get serving(): boolean {
    return this.current !== undefined;
  }

  get loadedAt(): string {
    return this.loaded;
  }

  /** Warnings of the serving knowledge, or the errors of the last failed reload. */
  get issues(): KnowledgeIssue[] {
    return this.lastError ?? this.lastIssues;
  }

  /** Errors of the last reload attempt, if it failed (the previous index is still serving). */
  get error(): KnowledgeIssue[] | undefined {
    return this.lastError;
  }

  /** Builds a new engine from the folder and swaps it in; on errors keeps the old one. */
  reload(origin: ReloadOrigin = 'local'): ReloadResult {
    const started = performance.now();
    const { kb, issues } = checkKnowledge(this.dir, { reviewAfterDays: this.reviewAfterDays });
    let engine: Engine | undefined;
    if (!issues.some((i) => i.severity === 'error'))
      try {
        engine = new Engine(kb, { calibration: this.calibration });
      } catch (e) {
        // Knowledge that checks but cannot be indexed is an error like any other: the last good index keeps serving.
        issues.push({ file: this.dir, line: 0, severity: 'error', message: `kunskapen kunde inte indexeras: ${(e as Error).message}` });
      }
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length || !engine) {
      this.failures++;
      this.onReload(false, origin);
      this.lastError = issues;
      this.log.error(this.loaded ? 'knowledge reload failed; the last good index keeps serving' : 'knowledge could not be loaded', {
        errors: errors.map(formatIssue),
        serving: this.loaded || null,
      });
      return { ok: false, issues, loadedAt: this.loaded };
    }
    this.current = engine;
    this.lastIssues = issues;
    this.lastError = undefined;
    this.loaded = new Date().toISOString();
    this.reloads++;
    this.onReload(true, origin);
    this.log.info('knowledge loaded', { ...this.current.stats, ms: Math.round(performance.now() - started), warnings: issues.length });
    return { ok: true, issues, loadedAt: this.loaded };
  }

  /**
   * Reloads 300 ms after the last change under the folder. A watch follows the folder's inode: when the folder is
   * replaced (moved away and back, as editors and deploy tools do) it would go quiet, so every `checkMs` the folder's
   * identity is compared with the watched one and, when it changed or the watch failed, watching starts over and
   * the knowledge is reloaded.
   */
  watch(checkMs = 2000): void {
    this.startWatcher();
    let missing = false;
    this.checker = setInterval(() => {
      const now = this.identity();
      if (now === undefined) {
        missing = true; // moved away: wait for it to come back
        return;
      }
      // A reload that ran while the folder was away failed for that reason alone: try again now that it is back.
      const failedWhileAway = this.lastError?.some((i) => i.line === 0 && i.file === this.dir) ?? false;
      if (missing || failedWhileAway || now !== this.watched || !this.watcher) {
        missing = false;
        this.log.info('knowledge folder replaced; watching it again and reloading');
        this.startWatcher();
        this.reload();
      }
    }, checkMs);
    this.checker.unref();
  }

  private identity(): string | undefined {
    try {
      const st = statSync(this.dir);
      return `${st.dev}:${st.ino}`;
    } catch {
      return undefined;
    }
  }

  private startWatcher(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.watched = this.identity();
    if (this.watched === undefined) return;
    try {
      const watcher = watch(this.dir, { recursive: false }, () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reload(), 300);
      });
      watcher.on('error', (e) => {
        this.log.warn('knowledge watch stopped; retrying', { error: e });
        watcher.close();
        if (this.watcher === watcher) this.watcher = undefined;
      });
      this.watcher = watcher;
    } catch (e) {
      this.log.warn('cannot watch the knowledge folder; use "Ladda om" in the console', { error: e });
    }
  }

  close(): void {
    clearTimeout(this.timer);
    clearInterval(this.checker);
    this.watcher?.close();
  }
}
