/**
 * Edits to knowledge files as text in, text out: add a phrasing to an entry, add an entry, edit an entry, mark a
 * question "Ska inte besvaras". Edits go through the YAML Document API, so comments, order and formatting of
 * everything not changed stay byte for byte as they were. Validation of the result is the loader's job
 * (checkKnowledge with overrides): these functions only refuse what they cannot do at all.
 */
import { type Document, isMap, isScalar, isSeq, type Scalar, type YAMLMap, YAMLSeq } from 'yaml';
import { questionKey } from '../analysis/normalize';
import { EditError } from '../errors';
import { FIELD_LABELS } from './faq';
import { slugify } from './markdown';
import { parseYamlFile, YAML_OUTPUT } from './yaml';

export { EditError };

export interface EntryFields {
  question: string;
  answer: string;
  section: string;
  alternates: string[];
  /** Ids of the entries offered as follow-up questions (`related:`); an empty list removes the field. */
  related?: string[];
}

export type KnowledgeEdit =
  | { action: 'add-phrasing'; entryId: string; text: string }
  | { action: 'new-entry'; entry: EntryFields & { id?: string }; reviewed: string }
  | { action: 'edit-entry'; entryId: string; fields: Partial<EntryFields>; reviewed?: string }
  | { action: 'out-of-scope'; text: string; added: string };

/** The id an edit concerns, for the audit trail and undo ("utanfor:<key>" for out-of-scope questions). */
export function editTarget(edit: KnowledgeEdit, newId?: string): string {
  switch (edit.action) {
    case 'add-phrasing':
    case 'edit-entry':
      return edit.entryId;
    case 'new-entry':
      return newId ?? edit.entry.id ?? '';
    case 'out-of-scope':
      return `utanfor:${questionKey(edit.text).slice(0, 80)}`;
  }
}

/**
 * A free id for a new entry, made from its question: "hur-lange-galler-avtalet", then "-2", "-3" … Only words
 * `known` to the knowledge go into it, never a number: a name or a number typed into a new question would otherwise
 * live on in the id, the log and the audit trail.
 */
export function newEntryId(question: string, taken: ReadonlySet<string>, known: (word: string) => boolean = () => true): string {
  const words = question
    .toLocaleLowerCase('sv-SE')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !/\p{N}/u.test(w) && known(w))
    .map(slugify)
    .filter(Boolean);
  let base = '';
  for (const w of words) {
    if (base && base.length + w.length + 1 > 40) break;
    base = base ? `${base}-${w}` : w;
  }
  base ||= 'fraga';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function findEntry(seq: YAMLSeq, id: string): YAMLMap {
  const entry = seq.items.find((item) => isMap(item) && String(item.get('id') ?? '') === id);
  if (!entry) throw new EditError(404, `Frågan "${id}" finns inte i filen. Ladda om konsolen.`);
  return entry as YAMLMap;
}

function setText(map: YAMLMap, key: string, value: string): void {
  const node = map.get(key, true);
  // Keep the scalar node, and with it its style (plain, quoted, block) and any comment on it.
  if (isScalar(node)) (node as Scalar).value = value;
  else map.set(key, value);
}

/**
 * Applies one edit to the text of an FAQ file (or utanfor.yaml for "out-of-scope") and returns the new text.
 * `ids` are the ids in use in the whole knowledge folder (for a new entry's id).
 */
export function applyEdit(
  file: string,
  source: string,
  edit: KnowledgeEdit,
  ids: ReadonlySet<string> = new Set(),
  known?: (word: string) => boolean,
): { text: string; id?: string } {
  const { doc } = parseYamlFile(file, source, []);
  if (doc.errors.length) throw new EditError(409, `${file} har fel i YAML och kan inte ändras från konsolen. Rätta filen först.`);
  if (edit.action === 'out-of-scope') {
    if (doc.contents === null || doc.contents === undefined) doc.contents = new YAMLSeq() as never;
    if (!isSeq(doc.contents)) throw new EditError(409, `${file} ska vara en lista av frågor.`);
    const key = questionKey(edit.text);
    if (doc.contents.items.some((i) => isMap(i) && questionKey(String(i.get('question') ?? '')) === key))
      throw new EditError(422, 'Frågan är redan markerad som "ska inte besvaras".');
    const item = doc.createNode({ question: edit.text, added: edit.added });
    // The shipped file is a comment and an empty list "[]": the first question turns it into a block list.
    if (doc.contents.items.length === 0) doc.contents.flow = false;
    (doc.contents.items as unknown[]).push(item);
    return { text: doc.toString(YAML_OUTPUT) };
  }
  if (!isSeq(doc.contents)) throw new EditError(409, `${file} ska vara en lista av frågor.`);
  const seq = doc.contents;
  switch (edit.action) {
    case 'add-phrasing': {
      const entry = findEntry(seq, edit.entryId);
      const node: unknown = entry.get('alternates', true);
      let alternates: YAMLSeq;
      if (isSeq(node)) alternates = node;
      else {
        alternates = new YAMLSeq();
        entry.set('alternates', alternates);
      }
      const key = questionKey(edit.text);
      const existing = [entry.get('question'), ...alternates.items.map((a) => (isScalar(a) ? a.value : ''))];
      if (existing.some((q) => questionKey(String(q ?? '')) === key))
        throw new EditError(422, `Formuleringen finns redan i "${edit.entryId}".`);
      alternates.items.push(doc.createNode(edit.text));
      return { text: doc.toString(YAML_OUTPUT) };
    }
    case 'edit-entry': {
      const entry = findEntry(seq, edit.entryId);
      const { question, answer, section, alternates } = edit.fields;
      if (question !== undefined) setText(entry, 'question', question);
      if (answer !== undefined) setText(entry, 'answer', answer);
      if (section !== undefined) setText(entry, 'section', section);
      if (alternates !== undefined) {
        const node = entry.get('alternates', true);
        // Keep the nodes of phrasings that stay (their style and comments); new ones are appended in the given order.
        const old = new Map(isSeq(node) ? node.items.filter(isScalar).map((a) => [String(a.value), a] as const) : []);
        const next = new YAMLSeq();
        for (const a of distinctPhrasings(question ?? String(entry.get('question') ?? ''), alternates))
          next.items.push(old.get(a) ?? doc.createNode(a));
        if (isSeq(node)) node.items = next.items;
        else entry.set('alternates', next);
      }
      if (edit.fields.related !== undefined) setRelated(doc, entry, edit.fields.related);
      if (edit.reviewed) setText(entry, 'reviewed', edit.reviewed);
      return { text: doc.toString(YAML_OUTPUT) };
    }
    case 'new-entry': {
      const id = edit.entry.id || newEntryId(edit.entry.question, ids, known);
      if (!/^[a-z][a-z0-9-]{0,59}$/.test(id) || /\d{4}/.test(id))
        throw new EditError(422, 'Ett id består av små bokstäver a–z, siffror och bindestreck (högst 60 tecken), och aldrig ett nummer.');
      if (ids.has(id)) throw new EditError(422, `Id "${id}" finns redan.`);
      const { question, answer, section } = edit.entry;
      const alternates = distinctPhrasings(question, edit.entry.alternates);
      const related = edit.entry.related?.length ? { related: edit.entry.related } : {};
      const item = doc.createNode({ id, question, alternates, answer, section, ...related, reviewed: edit.reviewed }) as YAMLMap;
      // Entries are separated by an empty line in our files.
      item.spaceBefore = seq.items.length > 0;
      (seq.items as unknown[]).push(item);
      return { text: doc.toString(YAML_OUTPUT), id };
    }
  }
}

