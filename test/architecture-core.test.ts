/**
 * The core's shape, checked on its source: the pure stages (analysis, retrieval, answer, knowledge, text) import
 * nothing from the store or the service, no function in src/ (the console's browser modules included) is over 120
 * lines, every error class is declared in the catalogue (src/errors.ts) with a code, and a day in milliseconds is
 * written once (src/limits.ts). Each check is shown failing on a made-up source, so a pattern that found nothing
 * cannot pass unseen.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

const SRC = join(ROOT, 'src');
const PURE = ['analysis', 'retrieval', 'answer', 'knowledge', 'text'];
const FORBIDDEN = ['store', 'service', 'cli'];
const MAX_FUNCTION_LINES = 120;

/** Every file under a folder with one of the extensions, as paths relative to the repository. */
function files(dir: string, extensions: readonly string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, extensions);
    return extensions.some((e) => name.endsWith(e)) ? [relative(ROOT, path)] : [];
  });
}

const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

/** The relative module specifiers a source imports or re-exports, resolved to repository paths. */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const spec = node.moduleSpecifier.text;
      if (spec.startsWith('.')) out.push(relative(ROOT, resolve(ROOT, dirname(file), spec)));
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteral(arg) && arg.text.startsWith('.')) out.push(relative(ROOT, resolve(ROOT, dirname(file), arg.text)));
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file, text));
  return out;
}

/** The imports of a pure stage's file that reach the store, the service or the command line. */
function forbiddenImports(file: string, text: string): string[] {
  return importsOf(file, text).filter((target) =>
    FORBIDDEN.some((dir) => target === join('src', dir) || target.startsWith(join('src', dir, ''))),
  );
}

/** Functions, methods and arrow functions longer than the limit, as "file:line name (n lines)". */
function longFunctions(file: string, text: string): string[] {
  const source = parse(file, text);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)
    ) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      const own = 'name' in node && node.name ? (node.name as ts.Node) : undefined;
      const parent = node.parent;
      const held = parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) ? parent.name : undefined;
      const name = (own ?? held)?.getText() ?? '(anonymous)';
      if (lines > MAX_FUNCTION_LINES) out.push(`${file}:${start + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Classes that extend Error (or another error class) declared in a file, with whether each has a `code`. */
function errorClasses(file: string, text: string): { name: string; coded: boolean }[] {
  const out: { name: string; coded: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) && node.name) {
      const base = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression.getText();
      if (base && /Error$|^TextRefused$/.test(base)) {
        const coded = node.members.some((m) => ts.isPropertyDeclaration(m) && m.name.getText() === 'code');
        out.push({ name: node.name.text, coded });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file, text));
  return out;
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const sources = files(SRC, ['.ts']);
const browserModules = files(join(SRC, 'service', 'console', 'assets'), ['.mjs']);

describe('the core depends one way', () => {
  it('found the pure stages and their imports', () => {
    const pure = sources.filter((f) => PURE.some((d) => f.startsWith(join('src', d, ''))));
    expect(pure.length).toBeGreaterThan(40);
    expect(pure.flatMap((f) => importsOf(f, read(f))).length).toBeGreaterThan(100);
  });

  for (const dir of PURE)
    it(`src/${dir} imports nothing from src/store, src/service or src/cli`, () => {
      const found = sources
        .filter((f) => f.startsWith(join('src', dir, '')))
        .flatMap((f) => forbiddenImports(f, read(f)).map((target) => `${f} -> ${target}`));
      expect(found).toEqual([]);
    });

  it('catches a stage that reaches into the store or the service', () => {
    const file = join('src', 'answer', 'made-up.ts');
    const text =
      "import { QuestionLog } from '../store/questions';\nexport { HttpError } from '../service/http';\nimport { MESSAGES } from './messages';\n";
    expect(forbiddenImports(file, text)).toEqual([join('src', 'store', 'questions'), join('src', 'service', 'http')]);
  });
});

describe('functions stay short', () => {
  it(`no function in src/, browser modules included, is over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(browserModules.length).toBeGreaterThan(5);
    expect([...sources, ...browserModules].flatMap((f) => longFunctions(f, read(f)))).toEqual([]);
  });

  it('catches a long function, an arrow function and a method', () => {
    const body = '  x++;\n'.repeat(MAX_FUNCTION_LINES);
    const text = `function long() {\n${body}}\nconst arrow = () => {\n${body}};\nclass A {\n  m() {\n${body}  }\n}\nfunction short() {\n  return 1;\n}\n`;
    expect(longFunctions('made-up.ts', text).map((l) => l.split(' ')[1])).toEqual(['long', 'arrow', 'm']);
  });
});

describe('errors and numbers have one home', () => {
  it('every error class of src/ is declared in src/errors.ts, each with a code', () => {
    const outside = sources
      .filter((f) => f !== join('src', 'errors.ts'))
      .flatMap((f) => errorClasses(f, read(f)).map((c) => `${f}: ${c.name}`));
    expect(outside).toEqual([]);
    const catalogue = errorClasses(join('src', 'errors.ts'), read(join('src', 'errors.ts')));
    expect(catalogue.length).toBeGreaterThan(10);
    expect(catalogue.filter((c) => !c.coded).map((c) => c.name)).toEqual([]);
  });

  it('catches an error class declared elsewhere, or without a code', () => {
    expect(
      errorClasses('made-up.ts', 'export class Oops extends Error {}\nclass Coded extends HttpError { readonly code = "X"; }\n'),
    ).toEqual([
      { name: 'Oops', coded: false },
      { name: 'Coded', coded: true },
    ]);
  });

  it('a day in milliseconds is written only in src/limits.ts', () => {
    const day = /\b86_?400_?000\b|\b24 \* 60 \* 60 \* 1000\b/;
    expect(day.test('const DAY = 86_400_000;')).toBe(true);
    expect(read(join('src', 'limits.ts'))).toMatch(/^export const DAY_MS = /m);
    expect(sources.filter((f) => f !== join('src', 'limits.ts') && day.test(read(f)))).toEqual([]);
  });
});
