/**
 * Parses a fact page: YAML front matter, then one section per heading. A heading may end in `{#id}` to give the
 * section a stable id; otherwise the id is made from the heading.
 */
import { parse as parseYaml } from 'yaml';
import type { KnowledgeIssue } from '../errors';
import type { Page, Section } from './types';

export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const REQUIRED = ['title', 'url', 'published', 'reviewed', 'owner'] as const;

export function parsePage(file: string, source: string, issues: KnowledgeIssue[]): Page | null {
  const lines = source.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    issues.push({ file, line: 1, severity: 'error', message: 'sidan saknar front matter (börja med en rad "---")' });
    return null;
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    issues.push({ file, line: 1, severity: 'error', message: 'front matter avslutas aldrig med "---"' });
    return null;
  }
  let meta: Record<string, unknown>;
  try {
    meta = (parseYaml(lines.slice(1, end).join('\n')) ?? {}) as Record<string, unknown>;
  } catch (e) {
    issues.push({ file, line: 2, severity: 'error', message: `front matter är inte giltig YAML: ${(e as Error).message}` });
    return null;
  }
  const metaLine = (key: string) => {
    const i = lines.slice(1, end).findIndex((l) => l.startsWith(`${key}:`));
    return i < 0 ? 1 : i + 2;
  };
  for (const key of REQUIRED) {
    if (meta[key] === undefined || meta[key] === null || String(meta[key]).trim() === '') {
      issues.push({ file, line: metaLine(key), severity: 'error', message: `front matter saknar "${key}"` });
    }
  }
  const url = String(meta.url ?? '');
  if (url && !/^https?:\/\/\S+$/.test(url)) {
    issues.push({ file, line: metaLine('url'), severity: 'error', message: `url "${url}" är ingen webbadress` });
  }
  const published = String(meta.published ?? '');
  if (published && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(published)) {
    issues.push({
      file,
      line: metaLine('published'),
      severity: 'error',
      message: `published "${published}" ska vara ÅÅÅÅ eller ÅÅÅÅ-MM-DD`,
    });
  }
  const reviewed = meta.reviewed instanceof Date ? meta.reviewed.toISOString().slice(0, 10) : String(meta.reviewed ?? '');
  // `actors`: companies and bodies known by name (a supplier and its owner), so that an answer naming one states who
  // did something (answer-type agreement, agreement.ts).
  const actors = meta.actors ?? [];
  if (!Array.isArray(actors) || actors.some((a) => typeof a !== 'string' || !a.trim()))
    issues.push({
      file,
      line: metaLine('actors'),
      severity: 'error',
      message: '"actors" ska vara en lista med namn på företag och organisationer: [Cerner, Oracle]',
    });

  const pageId = file.replace(/^.*\//, '').replace(/\.md$/, '');
  const sections: Section[] = [];
  let current: Section | null = null;
  const body: string[] = [];
  const flush = () => {
    if (current) {
      current.text = body.join('\n').trim();
      sections.push(current);
    }
    body.length = 0;
  };
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const h = /^#{1,6}\s+(.*?)\s*(?:\{#([a-z0-9-]+)\})?\s*$/.exec(line);
    if (h) {
      flush();
      const heading = h[1] ?? '';
      current = { id: h[2] ?? slugify(heading), heading, text: '', pageId, file, line: i + 1 };
      continue;
    }
    if (!current && line.trim()) {
      issues.push({ file, line: i + 1, severity: 'error', message: 'text före första rubriken: lägg den under en rubrik' });
    }
    body.push(line);
  }
  flush();
  if (sections.length === 0) issues.push({ file, line: end + 2, severity: 'error', message: 'sidan har inga rubriker (avsnitt)' });
  const seen = new Map<string, number>();
  for (const s of sections) {
    const prev = seen.get(s.id);
    if (prev !== undefined) {
      issues.push({ file, line: s.line, severity: 'error', message: `avsnitts-id "${s.id}" finns redan på rad ${prev}` });
    }
    seen.set(s.id, s.line);
  }
  return {
    id: pageId,
    file,
    title: String(meta.title ?? ''),
    url,
    published,
    reviewed,
    owner: String(meta.owner ?? ''),
    ...(Array.isArray(actors) && actors.length ? { actors: actors.filter((a): a is string => typeof a === 'string' && !!a.trim()) } : {}),
    sections,
  };
}
