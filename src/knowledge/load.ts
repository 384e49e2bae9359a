/**
 * Loads and validates a knowledge folder: fact pages (*.md with front matter), FAQ files (faq*.yaml), synonyms
 * (synonyms.yaml), the guard lists (guard.yaml), questions not to answer (utanfor.yaml) and imported passages
 * (*.jsonl). README.md is documentation; lexikon/ holds general Swedish lexicons, read by the analyser when needed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { type LexiconFiles, swedishLexicon } from '../analysis/lexicon';
import { normalize, questionKey } from '../analysis/normalize';
import { KnowledgeError, type KnowledgeIssue } from '../errors';
import { DAY_MS, MAX_FILE_BYTES, MAX_PASSAGES_BYTES, REVIEW_AFTER_DAYS } from '../limits';
import { parseFaq } from './faq';
import { type GroundingContext, type GroundingLists, groundingIssues } from './grounding';
import { parsePassages } from './jsonl';
import { parsePage } from './markdown';
import type { ChatLists, EnglishLists, FaqEntry, GuardLists, KnowledgeBase, OutOfScopeExample, Page } from './types';
import { parseYamlFile } from './yaml';

/** The file that holds questions marked "Ska inte besvaras". */
export const OUT_OF_SCOPE_FILE = 'utanfor.yaml';

export interface LoadOptions {
  /** Today, for stale and future dates. Injected so checks are deterministic. */
  now?: Date;
  /** Entries reviewed longer ago than this get a warning. */
  reviewAfterDays?: number;
  /**
   * File contents to check instead of what is on disk (file name in the folder -> text): how an edit is validated by
   * exactly these rules before it is written.
   */
  overrides?: ReadonlyMap<string, string>;
  /** Files to check as if they were not in the folder: how removing a file (undoing an import) is validated. */
  removed?: ReadonlySet<string>;
}

export interface LoadResult {
  kb: KnowledgeBase;
  issues: KnowledgeIssue[];
}

/** What the files of a knowledge folder hold, as read, before the checks across files. */
type ReadKnowledge = Omit<KnowledgeBase, 'dir' | 'lexicon'> & { grounding?: GroundingLists };

/**
 * Reads and checks a knowledge folder. Never throws for content problems: they come back as issues. The steps: list
 * the folder, read each file by its kind, check ids and sections across files, questions asked twice, the answers'
 * length and typography, grounding, and the review dates.
 */
export function checkKnowledge(dir: string, options: LoadOptions = {}): LoadResult {
  const issues: KnowledgeIssue[] = [];
  const name = (f: string) => relative(process.cwd(), join(dir, f)) || f;
  const files = listFiles(dir, options.overrides)?.filter((f) => !options.removed?.has(f));
  if (!files) {
    issues.push({ file: dir, line: 0, severity: 'error', message: 'kunskapsmappen finns inte eller går inte att läsa' });
    return { kb: { dir, ...emptyKnowledge() }, issues };
  }
  const read = readFiles(dir, files, name, options.overrides, issues);
  if (read.pages.length === 0 && read.passages.length === 0 && read.faq.length === 0)
    issues.push({
      file: name('.'),
      line: 0,
      severity: 'error',
      message: 'mappen innehåller ingen kunskap (*.md, faq*.yaml eller *.jsonl)',
    });
  const questions = checkEntries(read, issues);
  checkOutOfScope(read.outOfScope, questions, issues);
  // Entries with errors were kept for the checks across files; they never reach the knowledge.
  const faq = read.faq.filter((e) => !e.invalid);
  const lexicon = lexiconFiles(dir);
  const hasLexicon = existsSync(lexicon.words) && existsSync(lexicon.synonyms);
  issues.push(
    ...groundingIssues(faq, read.pages, read.grounding, name('.'), {
      names: read.guard.patient.names,
      swedish: hasLexicon ? swedishLexicon(lexicon) : undefined,
    }),
  );
  checkDates(faq, read.pages, options.now ?? new Date(), options.reviewAfterDays ?? REVIEW_AFTER_DAYS, issues);
  const { chat, english, pages, passages, synonyms, guard, outOfScope } = read;
  return {
    kb: {
      dir,
      pages,
      faq,
      passages,
      synonyms,
      guard,
      outOfScope,
      ...(chat ? { chat } : {}),
      ...(english ? { english } : {}),
      ...(hasLexicon ? { lexicon } : {}),
    },
    issues,
  };
}

