/**
 * Knowledge edits from the console, made safely: refuse personal data and clinical text, apply the edit to the
 * file's text (comments and formatting kept), validate the result with exactly the rules of `faq check`, flag a
 * phrasing that would make the bot answer questions it declines today, refuse if the file changed on disk since the
 * console read it (409), write atomically (temporary file + rename), record the change for the audit trail and
 * undo, and reload the live knowledge. An imported page (the console's *Sidor*) is written, validated, recorded and
 * undone the same way, as one whole file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Framing, messageFocus, personNames } from '../analysis/focus';
import { isStopword } from '../analysis/stopwords';
import { Engine } from '../answer/engine';
import { formatIssue, type KnowledgeIssue, ValidationError } from '../errors';
import { applyEdit, EditError, type EntryFields, editTarget, type KnowledgeEdit, lineDiff } from '../knowledge/edit';
import { writeFileAtomic } from '../knowledge/files';
import { checkKnowledge, OUT_OF_SCOPE_FILE } from '../knowledge/load';
import type { FaqEntry, KnowledgeBase } from '../knowledge/types';
import { MAX_ANSWER_LENGTH, MAX_QUESTION_LENGTH } from '../limits';
import type { Actor, ChangeLog, KnowledgeChange, NewChange } from '../store/changes';
import type { Sql } from '../store/sql';
import { cleanText, TextRefused } from '../text/clean';
import { healthWordIn, nameBesideHealth, nameInHealthText, REDACTED, redact, redactContacts, smallNames } from '../text/redact';
import type { LiveKnowledge } from './knowledge';
import type { Logger } from './logger';

export { ValidationError };

export interface ApplyOptions {
  version: string;
  /** For an edited entry: the entry's version (entryVersion) that the form was filled from. */
  entryVersion?: string;
  actor: Actor;
  confirm?: boolean;
}

/** A question the bot declines today that it would answer after the edit. */
export interface Capture {
  question: string;
  /** Where the example comes from: "utanfor" (marked by a communicator) or "utvardering" (the evaluation's dev half). */
  from: 'utanfor' | 'utvardering';
  /** The entry that would answer it. */
  answerId?: string;
}

export interface EditOutcome {
  saved: boolean;
  /** What the edit would make the bot answer that it declines today; set when not saved for that reason. */
  flagged?: Capture[];
  change?: { id: number; diff: string; target: string };
  file: string;
  /** The file's version after the edit (send it with the next edit). */
  version: string;
}

/** An imported page as it is written: its Markdown as one file of the knowledge folder. */
export interface PageImport {
  /** A file name in the folder (`<name>.md`). */
  file: string;
  markdown: string;
  /** The page's title and sections as the importer read them: checked as any text written to the knowledge. */
  title: string;
  /** The page's address, written to its front matter: its query and fragment hold no personal data. */
  url?: string;
  sections: readonly { heading: string; text: string }[];
}

/** A URL part with its %-escapes read, or as it is where they are malformed. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The audit trail's target for an imported page: undo takes the newest change to it. */
export const pageTarget = (file: string) => `sida:${file}`;

/** The version the console sends back with an edit: a hash of the file's bytes ("ny" for a file not yet created). */
export function fileVersion(text: string | undefined): string {
  return text === undefined ? 'ny' : createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The version of one entry as the console showed it: a hash of the fields a form edits and of its review date. A
 * form sends the version it was filled from, so an edit made in a form that an undo or another save has overtaken is
 * refused (409) instead of bringing the overtaken text back; an edit to another entry of the same file does not
 * overtake it.
 */
export function entryVersion(e: Pick<FaqEntry, 'question' | 'alternates' | 'answer' | 'section' | 'reviewed' | 'related'>): string {
  const fields = [e.question, e.alternates, e.answer, e.section, e.reviewed, ...(e.related?.length ? [e.related] : [])];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16);
}

