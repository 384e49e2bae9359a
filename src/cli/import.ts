/**
 * `faq import FILE --knowledge DIR --url URL [--published ÅÅÅÅ] [--title T] [--owner O] [--drafts FIL]`: a web page,
 * Word document or PDF into the knowledge folder as a page. The whole folder is checked with the new page in it
 * before anything is written, and the page is written atomically; a refused document or a page that would break the
 * folder (an FAQ entry citing a section the new version no longer has) exits 2 with the folder unchanged. The
 * proposed FAQ entries are printed, and with --drafts written as YAML to paste into faq.yaml: they are proposals and
 * are never written into the knowledge.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Document } from 'yaml';
import { formatIssue, ImportError, UsageError } from '../errors';
import { writeFileAtomic } from '../knowledge/files';
import { findImported, IMPORT_MESSAGES, type ImportedPage, importDocument, takenIn } from '../knowledge/import';
import { DATE_FORM } from '../knowledge/import/dates';
import { anchorOf } from '../knowledge/import/sections';
import { checkKnowledge } from '../knowledge/load';
import { parsePage, slugify } from '../knowledge/markdown';
import { MAX_IMPORT_BYTES } from '../limits';
import { knowledgeDir, parseArgs } from './args';
import { count } from './format';

const STATUS: Record<ImportedPage['sections'][number]['status'], string> = { new: 'ny', changed: 'ändrad', unchanged: 'oförändrad' };

/** Runs `faq import`; returns the exit code (0 written, 2 refused; usage mistakes throw UsageError). */
export async function runImport(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, now = new Date()): Promise<number> {
  const { flags, positional } = parseArgs(argv, ['knowledge', 'url', 'published', 'title', 'owner', 'drafts'], []);
  if (positional.length !== 1) throw new UsageError('faq import tar en fil: faq import FIL --url ADRESS');
  const path = positional[0] as string;
  const url = flags.get('url');
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) throw new UsageError('--url ska vara sidans webbadress (https://…)');
  const published = flags.get('published');
  if (typeof published === 'string' && !DATE_FORM.test(published)) throw new UsageError('--published ska vara ÅÅÅÅ eller ÅÅÅÅ-MM-DD');
  const dir = knowledgeDir(flags.get('knowledge'));
  const text = (name: string) => (typeof flags.get(name) === 'string' ? (flags.get(name) as string) : undefined);
  const draftsFile = text('drafts');
  // Drafts are proposals: in the knowledge folder the loader would read them as entries.
  if (draftsFile && resolve(dirname(draftsFile)) === resolve(dir))
    throw new UsageError('--drafts ska vara en fil utanför kunskapsmappen: förslagen läggs in först när du granskat dem');

  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new UsageError(`filen ${path} finns inte eller går inte att läsa`);
  }
  const before = checkKnowledge(dir, { now });
  const refuse = (message: string) => {
    err.write(`faq: ${message}\nInget skrevs.\n`);
    return 2;
  };
  const earlier = findImported(dir, url);
  // A re-import keeps the earlier page's owner unless --owner names another.
  const owner = text('owner') ?? (earlier ? undefined : folderOwner(dir));
  let page: ImportedPage;
  try {
    // Too large is refused before the file is read into memory.
    if (size > MAX_IMPORT_BYTES) throw new ImportError('too-large', IMPORT_MESSAGES.tooLarge(size));
    page = await importDocument({
      bytes: readFileSync(path),
      fileName: path,
      url,
      ...(typeof published === 'string' ? { published } : {}),
      ...(text('title') ? { title: text('title') } : {}),
      ...(owner ? { owner } : {}),
      ...(earlier ? { previous: earlier.markdown, previousFile: earlier.file } : {}),
      knowledge: dir,
      now,
    });
  } catch (e) {
    if (e instanceof ImportError) return refuse(e.message);
    throw e;
  }

  // The folder as it would be: only errors the new page brings refuse it (the folder's own are `faq check`'s).
  const known = new Set(before.issues.filter((i) => i.severity === 'error').map(formatIssue));
  const after = checkKnowledge(dir, { now, overrides: new Map([[page.file, page.markdown]]) });
  const added = after.issues.filter((i) => i.severity === 'error' && !known.has(formatIssue(i)));
  if (added.length) return refuse(`sidan skulle ge fel i kunskapen:\n${added.map(formatIssue).join('\n')}`);

  // The drafts first: a drafts file that cannot be written leaves the knowledge as it was.
  const written = (what: string, write: () => void) => {
    try {
      write();
      return undefined;
    } catch (e) {
      return refuse(`kunde inte skriva ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const failed =
    (draftsFile && written(draftsFile, () => writeFileSync(draftsFile, draftsYaml(page, dir, now)))) ||
    written(page.file, () => writeFileAtomic(dir, page.file, page.markdown));
  if (failed) return failed;
  out.write(report(page, earlier !== undefined, draftsFile));
  return 0;
}

/** The owner most pages of the folder name, for a page imported without --owner. */
function folderOwner(dir: string): string | undefined {
  const owners = new Map<string, number>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')) {
    let owner: string | undefined;
    try {
      owner = parsePage(f, readFileSync(join(dir, f), 'utf8'), [])?.owner;
    } catch {
      // A page that cannot be read names no owner.
    }
    if (owner) owners.set(owner, (owners.get(owner) ?? 0) + 1);
  }
  return [...owners.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** What was written: the page, its sections with their status, removed anchors, and the drafts. */
function report(page: ImportedPage, reimport: boolean, draftsFile: string | undefined): string {
  const lines = [
    `${reimport ? 'Uppdaterade' : 'Skrev'} ${page.file}: ${page.title} (${page.published}), ${count(page.sections.length, 'avsnitt', 'avsnitt')}`,
    ...page.sections.map((s) => `  #${s.anchor}  ${s.heading}${reimport ? `  (${STATUS[s.status]})` : ''}`),
    ...(page.removed.length ? [`Borttagna avsnitt: ${page.removed.map((a) => `#${a}`).join(', ')}`] : []),
    '',
    `Förslag till frågor (${page.drafts.length}; granska dem innan du lägger in dem i faq.yaml):`,
    ...page.drafts.flatMap((d) => [
      `- ${d.question} [#${d.anchor}]${d.grounded ? '' : ' (behöver ändras)'}`,
      `  ${d.answer}`,
      ...d.problems.map((p) => `  ! ${p}`),
    ]),
    ...(draftsFile ? ['', `Förslagen finns också i ${draftsFile}.`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The drafts as faq.yaml entries to paste, each with an id the folder does not use and its problems as comments. */
function draftsYaml(page: ImportedPage, dir: string, now: Date): string {
  const used = new Set([...takenIn(dir).ids, ...page.sections.map((s) => s.anchor)]);
  const reviewed = now.toISOString().slice(0, 10);
  const entries = page.drafts.map((d) => {
    const base = anchorOf(d.question.replace(/\?$/, ''), slugify);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { id, question: d.question, alternates: [] as string[], answer: d.answer, section: d.anchor, reviewed };
  });
  const doc = new Document(entries);
  doc.commentBefore = [
    ` Förslag från importen av ${page.title} (${page.url}).`,
    ' Granska varje förslag, skriv minst tre andra sätt att fråga under alternates och klistra sedan in det i faq.yaml.',
  ].join('\n');
  const items = (doc.contents as unknown as { items: { commentBefore?: string }[] }).items;
  page.drafts.forEach((d, i) => {
    if (d.problems.length && items[i]) items[i].commentBefore = d.problems.map((p) => ` Att åtgärda: ${p}`).join('\n');
  });
  return doc.toString({ lineWidth: 0 });
}
