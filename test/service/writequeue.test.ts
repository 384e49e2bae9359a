import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/service/logger';
import { WriteQueue } from '../../src/service/writequeue';
import { DatabaseDownError } from '../../src/store/sql';

function queue(limit: number) {
  const lines: string[] = [];
  const counts = { queued: 0, retried: 0, lost: 0 };
  const q = new WriteQueue(
    createLogger('info', (l) => lines.push(l)),
    { queued: (n) => (counts.queued = n), retried: () => counts.retried++, lost: (n) => (counts.lost += n) },
    limit,
    60_000,
  );
  return { q, lines, counts };
}

describe('the write queue', () => {
  it('keeps at most its limit while the database is away, counting and logging what it drops', async () => {
    const { q, lines, counts } = queue(3);
    let down = true;
    const saved: number[] = [];
    for (let i = 0; i < 5; i++)
      expect(
        await q.attempt('question', async () => {
          if (down) throw new DatabaseDownError();
          saved.push(i);
        }),
      ).toBeUndefined();
    expect(q.size).toBe(3);
    expect(counts).toMatchObject({ queued: 3, lost: 2 });
    expect(lines.filter((l) => l.includes('database write lost')).length).toBe(2);
    await q.flush();
    expect(q.size).toBe(3);
    down = false;
    await q.flush();
    // The newest three, in order.
    expect(saved).toEqual([2, 3, 4]);
    expect(counts).toMatchObject({ queued: 0, retried: 3, lost: 2 });
    q.close();
  });

  it('throws a statement error instead of queueing it: that is a bug, not an outage', async () => {
    const { q } = queue(3);
    await expect(q.attempt('question', async () => Promise.reject(new Error('no such column')))).rejects.toThrow('no such column');
    expect(q.size).toBe(0);
  });

  it('counts what is still queued at shutdown as lost', async () => {
    const { q, counts } = queue(10);
    await q.attempt('vote', async () => Promise.reject(new DatabaseDownError()));
    q.close();
    expect(counts.lost).toBe(1);
    expect(q.size).toBe(0);
  });
});