/**
 * Sets an entry's `related:` ids, right after its section when the entry had none (where the shipped file keeps it),
 * or removes the field for an empty list; the same ids as now leave the field as written.
 */
function setRelated(doc: Document, entry: YAMLMap, ids: readonly string[]): void {
  // The same list as now (the form sends it with every save): its node stays, with its style and comments.
  const now = entry.get('related', true);
  if (isSeq(now) && JSON.stringify(now.items.map((i) => (isScalar(i) ? String(i.value) : i))) === JSON.stringify(ids)) return;
  if (!ids.length) {
    entry.delete('related');
    return;
  }
  const node = doc.createNode([...ids]) as YAMLSeq;
  if (entry.has('related')) {
    entry.set('related', node);
    return;
  }
  const at = entry.items.findIndex((p) => isScalar(p.key) && p.key.value === 'section');
  const pair = doc.createPair('related', node);
  if (at >= 0) entry.items.splice(at + 1, 0, pair as never);
  else entry.items.push(pair as never);
}

/** A line diff of two texts (the shared start and end left out), as "- old" / "+ new" lines for the audit trail. */
export function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out = [`@@ rad ${start + 1}`];
  for (const l of a.slice(start, endA)) out.push(`- ${l}`);
  for (const l of b.slice(start, endB)) out.push(`+ ${l}`);
  return out.join('\n');
}

/** One field of an entry as a change left it: its value before and after (null where the field was absent). */
export interface FieldChange {
  field: string;
  /** The field's name as the console shows it (faq.ts FIELD_LABELS). */
  label: string;
  before: string | string[] | null;
  after: string | string[] | null;
}

/**
 * The fields of the entry `target` (an entry id, or "utanfor:<key>" for a question marked "Ska inte besvaras") that
 * differ between two texts of its file, in the entry's own order: what the audit trail shows instead of a line diff.
 */
export function entryFieldChanges(file: string, before: string, after: string, target: string): FieldChange[] {
  const a = entryIn(file, before, target);
  const b = entryIn(file, after, target);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const value = (v: unknown): string | string[] | null =>
    v === undefined || v === null ? null : Array.isArray(v) ? v.map(String) : String(v);
  return keys
    .map((field) => ({ field, label: FIELD_LABELS[field] ?? field, before: value(a[field]), after: value(b[field]) }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
}

/** The fields of one entry in a knowledge file's text, or none if the text does not hold it (or is not YAML). */
function entryIn(file: string, text: string, target: string): Record<string, unknown> {
  const { doc } = parseYamlFile(file, text, []);
  if (doc.errors.length || !isSeq(doc.contents)) return {};
  const key = target.startsWith('utanfor:') ? target.slice('utanfor:'.length) : undefined;
  const item = doc.contents.items.find((i) =>
    !isMap(i)
      ? false
      : key !== undefined
        ? questionKey(String(i.get('question') ?? '')).slice(0, 80) === key
        : String(i.get('id') ?? '') === target,
  );
  return isMap(item) ? (item.toJSON() as Record<string, unknown>) : {};
}

/**
 * The phrasings without those that repeat the question or an earlier phrasing (in case, punctuation or spacing
 * only): a form that repeats the question saves each wording once, not a warning in the file.
 */
export function distinctPhrasings(question: string, alternates: readonly string[]): string[] {
  const seen = new Set([questionKey(question)]);
  return alternates.filter((a) => {
    const key = questionKey(a);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
