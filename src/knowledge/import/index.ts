/**
 * Importing a page: an HTML page, a Word document or a PDF becomes a knowledge page (front matter and one section per
 * heading with a stable anchor) and proposed FAQ entries, so that a communicator adds a page the bot answers from
 * without writing Markdown. Nothing here writes: the caller validates the page with the rest of the folder and writes
 * it (the CLI's `faq import`, the console's Sidor tab).
 *
 * The steps: sniff what the bytes are (sniff.ts), extract title, date and Markdown by kind (html.ts, docx.ts, pdf.ts),
 * cut sections and anchor them against an earlier import (sections.ts), write the page, and draft entries (drafts.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ImportError, type KnowledgeIssue } from '../../errors';
import { MAX_FILE_BYTES } from '../../limits';
import { parseFaq } from '../faq';
import { parsePassages } from '../jsonl';
import { readGrounding } from '../load';
import { parsePage, slugify } from '../markdown';
import type { Page } from '../types';
import { DATE_FORM } from './dates';
import { fromDocx } from './docx';
import { draftsFor, type ImportDraft } from './drafts';
import { type Extracted, fromHtml } from './html';
import { IMPORT_MESSAGES } from './messages';
import { fromPdf } from './pdf';
import { anchorOf, anchorSections, splitSections } from './sections';
import { sniff } from './sniff';

export { ImportError, type ImportReason } from '../../errors';
export { MAX_IMPORT_BYTES } from '../../limits';
export type { ImportDraft } from './drafts';
export { IMPORT_MESSAGES } from './messages';

export interface ImportInput {
  /** The file as uploaded or fetched. */
  bytes: Buffer;
  /** Decides nothing alone: the content is sniffed (magic bytes); a name that promises another kind is refused. */
  fileName: string;
  /** The page's public address (cited in answers). */
  url: string;
  /** Year or date when the caller knows it; else read from the document; else ImportError 'no-date'. */
  published?: string;
  /** Overrides the document's own title. */
  title?: string;
  /** Front matter; `owner` defaults to the earlier import's, `reviewed` to today (YYYY-MM-DD). */
  owner?: string;
  reviewed?: string;
  /** Markdown of an earlier import of the same url: its sections keep their anchors where unchanged. */
  previous?: string;
  /** The earlier import's file name (findImported): the page keeps it. */
  previousFile?: string;
  /**
   * The knowledge folder the page is for: its grounding lists check the drafts, and the page avoids the ids and file
   * names its other files use. Without it drafts are not checked (none is grounded) and nothing is avoided.
   */
  knowledge?: string;
  now?: Date;
}

export interface ImportedSection {
  anchor: string;
  heading: string;
  text: string;
  status: 'new' | 'changed' | 'unchanged';
}

export interface ImportedPage {
  /** File name in the knowledge folder: the earlier import's, else the slug of the title. */
  file: string;
  /** The whole page: front matter (title, url, published, reviewed, owner) and `## Heading {#anchor}` sections. */
  markdown: string;
  title: string;
  url: string;
  published: string;
  /** What kind of document it was read as. */
  kind: 'html' | 'docx' | 'pdf';
  sections: ImportedSection[];
  /** Anchors of the earlier import that are gone. */
  removed: string[];
  /** One proposed FAQ entry per section, checked by the grounding check against its section. */
  drafts: ImportDraft[];
}

/** File names are cut to this many characters of the title's slug (before ".md"). */
const MAX_FILE_SLUG = 60;

/**
 * A document as a knowledge page with its drafts. Throws ImportError (its message Swedish, saying what to do) for a
 * file that is not what its name says, encrypted, empty, a scan, too large, broken, or without a date.
 */
