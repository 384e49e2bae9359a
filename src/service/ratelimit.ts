/**
 * Per-user rate limit on answering: at most `perMinute` questions in any 60-second window per key (channel and
 * user). A sliding window of timestamps; the clock is injected for tests.
 */
import { MINUTE_MS } from '../limits';

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** True when `key` has used its limit in the last minute (nothing is recorded). */
  exhausted(key: string): boolean {
    if (this.perMinute <= 0) return false;
    const t = this.now();
    return (this.hits.get(key) ?? []).filter((x) => t - x < MINUTE_MS).length >= this.perMinute;
  }

  /** Records a question for `key`; false when the key is over its limit (the question is then not answered). */
  allow(key: string): boolean {
    if (this.perMinute <= 0) return true;
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((x) => t - x < MINUTE_MS);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(t);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
    return true;
  }
}
