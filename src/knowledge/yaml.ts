/**
 * YAML for knowledge files: parsing with line numbers, syntax errors explained in Swedish with a hint a
 * communicator can act on (the usual two: an unquoted colon inside a text, and a tab used for indentation), and the
 * serialisation options that leave everything not edited byte for byte as it was.
 */
import { type Document, LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { KnowledgeIssue } from '../errors';

/** Options for Document.toString that reproduce our hand-written files exactly (no folding, `[a, b]` lists). */
export const YAML_OUTPUT = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false } as const;

export interface ParsedYaml {
  doc: Document.Parsed;
  /** 1-based line of a character offset. */
  lineOf(offset: number | undefined): number;
}

/** Parses `source`, adding one Swedish issue per line with a syntax error. */
export function parseYamlFile(file: string, source: string, issues: KnowledgeIssue[]): ParsedYaml {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lc.linePos(offset).line);
  const lines = source.split(/\r?\n/);
  const seen = new Set<number>();
  for (const err of doc.errors) {
    const explained = explainYamlError(err, lines, lineOf);
    if (seen.has(explained.line)) continue;
    seen.add(explained.line);
    issues.push({ file, line: explained.line, severity: 'error', message: explained.message });
  }
  return { doc, lineOf };
}

/** A Swedish message and the line to point at for one YAML syntax error. */
export function explainYamlError(
  err: Pick<YAMLError, 'code' | 'pos' | 'message'>,
  lines: string[],
  lineOf: (offset: number) => number,
): { line: number; message: string } {
  let line = lineOf(err.pos[0]);
  // A tab in the indentation makes the parser fail at or after the tab's line, and often on every good line after
  // it: point at the nearest tab before the error, so the knock-on errors become that one issue.
  let tabLine = -1;
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--)
    if (/^ *\t/.test(lines[i] as string)) {
      tabLine = i;
      break;
    }
  if (tabLine >= 0) {
    return {
      line: tabLine + 1,
      message: 'ogiltig YAML: raden är indragen med tabb. Tips: använd mellanslag (två per nivå), aldrig tabb.',
    };
  }
  const text = lines[line - 1] ?? '';
  switch (err.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // `question: Vad gäller: IVA?` — a second ": " inside the value starts a nested mapping.
      const value = /^\s*(?:-\s+)?[\w-]+:\s+(.*)$/.exec(text)?.[1] ?? '';
      if (/:\s/.test(value) && !/^["']/.test(value))
        return {
          line,
          message: `ogiltig YAML: texten innehåller ett kolon följt av mellanslag. Tips: sätt texten inom citattecken, till exempel "${shorten(value.replace(/"/g, '\\"'), 60)}".`,
        };
      return {
        line,
        message: 'ogiltig YAML: raden är indragen fel. Tips: fälten i en fråga står två mellanslag in, under "- id:".',
      };
    }
    case 'DUPLICATE_KEY':
      return { line, message: 'ogiltig YAML: samma fält står två gånger i samma fråga. Tips: ta bort det ena.' };
    case 'MISSING_CHAR':
      return {
        line,
        message: 'ogiltig YAML: ett citattecken avslutas aldrig. Tips: avsluta texten med samma citattecken som den börjar med.',
      };
    case 'BAD_INDENT':
    case 'BAD_DIRECTIVE':
    case 'UNEXPECTED_TOKEN':
      line = Math.max(1, line);
      return {
        line,
        message: `ogiltig YAML: oväntat tecken på raden. Tips: kontrollera indraget (två mellanslag per nivå) och att texter med : eller # står inom citattecken.`,
      };
    default:
      return { line, message: `ogiltig YAML (${err.code}). Tips: jämför med en fråga som fungerar i samma fil.` };
  }
}

/** At most `max` characters, cut at a word with "…" when it is longer. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[\s,.:;]+$/, '')}…`;
}