export async function importDocument(input: ImportInput): Promise<ImportedPage> {
  const kind = sniff(input.bytes, input.fileName);
  const extracted = await extract(kind, input.bytes);
  const previous = input.previous !== undefined ? parsePage(input.previousFile ?? 'tidigare.md', input.previous, []) : null;
  const title = clean(input.title) || extracted.title || previous?.title || clean(input.fileName.replace(/\.[^.]*$/, ''));
  const draftSections = splitSections(extracted.markdown, title);
  if (draftSections.length === 0) throw new ImportError('empty', IMPORT_MESSAGES.noText);
  const published = input.published?.trim() || extracted.published;
  if (!published) throw new ImportError('no-date', IMPORT_MESSAGES.noDate);
  if (!DATE_FORM.test(published)) throw new ImportError('no-date', IMPORT_MESSAGES.badDate(published));

  const taken = input.knowledge ? takenIn(input.knowledge, input.previousFile) : { ids: new Set<string>(), files: new Set<string>() };
  const { sections, removed } = anchorSections(draftSections, previous?.sections ?? [], taken.ids, slugify);
  const file = input.previousFile ?? fileFor(title, taken.files);
  const reviewed = input.reviewed ?? (input.now ?? new Date()).toISOString().slice(0, 10);
  const owner = clean(input.owner) || previous?.owner || IMPORT_MESSAGES.noOwner;
  const front = stringify({ title, url: input.url, published, reviewed, owner }, { lineWidth: 0 }).replace(
    /^published: (\d{4}(?:-\d\d(?:-\d\d)?)?)$/m,
    'published: "$1"',
  );
  const body = sections.map((s) => `${'#'.repeat(s.level)} ${s.heading} {#${s.anchor}}\n\n${s.text}\n`).join('\n');
  const markdown = `---\n${front}---\n\n${body}`;
  if (Buffer.byteLength(markdown) > MAX_FILE_BYTES) throw new ImportError('too-large', IMPORT_MESSAGES.pageTooLarge);

  const issues: KnowledgeIssue[] = [];
  const page = parsePage(file, markdown, issues) as Page;
  const grounding = input.knowledge ? readGrounding(input.knowledge) : { context: {} };
  return {
    file,
    markdown,
    title,
    url: input.url,
    published,
    kind,
    sections: sections.map(({ anchor, heading, text, status }) => ({ anchor, heading, text, status })),
    removed,
    drafts: draftsFor(page, grounding.lists, grounding.context, reviewed),
  };
}

function extract(kind: 'html' | 'docx' | 'pdf', bytes: Buffer): Promise<Extracted> {
  if (kind === 'docx') return fromDocx(bytes);
  if (kind === 'pdf') return fromPdf(bytes);
  return fromHtml(decodeHtml(bytes));
}

/**
 * A saved page's text: UTF-8 unless the page declares another charset, or its bytes are not UTF-8 (older Swedish
 * sites are Windows-1252, where "å" is one byte); read as UTF-8 regardless, every "å" would be a replacement sign.
 */
export function decodeHtml(bytes: Buffer): string {
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(bytes.subarray(0, 4096).toString('latin1'))?.[1]?.toLowerCase();
  if (declared && !/^utf-?8$/.test(declared)) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // An unknown label: fall through to the bytes themselves.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The title's slug as a file name, not one the folder has. */
function fileFor(title: string, files: ReadonlySet<string>): string {
  const base = anchorOf(title, slugify).slice(0, MAX_FILE_SLUG).replace(/-$/, '') || 'sida';
  let name = `${base}.md`;
  for (let n = 2; files.has(name) || name.toLowerCase() === 'readme.md'; n++) name = `${base}-${n}.md`;
  return name;
}

/** The page files of a knowledge folder (the loader's rule: *.md but README.md). */
function pageFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md');
  } catch {
    return [];
  }
}

/**
 * The earlier import of `url` in a knowledge folder: the page file whose front matter has that url, with its text.
 * Undefined when there is none.
 */
export function findImported(dir: string, url: string): { file: string; markdown: string } | undefined {
  for (const file of pageFiles(dir).sort()) {
    let markdown: string;
    try {
      markdown = readFileSync(join(dir, file), 'utf8');
    } catch {
      continue;
    }
    const page = parsePage(file, markdown, []);
    if (page && page.url === url) return { file, markdown };
  }
  return undefined;
}

/**
 * The ids (sections, FAQ entries, passages) and file names a knowledge folder uses, but those of `except` (the
 * earlier import the new page replaces): a new page must not reuse them.
 */
export function takenIn(dir: string, except?: string): { ids: Set<string>; files: Set<string> } {
  const ids = new Set<string>();
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    return { ids, files: new Set() };
  }
  const ignored: KnowledgeIssue[] = [];
  for (const f of files) {
    if (f === except) continue;
    const read = () => readFileSync(join(dir, f), 'utf8');
    try {
      if (f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
        for (const s of parsePage(f, read(), ignored)?.sections ?? []) ids.add(s.id);
      else if (/^faq.*\.ya?ml$/.test(f)) for (const e of parseFaq(f, read(), ignored)) ids.add(e.id);
      else if (f.endsWith('.jsonl')) for (const p of parsePassages(f, read(), ignored)) ids.add(p.id);
    } catch {
      // A file that cannot be read is the folder check's to report.
    }
  }
  return { ids, files: new Set(files.filter((f) => f !== except)) };
}
