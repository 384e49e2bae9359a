/**
 * `npm run teams:package`: writes the zip a Teams admin uploads (manifest.json, color.png, outline.png), with the
 * Azure Bot registration id (MicrosoftAppId) and the service's public https address (PUBLIC_URL, for the privacy and
 * terms-of-use page /integritet) filled in, both from the environment or .env, and the prompt starters of a personal
 * chat taken from the FAQ (KNOWLEDGE_DIR).
 *   node dist/bots/teams/package.js [--out FILE]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { type KnowledgeBase, loadKnowledge, repoRoot } from '../../src/index';
import { loadConfig } from '../../src/service/main';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The version in package.json: the Teams app's version. */
export function packageVersion(): string {
  return String((JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '');
}

/** Teams shows at most six prompt starters above the message box of a personal chat. */
export const MAX_PROMPT_STARTERS = 6;
/** The manifest schema's limit on a command's title. */
const MAX_COMMAND_TITLE = 128;

/**
 * The prompt starters of a personal chat: the FAQ's example questions (`example: true`, the ones communicators mark
 * as most asked), then its first questions in file order, at most six, each as a prompt that asks it.
 */
export function promptStarters(faq: KnowledgeBase['faq']): { title: string; description: string; type: 'prompt'; prompt: string }[] {
  const questions = [...faq.filter((e) => e.example), ...faq.filter((e) => !e.example)]
    .map((e) => e.question)
    .filter((q) => q.length <= MAX_COMMAND_TITLE);
  return [...new Set(questions)]
    .slice(0, MAX_PROMPT_STARTERS)
    .map((question) => ({ title: question, description: 'Fråga Faktabot', type: 'prompt', prompt: question }));
}

/** The FAQ of the knowledge folder (the service's KNOWLEDGE_DIR; the repository's by default). */
function faqOf(dir = join(repoRoot(), 'knowledge')): KnowledgeBase['faq'] {
  return loadKnowledge(dir).kb.faq;
}

/**
 * The manifest with the app id, the public address and the version filled in, and the prompt starters from `faq`
 * added to the personal chat's commands.
 */
export function manifestFor(
  appId: string,
  publicUrl: string,
  template = readFileSync(join(repoRoot(), 'bots', 'teams', 'appPackage', 'manifest.json'), 'utf8'),
  version = packageVersion(),
  faq: KnowledgeBase['faq'] = faqOf(),
): Record<string, unknown> {
  if (!/^\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(version))
    throw new Error(`teams:package: the version in package.json must be major.minor.patch (Teams requires it), got "${version}"`);
  if (!GUID.test(appId)) throw new Error(`teams:package: MicrosoftAppId must be the Azure Bot registration id (a GUID), got "${appId}"`);
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(
      'teams:package: set PUBLIC_URL to the https address of the service, e.g. https://faktabot.vgregion.se (Teams links its privacy page there)',
    );
  }
  if (url.protocol !== 'https:') throw new Error(`teams:package: PUBLIC_URL must be https (Teams requires it), got "${publicUrl}"`);
  const base = url.href.replace(/\/$/, '');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${{…}} are the manifest template's own placeholders, not JS templates
  const manifest = JSON.parse(template.split('${{MICROSOFT_APP_ID}}').join(appId).split('${{PUBLIC_URL}}').join(base)) as Record<
    string,
    unknown
  >;
  const bots = (manifest.bots ?? []) as { scopes?: string[]; commandLists?: { scopes: string[]; commands: unknown[] }[] }[];
  for (const list of bots.flatMap((b) => b.commandLists ?? []))
    if (list.scopes.includes('personal')) list.commands = [...promptStarters(faq), ...list.commands];
  // Teams takes an upload as an update only with a higher version: the app's version is the package's.
  return { ...manifest, version };
}

/** A minimal zip (deflate) writer: local headers, central directory, end record. */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const packed = deflateRawSync(f.data);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export function buildPackage(appId: string, publicUrl: string, out: string, knowledgeDir?: string): string {
  const dir = join(repoRoot(), 'bots', 'teams', 'appPackage');
  const manifest = manifestFor(appId, publicUrl, undefined, undefined, faqOf(knowledgeDir));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    zip([
      { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
      { name: 'color.png', data: readFileSync(join(dir, 'color.png')) },
      { name: 'outline.png', data: readFileSync(join(dir, 'outline.png')) },
    ]),
  );
  return out;
}

if (require.main === module) {
  try {
    const i = process.argv.indexOf('--out');
    const out = i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : join(repoRoot(), 'dist', 'teams', 'faktabot-teams.zip');
    const config = loadConfig(process.env, '.env', { serving: false });
    const appId = config.adapterEnv.MicrosoftAppId;
    if (!appId) throw new Error('teams:package: set MicrosoftAppId (the Azure Bot registration id) in the environment or .env first');
    process.stdout.write(`wrote ${buildPackage(appId, config.publicUrl?.href ?? '', out, config.knowledgeDir)}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
