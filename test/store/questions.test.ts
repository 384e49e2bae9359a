import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db';
import { QuestionLog } from '../../src/store/questions';

const DAY = 86_400_000;

function setup(start = Date.parse('2026-11-26T10:00:00Z')) {
  let now = start;
  const db = openDatabase(':memory:');
  const log = new QuestionLog(db, { salt: 'test-salt', now: () => now });
  return { db, log, advance: (ms: number) => (now += ms) };
}

const entry = { channel: 'slack' as const, answered: true, kind: 'answer', confidence: 0.9, topId: 'fvm', groupKey: 'fvm' };

describe('question log', () => {
  it('stores the question redacted and the user id only as a salted hash', () => {
    const { db, log } = setup();
    log.log({ ...entry, userId: 'U123ABC', question: 'Jag heter Anna, 19850312-1234, ring 070-123 45 67' });
    const row = db.prepare('SELECT * FROM questions').get() as Record<string, unknown>;
    expect(row.question).toBe('Jag heter Anna, [personnummer], ring [telefon]');
    expect(row.user_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain('U123ABC');
    expect(row.user_hash).toBe(log.hashUser('slack', 'U123ABC'));
    expect(new QuestionLog(db, { salt: 'other' }).hashUser('slack', 'U123ABC')).not.toBe(row.user_hash);
  });

  it('keeps a random salt in the database when none is configured', () => {
    const db = openDatabase(':memory:');
    const a = new QuestionLog(db).hashUser('teams', 'x');
    expect(new QuestionLog(db).hashUser('teams', 'x')).toBe(a);
  });

  it('links feedback to the answer and redacts its comment', () => {
    const { db, log } = setup();
    const id = log.log({ ...entry, question: 'Vad är FVM?' });
    expect(log.feedback(id, false, 'fel, mejla mig på a@b.se')).toBe(true);
    expect(log.feedback(9999, true)).toBe(false);
    expect(db.prepare('SELECT question_id, helpful, comment FROM feedback').get()).toEqual({
      question_id: id,
      helpful: 0,
      comment: 'fel, mejla mig på [e-post]',
    });
  });

  it('purges questions and their feedback older than the retention period', () => {
    const { db, log, advance } = setup();
    const old = log.log({ ...entry, question: 'gammal' });
    log.feedback(old, true);
    advance(91 * DAY);
    log.log({ ...entry, question: 'ny' });
    expect(log.purge(90)).toBe(1);
    expect(db.prepare('SELECT question FROM questions').all()).toEqual([{ question: 'ny' }]);
    expect(db.prepare('SELECT COUNT(*) n FROM feedback').get()).toEqual({ n: 0 });
  });

  it('groups similar unanswered questions with counts for review', () => {
    const { log, advance } = setup();
    for (const q of ['Hur byter jag lösenord?', 'hur byter jag lösenordet'])
      log.log({ ...entry, answered: false, kind: 'abstain', confidence: 0.1, question: q, groupKey: 'byt lösenord' });
    advance(DAY);
    log.log({
      ...entry,
      answered: false,
      kind: 'abstain',
      confidence: 0.2,
      question: 'Vad kostar Millennium?',
      groupKey: 'kost millennium',
    });
    const id = log.log({ ...entry, confidence: 0.62, question: 'Vad är FVM?' });
    log.feedback(id, false, 'för kort');
    const r = log.review(30, 0.75);
    expect(r.unanswered.map((g) => [g.count, g.example])).toEqual([
      [2, expect.stringMatching(/lösenord/)],
      [1, 'Vad kostar Millennium?'],
    ]);
    expect(r.lowConfidence.map((g) => g.example)).toEqual(['Vad är FVM?']);
    expect(r.negativeFeedback).toEqual([expect.objectContaining({ question: 'Vad är FVM?', comment: 'för kort' })]);
    expect(r.perDay).toEqual([
      { day: '2026-11-26', total: 2, answered: 0 },
      { day: '2026-11-27', total: 2, answered: 1 },
    ]);
    expect(r.totals).toEqual({ questions: 4, answered: 1, helpful: 0, notHelpful: 1 });
  });

  it('exports CSV that spreadsheets read safely', () => {
    const { log } = setup();
    const id = log.log({ ...entry, question: '=HYPERLINK("x"), "citat"; och komma' });
    log.feedback(id, true, 'bra');
    const csv = log.exportCsv();
    expect(csv.startsWith('\ufeffid,tid,kanal')).toBe(true);
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(`"'=HYPERLINK(""x""), ""citat""; och komma"`);
    expect(line.endsWith(',ja,bra')).toBe(true);
  });
});
