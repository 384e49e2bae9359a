import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database = require('better-sqlite3');

import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, openDatabase } from '../../src/store/db';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'faktabot-db-')), 'nested', 'faktabot.db');

describe('database', () => {
  it('creates the file and its folder, in WAL mode, at the latest schema version', () => {
    const db = openDatabase(tmp());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('migrates a file made by the first schema version, keeping its rows', () => {
    const path = tmp();
    openDatabase(path).close(); // makes the folder
    const old = new Database(path.replace('faktabot.db', 'old.db'));
    migrate(old, MIGRATIONS.slice(0, 1));
    old
      .prepare('INSERT INTO questions (ts, channel, question, answered, confidence) VALUES (1, ?, ?, 0, 0.1)')
      .run('slack', 'gammal fråga');
    old
      .prepare('INSERT INTO questions (ts, channel, question, answered, confidence) VALUES (2, ?, ?, 1, 0.9)')
      .run('teams', 'besvarad fråga');
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.close();

    const db = openDatabase(path.replace('faktabot.db', 'old.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const rows = db.prepare('SELECT question, kind, group_key, outcome, rule FROM questions ORDER BY ts').all();
    // Rows from before interpretations: plain answers or declines, by rule unknown.
    expect(rows).toEqual([
      { question: 'gammal fråga', kind: 'abstain', group_key: '', outcome: 'declined', rule: null },
      { question: 'besvarad fråga', kind: 'answer', group_key: '', outcome: 'answered', rule: null },
    ]);
    db.close();
  });

  it('opening twice does not migrate twice', () => {
    const path = tmp();
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    db.close();
  });
});