function emptyKnowledge(): ReadKnowledge {
  return {
    pages: [],
    faq: [],
    passages: [],
    synonyms: [],
    guard: { clinical: [], patient: { words: [], details: [], names: [] }, smalltalk: { greeting: [], thanks: [], help: [] } },
    outOfScope: [],
  };
}

/** The folder's files with the overridden ones, sorted; undefined when the folder cannot be read. */
function listFiles(dir: string, overrides: LoadOptions['overrides']): string[] | undefined {
  try {
    if (!statSync(dir).isDirectory()) return undefined;
    const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
    return [...new Set([...files, ...(overrides?.keys() ?? [])])].sort();
  } catch {
    return undefined;
  }
}

/**
 * Every knowledge file read by its kind. A file too large is refused before it is read (reading and parsing 30 MB
 * blocks the service for seconds), and whatever a file holds becomes a knowledge error, never an exception: the
 * last good index keeps serving.
 */
function readFiles(
  dir: string,
  files: readonly string[],
  name: (f: string) => string,
  overrides: LoadOptions['overrides'],
  issues: KnowledgeIssue[],
): ReadKnowledge {
  const read = emptyKnowledge();
  for (const f of files) {
    if (!isKnowledgeFile(f)) continue;
    const file = name(f);
    const override = overrides?.get(f);
    const before = issues.length;
    try {
      const size = override !== undefined ? Buffer.byteLength(override) : statSync(join(dir, f)).size;
      const limit = f.endsWith('.jsonl') ? MAX_PASSAGES_BYTES : MAX_FILE_BYTES;
      if (size > limit) {
        issues.push({ file, line: 1, severity: 'error', message: `filen är för stor (${mb(size)} MB; högst ${mb(limit)} MB)` });
        continue;
      }
      readFile(read, f, file, override ?? readFileSync(join(dir, f), 'utf8'), issues);
    } catch (e) {
      issues.splice(before);
      issues.push({ file, line: lineOfError(e), severity: 'error', message: `filen kunde inte läsas: ${explainThrown(e)}` });
    }
  }
  return read;
}

/** One file into what the folder holds, by its name. */
function readFile(read: ReadKnowledge, f: string, file: string, source: string, issues: KnowledgeIssue[]): void {
  if (f.endsWith('.md') && f.toLowerCase() !== 'readme.md') {
    const page = parsePage(file, source, issues);
    if (page) read.pages.push(page);
  } else if (/^faq.*\.ya?ml$/.test(f)) read.faq.push(...parseFaq(file, source, issues));
  else if (f.endsWith('.jsonl')) read.passages.push(...parsePassages(file, source, issues));
  else if (f === 'synonyms.yaml' || f === 'synonyms.yml') read.synonyms = parseList(file, source, issues);
  else if (f === 'guard.yaml' || f === 'guard.yml') read.guard = parseGuard(file, source, issues);
  else if (f === OUT_OF_SCOPE_FILE) read.outOfScope = parseOutOfScope(file, source, issues);
  else if (f === 'chat.yaml') read.chat = parseChat(file, source, issues);
  else if (f === 'engelska.yaml') read.english = parseEnglish(file, source, issues);
  else if (f === GROUNDING_FILE) read.grounding = parseGrounding(file, source, issues);
}

/**
 * The checks across files, entry by entry: every id once across sections, passages and FAQ entries; each entry's
 * section one the pages have; each question or phrasing in one entry only; each answer 1–3 sentences in Swedish
 * typography. Returns the questions by key, with the entry that asks each.
 */
function checkEntries({ pages, passages, faq }: ReadKnowledge, issues: KnowledgeIssue[]): Map<string, string> {
  const sections = new Set(pages.flatMap((p) => p.sections.map((s) => s.id)));
  const ids = new Map<string, string>();
  const claim = (id: string, file: string, line: number) => {
    const prev = ids.get(id);
    if (prev) issues.push({ file, line, severity: 'error', message: `id "${id}" finns redan (${prev})` });
    else ids.set(id, `${file}:${line}`);
  };
  for (const p of pages) for (const s of p.sections) claim(s.id, s.file, s.line);
  for (const p of passages) claim(p.id, p.file, p.line);
  const questions = new Map<string, string>();
  for (const e of faq) {
    const at = (field: string) => e.lines?.[field] ?? e.line;
    if (e.id) claim(e.id, e.file, at('id'));
    if (e.section && !sections.has(e.section)) {
      const known = [...sections].join(', ') || 'inga';
      issues.push({
        file: e.file,
        line: at('section'),
        severity: 'error',
        message: `${e.id}: okänt avsnitt "${e.section}" (finns: ${known})`,
        plain: `okänt avsnitt "${e.section}" (finns: ${known})`,
      });
    }
    checkAskedOnce(e, questions, issues);
    checkAnswer(e, issues);
  }
  checkRelated(faq, issues);
  return questions;
}

