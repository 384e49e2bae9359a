import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db';
import { QuestionLog } from '../../src/store/questions';
import { resolveSalt, saltFile } from '../../src/store/salt';

const DAY = 86_400_000;

function setup(start = Date.parse('2026-11-26T10:00:00Z')) {
  let now = start;
  const db = openDatabase(':memory:');
  const log = new QuestionLog(db, { salt: 'test-salt', now: () => now });
  return { db, log, advance: (ms: number) => (now += ms) };
}

const entry = { channel: 'slack' as const, answered: true, kind: 'answer', confidence: 0.9, topId: 'fvm', groupKey: 'fvm' };
const asker = { channel: 'slack' as const, userId: 'U1' };

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

  it('links feedback to the answer and redacts its comment', () => {
    const { db, log } = setup();
    const id = log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    expect(log.feedback(id, false, asker, 'fel, mejla mig på a@b.se')).toBe('saved');
    expect(log.feedback(9999, true, asker)).toBe('unknown');
    expect(db.prepare('SELECT question_id, helpful, comment FROM feedback').get()).toEqual({
      question_id: id,
      helpful: 0,
      comment: 'fel, mejla mig på [e-post]',
    });
  });

  it('counts one vote per user per answer: a second vote replaces the first', () => {
    const { db, log } = setup();
    const id = log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    log.feedback(id, true, asker);
    log.feedback(id, false, asker, 'ändrade mig');
    expect(db.prepare('SELECT helpful, comment FROM feedback').all()).toEqual([{ helpful: 0, comment: 'ändrade mig' }]);
  });

  it('lets only the asker, or someone in the same conversation, vote on an answer', () => {
    const { db, log } = setup();
    const id = log.log({ ...entry, userId: 'U1', conversationId: 'C1', question: 'Vad är FVM?' });
    expect(log.feedback(id, true, { channel: 'slack', userId: 'U2', conversationId: 'C2' })).toBe('forbidden');
    expect(log.feedback(id, true, { channel: 'teams', userId: 'U1', conversationId: 'C1' })).toBe('forbidden');
    expect(log.feedback(id, true, { channel: 'slack', userId: 'U2', conversationId: 'C1' })).toBe('saved');
    expect(log.feedback(id, true, { channel: 'slack', userId: 'U1' })).toBe('saved');
    expect(db.prepare('SELECT COUNT(*) n FROM feedback').get()).toEqual({ n: 2 });
  });

  it('cuts a feedback comment after redacting it, so a personnummer at the cut leaves no part', () => {
    const { db, log } = setup();
    const id = log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    log.feedback(id, false, asker, `${'x'.repeat(1995)} 19121212-1212`);
    const { comment } = db.prepare('SELECT comment FROM feedback').get() as { comment: string };
    expect(comment).not.toMatch(/\d/);
  });

  it('purges questions and their feedback older than the retention period', () => {
    const { db, log, advance } = setup();
    const old = log.log({ ...entry, userId: 'U1', question: 'gammal' });
    log.feedback(old, true, asker);
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
    const id = log.log({ ...entry, userId: 'U1', confidence: 0.62, question: 'Vad är FVM?' });
    log.feedback(id, false, asker, 'för kort');
    const r = log.review(30, 0.75);
    expect(r.unanswered.map((g) => [g.count, g.example])).toEqual([
      [2, expect.stringMatching(/lösenord/)],
      [1, 'Vad kostar Millennium?'],
    ]);
    expect(r.lowConfidence.map((g) => g.example)).toEqual(['Vad är FVM?']);
    expect(r.negativeFeedback).toEqual([expect.objectContaining({ question: 'Vad är FVM?', comment: 'för kort' })]);
    // Every day of the period, days without questions as zero.
    expect(r.perDay).toHaveLength(30);
    expect(r.perDay.slice(-3)).toEqual([
      { day: '2026-11-25', total: 0, answered: 0 },
      { day: '2026-11-26', total: 2, answered: 0 },
      { day: '2026-11-27', total: 2, answered: 1 },
    ]);
    expect(r.notHelpful).toEqual([expect.objectContaining({ example: 'Vad är FVM?', count: 1, comments: ['för kort'] })]);
    expect(r.totals).toEqual({ questions: 4, answered: 1, helpful: 0, notHelpful: 1 });
  });

  it('exports CSV that spreadsheets read safely with either separator', () => {
    const { log } = setup();
    const id = log.log({ ...entry, userId: 'U1', question: '=HYPERLINK("x"), "citat"; och komma' });
    log.feedback(id, true, asker, 'bra;=1+1,@SUM(A1)');
    log.log({ ...entry, question: 'fråga,-2+3;+cmd|x' });
    const csv = log.exportCsv();
    expect(csv.startsWith('"id","tid","kanal"')).toBe(true);
    for (const separator of [',', ';']) {
      const rows = parseCsv(csv, separator);
      expect(rows).toHaveLength(2);
      for (const row of rows) for (const cell of row) expect(cell, `separator ${separator}`).not.toMatch(/^[=+\-@\t\r]/);
    }
    const [first] = parseCsv(csv, ',');
    expect(first).toContain(`'=HYPERLINK("x"), "citat"; och komma`);
    expect(first?.slice(-2)).toEqual(['ja', 'bra;=1+1,@SUM(A1)']);
  });

  it('keeps clinical placeholders and notices out of "Mest frågat"', () => {
    const { log } = setup();
    for (let i = 0; i < 3; i++)
      log.log({ ...entry, answered: false, kind: 'clinical', question: '[klinisk fråga – texten sparas inte]', groupKey: 'clinical' });
    log.log({ ...entry, answered: false, kind: 'too_long', question: 'x…', groupKey: 'x' });
    log.log({ ...entry, question: 'Vad är FVM?' });
    expect(log.review(30).mostAsked.map((g) => g.example)).toEqual(['Vad är FVM?']);
  });

  it('exports a Swedish-Excel CSV: semicolons, decimal comma, UTF-8 BOM', () => {
    const { log } = setup();
    log.log({ ...entry, confidence: 0.875, question: 'Vad är FVM, egentligen?' });
    const csv = log.exportCsv({ format: 'excel' });
    expect(csv.startsWith('\ufeff"id";"tid";"kanal"')).toBe(true);
    const [row] = parseCsv(csv.slice(1), ';');
    expect(row).toContain('0,875');
    expect(row).toContain('Vad är FVM, egentligen?');
    expect(log.exportCsv({ format: 'plain' })).toContain('"0.875"');
  });

  it('exports only the selected period', () => {
    const { log, advance } = setup();
    log.log({ ...entry, question: 'gammal fråga' });
    advance(10 * DAY);
    log.log({ ...entry, question: 'ny fråga' });
    expect(log.exportCsv({ days: 7 })).not.toContain('gammal fråga');
    expect(log.exportCsv({ days: 7 })).toContain('ny fråga');
    expect(log.exportCsv({ days: 30 })).toContain('gammal fråga');
  });

  it('records which entry staff chose after a question, with the vote after it, for the asker only', () => {
    const { log } = setup();
    const from = log.log({ ...entry, userId: 'U1', answered: false, kind: 'abstain', question: 'vad kostar det', groupKey: 'kost' });
    const asked = log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    expect(log.click(from, 'fvm', asked, 'suggestion', asker)).toBe('saved');
    expect(log.click(from, 'fvm', undefined, 'suggestion', { channel: 'slack', userId: 'U-annan' })).toBe('forbidden');
    expect(log.click(999, 'fvm', undefined, 'related', asker)).toBe('unknown');
    log.feedback(asked, true, asker);
    expect(log.chosenAfter(30).get('kost')).toEqual([{ entryId: 'fvm', count: 1, helpful: 1, notHelpful: 0 }]);
  });

  it('marks review groups handled or dismissed, and forgets the marks with the questions', () => {
    const { log, advance } = setup();
    log.markHandled('kost', 'dismissed');
    log.markHandled('fvm', 'phrasing', 'fvm');
    expect(log.handled().get('fvm')).toMatchObject({ action: 'phrasing', entryId: 'fvm' });
    log.unmarkHandled('fvm');
    expect([...log.handled().keys()]).toEqual(['kost']);
    advance(91 * DAY);
    log.purge(90);
    expect(log.handled().size).toBe(0);
  });

  it('lists the FAQ entries answered most often as ids and counts, never logged text', () => {
    const { log } = setup();
    for (const top of ['fvm', 'fvm', 'iva']) log.log({ ...entry, topId: top, question: 'Jag heter Anna Andersson' });
    log.log({ ...entry, answered: false, kind: 'abstain', topId: 'okänd', question: 'x' });
    expect(log.mostAnswered(30, 5)).toEqual([
      { id: 'fvm', count: 2 },
      { id: 'iva', count: 1 },
    ]);
  });
});

