/**
 * Parses an FAQ file (YAML: a list of entries), keeping the line of every entry and field so that errors point
 * a communicator at the exact place. Every problem of an entry is reported, not only the first.
 */
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { KnowledgeIssue } from '../errors';
import { MAX_FOLLOW_UPS } from '../limits';
import type { FaqEntry } from './types';
import { parseYamlFile } from './yaml';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const FAQ_FIELDS = ['id', 'question', 'alternates', 'answer', 'section', 'reviewed', 'example', 'related'] as const;

/**
 * The entries of one FAQ file. Entries with errors come back too, marked `invalid`, so that checks across files
 * (unknown section, duplicate questions) still report on them; the loader leaves them out of the knowledge.
 */
export function parseFaq(file: string, source: string, issues: KnowledgeIssue[]): FaqEntry[] {
  const { doc, lineOf } = parseYamlFile(file, source, issues);
  if (doc.errors.length) return [];
  if (!isSeq(doc.contents)) {
    // An empty file is an error too: saving an emptied file must not take every answer out of service.
    const message =
      doc.contents === null
        ? 'filen är tom: den ska vara en lista av frågor (rader som börjar med "- id:")'
        : 'filen ska vara en lista av frågor (rader som börjar med "- id:")';
    issues.push({ file, line: 1, severity: 'error', message });
    return [];
  }
  if (doc.contents.items.length === 0) {
    issues.push({
      file,
      line: 1,
      severity: 'error',
      message: 'filen har inga frågor: den ska vara en lista av frågor (rader som börjar med "- id:")',
    });
    return [];
  }
  const entries: FaqEntry[] = [];
  const sourceLines = source.split(/\r?\n/);
  for (const item of doc.contents.items) {
    const line = lineOf((item as unknown as { range?: number[] }).range?.[0]);
    if (!isMap(item)) {
      issues.push({
        file,
        line,
        severity: 'error',
        message: 'varje fråga ska ha fälten id, question, alternates, answer, section, reviewed',
      });
      continue;
    }
    const map = item as YAMLMap;
    const lines: Record<string, number> = {};
    for (const p of map.items) if (isScalar(p.key)) lines[String(p.key.value)] = lineOf(p.key.range?.[0]);
    const fieldLine = (key: string) => lines[key] ?? line;
    const str = (key: string): string => {
      const v = map.get(key);
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
    };
    const id = str('id');
    const problems: [number, string][] = [];
    for (const key of ['id', 'question', 'answer', 'section', 'reviewed']) {
      if (!str(key)) problems.push([fieldLine(key), `fältet "${key}" saknas eller är tomt`]);
      else if (isMap(map.get(key, true)) || isSeq(map.get(key, true))) problems.push([fieldLine(key), `fältet "${key}" ska vara en text`]);
    }
    const altNode = map.get('alternates', true);
    const { alternates, alternateLines, misindented } = readAlternates(altNode, source, sourceLines, lineOf, problems);
    if (!isSeq(altNode) && altNode !== undefined && altNode !== null)
      problems.push([fieldLine('alternates'), '"alternates" ska vara en lista, en fråga per rad som börjar med "- "']);
    if (alternates.length < 3 && !misindented)
      problems.push([fieldLine('alternates'), `"alternates" ska ha minst 3 andra sätt att fråga (har ${alternates.length})`]);
    if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) problems.push([fieldLine('id'), `id "${id}" får bara innehålla a-z, 0-9 och bindestreck`]);
    // `example: true`: the entry's question is one the bot offers as an example (after "hjälp", or when it knows
    // nothing to suggest).
    const example = map.get('example');
    if (example !== undefined && typeof example !== 'boolean')
      problems.push([fieldLine('example'), '"example" ska vara true eller false (true: frågan visas som exempel på vad man kan fråga)']);
    const related = readRelated(map.get('related', true), lineOf, fieldLine('related'), problems);
    const reviewed = str('reviewed');
    if (reviewed && (!DATE.test(reviewed) || Number.isNaN(Date.parse(reviewed)))) {
      problems.push([fieldLine('reviewed'), `reviewed "${reviewed}" ska vara ett datum ÅÅÅÅ-MM-DD`]);
    }
    for (const key of Object.keys(lines)) {
      if (!(FAQ_FIELDS as readonly string[]).includes(key)) {
        issues.push({ file, line: fieldLine(key), severity: 'warning', message: `okänt fält "${key}" ignoreras` });
      }
    }
    for (const [at, message] of problems)
      issues.push({ file, line: at, severity: 'error', message: id ? `${id}: ${message}` : message, plain: inFieldLabels(message) });
    entries.push({
      id,
      question: str('question'),
      alternates,
      answer: str('answer'),
      section: str('section'),
      reviewed: problems.some(([at]) => at === lines.reviewed) ? '' : reviewed,
      file,
      line,
      lines: { ...lines, alternates: lines.alternates ?? line },
      alternateLines,
      ...(related ? { related: related.ids, relatedLines: related.lines } : {}),
      ...(example === true ? { example: true } : {}),
      ...(problems.length ? { invalid: true } : {}),
    });
  }
  return entries;
}