/**
 * `related:` names other entries by id: each must be an entry of the knowledge and not the entry itself (an error at
 * the id's line). An entry listed there that has errors of its own (its answer not grounded in its section, say) is
 * an error already, so an entry never offers one that the bot would not load.
 */
function checkRelated(faq: readonly FaqEntry[], issues: KnowledgeIssue[]): void {
  const questions = new Map(faq.filter((e) => e.id).map((e) => [e.id, e.question]));
  for (const e of faq) {
    (e.related ?? []).forEach((id, i) => {
      const line = e.relatedLines?.[i] ?? e.lines?.related ?? e.line;
      if (id === e.id)
        issues.push({
          file: e.file,
          line,
          severity: 'error',
          message: `${e.id}: "related" kan inte ha posten själv`,
          plain: 'En post kan inte ha sig själv som följdfråga.',
        });
      else if (!questions.has(id))
        issues.push({
          file: e.file,
          line,
          severity: 'error',
          message: `${e.id}: "related" har id "${id}", som ingen fråga har`,
          plain: `Följdfrågan "${id}" finns inte bland posterna. Välj en annan post.`,
        });
    });
  }
}

/** An entry's question and phrasings: in no other entry (an error), and not twice in this one (a warning). */
function checkAskedOnce(e: FaqEntry, questions: Map<string, string>, issues: KnowledgeIssue[]): void {
  const at = (field: string) => e.lines?.[field] ?? e.line;
  const asked: [string, number][] = [
    [e.question, at('question')],
    ...e.alternates.map((q, i) => [q, e.alternateLines?.[i] ?? at('alternates')] as [string, number]),
  ];
  for (const [q, line] of asked) {
    if (!q) continue;
    const key = questionKey(q);
    const prev = questions.get(key);
    if (prev && prev !== e.id)
      issues.push({
        file: e.file,
        line,
        severity: 'error',
        message: `${e.id}: frågan "${q}" finns redan i ${prev}`,
        plain: `Frågan "${q}" finns redan i en annan post (${prev}).`,
      });
    else if (prev === e.id)
      issues.push({
        file: e.file,
        line,
        severity: 'warning',
        message: `${e.id}: frågan "${q}" står två gånger`,
        plain: `Frågan ”${q}” står två gånger i posten ”${e.question}”.`,
      });
    questions.set(key, e.id);
  }
}

