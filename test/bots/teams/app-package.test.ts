import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { manifestFor, packageVersion } from '../../../bots/teams/package';
import { loadKnowledge } from '../../../src/index';
import { ROOT } from '../../helpers';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const PUBLIC = 'https://faktabot.example.se';
const PKG = join(ROOT, 'bots', 'teams', 'appPackage');
// The official Teams manifest schema, shipped in Microsoft's @microsoft/app-manifest package: validated offline.
const SCHEMA = join(
  ROOT,
  'node_modules',
  '@microsoft',
  'app-manifest',
  'build',
  'json-schemas',
  'teams',
  'v1.30',
  'MicrosoftTeams.schema.json',
);

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** Reads a zip's entries through its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.set(name, inflateRawSync(buf.subarray(dataStart, dataStart + size)));
    p += 46 + nameLen + extra;
  }
  return out;
}

describe('Teams app package', () => {
  it('has a manifest valid against the official Teams schema (offline)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    const manifest = manifestFor(APP_ID, PUBLIC);
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('declares the bot in personal, team and group chat, and the search messaging extension', () => {
    const m = manifestFor(APP_ID, PUBLIC) as {
      id: string;
      bots: { botId: string; scopes: string[] }[];
      composeExtensions: { botId: string; commands: { id: string; type: string; parameters: { name: string }[] }[] }[];
    };
    expect(m.id).toBe(APP_ID);
    expect(m.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] });
    expect(m.composeExtensions[0]!.commands[0]).toMatchObject({ id: 'searchFaq', type: 'query', parameters: [{ name: 'searchQuery' }] });
  });

  it("offers up to six prompt starters in a personal chat, from the FAQ's example questions first", () => {
    const m = manifestFor(APP_ID, PUBLIC) as {
      bots: { commandLists: { scopes: string[]; commands: { title: string; type?: string; prompt?: string }[] }[] }[];
    };
    const lists = m.bots[0]!.commandLists;
    const personal = lists.find((l) => l.scopes.includes('personal'))!;
    const prompts = personal.commands.filter((c) => c.type === 'prompt');
    expect(prompts).toHaveLength(6);
    const faq = loadKnowledge(join(ROOT, 'knowledge')).kb.faq;
    const examples = faq.filter((e) => e.example).map((e) => e.question);
    expect(examples.length).toBeGreaterThan(0);
    expect(prompts.slice(0, examples.length).map((c) => c.title)).toEqual(examples);
    for (const c of prompts) {
      expect(c.prompt).toBe(c.title);
      expect(faq.some((e) => e.question === c.title)).toBe(true);
    }
    // "hjälp" stays a command; channels and group chats keep their @mention commands without prompts.
    expect(personal.commands.map((c) => c.title)).toContain('hjälp');
    const shared = lists.find((l) => l.scopes.includes('team'))!;
    expect(shared.scopes).toEqual(['team', 'groupChat']);
    expect(shared.commands.some((c) => c.type === 'prompt')).toBe(false);
    // A separate command list per scope: no scope in two lists.
    const scopes = lists.flatMap((l) => l.scopes);
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it('takes no more than six prompt starters from a longer FAQ, and skips a question too long for a title', () => {
    const entry = (question: string, example?: true) => ({ question, ...(example ? { example } : {}) }) as never;
    const faq = [entry('a?'), entry('b?', true), entry('x'.repeat(129)), entry('c?'), entry('d?'), entry('e?'), entry('f?'), entry('g?')];
    const m = manifestFor(APP_ID, PUBLIC, undefined, undefined, faq) as {
      bots: { commandLists: { scopes: string[]; commands: { title: string; type?: string }[] }[] }[];
    };
    const prompts = m.bots[0]!.commandLists[0]!.commands.filter((c) => c.type === 'prompt').map((c) => c.title);
    expect(prompts).toEqual(['b?', 'a?', 'c?', 'd?', 'e?', 'f?']);
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon', () => {
    expect(pngSize(join(PKG, 'color.png'))).toEqual([192, 192]);
    expect(pngSize(join(PKG, 'outline.png'))).toEqual([32, 32]);
  });

  it('refuses an app id that is not a GUID', () => {
    expect(() => manifestFor('my-bot', PUBLIC)).toThrow(/must be the Azure Bot registration id/);
  });

  it('declares Swedish and links privacy and terms of use to the page the service serves, at PUBLIC_URL', () => {
    const m = manifestFor(APP_ID, `${PUBLIC}/`) as { localizationInfo: unknown; developer: Record<string, string> };
    expect(m.localizationInfo).toEqual({ defaultLanguageTag: 'sv-se' });
    expect(m.developer.privacyUrl).toBe(`${PUBLIC}/integritet`);
    expect(m.developer.termsOfUseUrl).toBe(`${PUBLIC}/integritet#villkor`);
    expect(() => manifestFor(APP_ID, 'http://faktabot.example.se')).toThrow(/must be https/);
    expect(() => manifestFor(APP_ID, '')).toThrow(/set PUBLIC_URL/);
  });

  it('npm run teams:package writes the zip a Teams admin uploads', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'faktabot-teams-')), 'app.zip');
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'bots', 'teams', 'package.js'), '--out', out], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, MicrosoftAppId: APP_ID, PUBLIC_URL: PUBLIC },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const entries = unzip(readFileSync(out));
    expect([...entries.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const packed = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(packed.bots[0].botId).toBe(APP_ID);
    expect(packed.bots[0].commandLists[0].commands.filter((c: { type?: string }) => c.type === 'prompt')).toHaveLength(6);
    expect(packed.developer.privacyUrl).toBe(`${PUBLIC}/integritet`);
    expect(entries.get('color.png')!.equals(readFileSync(join(PKG, 'color.png')))).toBe(true);
    const missing = spawnSync(process.execPath, [join(ROOT, 'dist', 'bots', 'teams', 'package.js'), '--out', out], {
      cwd: '/',
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('set MicrosoftAppId');
  });
});

describe('the manifest version', () => {
  it('is the version in package.json, so that an admin can upload an update', async () => {
    const build = manifestFor;
    expect(build('11111111-2222-3333-4444-555555555555', 'https://faktabot.example.se').version).toBe(packageVersion());
    expect(() => build('11111111-2222-3333-4444-555555555555', 'https://faktabot.example.se', undefined, '1.0')).toThrow(
      /major\.minor\.patch/,
    );
  });
});
