import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/db';
import { migrate, openStore } from '../../src/store/open';
import { freshDatabase } from '../pg/databases';
import { startService } from '../service/helpers';
import { BACKEND, onPostgres, openTestStore, skipReason, TEST_SALT } from './backends';

describe.skipIf(!!skipReason())(`the ${BACKEND} test project`, () => {
  it('opens the back end it is named for, in the stores and in the service', async () => {
    const { sql } = await openTestStore();
    expect(sql.dialect).toBe(BACKEND);
    await sql.close();
    const s = await startService({ WATCH_KNOWLEDGE: 'false' });
    try {
      expect(s.service.sql.dialect).toBe(BACKEND);
      expect((await (await fetch(`${s.url}/healthz`)).json()).dialect).toBe(BACKEND);
    } finally {
      await s.stop();
    }
  });
});

describe.skipIf(!onPostgres || !!skipReason())('PostgreSQL migrations', () => {
  it('migrates a database made by the first schema version to the newest, keeping its rows', async () => {
    // A fresh database, migrated to version 1 only.
    const fresh = await freshDatabase();
    const old = openStore({ databasePath: '', databaseUrl: fresh, logSalt: TEST_SALT }).sql;
    expect(await migrate(old, MIGRATIONS.slice(0, 1))).toBe(1);
    await old.run("INSERT INTO questions (ts, channel, question, answered, confidence) VALUES (1, 'slack', 'gammal fråga', 0, 0.1)");
    await old.run("INSERT INTO questions (ts, channel, question, answered, confidence) VALUES (2, 'teams', 'besvarad fråga', 1, 0.9)");
    await old.close();
    const store = openStore({ databasePath: '', databaseUrl: fresh, logSalt: TEST_SALT }).sql;
    expect(await migrate(store)).toBe(MIGRATIONS.length);
    expect(await store.all('SELECT question, kind, group_key, outcome, rule FROM questions ORDER BY ts')).toEqual([
      { question: 'gammal fråga', kind: 'abstain', group_key: '', outcome: 'declined', rule: null },
      { question: 'besvarad fråga', kind: 'answer', group_key: '', outcome: 'answered', rule: null },
    ]);
    // Again: nothing to do.
    expect(await migrate(store)).toBe(MIGRATIONS.length);
    await store.close();
  });

  it('migrates once when replicas start at the same moment (advisory lock)', async () => {
    const url = await freshDatabase();
    const stores = Array.from({ length: 4 }, () => openStore({ databasePath: '', databaseUrl: url, logSalt: TEST_SALT }).sql);
    expect(await Promise.all(stores.map((s) => migrate(s)))).toEqual(stores.map(() => MIGRATIONS.length));
    expect(await stores[0]?.get('SELECT COUNT(*) AS "n" FROM faktabot_schema')).toEqual({ n: MIGRATIONS.length });
    for (const s of stores) await s.close();
  });
});
