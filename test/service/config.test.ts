import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopback, loadConfig, lookalikeWarnings, meantSetting, parseDotenv } from '../../src/service/config';

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
    expect(loadConfig({ PORT: '5000', CONSOLE_TOKEN: 'a-long-console-token-for-tests' }, file)).toMatchObject({
      port: 5000,
      host: '0.0.0.0',
    });
    writeFileSync(file, 'PORT=4000\nPROT=4001\n');
    expect(() => loadConfig({}, file)).toThrow(/\.env:2: unknown setting PROT/);
  });

  it('refuses to start reachable from other machines without CONSOLE_TOKEN (a proxy without X-Forwarded-For makes every client local)', () => {
    for (const env of [{ PUBLIC_URL: 'https://faktabot.example.se' }, { HOST: '0.0.0.0' }, { HOST: '10.1.2.3' }])
      expect(() => loadConfig(env, ''), JSON.stringify(env)).toThrow(
        /CONSOLE_TOKEN or OIDC_ISSUER is required when the service is reachable/,
      );
    expect(loadConfig({ HOST: '0.0.0.0', CONSOLE_TOKEN: 'a-long-console-token-for-tests' }, '').host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: 'localhost' }, '').host).toBe('localhost');
  });

  it('takes TRUST_PROXY as IP addresses and CIDR ranges, and refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }, '').trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    for (const bad of ['proxy.example', '10.0.0.0/33', '10.0.0.1/8/2', 'loopback', '0.0.0.0/0', '::/0'])
      expect(() => loadConfig({ TRUST_PROXY: bad }, ''), bad).toThrow(/TRUST_PROXY=/);
  });

  it('takes IMPORT_ALLOWED_HOSTS as host names and IP addresses (vgregion.se by default), and refuses anything else', () => {
    expect(loadConfig({}, '').importAllowedHosts).toEqual(['vgregion.se']);
    expect(loadConfig({ IMPORT_ALLOWED_HOSTS: ' VGREGION.se, intra.example.se,10.1.2.3,[::1]' }, '').importAllowedHosts).toEqual([
      'vgregion.se',
      'intra.example.se',
      '10.1.2.3',
      '::1',
    ]);
    for (const bad of ['https://vgregion.se', 'vgregion.se/sida', '*.vgregion.se', 'vgregion.se:443'])
      expect(() => loadConfig({ IMPORT_ALLOWED_HOSTS: bad }, ''), bad).toThrow(/IMPORT_ALLOWED_HOSTS/);
  });

  it('parses quoted values and trailing comments', () => {
    expect(parseDotenv('A_B="x # y"\nPORT=1 # kommentar\n').values).toEqual({ A_B: 'x # y', PORT: '1' });
  });

  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.1.2.3', 'localhost']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['127.0.0.1.evil.example', '127.evil', 'localhost.evil.example', '128.0.0.1', '::2', ''])
      expect(isLoopback(a), a).toBe(false);
    for (const a of ['10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });

  it("names the setting a lookalike environment name was meant to be, and leaves other programs' names alone", () => {
    expect(meantSetting('MICROSOFT_APP_ID')).toBe('MicrosoftAppId');
    expect(meantSetting('microsoftapppassword')).toBe('MicrosoftAppPassword');
    expect(meantSetting('SLACK_BOT_TOKN')).toBe('SLACK_BOT_TOKEN');
    expect(meantSetting('SLACK_SIGNINGSECRET')).toBe('SLACK_SIGNING_SECRET');
    expect(meantSetting('DATABSE_PATH')).toBe('DATABASE_PATH');
    expect(meantSetting('SLAK_BOT_TOKEN')).toBe('SLACK_BOT_TOKEN');
    expect(meantSetting('log_level')).toBe('LOG_LEVEL');
    for (const other of [
      'PATH',
      'HOME',
      'HOSTNAME',
      'npm_config_cache',
      'SLACK_WEBHOOK_FOR_OTHER_APP',
      'DATABASE_URL_TEST',
      'PORT',
      'MicrosoftAppId',
    ])
      expect(meantSetting(other), other).toBeUndefined();
    expect(lookalikeWarnings({ PATH: '/bin', MICROSOFT_APP_ID: 'x', SLACK_APP_TOKN: 'y' })).toEqual([
      'MICROSOFT_APP_ID is not a Faktabot setting and is ignored; did you mean MicrosoftAppId?',
      'SLACK_APP_TOKN is not a Faktabot setting and is ignored; did you mean SLACK_APP_TOKEN?',
    ]);
    expect(loadConfig({ MICROSOFT_APP_ID: 'x' }, '').warnings).toHaveLength(1);
  });

  it('lists the Slack and Teams settings among the known .env keys, and suggests the one a typo meant', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'faktabot-env-')), '.env');
    writeFileSync(file, 'SLACK_SIGNING_SECRET=s\nSLACK_BOT_TOKN=xoxb-1\n');
    try {
      loadConfig({}, file);
      expect.unreachable('an unknown .env key must stop the start');
    } catch (e) {
      const message = (e as ConfigError).problems.join('\n');
      expect(message).toContain('.env:2: unknown setting SLACK_BOT_TOKN; did you mean SLACK_BOT_TOKEN?');
      for (const key of [
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
        'SLACK_APP_TOKEN',
        'SLACK_API_URL',
        'TEAMS_LOCAL',
        'MicrosoftAppId',
        'MicrosoftAppTenantId',
      ])
        expect(message).toContain(key);
    }
  });

  it('takes organisation sign-in whole, with an https issuer, PUBLIC_URL and a value per role, or refuses to start', () => {
    const oidc = {
      PUBLIC_URL: 'https://faktabot.example.se/',
      OIDC_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
      OIDC_CLIENT_ID: 'faktabot-client',
      OIDC_CLIENT_SECRET: 'a-client-secret-value',
    };
    const c = loadConfig(oidc, '');
    expect(c.oidc).toMatchObject({
      clientId: 'faktabot-client',
      redirectUri: 'https://faktabot.example.se/console/auth/callback',
      roleClaim: 'roles',
    });
    expect(c.oidc?.roleValues).toEqual({
      'Faktabot.Admin': 'admin',
      'Faktabot.Kommunikator': 'kommunikator',
      'Faktabot.Support': 'support',
      'Faktabot.Lasare': 'lasare',
    });
    // Reachable from elsewhere with OIDC and no token: allowed, the organisation's sign-in guards the console.
    expect(loadConfig({ ...oidc, HOST: '0.0.0.0' }, '').consoleToken).toBeUndefined();
    const refused = (env: Record<string, string>, problem: RegExp) =>
      expect(() => loadConfig(env, ''), JSON.stringify(env)).toThrow(problem);
    refused({ ...oidc, OIDC_ISSUER: 'http://login.example.se/v2.0' }, /OIDC_ISSUER=.* must be an https URL/);
    refused({ ...oidc, PUBLIC_URL: '' }, /OIDC_ISSUER needs PUBLIC_URL/);
    refused({ ...oidc, OIDC_CLIENT_SECRET: '' }, /OIDC_ISSUER needs OIDC_CLIENT_SECRET/);
    refused({ OIDC_CLIENT_ID: 'x' }, /need OIDC_ISSUER/);
    refused({ ...oidc, OIDC_ISSUER: 'https://login.microsoftonline.com/common/v2.0' }, /shared Entra issuer that admits every tenant/);
    refused({ ...oidc, OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0' }, /shared Entra issuer/);
    refused({ ...oidc, PUBLIC_URL: 'http://faktabot.example.se' }, /PUBLIC_URL=.* must be https with organisation sign-in/);
    refused({ ...oidc, OIDC_ROLE_LASARE: 'Faktabot.Support' }, /OIDC_ROLE_LASARE="Faktabot.Support" is the value of another role too/);
    try {
      loadConfig({ ...oidc, OIDC_ISSUER: 'ftp://x', OIDC_CLIENT_SECRET: 'secret-never-repeated' }, '');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-never-repeated');
    }
    // A provider on this machine may use http (tests, trials).
    expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }, '').oidc?.issuer.href).toBe('http://127.0.0.1:4000/');
  });
});
