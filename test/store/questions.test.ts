import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db';
import { openStore } from '../../src/store/open';
import { QuestionLog } from '../../src/store/questions';
import { resolveSalt, saltFile } from '../../src/store/salt';
import { Sealer } from '../../src/store/seal';
import { type Sql, SqliteSql } from '../../src/store/sql';
import { TicketStore } from '../../src/store/tickets';
import { realEngine } from '../helpers';
import { BACKEND, onPostgres, openTestStore, skipReason } from './backends';

const DAY = 86_400_000;

const opened: Sql[] = [];
afterEach(async () => {
  for (const sql of opened.splice(0)) await sql.close();
});

async function setup(start = Date.parse('2026-11-26T10:00:00Z')) {
  let now = start;
  const { sql } = await openTestStore();
  opened.push(sql);
  const log = new QuestionLog(sql, { salt: 'test-salt', now: () => now });
  return { sql, log, advance: (ms: number) => (now += ms) };
}

const entry = { channel: 'slack' as const, answered: true, kind: 'answer', confidence: 0.9, topId: 'fvm', groupKey: 'fvm' };
const asker = { channel: 'slack' as const, userId: 'U1' };

describe.skipIf(!!skipReason())(`question log (${BACKEND})`, () => {
  it('stores the question redacted and the user id only as a salted hash', async () => {
    const { sql, log } = await setup();
    await log.log({ ...entry, userId: 'U123ABC', question: 'Jag heter Anna, 19850312-1234, ring 070-123 45 67' });
    const row = (await sql.get('SELECT * FROM questions')) as Record<string, unknown>;
    expect(row.question).toBe('Jag heter [namn], [personnummer], ring [telefon]');
    expect(row.user_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain('U123ABC');
    expect(row.user_hash).toBe(log.hashUser('slack', 'U123ABC'));
    expect(new QuestionLog(sql, { salt: 'other' }).hashUser('slack', 'U123ABC')).not.toBe(row.user_hash);
  });

  it("stores no name nothing marks, once the engine has loaded the knowledge's words", async () => {
    // The engine gives redaction the knowledge's vocabulary when it is built, as the service does at start.
    realEngine();
    const { sql, log } = await setup();
    const asked = [
      'Har Gunvald Brännström fått behörighet till Millennium?',
      'Gunvald Brännström undrar om FVM gäller Östra',
      'Gäller det LINDQVIST, KARIN också?',
      'Kan K. Lindqvist se journalen? Fråga dr Lindqvist, Dr. Brännström eller ssk Lindqvist',
      'Vad är FVM? mvh gunvald brännström 🙂',
      'Vad är FVM? /gunvald 🙂',
      'Vad är FVM? hälsningar ingrid fjällström 🙂',
      'Det skrevs av Gunvald von Brännström och Gunvald av Brännström',
    ];
    for (const question of asked) await log.log({ ...entry, userId: 'U1', question });
    const stored = ((await sql.all('SELECT question FROM questions')) as { question: string }[]).map((r) => r.question).join('\n');
    expect(stored.match(/\[namn\]/g)?.length).toBeGreaterThanOrEqual(asked.length);
    expect(stored).not.toMatch(/gunvald|brännström|lindqvist|karin|fjällström|ingrid/i);
    expect(stored).toContain('Millennium');
  });

  it('links feedback to the answer and redacts its comment', async () => {
    const { sql, log } = await setup();
    const id = await log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    expect(await log.feedback(id, false, asker, 'fel, mejla mig på a@b.se')).toBe('saved');
    expect(await log.feedback(9999, true, asker)).toBe('unknown');
    expect(await sql.get('SELECT question_id, helpful, comment FROM feedback')).toEqual({
      question_id: id,
      helpful: 0,
      comment: 'fel, mejla mig på [e-post]',
    });
  });

  it('counts one vote per user per answer: a second vote replaces the first', async () => {
    const { sql, log } = await setup();
    const id = await log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    await log.feedback(id, true, asker);
    await log.feedback(id, false, asker, 'ändrade mig');
    expect(await sql.all('SELECT helpful, comment FROM feedback')).toEqual([{ helpful: 0, comment: 'ändrade mig' }]);
  });

  it('lets only the asker, or someone in the same conversation, vote on an answer', async () => {
    const { sql, log } = await setup();
    const id = await log.log({ ...entry, userId: 'U1', conversationId: 'C1', question: 'Vad är FVM?' });
    expect(await log.feedback(id, true, { channel: 'slack', userId: 'U2', conversationId: 'C2' })).toBe('forbidden');
    expect(await log.feedback(id, true, { channel: 'teams', userId: 'U1', conversationId: 'C1' })).toBe('forbidden');
    expect(await log.feedback(id, true, { channel: 'slack', userId: 'U2', conversationId: 'C1' })).toBe('saved');
    expect(await log.feedback(id, true, { channel: 'slack', userId: 'U1' })).toBe('saved');
    expect(await sql.get('SELECT COUNT(*) n FROM feedback')).toEqual({ n: 2 });
  });

  it('cuts a feedback comment after redacting it, so a personnummer at the cut leaves no part', async () => {
    const { sql, log } = await setup();
    const id = await log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    await log.feedback(id, false, asker, `${'x'.repeat(1995)} 19121212-1212`);
    const { comment } = (await sql.get('SELECT comment FROM feedback')) as { comment: string };
    expect(comment).not.toMatch(/\d/);
  });

  it('purges questions and their feedback older than the retention period', async () => {
    const { sql, log, advance } = await setup();
    const old = await log.log({ ...entry, userId: 'U1', question: 'gammal' });
    await log.feedback(old, true, asker);
    advance(91 * DAY);
    await log.log({ ...entry, question: 'ny' });
    expect(await log.purge(90)).toBe(1);
    expect(await sql.all('SELECT question FROM questions')).toEqual([{ question: 'ny' }]);
    expect(await sql.get('SELECT COUNT(*) n FROM feedback')).toEqual({ n: 0 });
  });

  it('groups similar unanswered questions with counts for review', async () => {
    const { log, advance } = await setup();
    for (const q of ['Hur byter jag lösenord?', 'hur byter jag lösenordet'])
      await log.log({ ...entry, answered: false, kind: 'abstain', confidence: 0.1, question: q, groupKey: 'byt lösenord' });
    advance(DAY);
    await log.log({
      ...entry,
      answered: false,
      kind: 'abstain',
      confidence: 0.2,
      question: 'Vad kostar Millennium?',
      groupKey: 'kost millennium',
    });
    const id = await log.log({ ...entry, userId: 'U1', confidence: 0.62, question: 'Vad är FVM?' });
    await log.feedback(id, false, asker, 'för kort');
    const r = await log.review(30, 0.75);
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

  it('exports CSV that spreadsheets read safely with either separator', async () => {
    const { log } = await setup();
    const id = await log.log({ ...entry, userId: 'U1', question: '=HYPERLINK("x"), "citat"; och komma' });
    await log.feedback(id, true, asker, 'bra;=1+1,@SUM(A1)');
    await log.log({ ...entry, question: 'fråga,-2+3;+cmd|x' });
    const csv = await log.exportCsv();
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

  it('keeps clinical placeholders and notices out of "Mest frågat"', async () => {
    const { log } = await setup();
    for (let i = 0; i < 3; i++)
      await log.log({
        ...entry,
        answered: false,
        kind: 'clinical',
        question: '[klinisk fråga – texten sparas inte]',
        groupKey: 'clinical',
      });
    await log.log({ ...entry, answered: false, kind: 'too_long', question: 'x…', groupKey: 'x' });
    await log.log({ ...entry, question: 'Vad är FVM?' });
    expect((await log.review(30)).mostAsked.map((g) => g.example)).toEqual(['Vad är FVM?']);
  });

  it('exports a Swedish-Excel CSV: semicolons, decimal comma, UTF-8 BOM', async () => {
    const { log } = await setup();
    await log.log({ ...entry, confidence: 0.875, question: 'Vad är FVM, egentligen?' });
    const csv = await log.exportCsv({ format: 'excel' });
    expect(csv.startsWith('\ufeff"id";"tid";"kanal"')).toBe(true);
    const [row] = parseCsv(csv.slice(1), ';');
    expect(row).toContain('0,875');
    expect(row).toContain('Vad är FVM, egentligen?');
    expect(await log.exportCsv({ format: 'plain' })).toContain('"0.875"');
  });

  it('exports only the selected period', async () => {
    const { log, advance } = await setup();
    await log.log({ ...entry, question: 'gammal fråga' });
    advance(10 * DAY);
    await log.log({ ...entry, question: 'ny fråga' });
    expect(await log.exportCsv({ days: 7 })).not.toContain('gammal fråga');
    expect(await log.exportCsv({ days: 7 })).toContain('ny fråga');
    expect(await log.exportCsv({ days: 30 })).toContain('gammal fråga');
  });

  it('records which entry staff chose after a question, with the vote after it, for the asker only', async () => {
    const { log } = await setup();
    const from = await log.log({ ...entry, userId: 'U1', answered: false, kind: 'abstain', question: 'vad kostar det', groupKey: 'kost' });
    const asked = await log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    expect(await log.click(from, 'fvm', asked, 'suggestion', asker)).toBe('saved');
    expect(await log.click(from, 'fvm', undefined, 'suggestion', { channel: 'slack', userId: 'U-annan' })).toBe('forbidden');
    expect(await log.click(999, 'fvm', undefined, 'related', asker)).toBe('unknown');
    await log.feedback(asked, true, asker);
    expect((await log.chosenAfter(30)).get('kost')).toEqual([{ entryId: 'fvm', count: 1, helpful: 1, notHelpful: 0 }]);
  });

  it("stores each question's outcome and the rule that settled it, and exports them", async () => {
    const { sql, log } = await setup();
    await log.log({ ...entry, question: 'Vad är FVM?', outcome: 'answered', rule: 'best-candidate' });
    await log.log({ ...entry, question: 'vad ska vi använda', outcome: 'interpreted', rule: 'threshold', topId: 'upphandling' });
    await log.log({ ...entry, answered: false, kind: 'abstain', question: 'vad kostar det', outcome: 'declined', rule: 'threshold' });
    // A caller that gives no outcome: a plain answer or a decline, by `answered`.
    await log.log({ ...entry, answered: false, kind: 'abstain', question: 'x' });
    expect(await sql.all('SELECT outcome, rule FROM questions ORDER BY id')).toEqual([
      { outcome: 'answered', rule: 'best-candidate' },
      { outcome: 'interpreted', rule: 'threshold' },
      { outcome: 'declined', rule: 'threshold' },
      { outcome: 'declined', rule: null },
    ]);
    const rows = parseCsv(await log.exportCsv(), ',');
    const header = parseCsv(await log.exportCsv(), ',', true)[0] as string[];
    expect(header.slice(5, 9)).toEqual(['besvarad', 'utfall', 'regel', 'typ']);
    expect(rows.map((r) => r.slice(5, 8))).toEqual([
      ['ja', 'svar', 'best-candidate'],
      ['ja', 'tolkat svar', 'threshold'],
      ['nej', 'inget svar', 'threshold'],
      ['nej', 'inget svar', ''],
    ]);
  });

  it('lists interpreted answers that got 👎 or a click on another suggestion, grouped, with what staff chose instead', async () => {
    const { log } = await setup();
    const interpreted = { ...entry, outcome: 'interpreted' as const, rule: 'threshold', topId: 'upphandling', groupKey: 'använd istället' };
    const down = await log.log({ ...interpreted, userId: 'U1', confidence: 0.4, question: 'vad ska vi använda istället' });
    await log.feedback(down, false, asker);
    const clicked = await log.log({ ...interpreted, userId: 'U1', confidence: 0.5, question: 'vad använder vi istället' });
    const asked = await log.log({ ...entry, userId: 'U1', question: 'Ska VGR köpa ett nytt IT-system?' });
    await log.click(clicked, 'nytt-system-istallet', asked, 'suggestion', asker);
    // Not listed: an interpretation staff took (👍, or no signal), and a plain answer with 👎.
    const liked = await log.log({ ...interpreted, userId: 'U1', question: 'vad ska vi ha istället' });
    await log.feedback(liked, true, asker);
    await log.log({ ...interpreted, question: 'vad kör vi med istället' });
    const plain = await log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?', outcome: 'answered' });
    await log.feedback(plain, false, asker);
    // Another group, interpreted as a section, with 👎 only.
    const other = await log.log({ ...interpreted, userId: 'U1', topId: 'laget-iva-anestesi', groupKey: 'läge', question: 'hur är läget' });
    await log.feedback(other, false, asker);
    const r = await log.review(30);
    expect(r.interpreted).toEqual([
      {
        groupKey: 'använd istället',
        example: 'vad använder vi istället',
        count: 2,
        lastTs: expect.any(Number),
        maxConfidence: 0.5,
        interpretedAs: ['upphandling'],
        notHelpful: 1,
        choseInstead: [{ entryId: 'nytt-system-istallet', count: 1 }],
      },
      expect.objectContaining({ groupKey: 'läge', count: 1, interpretedAs: ['laget-iva-anestesi'], notHelpful: 1, choseInstead: [] }),
    ]);
  });

  it('marks review groups handled or dismissed, and forgets the marks with the questions', async () => {
    const { log, advance } = await setup();
    await log.log({ ...entry, question: 'vad kostar det', groupKey: 'kost' });
    await log.log({ ...entry, question: 'Vad är FVM?', groupKey: 'fvm' });
    expect(await log.markHandled('kost', 'dismissed')).toBe(true);
    expect(await log.markHandled('fvm', 'phrasing', 'fvm')).toBe(true);
    expect((await log.handled()).get('fvm')).toMatchObject({ action: 'phrasing', entryId: 'fvm' });
    await log.unmarkHandled('fvm');
    expect([...(await log.handled()).keys()]).toEqual(['kost']);
    advance(91 * DAY);
    await log.purge(90);
    expect((await log.handled()).size).toBe(0);
  });

  it('stores a review mark only for a group the log holds, so a client cannot store text of its own (a personnummer)', async () => {
    const { log } = await setup();
    expect(await log.markHandled('19791231-9876 anna svensson', 'dismissed')).toBe(false);
    expect((await log.handled()).size).toBe(0);
  });

  it("leaves the console's own test questions out of the review, the most asked, the figures and the CSV, and redacts them", async () => {
    const { sql, log } = await setup();
    const staff = await log.log({ ...entry, userId: 'U1', question: 'Vad är FVM?' });
    await log.feedback(staff, false, asker, 'oklart');
    const console = { channel: 'console' as const, userId: 'console' };
    for (let i = 0; i < 12; i++) {
      const id = await log.log({
        ...console,
        answered: false,
        kind: 'abstain',
        confidence: 0.2,
        groupKey: 'test',
        question: `Testfråga ${i}, ring 070-123 45 67`,
      });
      await log.feedback(id, false, console, 'mitt eget test');
      await log.click(id, 'fvm', undefined, 'suggestion', console);
    }
    await log.log({ ...entry, ...console, question: 'Vad är FVM? (test)' });
    await log
      .log({
        ...console,
        channel: 'console',
        answered: true,
        outcome: 'interpreted',
        kind: 'answer',
        confidence: 0.6,
        topId: 'fvm',
        groupKey: 'tolkad',
        question: 'fvm test',
      })
      .then((id) => log.feedback(id, false, console));

    const review = await log.review(7);
    expect(review.totals).toEqual({ questions: 1, answered: 1, helpful: 0, notHelpful: 1 });
    expect(review.perDay.reduce((n, d) => n + d.total, 0)).toBe(1);
    expect(review.unanswered).toEqual([]);
    expect(review.lowConfidence).toEqual([]);
    expect(review.interpreted).toEqual([]);
    expect(review.mostAsked.map((g) => [g.example, g.count])).toEqual([['Vad är FVM?', 1]]);
    expect(review.notHelpful.map((g) => g.example)).toEqual(['Vad är FVM?']);
    expect(review.negativeFeedback.map((f) => f.comment)).toEqual(['oklart']);
    expect(await log.chosenAfter(7)).toEqual(new Map());
    expect(await log.mostAnswered(7)).toEqual([{ id: 'fvm', count: 1 }]);
    const csv = await log.exportCsv();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).not.toContain('Testfråga');
    // Stored as any question: redacted.
    const stored = await sql.all<{ question: string }>("SELECT question FROM questions WHERE channel = 'console' ORDER BY id LIMIT 1");
    expect(stored).toEqual([{ question: 'Testfråga 0, ring [telefon]' }]);
  });

  it('lists the FAQ entries answered most often as ids and counts, never logged text', async () => {
    const { log } = await setup();
    for (const top of ['fvm', 'fvm', 'iva']) await log.log({ ...entry, topId: top, question: 'Jag heter Anna Andersson' });
    await log.log({ ...entry, answered: false, kind: 'abstain', topId: 'okänd', question: 'x' });
    expect(await log.mostAnswered(30, 5)).toEqual([
      { id: 'fvm', count: 2 },
      { id: 'iva', count: 1 },
    ]);
  });
});

describe.skipIf(onPostgres)('retention (SQLite file)', () => {
  it('leaves no byte of a purged question in the database file or its WAL (secure_delete, checkpoint)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'faktabot-purge-')), 'faktabot.db');
    const db = openDatabase(path);
    const sql = new SqliteSql(db);
    let now = Date.parse('2026-01-01T00:00:00Z');
    const log = new QuestionLog(sql, { salt: 's'.repeat(32), now: () => now });
    for (let i = 0; i < 50; i++) await log.log({ ...entry, question: `Hemligt namn Zebulon Quxberg nummer ${i}` });
    now += 100 * DAY;
    await log.log({ ...entry, question: 'ny fråga' });
    expect(await log.purge(90)).toBe(50);
    await sql.afterPurge();
    for (const f of [path, `${path}-wal`, `${path}-shm`]) expect(bytesOf(f), f).not.toContain('Quxberg');
    db.close();
    expect(bytesOf(path)).not.toContain('Quxberg');
  });
});

describe.skipIf(onPostgres)('the user-id salt (SQLite key file)', () => {
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

  it('seals the desk answer as sent, unredacted, with the key file: moved to LOG_SALT, no key file lies beside the database', async () => {
    const path = dbPath();
    const desk = { platform: 'slack' as const, userId: 'UDESK', name: 'Bo' };
    const first = openStore({ databasePath: path });
    const tickets = new TicketStore(first.sql, new Sealer(first.salt), first.salt);
    const id = await tickets.create({
      channel: 'slack',
      question: 'Vem?',
      context: '',
      botReply: '',
      asker: { ...desk, address: {} },
      desk: 'x',
    });
    await tickets.transition(id, 'answered', desk, 'Ring mig på 070-123 45 67.');
    const t = await tickets.get(id);
    // The plain column is redacted; the sealed one keeps what the asker was sent.
    expect(t?.answer).not.toContain('070-123 45 67');
    expect(t?.sentAnswer).toBe('Ring mig på 070-123 45 67.');
    await first.sql.close();
    // Keeping the key elsewhere: its content becomes LOG_SALT, the file goes; sealed fields still open.
    const salt = readFileSync(saltFile(path), 'utf8').trim();
    rmSync(saltFile(path));
    const moved = openStore({ databasePath: path, logSalt: salt });
    expect(existsSync(saltFile(path))).toBe(false);
    expect((await new TicketStore(moved.sql, new Sealer(moved.salt), moved.salt).get(id))?.sentAnswer).toBe('Ring mig på 070-123 45 67.');
    await moved.sql.close();
    // Without the key the database alone does not open them.
    const other = openStore({ databasePath: path, logSalt: 'another-salt-0123456789abcdef0123456789' });
    expect((await new TicketStore(other.sql, new Sealer(other.salt), other.salt).get(id))?.sentAnswer).toBeNull();
    await other.sql.close();
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

/**
 * A small RFC 4180 reader with a chosen separator, as a spreadsheet guessing the separator would read: the rows,
 * without the header unless `withHeader`.
 */
function parseCsv(text: string, separator: string, withHeader = false): string[][] {
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
  return withHeader ? rows : rows.slice(1);
}
