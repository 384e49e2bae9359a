import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopback, loadConfig, parseDotenv } from '../../src/service/config';

describe('config', () => {
  it('runs on embedded defaults with no settings at all', () => {
    const c = loadConfig({}, '');
    expect(c).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      databasePath: './data/faktabot.db',
      logRetentionDays: 90,
      reviewAfterDays: 180,
      consoleToken: undefined,
    });
  });

  it('stops on malformed values, naming each one', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_RETENTION_DAYS: '0', CONSOLE_TOKEN: 'short', LOG_LEVEL: 'loud' }, '');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const key of ['PORT="abc"', 'LOG_RETENTION_DAYS="0"', 'CONSOLE_TOKEN', 'LOG_LEVEL="loud"']) expect(problems).toContain(key);
    }
  });

  it('reads .env, lets the environment win, and rejects unknown keys with file:line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faktabot-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# kommentar\nPORT=4000\nHOST="0.0.0.0"\nSLACK_BOT_TOKEN=xoxb-1\n');
    expect(loadConfig({ PORT: '5000' }, file)).toMatchObject({ port: 5000, host: '0.0.0.0' });
    writeFileSync(file, 'PORT=4000\nPROT=4001\n');
    expect(() => loadConfig({}, file)).toThrow(/\.env:2: unknown setting PROT/);
  });

  it('parses quoted values and trailing comments', () => {
    expect(parseDotenv('A_B="x # y"\nPORT=1 # kommentar\n').values).toEqual({ A_B: 'x # y', PORT: '1' });
  });

  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.1.2.3']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });
});