/** An answer staff read: 1–3 sentences, Swedish quotes and dashes (warnings at the answer's line). */
function checkAnswer(e: FaqEntry, issues: KnowledgeIssue[]): void {
  const line = e.lines?.answer ?? e.line;
  const sentences = e.answer.split(/(?<=[.!?])\s+(?=[A-ZÅÄÖ"])/u).length;
  if (sentences > 3)
    issues.push({ file: e.file, line, severity: 'warning', message: `${e.id}: svaret har ${sentences} meningar; håll det till 1–3` });
  for (const message of typography(e.answer)) issues.push({ file: e.file, line, severity: 'warning', message: `${e.id}: ${message}` });
}

/** A question marked "ska inte besvaras" must not also be an entry's question or phrasing. */
function checkOutOfScope(outOfScope: readonly OutOfScopeExample[], questions: ReadonlyMap<string, string>, issues: KnowledgeIssue[]): void {
  for (const o of outOfScope) {
    const prev = questions.get(questionKey(o.question));
    if (prev)
      issues.push({
        file: o.file,
        line: o.line,
        severity: 'error',
        message: `frågan "${o.question}" är markerad som "ska inte besvaras" men står också i ${prev}`,
      });
  }
}

/** Review dates: a date (an error if not), not in the future (an error), and not older than the review period (a warning). */
function checkDates(faq: readonly FaqEntry[], pages: readonly Page[], now: Date, reviewAfterDays: number, issues: KnowledgeIssue[]): void {
  for (const [file, line, label, date] of [
    ...faq.map((e) => [e.file, e.lines?.reviewed ?? e.line, e.id, e.reviewed] as const),
    ...pages.map((p) => [p.file, 1, p.title, p.reviewed] as const),
  ]) {
    const t = Date.parse(date);
    if (!date || Number.isNaN(t)) {
      if (date) issues.push({ file, line, severity: 'error', message: `${label}: reviewed "${date}" är inget datum (ÅÅÅÅ-MM-DD)` });
      continue;
    }
    if (t > now.getTime() + DAY_MS)
      issues.push({ file, line, severity: 'error', message: `${label}: reviewed ${date} ligger i framtiden` });
    else if (now.getTime() - t > reviewAfterDays * DAY_MS)
      issues.push({
        file,
        line,
        severity: 'warning',
        message: `${label}: granskades senast ${date}, mer än ${reviewAfterDays} dagar sedan`,
      });
  }
}

/**
 * What the grounding check reads in a knowledge folder besides the entries (grounding.yaml's lists, guard.yaml's first
 * names, the general Swedish lexicon), for a check of answers that are not in the folder yet: an import's drafts.
 * Problems in those files are the folder's own check's to report; here they only leave the lists out.
 */
export function readGrounding(dir: string): { lists?: GroundingLists; context: GroundingContext } {
  const read = (f: string) => {
    try {
      return readFileSync(join(dir, f), 'utf8');
    } catch {
      return undefined;
    }
  };
  const ignored: KnowledgeIssue[] = [];
  const grounding = read(GROUNDING_FILE);
  const guard = read('guard.yaml');
  const lexicon = lexiconFiles(dir);
  const swedish = existsSync(lexicon.words) && existsSync(lexicon.synonyms) ? swedishLexicon(lexicon) : undefined;
  return {
    ...(grounding !== undefined ? { lists: parseGrounding(GROUNDING_FILE, grounding, ignored) } : {}),
    context: {
      names: guard !== undefined ? parseGuard('guard.yaml', guard, ignored).patient.names : [],
      ...(swedish ? { swedish } : {}),
    },
  };
}

/** The folder of general Swedish lexicons (src/analysis/lexicon.ts), built by `faq lexicon`; read lazily, never checked. */
export const LEXICON_DIR = 'lexikon';

export { MAX_FILE_BYTES, MAX_PASSAGES_BYTES } from '../limits';

const mb = (bytes: number) => (bytes / 1048576).toFixed(1).replace('.', ',');

/** The files the loader reads; everything else in the folder (README.md, editor backups) is left alone. */
function isKnowledgeFile(f: string): boolean {
  return (
    (f.endsWith('.md') && f.toLowerCase() !== 'readme.md') ||
    /^faq.*\.ya?ml$/.test(f) ||
    f.endsWith('.jsonl') ||
    ['synonyms.yaml', 'synonyms.yml', 'guard.yaml', 'guard.yml', OUT_OF_SCOPE_FILE, 'chat.yaml', 'engelska.yaml', GROUNDING_FILE].includes(
      f,
    )
  );
}

/** A thrown error in Swedish for a communicator: YAML's alias limit has its own explanation. */
function explainThrown(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/alias/i.test(message)) return 'för många YAML-alias (*namn); skriv ut texten i stället för att hänvisa till den';
  return message.slice(0, 200);
}

function lineOfError(e: unknown): number {
  const line = (e as { linePos?: { line?: number }[] })?.linePos?.[0]?.line;
  return typeof line === 'number' && line > 0 ? line : 1;
}

/** Loads a knowledge folder, throwing KnowledgeError (with file:line issues) if it has errors. */
export function loadKnowledge(dir: string, options: LoadOptions = {}): LoadResult {
  const result = checkKnowledge(dir, options);
  if (result.issues.some((i) => i.severity === 'error')) throw new KnowledgeError(result.issues);
  return result;
}

function parseYamlSafe(file: string, source: string, issues: KnowledgeIssue[]): unknown {
  const { doc } = parseYamlFile(file, source, issues);
  return doc.errors.length ? undefined : doc.toJS();
}

/** utanfor.yaml: a list of `- question: …` (with `added: ÅÅÅÅ-MM-DD`); may be empty. */
function parseOutOfScope(file: string, source: string, issues: KnowledgeIssue[]): OutOfScopeExample[] {
  const { doc, lineOf } = parseYamlFile(file, source, issues);
  if (doc.errors.length || doc.contents === null) return [];
  if (!isSeq(doc.contents)) {
    issues.push({ file, line: 1, severity: 'error', message: 'filen ska vara en lista av frågor (rader som börjar med "- question:")' });
    return [];
  }
  const out: OutOfScopeExample[] = [];
  for (const item of doc.contents.items) {
    const line = lineOf((item as { range?: number[] }).range?.[0]);
    const question = isMap(item) ? item.get('question') : isScalar(item) ? item.value : undefined;
    const added = isMap(item) ? item.get('added') : '';
    if (typeof question !== 'string' || !question.trim()) {
      issues.push({ file, line, severity: 'error', message: 'varje rad ska ha en fråga: "- question: …"' });
      continue;
    }
    out.push({
      question: question.trim(),
      added: added instanceof Date ? added.toISOString().slice(0, 10) : String(added ?? ''),
      file,
      line,
    });
  }
  return out;
}

function parseList(file: string, source: string, issues: KnowledgeIssue[]): string[][] {
  const data = parseYamlSafe(file, source, issues);
  if (data === undefined || data === null) return [];
  if (!Array.isArray(data)) {
    issues.push({ file, line: 1, severity: 'error', message: 'synonymer ska vara en lista av grupper: - [ord, ord, ...]' });
    return [];
  }
  const lines = source.split(/\r?\n/);
  const groups: string[][] = [];
  let item = 0;
  data.forEach((g) => {
    while (item < lines.length && !/^\s*-/.test(lines[item] as string)) item++;
    const line = ++item;
    if (!Array.isArray(g) || g.length < 2 || g.some((w) => typeof w !== 'string' && typeof w !== 'number')) {
      issues.push({ file, line, severity: 'error', message: 'varje grupp ska vara en lista med minst två ord' });
      return;
    }
    groups.push(g.map((w) => normalize(String(w)).trim()));
  });
  return groups;
}

/** The line of a top-level key, for messages about it. */
function keyLine(source: string, key: string): number {
  return source.split(/\r?\n/).findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1 || 1;
}

/** A folder's lexicon files; the word classes only where the folder has them. */
function lexiconFiles(dir: string): LexiconFiles {
  const classes = join(dir, LEXICON_DIR, 'ordklasser.txt');
  return {
    words: join(dir, LEXICON_DIR, 'ordlista.txt'),
    synonyms: join(dir, LEXICON_DIR, 'synonymer.txt'),
    ...(existsSync(classes) ? { classes } : {}),
  };
}

/** A list of phrases under `key`; each a non-empty text. */
function phraseList(
  data: Record<string, unknown> | undefined,
  key: string,
  file: string,
  source: string,
  issues: KnowledgeIssue[],
): string[] {
  const v = data?.[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((w) => typeof w !== 'string' || !w.trim())) {
    issues.push({
      file,
      line: keyLine(source, key),
      severity: 'error',
      message: `"${key}" ska vara en lista med fraser: [hej, god morgon, …]`,
    });
    return [];
  }
  return (v as string[]).map((w) => normalize(w).trim());
}

/** chat.yaml: greetings, closings, openers and sentences about the writer, each a list of phrases. */
function parseChat(file: string, source: string, issues: KnowledgeIssue[]): ChatLists {
  const data = parseYamlSafe(file, source, issues) as Record<string, unknown> | undefined;
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data)))
    issues.push({ file, line: 1, severity: 'error', message: 'filen ska ha listorna greetings, closings och openers' });
  const d = data && typeof data === 'object' && !Array.isArray(data) ? data : undefined;
  return {
    greetings: phraseList(d, 'greetings', file, source, issues),
    closings: phraseList(d, 'closings', file, source, issues),
    openers: phraseList(d, 'openers', file, source, issues),
    about: phraseList(d, 'about', file, source, issues),
  };
}