/**
 * The phrasings under `alternates`, each with its line. A list whose lines are indented unevenly, or a phrasing YAML
 * read as a key-value pair, is a problem at its line.
 */
function readAlternates(
  altNode: unknown,
  source: string,
  sourceLines: readonly string[],
  lineOf: (offset: number | undefined) => number,
  problems: [number, string][],
): { alternates: string[]; alternateLines: number[]; misindented: boolean } {
  const alternates: string[] = [];
  const alternateLines: number[] = [];
  let misindented = false;
  if (isSeq(altNode)) {
    for (const a of altNode.items) {
      const range = (a as { range?: number[] }).range;
      const at = lineOf(range?.[0]);
      // A "- " line indented deeper than the first item's dash continues that item's text (YAML folds it in), so
      // a list whose first dash is one space off reads as one alternate: say it is the indentation.
      const folded = range ? source.slice(range[0], range[1]).split(/\r?\n/).slice(1) : [];
      const next = folded.findIndex((l) => /^\s*- \S/.test(l));
      if (isScalar(a) && next >= 0) {
        misindented = true;
        const indent = (n: number) => /^ */.exec(sourceLines[n - 1] ?? '')?.[0].length ?? 0;
        const other = at + next + 1;
        problems.push([
          at,
          `raderna i "alternates" är olika mycket indragna (rad ${at} har ${indent(at)} mellanslag före "-", rad ${other} har ${indent(other)}). Tips: ge alla rader i listan samma indrag.`,
        ]);
        continue;
      }
      if (isScalar(a)) {
        const text = String(a.value ?? '').trim();
        if (text) {
          alternates.push(text);
          alternateLines.push(at);
        }
      } else {
        // `- Fråga: ja eller nej` is a key-value pair to YAML, not a text.
        problems.push([
          at,
          'ett alternativ blev ett "nyckel: värde"-par (texten har ett kolon följt av mellanslag). Tips: sätt texten inom citattecken.',
        ]);
      }
    }
  }
  return { alternates, alternateLines, misindented };
}

/**
 * `related:` ids of other entries, each with its line: a list of ids, at most MAX_FOLLOW_UPS, each once. Whether the
 * ids exist and are not the entry itself is checked across files (load.ts), where every entry is known.
 */
function readRelated(
  node: unknown,
  lineOf: (offset: number | undefined) => number,
  at: number,
  problems: [number, string][],
): { ids: string[]; lines: number[] } | undefined {
  if (node === undefined || node === null) return undefined;
  if (!isSeq(node)) {
    problems.push([at, '"related" ska vara en lista av id:n, ett per rad som börjar med "- "']);
    return undefined;
  }
  const ids: string[] = [];
  const lines: number[] = [];
  for (const item of node.items) {
    const line = lineOf((item as { range?: number[] }).range?.[0]) || at;
    const id = isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') ? String(item.value).trim() : '';
    if (!id || !/^[a-z0-9][a-z0-9-]*$/.test(id))
      problems.push([line, `"related" ska bara ha id:n för andra frågor (a-z, 0-9 och bindestreck)`]);
    else if (ids.includes(id)) problems.push([line, `"related" har id "${id}" två gånger`]);
    else {
      ids.push(id);
      lines.push(line);
    }
  }
  if (node.items.length > MAX_FOLLOW_UPS) problems.push([at, `"related" får ha högst ${MAX_FOLLOW_UPS} frågor (har ${node.items.length})`]);
  return { ids, lines };
}

/** The fields of the knowledge files as the console and knowledge/README.md name them, for communicators. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  id: 'Id',
  question: 'Fråga',
  alternates: 'Andra formuleringar',
  answer: 'Svar',
  section: 'Avsnitt',
  reviewed: 'Granskad',
  example: 'Exempelfråga',
  related: 'Följdfrågor',
  added: 'Markerad',
};

/** An issue with the file's field names as the console's labels: `"alternates" ska …` → `”Andra formuleringar” ska …`. */
export function inFieldLabels(message: string): string {
  return message.replace(
    /"(id|question|alternates|answer|section|reviewed|example|related)"/g,
    (_, key: string) => `”${FIELD_LABELS[key]}”`,
  );
}