/** What the phrasing rule names in its refusal, per kind of framing. */
const FRAMING: Record<Framing, string> = {
  greeting: 'hälsning',
  signoff: 'underskrift eller avslutning',
  about: 'meningar om den som skriver eller om läget',
};
/** "a, b och c". */
const swedishList = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} och ${xs.at(-1)}` : (xs[0] ?? ''));

export class KnowledgeEditor {
  private probes: string[] | undefined;

  constructor(
    private readonly knowledge: LiveKnowledge,
    private readonly changes: ChangeLog,
    private readonly log: Logger,
    private readonly options: {
      evalFile?: string;
      today?: () => string;
      /**
       * Runs an edit so that no other process edits at the same time (replicas: a PostgreSQL advisory lock), giving
       * it the transaction's connection. In one process the read-check-write is synchronous and needs none.
       */
      exclusive?: <T>(fn: (sql: Sql) => Promise<T>) => Promise<T>;
    } = {},
  ) {}

  /** The edit before this process's next one: edits queue here, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs `fn` as the only edit: first in this process's queue, so that parallel requests wait here rather than each
   * holding a pool connection while it waits for the lock; then under the lock, with the audit trail read and
   * written on the lock's own connection (with it on other connections, 14 parallel undos exhausted the pool).
   */
  private exclusive<T>(fn: (changes: ChangeLog) => Promise<T>): Promise<T> {
    const { exclusive } = this.options;
    const run = () => (exclusive ? exclusive((sql) => fn(this.changes.on(sql))) : fn(this.changes));
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private get dir(): string {
    return this.knowledge.dir;
  }

  today(): string {
    return this.options.today?.() ?? new Date().toISOString().slice(0, 10);
  }

  private read(file: string): string | undefined {
    const path = join(this.dir, file);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  }

  /** The version of every file the console can edit. */
  versions(): Record<string, string> {
    const files = new Set([...this.knowledge.engine.kb.faq.map((e) => basename(e.file)), this.faqFileForNew(), OUT_OF_SCOPE_FILE]);
    return Object.fromEntries([...files].map((f) => [f, fileVersion(this.read(f))]));
  }

  /** New entries go to faq.yaml (or the first FAQ file there is). */
  private faqFileForNew(): string {
    const files = [...new Set(this.knowledge.engine.kb.faq.map((e) => basename(e.file)))].sort();
    return files.includes('faq.yaml') ? 'faq.yaml' : (files[0] ?? 'faq.yaml');
  }

  private fileFor(edit: KnowledgeEdit): string {
    if (edit.action === 'out-of-scope') return OUT_OF_SCOPE_FILE;
    if (edit.action === 'new-entry') return this.faqFileForNew();
    const entry = this.knowledge.engine.faqEntry(edit.entryId);
    if (!entry) throw new EditError(404, `Frågan "${edit.entryId}" finns inte. Ladda om konsolen.`);
    return basename(entry.file);
  }

  /**
   * Staff text that would be written into the knowledge: never personal data, never a patient description (in any
   * field, the answer and "Ska inte besvaras" too), never a clinical question as a phrasing; and a phrasing is the
   * question alone, naming no one (focus.ts personNames), without the greeting, sign-off or sentences about the
   * writer of the message it came from.
   */
  private checkText(label: string, text: string, clinicalCheck: boolean, phrasing: boolean, pageTitle?: string): void {
    const { kb, names, properNouns } = this.knowledge.engine;
    // Read as written and with every run of white space as one space: the redaction reads a run of more than 32 as
    // the end of a number or name, and a pasted text must not pass for being spread out.
    for (const read of new Set([text, text.replace(/\s+/g, ' ')])) {
      // A patient description first: it is the graver finding, and its names and ages are personal data too.
      if (this.knowledge.engine.guard.describesPatient(read))
        throw new EditError(
          422,
          `${label} ser ut att beskriva en patient (ett namn, en ålder, en sal eller liknande). Sådant sparas aldrig i kunskapen.`,
        );
      // Beside a health fact the knowledge does not write, a capitalised word that may be a name is a person's in an
      // answer or a page too ("Björk sov inte i natt och fick sömntabletter"); a phrasing may hold no such fact at all.
      // A page's own name for what it describes, in its title ("Nattugglan"), is no person's.
      const person = phrasing ? undefined : nameInHealthText(read, pageTitle);
      if (person)
        throw new EditError(
          422,
          `${label} ser ut att beskriva en persons hälsa: ”${person}” kan vara ett namn och står i en text med en uppgift om hälsa. Sådant sparas aldrig i kunskapen. Är det ett system eller en ort, lägg till det i properNouns i guard.yaml.`,
        );
      // A question names no one: a listed first name in it is a person's, marked or not, in any case, and so is a
      // name the knowledge does not write with a title or a surname (focus.ts personNames).
      // A capitalised word the knowledge does not write beside a health word is a patient's name in a question, even
      // where redaction, which must leave ordinary questions alone, would not take it ("Hammar blöder …").
      const named =
        phrasing &&
        (personNames(read, names.firstNames, names.ordinary, names.known, properNouns).length > 0 || nameBesideHealth(read) !== undefined);
      // An answer keeps capitalised words no rule reads as a name: the grounding check names one the page lacks.
      if (
        named ||
        redact(read, { shapes: !phrasing }) !== read ||
        Object.values(REDACTED).some((mask) => read.toLowerCase().includes(mask))
      )
        throw new EditError(
          422,
          `${label} innehåller personuppgifter (personnummer, telefonnummer, e-post, adress, namn eller liknande) eller en maskerad uppgift. Ta bort dem innan du sparar.`,
        );
    }
    // A question about the page has no use for a health fact the knowledge does not write: one in a phrasing is a
    // patient's, whatever names it, in any case ("lindqvist har mrsa", "Björk har gått bort").
    const health = phrasing ? healthWordIn(text) : undefined;
    if (health)
      throw new EditError(
        422,
        `${label} nämner ”${health}”, en uppgift om hälsa som kunskapen inte skriver. Frågor om en patient sparas aldrig i kunskapen: skriv frågan utan den.`,
      );
    const lexicon = this.knowledge.engine.analyzer.swedish;
    const [small] = phrasing ? smallNames(text, (w) => (lexicon?.split(w)?.length ?? 0) > 1) : [];
    if (small)
      throw new EditError(
        422,
        `${label} har ordet ”${small}” där en person brukar stå, och kunskapen och ordlistan känner inte ordet. Är det ett namn, ta bort det; är det ett system eller en ort, skriv det med stor bokstav och lägg till det i properNouns i guard.yaml.`,
      );
    const focus = phrasing ? messageFocus(kb) : undefined;
    const framing = focus?.framing(text) ?? [];
    if (focus && framing.length)
      throw new EditError(
        422,
        `${label} ska vara bara frågan, utan ${swedishList(framing.map((f) => FRAMING[f]))}. Förslag: ”${focus.phrasing(text)}”.`,
      );
    if (clinicalCheck && this.knowledge.engine.guard.check(text)?.kind === 'clinical')
      throw new EditError(422, `${label} är en klinisk fråga. Sådana besvaras aldrig av Faktabot och kan inte läggas till.`);
  }

  private validateInput(edit: KnowledgeEdit): void {
    // [label, text, read by the clinical guard, a question (held to the phrasing rule)]
    const texts: [string, string, boolean, boolean][] = [];
    if (edit.action === 'add-phrasing') texts.push(['Formuleringen', edit.text, true, true]);
    if (edit.action === 'out-of-scope') texts.push(['Frågan', edit.text, false, true]);
    if (edit.action === 'new-entry') {
      texts.push(['Frågan', edit.entry.question, true, true], ['Svaret', edit.entry.answer, false, false]);
      for (const a of edit.entry.alternates) texts.push(['En formulering', a, true, true]);
    }
    if (edit.action === 'edit-entry') {
      const f = edit.fields;
      if (f.question !== undefined) texts.push(['Frågan', f.question, true, true]);
      if (f.answer !== undefined) texts.push(['Svaret', f.answer, false, false]);
      for (const a of f.alternates ?? []) texts.push(['En formulering', a, true, true]);
    }
    for (const [label, text, clinical, question] of texts) {
      if (!text.trim()) throw new EditError(422, `${label} är tom.`);
      const max = label === 'Svaret' ? MAX_ANSWER_LENGTH : MAX_QUESTION_LENGTH;
      if (text.length > max) throw new EditError(422, `${label} är för lång (högst ${max} tecken).`);
      if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) throw new EditError(422, `${label} innehåller otillåtna tecken.`);
      this.checkText(label, text, clinical, question);
    }
  }

  /**
   * Applies one edit. `version` is the file version the console saw, `entryVersion` (for an edited entry) the
   * entry's version the form was filled from; `confirm` saves even if the edit is flagged. Throws EditError (4xx)
   * when refused; returns saved: false with `flagged` when it needs confirmation.
   */
  apply(edit: KnowledgeEdit, options: ApplyOptions): Promise<EditOutcome> {
    return this.exclusive((changes) => this.applyNow(edit, options, changes));
  }

  private async applyNow(raw: KnowledgeEdit, options: ApplyOptions, changes: ChangeLog): Promise<EditOutcome> {
    // Every text field through the cleaning path: what is checked is what is written to the YAML.
    const edit = cleanEdit(raw);
    this.validateInput(edit);
    const file = this.fileFor(edit);
    const before = this.read(file);
    if (fileVersion(before) !== options.version)
      throw new EditError(
        409,
        `${file} har ändrats sedan konsolen läste den (av någon annan eller i en editor). Ladda om och gör ändringen igen.`,
      );
    if (edit.action === 'edit-entry' && options.entryVersion !== undefined) {
      const entry = this.knowledge.engine.faqEntry(edit.entryId);
      if (entry && entryVersion(entry) !== options.entryVersion)
        throw new EditError(
          409,
          'Posten har ändrats sedan formuläret fylldes i (en annan ändring eller Ångra). Ladda om för att se texten som gäller nu, och gör ändringen igen.',
        );
    }
    // Every id of the folder, not the entries' alone: a new entry's id is made from its question, and a question
    // taken from an imported page's heading would otherwise get that section's anchor as its id.
    const engine = this.knowledge.engine;
    const ids = new Set([
      ...engine.kb.faq.map((e) => e.id),
      ...engine.kb.pages.flatMap((p) => p.sections.map((x) => x.id)),
      ...engine.kb.passages.map((x) => x.id),
    ]);
    const { text: after, id: newId } = applyEdit(file, before ?? '', edit, ids, (w) => isStopword(w) || engine.analyzer.vocabulary.has(w));
    const kb = this.validate(file, after, before);
    if (edit.action !== 'out-of-scope' && !options.confirm) {
      const flagged = this.captures(kb, editTarget(edit, newId));
      if (flagged.length) return { saved: false, flagged, file, version: fileVersion(before) };
    }
    this.write(file, after);
    const target = editTarget(edit, newId);
    const diff = lineDiff(before ?? '', after);
    // Read, check and write above are synchronous: a concurrent edit of the same file sees the new version (409).
    const id = await this.recordOrRestore(changes, file, before, {
      actor: options.actor,
      action: edit.action,
      file,
      target,
      diff,
      before: before ?? '',
      after,
    });
    // An entry id, never question text: for a question marked "Ska inte besvaras" the target is made from its words.
    this.log.info('knowledge edited from the console', {
      change: id,
      action: edit.action,
      file,
      entry: edit.action === 'out-of-scope' ? null : target,
    });
    this.reload();
    return { saved: true, change: { id, diff, target }, file, version: fileVersion(after) };
  }

  /** The version of one file of the folder, as an import's preview shows it ("ny" for a file not there yet). */
  fileVersion(file: string): string {
    return fileVersion(this.read(file));
  }

  /**
   * An imported page's text is held to the rule of every text written to the knowledge: no personal data, no patient
   * description (the clinical guard aside: a page may speak of care). Throws EditError (422) naming the section.
   */
  checkPage(page: Pick<PageImport, 'title' | 'sections' | 'url'>): void {
    // An address can carry a personnummer or an e-mail address in its query ("?pnr=…"), and it is cited in answers.
    const query = page.url ? page.url.replace(/^[^?#]*/, '') : '';
    if (query && redactContacts(safeDecode(query)) !== safeDecode(query))
      throw new EditError(
        422,
        'Sidans adress innehåller personuppgifter (personnummer, telefonnummer eller e-post). Ange adressen utan dem.',
      );
    this.checkText('Sidans titel', page.title, false, false);
    for (const s of page.sections) this.checkText(`Avsnittet ”${s.heading}”`, `${s.heading}\n${s.text}`, false, false, page.title);
  }

  /**
   * Writes an imported page as `page.file`: a new page, or the earlier import of the same address replaced. `version`
   * is the file's version the preview showed (409 if it changed since); the folder with the page must pass `faq
   * check` (ValidationError otherwise). Recorded as action "import" for the audit trail and undo.
   */
  importPage(page: PageImport, options: { version: string; actor: Actor }): Promise<EditOutcome> {
    return this.exclusive((changes) => this.importNow(page, options, changes));
  }

  private async importNow(page: PageImport, options: { version: string; actor: Actor }, changes: ChangeLog): Promise<EditOutcome> {
    const { file, markdown } = page;
    this.checkPage(page);
    // The importer names the file; it must be a page of this folder and nothing else.
    if (!/^[a-z0-9][a-z0-9-]{0,99}\.md$/.test(file) || file === 'readme.md')
      throw new EditError(422, `Sidan kan inte sparas som "${file}". Ladda om och försök igen.`);
    const before = this.read(file);
    if (fileVersion(before) !== options.version)
      throw new EditError(409, `${file} har ändrats sedan förhandsvisningen. Förhandsvisa sidan igen och spara.`);
    this.validate(file, markdown, before);
    this.write(file, markdown);
    const diff = lineDiff(before ?? '', markdown);
    const target = pageTarget(file);
    const id = await this.recordOrRestore(changes, file, before, {
      actor: options.actor,
      action: 'import',
      file,
      target,
      diff,
      before: before ?? '',
      after: markdown,
    });
    this.log.info('page imported from the console', { change: id, file, replaced: before !== undefined });
    this.reload();
    return { saved: true, change: { id, diff, target }, file, version: fileVersion(markdown) };
  }

  /** Undoes change `id` if it is the newest change to its entry and the file is as that change left it. */
  undo(id: number, actor: Actor): Promise<EditOutcome> {
    return this.exclusive((changes) => this.undoNow(id, actor, changes));
  }

  private async undoNow(id: number, actor: Actor, changes: ChangeLog): Promise<EditOutcome> {
    const change = await changes.get(id);
    if (!change) throw new EditError(404, 'Ändringen finns inte.');
    const latest = await changes.latestFor(change.target);
    if (change.action === 'undo' || change.undoneBy !== null || latest?.id !== change.id)
      throw new EditError(409, 'Bara den senaste ändringen av en fråga kan ångras, och bara en gång.');
    const current = this.read(change.file);
    if (current !== change.after)
      throw new EditError(
        409,
        `${change.file} har ändrats efter den här ändringen. Ångra i filen för hand, eller ladda om och gör en ny ändring.`,
      );
    // Undoing the first import of a page takes the page away; any other undo puts the file back as it was.
    const removes = change.action === 'import' && change.before === '';
    this.validate(change.file, removes ? undefined : change.before, current);
    if (removes) this.remove(change.file);
    else this.write(change.file, change.before);
    const undoId = await this.recordOrRestore(changes, change.file, current, {
      actor,
      action: 'undo',
      file: change.file,
      target: change.target,
      diff: lineDiff(current, change.before),
      before: current,
      after: change.before,
    });
    await changes.markUndone(change.id, undoId);
    this.log.info('knowledge edit undone from the console', { change: change.id, undo: undoId, file: change.file });
    this.reload();
    return {
      saved: true,
      change: { id: undoId, diff: lineDiff(current, change.before), target: change.target },
      file: change.file,
      version: fileVersion(removes ? undefined : change.before),
    };
  }

  get(id: number): Promise<KnowledgeChange | undefined> {
    return this.changes.get(id);
  }

  /** The newest changes (no file texts), each marked whether undo is possible now. */
  async recent(limit = 30): Promise<(Omit<KnowledgeChange, 'before' | 'after'> & { undoable: boolean })[]> {
    const out: (Omit<KnowledgeChange, 'before' | 'after'> & { undoable: boolean })[] = [];
    for (const c of await this.changes.recent(limit))
      out.push({
        ...c,
        undoable: c.action !== 'undo' && c.undoneBy === null && (await this.changes.latestFor(c.target))?.id === c.id,
      });
    return out;
  }

  /**
   * Checks the folder with `file` replaced by `text` (taken away when undefined); refuses errors the edit introduces
   * (file:line, Swedish).
   */
  private validate(file: string, text: string | undefined, before: string | undefined): KnowledgeBase {
    const key = (i: KnowledgeIssue) => `${basename(i.file)}|${i.message}`;
    const old = new Set(
      checkKnowledge(this.dir, before === undefined ? {} : { overrides: new Map([[file, before]]) })
        .issues.filter((i) => i.severity === 'error')
        .map(key),
    );
    const { kb, issues } = checkKnowledge(
      this.dir,
      text === undefined ? { removed: new Set([file]) } : { overrides: new Map([[file, text]]) },
    );
    const added = issues.filter((i) => i.severity === 'error' && !old.has(key(i)));
    if (added.length) throw new ValidationError(added);
    return kb;
  }

  /**
   * What the edited knowledge would answer that today's declines: questions marked "Ska inte besvaras" (compared
   * without that mark, since the mark itself keeps declining the exact question) and the evaluation's dev-half
   * questions that must not be answered.
   */
  private captures(kb: KnowledgeBase, target: string): Capture[] {
    const now = this.knowledge.engine;
    // The edited knowledge is read with the thresholds the bot answers with now.
    const calibration = now.calibration;
    const out: Capture[] = [];
    if (kb.outOfScope.length) {
      const bare = (k: KnowledgeBase) => new Engine({ ...k, outOfScope: [] }, { calibration });
      const before = bare(now.kb);
      const after = bare(kb);
      for (const o of kb.outOfScope) {
        const a = after.ask(o.question);
        const b = before.ask(o.question);
        if (a.answered && a.answerId?.split('#')[0] === target && !(b.answered && b.answerId === a.answerId))
          out.push({ question: o.question, from: 'utanfor', answerId: a.answerId });
      }
    }
    const next = new Engine(kb, { calibration });
    for (const q of this.evalProbes()) {
      const a = next.ask(q);
      if (a.answered && !now.ask(q).answered) out.push({ question: q, from: 'utvardering', answerId: a.answerId });
    }
    return out;
  }

  /** The evaluation's dev-half questions that must not be answered (never the test half). */
  private evalProbes(): string[] {
    if (this.probes) return this.probes;
    this.probes = [];
    const file = this.options.evalFile;
    if (!file || !existsSync(file)) return this.probes;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const item = JSON.parse(line) as { question?: string; expect?: string[]; split?: string };
        if (item.split === 'dev' && Array.isArray(item.expect) && item.expect.length === 0 && typeof item.question === 'string')
          this.probes.push(item.question);
      } catch {
        // A broken line in the evaluation file is `faq eval`'s to report, not the console's.
      }
    }
    return this.probes;
  }

  /** Atomically (knowledge/files.ts): a reader sees the old file or the new one, never half. */
  private write(file: string, text: string): void {
    try {
      writeFileAtomic(this.dir, file, text);
    } catch (e) {
      throw new EditError(409, `Kunde inte skriva ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Inget ändrades.`);
    }
  }

  /** Takes a file out of the folder (the undo of a page's first import). */
  private remove(file: string): void {
    try {
      unlinkSync(join(this.dir, file));
    } catch (e) {
      throw new EditError(409, `Kunde inte ta bort ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Inget ändrades.`);
    }
  }

  /**
   * Records a change already written to its file; if the audit trail cannot be written (the database is away), puts
   * the file back as it was and throws, so that no edit is live without its record (and its undo).
   */
  private async recordOrRestore(changes: ChangeLog, file: string, before: string | undefined, change: NewChange): Promise<number> {
    try {
      return await changes.record(change);
    } catch (e) {
      if (before === undefined) rmSync(join(this.dir, file), { force: true });
      else this.write(file, before);
      this.log.error('knowledge edit not recorded, so the file was put back', { file, error: (e as Error).message });
      throw e;
    }
  }

  private reload(): void {
    const r = this.knowledge.reload();
    if (!r.ok)
      this.log.error('knowledge reload after a console edit failed', {
        errors: r.issues.filter((i) => i.severity === 'error').map(formatIssue),
      });
  }
}

/** The edit with every text field cleaned (clean.ts); a NUL is refused as a 422 naming the field. */
function cleanEdit(edit: KnowledgeEdit): KnowledgeEdit {
  const c = (text: string, label: string) => {
    try {
      return cleanText(text, label);
    } catch (e) {
      if (e instanceof TextRefused) throw new EditError(422, e.message);
      throw e;
    }
  };
  const fields = <T extends Partial<EntryFields>>(f: T): T => ({
    ...f,
    ...(f.question !== undefined && { question: c(f.question, 'Frågan') }),
    ...(f.answer !== undefined && { answer: c(f.answer, 'Svaret') }),
    ...(f.alternates !== undefined && { alternates: f.alternates.map((a) => c(a, 'En formulering')) }),
    ...(f.related !== undefined && { related: f.related.map((id) => c(id, 'En följdfråga').trim()).filter(Boolean) }),
  });
  switch (edit.action) {
    case 'add-phrasing':
      return { ...edit, text: c(edit.text, 'Formuleringen') };
    case 'out-of-scope':
      return { ...edit, text: c(edit.text, 'Frågan') };
    case 'new-entry':
      return { ...edit, entry: fields(edit.entry) };
    case 'edit-entry':
      return { ...edit, fields: fields(edit.fields) };
  }
}