/** The words the grounding check lets an answer use, and its tense rule's lists (grounding.ts). */
export const GROUNDING_FILE = 'grounding.yaml';

function parseGrounding(file: string, source: string, issues: KnowledgeIssue[]): GroundingLists {
  const data = parseYamlSafe(file, source, issues) as Record<string, unknown> | undefined;
  const d = data && typeof data === 'object' && !Array.isArray(data) ? data : undefined;
  if (data !== undefined && data !== null && !d)
    issues.push({ file, line: 1, severity: 'error', message: 'filen ska ha listorna words, checked, present, dated, times och unsaid' });
  return {
    words: phraseList(d, 'words', file, source, issues),
    checked: phraseList(d, 'checked', file, source, issues),
    present: phraseList(d, 'present', file, source, issues),
    dated: phraseList(d, 'dated', file, source, issues),
    times: phraseList(d, 'times', file, source, issues),
    unsaid: phraseList(d, 'unsaid', file, source, issues),
  };
}

/** engelska.yaml: `words:` English -> Swedish, and `ignore:` English small words. */
function parseEnglish(file: string, source: string, issues: KnowledgeIssue[]): EnglishLists {
  const data = parseYamlSafe(file, source, issues) as Record<string, unknown> | undefined;
  const d = data && typeof data === 'object' && !Array.isArray(data) ? data : undefined;
  if (data !== undefined && data !== null && !d)
    issues.push({ file, line: 1, severity: 'error', message: 'filen ska ha "words:" och "ignore:"' });
  const words: Record<string, string> = {};
  const raw = d?.words;
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw))
      issues.push({
        file,
        line: keyLine(source, 'words'),
        severity: 'error',
        message: '"words" ska vara rader "engelskt ord: svenskt ord"',
      });
    else
      for (const [en, sv] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof sv !== 'string' || !sv.trim()) {
          const line = source.split(/\r?\n/).findIndex((l) => l.trim().startsWith(`${en}:`)) + 1 || keyLine(source, 'words');
          issues.push({ file, line, severity: 'error', message: `"${en}" ska ha ett svenskt ord efter kolonet` });
          continue;
        }
        words[normalize(en).trim()] = normalize(sv).trim();
      }
  }
  return { words, ignore: phraseList(d, 'ignore', file, source, issues) };
}