describe('retention', () => {
  it('leaves no byte of a purged question in the database file or its WAL (secure_delete, checkpoint)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'faktabot-purge-')), 'faktabot.db');
    const db = openDatabase(path);
    let now = Date.parse('2026-01-01T00:00:00Z');
    const log = new QuestionLog(db, { salt: 's'.repeat(32), now: () => now });
    for (let i = 0; i < 50; i++) log.log({ ...entry, question: `Hemligt namn Zebulon Quxberg nummer ${i}` });
    now += 100 * DAY;
    log.log({ ...entry, question: 'ny fråga' });
    expect(log.purge(90)).toBe(50);
    for (const f of [path, `${path}-wal`, `${path}-shm`]) expect(bytesOf(f), f).not.toContain('Quxberg');
    db.close();
    expect(bytesOf(path)).not.toContain('Quxberg');
  });
});

describe('the user-id salt', () => {
  const dbPath = () => join(mkdtempSync(join(tmpdir(), 'faktabot-salt-')), 'faktabot.db');

  it('lives in a key file beside the database with mode 0600, never in the database', () => {
    const path = dbPath();
    const db = openDatabase(path);
    const salt = resolveSalt(db, { databasePath: path });
    expect(readFileSync(saltFile(path), 'utf8').trim()).toBe(salt);
    expect(statSync(saltFile(path)).mode & 0o777).toBe(0o600);
    expect(resolveSalt(db, { databasePath: path })).toBe(salt);
    db.close();
    expect(bytesOf(path)).not.toContain(salt);
  });

  it('prefers LOG_SALT, and moves a salt an older version kept in the database out of it, keeping hashes', () => {
    const path = dbPath();
    const db = openDatabase(path);
    const old = 'a1b2'.repeat(16);
    db.prepare("INSERT INTO meta (key, value) VALUES ('user_salt', ?)").run(old);
    expect(resolveSalt(db, { databasePath: path })).toBe(old);
    expect(db.prepare("SELECT COUNT(*) n FROM meta WHERE key = 'user_salt'").get()).toEqual({ n: 0 });
    expect(readFileSync(saltFile(path), 'utf8').trim()).toBe(old);
    expect(resolveSalt(db, { databasePath: path, configured: 'from-the-environment-0123456789' })).toBe('from-the-environment-0123456789');
    for (const f of [path, `${path}-wal`]) expect(bytesOf(f), f).not.toContain(old);
    db.close();
    expect(bytesOf(path)).not.toContain(old);
  });

  it('tightens a key file that others can read', () => {
    const path = dbPath();
    const db = openDatabase(path);
    writeFileSync(saltFile(path), `${'b'.repeat(64)}\n`, { mode: 0o644 });
    const warnings: string[] = [];
    expect(resolveSalt(db, { databasePath: path, warn: (m) => warnings.push(m) })).toBe('b'.repeat(64));
    expect(statSync(saltFile(path)).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    db.close();
  });
});

function bytesOf(file: string): string {
  try {
    return readFileSync(file).toString('latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/** A small RFC 4180 reader with a chosen separator, as a spreadsheet guessing the separator would read. */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows.slice(1);
}
