/**
 * The chat adapters' boundaries, read from the source with the TypeScript compiler: bots/ reach src/ only through
 * src/index.ts (the public surface, the chat port among it) and src/service/main.ts (the start-up wiring); Slack's
 * packages stay in bots/slack/ and botbuilder in bots/teams/, and src/ imports neither, nor bots/; and no function
 * in bots/ is longer than 120 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers';

const MAX_FUNCTION_LINES = 120;
/** The modules of src/ that bots/ may import, without their extension. */
const BOT_ENTRIES = new Set(['src/index', 'src/service/main']);

/** Every .ts file under a folder of the repository, as a path from the root. */
function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const parse = (file: string, text = readFileSync(join(ROOT, file), 'utf8')) =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

/** What a file imports: module specifiers of imports, re-exports, `import x = require()`, `require()` and `import()`. */
function importsOf(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      found.push(node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) found.push(e.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0] as ts.Node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require'))
        found.push((node.arguments[0] as ts.StringLiteralLike).text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A relative import as a path from the root without extension ("src/service/main"); a package name as it is. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(ROOT, resolve(ROOT, dirname(file), specifier))
    .replace(/\.(ts|js)$/, '')
    .split('\\')
    .join('/');
}

/** The imports of bots/ files that reach src/ other than through the public surface and the wiring module. */
function reachIns(files: { file: string; source: ts.SourceFile }[]): string[] {
  return files.flatMap(({ file, source }) =>
    importsOf(source)
      .map((s) => target(file, s))
      .filter((t) => t.startsWith('src/') && !BOT_ENTRIES.has(t) && !BOT_ENTRIES.has(`${t}/index`))
      .map((t) => `${file} imports ${t}`),
  );
}

/** Functions, methods, accessors and constructors longer than the limit, with where they start. */
function longFunctions(file: string, source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      const name = 'name' in node && node.name ? node.name.getText(source) : '(anonymous)';
      if (lines > MAX_FUNCTION_LINES) found.push(`${file}:${start + 1} ${name} is ${lines} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Imports of a platform's packages outside the folder that may hold them. */
function platformLeaks(files: { file: string; source: ts.SourceFile }[]): string[] {
  const home = (specifier: string) =>
    specifier.startsWith('@slack/')
      ? 'bots/slack/'
      : specifier === 'botbuilder' || specifier.startsWith('botbuilder-')
        ? 'bots/teams/'
        : undefined;
  return files.flatMap(({ file, source }) =>
    importsOf(source).flatMap((s) => {
      const allowed = home(s);
      if (allowed && !file.startsWith(allowed)) return [`${file} imports ${s}`];
      if (file.startsWith('src/') && target(file, s).startsWith('bots/')) return [`${file} imports ${target(file, s)}`];
      return [];
    }),
  );
}

const read = (files: string[]) => files.map((file) => ({ file, source: parse(file) }));
const bots = read(sources('bots'));

describe('the chat adapters (bots/)', () => {
  it('reach src/ only through src/index.ts and the start-up wiring, src/service/main.ts', () => {
    expect(bots.length).toBeGreaterThan(10);
    expect(reachIns(bots)).toEqual([]);
  });

  it('keep Slack and botbuilder imports in their own folders, and src/ imports neither, nor bots/', () => {
    expect(platformLeaks([...bots, ...read(sources('src'))])).toEqual([]);
  });

  it(`have no function longer than ${MAX_FUNCTION_LINES} lines`, () => {
    expect(bots.flatMap(({ file, source }) => longFunctions(file, source))).toEqual([]);
  });

  it('are read by checks that catch a reach-in, a platform import out of place and a long function', () => {
    const long = `function big() {\n${'  call();\n'.repeat(MAX_FUNCTION_LINES - 1)}}\n`;
    const file = 'bots/slack/made-up.ts';
    const source = parse(
      file,
      `import type { Service } from '../../src/service/server';\nimport { App } from '@slack/bolt';\nconst m = require('../../src/store/names');\nexport { x } from '../../src/index';\n${long}`,
    );
    expect(reachIns([{ file, source }])).toEqual([`${file} imports src/service/server`, `${file} imports src/store/names`]);
    expect(longFunctions(file, source)).toEqual([`${file}:5 big is ${MAX_FUNCTION_LINES + 1} lines`]);
    const teams = 'bots/teams/made-up.ts';
    expect(platformLeaks([{ file: teams, source: parse(teams, "import { App } from '@slack/bolt';") }])).toEqual([
      `${teams} imports @slack/bolt`,
    ]);
    const core = 'src/answer/made-up.ts';
    expect(platformLeaks([{ file: core, source: parse(core, "import { x } from '../../bots/slack/app';\nimport 'botbuilder';") }])).toEqual(
      [`${core} imports bots/slack/app`, `${core} imports botbuilder`],
    );
    // Exactly at the limit is allowed.
    const edge = parse(file, `function ok() {\n${'  call();\n'.repeat(MAX_FUNCTION_LINES - 2)}}\n`);
    expect(longFunctions(file, edge)).toEqual([]);
  });
});