function parseGuard(file: string, source: string, issues: KnowledgeIssue[]): GuardLists {
  const data = parseYamlSafe(file, source, issues) as Record<string, unknown> | undefined;
  const strings = (v: unknown, key: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((w) => typeof w !== 'string')) {
      const line = source.split(/\r?\n/).findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1;
      issues.push({ file, line: line || 1, severity: 'error', message: `"${key}" ska vara en lista med ord` });
      return [];
    }
    return (v as string[]).map((w) => normalize(w).trim());
  };
  const st = (data?.smalltalk ?? {}) as Record<string, unknown>;
  const patient = (data?.patient ?? {}) as Record<string, unknown>;
  return {
    clinical: strings(data?.clinical, 'clinical'),
    patient: {
      words: strings(patient.words, 'words'),
      groups: patient.groups === undefined ? [] : strings(patient.groups, 'groups'),
      details: strings(patient.details, 'details'),
      names: patient.names === undefined ? [] : strings(patient.names, 'names'),
      wordNames: patient.wordNames === undefined ? [] : strings(patient.wordNames, 'wordNames'),
      wordSurnames: patient.wordSurnames === undefined ? [] : strings(patient.wordSurnames, 'wordSurnames'),
      diagnoses: strings(patient.diagnoses, 'diagnoses'),
      stems: patient.stems === undefined ? [] : strings(patient.stems, 'stems'),
    },
    properNouns: strings(data?.properNouns, 'properNouns'),
    smalltalk: { greeting: strings(st.greeting, 'greeting'), thanks: strings(st.thanks, 'thanks'), help: strings(st.help, 'help') },
  };
}

/** Swedish typography in an answer staff read: ”…” quotes, and an en dash between the numbers of a range (35–40). */
export function typography(answer: string): string[] {
  const out: string[] = [];
  if (/["“„]/.test(answer)) out.push('svaret har raka eller engelska citattecken; skriv ”så här”');
  const range = /(?<![\d.,:/-])\d+-\d+(?![\d.,:/-])/.exec(answer);
  if (range) out.push(`svaret skriver intervallet ${range[0]} med bindestreck; skriv ${range[0].replace('-', '–')} (tankstreck)`);
  return out;
}
