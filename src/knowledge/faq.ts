/**
 * Parses an FAQ file (YAML: a list of entries), keeping the line of every entry and field so that errors point
 * a communicator at the exact place.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import type { KnowledgeIssue } from '../errors';
import type { FaqEntry } from './types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseFaq(file: string, source: string, issues: KnowledgeIssue[]): FaqEntry[] {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lc.linePos(offset).line);
  for (const err of doc.errors) {
    issues.push({ file, line: lineOf(err.pos[0]), severity: 'error', message: `ogiltig YAML: ${err.message.split('\n')[0]}` });
  }
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
    const fieldLine = (key: string) => {
      const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
      return pair && isScalar(pair.key) ? lineOf(pair.key.range?.[0]) : line;
    };
    const str = (key: string): string => {
      const v = map.get(key);
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
    };
    const id = str('id');
    const problems: [string, string][] = [];
    for (const key of ['id', 'question', 'answer', 'section', 'reviewed']) {
      if (!str(key)) problems.push([key, `fältet "${key}" saknas eller är tomt`]);
    }
    const altNode = map.get('alternates', true);
    const alternates = isSeq(altNode) ? altNode.items.map((a) => (isScalar(a) ? String(a.value ?? '').trim() : '')).filter(Boolean) : [];
    if (alternates.length < 3) problems.push(['alternates', `"alternates" ska ha minst 3 andra sätt att fråga (har ${alternates.length})`]);
    if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) problems.push(['id', `id "${id}" får bara innehålla a-z, 0-9 och bindestreck`]);
    const reviewed = str('reviewed');
    if (reviewed && (!DATE.test(reviewed) || Number.isNaN(Date.parse(reviewed)))) {
      problems.push(['reviewed', `reviewed "${reviewed}" ska vara ett datum ÅÅÅÅ-MM-DD`]);
    }
    for (const key of map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''))) {
      if (!['id', 'question', 'alternates', 'answer', 'section', 'reviewed'].includes(key)) {
        issues.push({ file, line: fieldLine(key), severity: 'warning', message: `okänt fält "${key}" ignoreras` });
      }
    }
    for (const [key, message] of problems)
      issues.push({ file, line: fieldLine(key), severity: 'error', message: id ? `${id}: ${message}` : message });
    if (problems.length) continue;
    entries.push({ id, question: str('question'), alternates, answer: str('answer'), section: str('section'), reviewed, file, line });
  }
  return entries;
}
