/**
 * The documentation is kept true by the code: every relative link and picture exists, and every `#anchor` names a
 * heading of its page (outside code blocks, as GitHub renders it); the settings table in
 * docs/operations.md lists exactly the settings the code reads; every npm script and HTTP route the guides name
 * exists; the README stays a front door; no issue numbers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

const guides = [
  'README.md',
  'CHANGELOG.md',
  join('knowledge', 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Every .ts file under a folder of the repository, as repository-relative paths. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}
const code = ['src', 'bots', 'bench'].flatMap(sources);

/**
 * The settings the code reads: the keys of SETTINGS and ADAPTER_SETTINGS in src/service/config.ts, `get('NAME')`
 * there, and every `process.env.NAME`, `env.NAME` or `env['NAME']` in src/, bots/ and bench/.
 */
function settingsInCode(): Map<string, string> {
  const found = new Map<string, string>();
  const config = read(join('src', 'service', 'config.ts'));
  const block = (name: string) => {
    const m = new RegExp(`export const ${name} = [[{]([\\s\\S]*?)[\\]}] as const`).exec(config);
    if (!m) throw new Error(`src/service/config.ts has no ${name} block: the docs test must learn its new shape`);
    return m[1] as string;
  };
  for (const m of block('SETTINGS').matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*):/gm)) found.set(m[1] as string, 'config.ts SETTINGS');
  for (const m of block('ADAPTER_SETTINGS').matchAll(/'([A-Za-z_][A-Za-z0-9_]*)'/g))
    found.set(m[1] as string, 'config.ts ADAPTER_SETTINGS');
  for (const m of config.matchAll(/\bget\('([A-Za-z_][A-Za-z0-9_]*)'\)/g)) found.set(m[1] as string, 'config.ts get()');
  for (const file of code)
    for (const m of read(file).matchAll(/\benv(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\])/g))
      found.set((m[1] ?? m[2]) as string, file);
  return found;
}

/** The first column of the table under "## Settings" in docs/operations.md. */
function settingsInTable(text: string): string[] {
  const section = /^## Settings\n([\s\S]*?)(?=^## )/m.exec(text)?.[1] ?? '';
  return [...section.matchAll(/^\| `([A-Za-z_][A-Za-z0-9_]*)` \|/gm)].map((m) => m[1] as string);
}

