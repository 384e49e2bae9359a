/** Parses a JSON Lines passage file: one {"id","title","text","url"} object per line. */
import type { KnowledgeIssue } from '../errors';
import type { Passage } from './types';

export function parsePassages(file: string, source: string, issues: KnowledgeIssue[]): Passage[] {
  const out: Passage[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (e) {
      issues.push({ file, line, severity: 'error', message: `ogiltig JSON: ${(e as Error).message}` });
      return;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      issues.push({ file, line, severity: 'error', message: 'varje rad ska vara ett objekt {"id","title","text","url"}' });
      return;
    }
    const o = obj as Record<string, unknown>;
    const missing = ['id', 'title', 'text', 'url'].filter((k) => typeof o[k] !== 'string' || !(o[k] as string).trim());
    if (missing.length) {
      issues.push({ file, line, severity: 'error', message: `saknar fält: ${missing.join(', ')}` });
      return;
    }
    out.push({ id: o.id as string, title: o.title as string, text: o.text as string, url: o.url as string, file, line });
  });
  return out;
}