/** Every path the service or a bot registers: Fastify's get/post/put/delete, the adapters' routes.set, ADAPTER_PATHS. */
function routesInCode(): string[] {
  const routes = new Set<string>();
  for (const file of code.filter((f) => f.startsWith(join('src', 'service')) || f.startsWith('bots'))) {
    const text = read(file);
    for (const m of text.matchAll(/\.(?:get|post|put|delete|patch|all|set)\(\s*(['"`])(\/[^'"`]*)\1/g)) routes.add(m[2] as string);
    for (const m of text.matchAll(/_PATHS = \[([^\]]*)\]/g))
      for (const p of (m[1] as string).matchAll(/'(\/[^']*)'/g)) routes.add(p[1] as string);
  }
  return [...routes];
}

/** The Slack slash commands the app declares (`/fraga`): written like paths, but not HTTP routes. */
const slashCommands = [...read(join('bots', 'slack', 'manifest.yml')).matchAll(/command: (\/\S+)/g)].map((m) => m[1] as string);

/**
 * HTTP paths a guide names: a code span that is a path (`/healthz`, `GET /metrics`, `/console/api/*`), or a path on
 * the service's own address (http://127.0.0.1:3978/console, https://<your host>/slack/events, https://…/slack/events).
 */
function routesInDocs(text: string): string[] {
  const paths: string[] = [];
  for (const m of text.matchAll(/`(?:(?:GET|POST|PUT|DELETE) )?(\/[^`\s]*)`/g)) paths.push(m[1] as string);
  for (const m of text.matchAll(/(?:127\.0\.0\.1:3978|localhost:3978|<your host>|https:\/\/…)(\/[^\s`)"'<>,]*)/g))
    paths.push(m[1] as string);
  return paths.map((p) => p.replace(/[?#].*$/, '').replace(/[.:]$/, '')).filter((p) => p !== '' && !slashCommands.includes(p));
}

function registered(path: string, routes: string[]): boolean {
  if (path.endsWith('*')) return routes.some((r) => r.startsWith(path.slice(0, -1)));
  return routes.includes(path);
}

/**
 * npm scripts a guide names: `npm run X` and `npm run --silent X` anywhere, and `npm X` (npm start, npm test) as
 * a command: in a code span, at the start of a code line or after `&&` (prose such as "the npm registry" is not one).
 */
function scriptsInDocs(text: string): string[] {
  const npmOwn = new Set([
    'install',
    'ci',
    'run',
    'exec',
    'i',
    'init',
    'audit',
    'ls',
    'pack',
    'prune',
    'publish',
    'view',
    'help',
    'version',
  ]);
  const names: string[] = [];
  for (const m of text.matchAll(/\bnpm run (?:--silent |-s )?([A-Za-z][\w:-]*\w)/g)) names.push(m[1] as string);
  for (const m of text.matchAll(/(?:^|`|&& )npm ([a-z][\w:-]*\w)/gm)) if (!npmOwn.has(m[1] as string)) names.push(m[1] as string);
  return names;
}

/** A heading as GitHub anchors it: its rendered text, lower case, punctuation dropped, spaces as hyphens. */
function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown page has: one per heading outside code blocks; a repeated heading gets -1, -2 … */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm)) {
    const slug = headingSlug(m[1] as string);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}

/** Links with an anchor (`#x`, `page.md#x`) whose page has no such heading, as "target#anchor". */
function deadAnchors(guide: string, text: string): string[] {
  const links = [...text.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]*#[^)\s]+)\)/g)].map((m) => m[1] as string);
  return links
    .filter((link) => !/^(https?:|mailto:)/.test(link))
    .filter((link) => {
      const [file, anchor] = link.split('#') as [string, string];
      const page = file ? join(dirname(guide), file) : guide;
      return !existsSync(join(ROOT, page)) || !anchorsOf(read(page)).has(decodeURIComponent(anchor));
    });
}

describe('documentation links', () => {
  let anchored = 0;
  let checked = 0;
  it('has the guides', () => {
    expect(guides).toEqual(
      expect.arrayContaining(
        ['operations', 'security', 'support-desk', 'design', 'evaluation', 'slack', 'teams'].map((g) => join('docs', `${g}.md`)),
      ),
    );
  });

  for (const guide of guides)
    it(`${guide}: every relative link and picture exists`, () => {
      const text = read(guide).replace(/```[\s\S]*?```/g, '');
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1] as string)
        .filter((t) => !/^(https?:|mailto:|#)/.test(t))
        .map((t) => t.split('#')[0] as string);
      checked += targets.length;
      const missing = targets.filter((t) => !existsSync(join(ROOT, dirname(guide), t)));
      expect(missing).toEqual([]);
    });

  for (const guide of guides)
    it(`${guide}: every #anchor names a heading of its page`, () => {
      anchored += [...read(guide).matchAll(/\]\([^)\s]*#[^)\s]+\)/g)].length;
      expect(deadAnchors(guide, read(guide))).toEqual([]);
    });

  // The patterns above found the links: the guides have many (pictures, code references, anchors).
  it('found the links it checked', () => {
    expect(checked).toBeGreaterThan(20);
    expect(anchored).toBeGreaterThan(20);
  });

  it('an anchor to a heading that is not there, or only inside a code block, is caught', () => {
    expect(anchorsOf('# Design\n## Code map\n## Code map\n```\n## In a block\n```\n')).toEqual(
      new Set(['design', 'code-map', 'code-map-1']),
    );
    expect(headingSlug('Organisation sign-in (Entra ID)')).toBe('organisation-sign-in-entra-id');
    expect(headingSlug('6. Set the support desk channel')).toBe('6-set-the-support-desk-channel');
    expect(deadAnchors(join('docs', 'design.md'), '[a](#no-such-heading) [b](security.md#who-can-reach-what)')).toEqual([
      '#no-such-heading',
    ]);
  });
});

describe('documentation against the code', () => {
  const operations = read(join('docs', 'operations.md'));

  it('the settings table in docs/operations.md lists every setting the code reads, and nothing else', () => {
    const inCode = settingsInCode();
    const inTable = settingsInTable(operations);
    // The extraction found the settings it must: a broken pattern would make the comparison pass on nothing.
    expect([...inCode.keys()]).toEqual(
      expect.arrayContaining(['PORT', 'CONSOLE_TOKEN', 'SLACK_BOT_TOKEN', 'MicrosoftAppId', 'TEAMS_LOCAL']),
    );
    const missing = [...inCode].filter(([name]) => !inTable.includes(name)).map(([name, file]) => `${name} (read in ${file})`);
    expect(missing, 'settings the code reads that docs/operations.md "## Settings" does not list').toEqual([]);
    expect(
      inTable.filter((name) => !inCode.has(name)),
      'settings in the table that the code does not read',
    ).toEqual([]);
    expect(
      inTable.filter((name, i) => inTable.indexOf(name) !== i),
      'settings listed twice',
    ).toEqual([]);
  });

  it('the settings check fails when a row is missing', () => {
    const withoutPort = operations.replace(/^\| `PORT` \|.*\n/m, '');
    expect(withoutPort).not.toBe(operations);
    expect(settingsInTable(withoutPort)).not.toContain('PORT');
    expect(settingsInCode().has('PORT')).toBe(true);
  });

  it('every npm script the guides name is in package.json', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const named = guides.flatMap((g) => scriptsInDocs(read(g)).map((s) => ({ guide: g, script: s })));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((n) => !scripts.includes(n.script))).toEqual([]);
  });

  it('every HTTP route the guides name is registered in src/service/ or bots/', () => {
    const routes = routesInCode();
    expect(routes).toEqual(expect.arrayContaining(['/healthz', '/metrics', '/console', '/integritet', '/slack/events', '/api/messages']));
    const named = guides.flatMap((g) => routesInDocs(read(g)).map((path) => ({ guide: g, path })));
    expect(named.map((n) => n.path)).toEqual(expect.arrayContaining(['/healthz', '/console', '/slack/events', '/api/messages']));
    expect(named.filter((n) => !registered(n.path, routes))).toEqual([]);
  });

  it('a route the code does not register is caught', () => {
    expect(routesInDocs('probe `GET /readyz` or http://127.0.0.1:3978/status')).toEqual(['/readyz', '/status']);
    expect(registered('/readyz', routesInCode())).toBe(false);
  });
});

describe('documentation shape', () => {
  it('README.md is a front door: at most 15,000 characters', () => {
    expect(read('README.md').length).toBeLessThanOrEqual(15_000);
  });

  it('no issue numbers (#12) in the README, the guides, the knowledge guide or the changelog', () => {
    for (const guide of guides) {
      // Link targets may carry heading anchors such as (slack.md#6-set-the-support-desk-channel).
      const text = read(guide).replace(/\]\([^)]*\)/g, '](…)');
      const refs = [...text.matchAll(/(?<![\w&/])#\d+\b/g)].map((m) => m[0]);
      expect(refs, relative(ROOT, join(ROOT, guide))).toEqual([]);
    }
  });
});
