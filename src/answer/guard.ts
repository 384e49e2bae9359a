/**
 * Decides, before any ranking, whether a question is small talk or clinical. Clinical and patient questions are
 * always refused, whatever the ranking says: an answer must never look like medical advice.
 */
import { normalize } from '../analysis/normalize';
import { tokenize } from '../analysis/tokenize';
import type { GuardLists } from '../knowledge/types';
import { cleanText } from '../text/clean';
import { GUARD_READS, head } from '../text/reach';
import { carePlace, namedByDetail, namedPerson, REDACTED, redactContacts } from '../text/redact';

// What the guard reads of a text is decided with what is stored of it (reach.ts).
export { GUARD_READS };

export type GuardVerdict = { kind: 'clinical'; matched: string } | { kind: 'greeting' | 'thanks' | 'help' } | { kind: 'empty' } | null;

// Inflection endings that may follow a listed clinical word ("dos" -> "doser", "doserna").
const ENDINGS = [
  '',
  'n',
  'en',
  'et',
  'er',
  'erna',
  'ar',
  'arna',
  'or',
  'orna',
  'na',
  'ns',
  's',
  'es',
  't',
  'a',
  'e',
  'ade',
  'at',
  'ning',
  'ningen',
  'r',
];
// A number with a dose unit ("5 mg", "0,5mg", "10 ml/h") is clinical whatever the words around it. The number
// starts where a run of digits starts and its parts are bounded: `\d+` from every position of a long digit run
// cost quadratic time (2 s for 40,000 digits).
const DOSE = /(?<![\d.,])\d{1,9}(?:[.,]\d{1,6})?\s{0,3}(?:mg|µg|mcg|ug|ml|mmol|ie|e\/kg|mg\/kg|ml\/h)\b/u;
// Words that introduce a name after a patient word ("en patient som heter Anna").
const NAMING = new Set(['heter', 'hette']);
// An age or a weight: "45 år", "80-årig", "12 kg" (up to three digits: a year is not an age).
const AGE = /(?<![\d.,])\d{1,3} ?-?(?:år|årig|åring|åringen|kg|kilo)(?!\p{L})/u;
/** What the guard reads of a text: its head, cleaned (clean.ts; NUL read as a space), cut to the head again. */
function readable(text: string): string {
  return head(cleanText(head(text).replaceAll('\u0000', ' ')));
}
// A word as the tokenizer finds it (tokenize.ts), with its case kept: the patient rule looks at capitals.
const RAW_WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*-?/gu;
const FILLER = new Set(['faktabot', 'faktaboten', 'boten', 'bot', 'du', 'dig', 'igen', 'så', 'mycket', 'och', 'på', 'dej', 'alla', 'ni']);

/** A listed clinical word with its inflected forms, built once: the guard runs on every question. */
interface ClinicalWord {
  entry: string;
  forms: string[];
}

export class Guard {
  private readonly clinical: (ClinicalWord | string[])[];
  private readonly patientWords: Set<string>;
  private readonly names: Set<string>;
  /** Words for several patients (patienterna, vårdtagare): a room or bed with its number singles them out. */
  private readonly groupWords: Set<string>;
  /** A room or bed with its number ("sal 3", "säng nr 4"), from the listed details. */
  private readonly place: RegExp | undefined;
  /** A listed first name (any case) followed by an age, or a room or bed with its number. */
  private readonly namedWithDetail: RegExp | undefined;
  private readonly smalltalk: ['greeting' | 'thanks' | 'help', Set<string>][];
  // The single clinical words, indexed so that a question costs a few lookups per word (matchesWord's rule):
  // inflected forms, forms as the head of a compound, and entries of 5+ letters as its first part.
  private readonly forms = new Map<string, string>();
  private readonly heads = new Map<string, string>();
  private readonly firstParts = new Map<string, string>();
  /** Only endings and beginnings up to this length can match, which keeps a long word's cost linear. */
  private longestForm = 0;
  /** The last three letters of every form and the first five of every first part: most words fail these at once. */
  private readonly headEndings = new Set<string>();
  private readonly firstPartStarts = new Set<string>();

  constructor(lists: GuardLists) {
    this.patientWords = new Set(lists.patient.words.flatMap((w) => words(normalize(w))));
    this.names = new Set(lists.patient.names.flatMap((w) => words(normalize(w))));
    this.groupWords = new Set((lists.patient.groups ?? []).flatMap((w) => words(normalize(w))));
    const places = lists.patient.details.map((d) => normalize(d).replace(/[^\p{L}]/gu, '')).filter(Boolean);
    this.place = places.length ? new RegExp(String.raw`(?<!\p{L})(?:${places.join('|')})(?: nr| nummer)? ?\d{1,3}(?!\d)`, 'u') : undefined;
    const alternatives = [...this.names].map((n) => n.replace(/[^\p{L}]/gu, '')).filter(Boolean);
    this.namedWithDetail = alternatives.length
      ? new RegExp(
          String.raw`(?<!\p{L})(?:${alternatives.join('|')})(?!\p{L})(?: \p{L}{1,30})?(?: ?\( ?\d{1,3} ?(?:år)? ?\)|, ?\d{1,3}(?!\d)| \d{1,3} ?-?(?:år|årig|åring)(?!\p{L})|(?: \p{L}{1,30}){0,2} (?:sal|salen|säng|sängen|rum|rummet|rum nr|säng nr) ?\d)`,
          'u',
        )
      : undefined;
    this.clinical = lists.clinical
      .map((c) => words(normalize(c)))
      .filter((w) => w.length > 0)
      .map((w) => (w.length === 1 ? { entry: w[0] as string, forms: ENDINGS.map((e) => w[0] + e) } : w));
    for (const c of this.clinical) {
      if (Array.isArray(c)) continue;
      for (const f of c.forms) {
        this.longestForm = Math.max(this.longestForm, f.length);
        if (!this.forms.has(f)) this.forms.set(f, c.entry);
        if (c.entry.length >= 3 && !this.heads.has(f)) {
          this.heads.set(f, c.entry);
          this.headEndings.add(f.slice(-3));
        }
      }
      if (c.entry.length >= 5 && !this.firstParts.has(c.entry)) {
        this.firstParts.set(c.entry, c.entry);
        this.firstPartStarts.add(c.entry.slice(0, 5));
      }
    }
    this.smalltalk = (['help', 'thanks', 'greeting'] as const).map((k) => [
      k,
      new Set(lists.smalltalk[k].map((p) => content(words(normalize(p))))),
    ]);
  }

  /**
   * A text about a particular patient. With a patient word for one person (patienten, pt, vårdtagaren, brukaren …):
   * a strong detail anywhere in the text (an age or weight, "45 år", "80 kg"; a room or bed with its number, "sal 3";
   * "född"), a number of up to three digits within three words of it ("pt 45"), or a name within three words after
   * it in the same sentence ("patienten Anna", "pt anna", "en patient som heter …"). With a word for several
   * (patienterna, vårdtagare …): a room or bed with its number in the same sentence ("patienterna på sal 3"). Without
   * a patient word: a listed first name with an age, a room or a bed ("anna 45 år", "Karin Lind (72)", "Anna på
   * sal 3"), or an age with a room or bed ("en 80-årig man på sal 3"). "Helheten runt patienten", "35 vårdtagare"
   * or "patienter under 18 år" single no one out.
   */
  private particularPatient(raw: string): string | undefined {
    const norm = normalize(raw);
    const sentences = sentencesOf(raw).map((sentence) => ({ raw: sentence, norm: normalize(sentence), ws: words(normalize(sentence)) }));
    const one = sentences.flatMap((x) => x.ws).find((w) => this.patientWords.has(w));
    if (one) {
      const strong = AGE.exec(norm)?.[0] ?? this.place?.exec(norm)?.[0] ?? (/(?<!\p{L})född(?!\p{L})/u.test(norm) ? 'född' : undefined);
      if (strong) return `${one} + ${strong}`;
      for (const { raw: sentenceRaw, ws } of sentences) {
        // The sentence's words as written, split as words() splits them, so that the i-th written word is the i-th
        // word (a few places either way when lower-casing changed a word): each is normalised once.
        const rawWords = [...sentenceRaw.matchAll(RAW_WORD)].flatMap((m) => {
          const glued = /^(.+-)(och|eller|samt)$/iu.exec(m[0]);
          return glued ? [glued[1] as string, glued[2] as string] : [m[0]];
        });
        const rawNorm = rawWords.map((w) => normalize(w).replace(/-$/, ''));
        for (let i = 0; i < ws.length; i++) {
          if (!this.patientWords.has(ws[i] as string)) continue;
          for (let k = Math.max(0, i - 3); k <= i + 3 && k < ws.length; k++)
            if (k !== i && /^\d{1,3}$/.test(ws[k] as string)) return `${ws[i]} + tal`;
          for (let k = i + 1; k <= i + 3 && k < ws.length; k++)
            if (this.names.has(ws[k] as string) || NAMING.has(ws[k] as string)) return `${ws[i]} + namn`;
          // A capitalised word right after the patient word, not an abbreviation (IVA, VGR): a name.
          const r = [0, -1, 1, -2, 2, -3, 3].map((d) => i + d).find((k) => rawNorm[k] === ws[i]);
          const next = r === undefined ? undefined : rawWords[r + 1];
          if (next && /^\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?$/u.test(next)) return `${ws[i]} + namn`;
        }
      }
    }
    for (const { norm: sentence, ws } of sentences) {
      if (ws.some((w) => this.groupWords.has(w))) {
        const place = this.place?.exec(sentence)?.[0];
        if (place) return `${ws.find((w) => this.groupWords.has(w))} + ${place}`;
      }
      if (this.namedWithDetail?.test(sentence)) return 'namn + ålder eller plats';
      const age = AGE.exec(sentence)?.[0];
      const place = this.place?.exec(sentence)?.[0];
      if (age && place) return `${age} + ${place}`;
    }
    return undefined;
  }

  /**
   * The text describes a particular patient (see particularPatient, and redaction's namedPerson and namedByDetail,
   * which read names as redaction does); read with numbers, e-mail and addresses redacted (redactContacts), as
   * check() does, and at most GUARD_READS characters of it.
   */
  describesPatient(text: string, redacted?: string): string | undefined {
    const read = head(redacted ?? redactContacts(readable(text)));
    // A name beside a personnummer or an age is that person's, a patient's as far as the guard can tell ("Karin
    // Lindqvist 19500312-1234 syns inte", "Lind, Anna, 72 år"): the writer's own name and number are not written so.
    if (namedPerson(read)) return 'namn + ålder eller personnummer';
    // A personnummer beside a patient word is the patient's ("Pat. 19121212-1212 ligger på IVA"): read as a number.
    // And one name word beside a room, an age, a birth date, a diagnosis or a patient word ("Lindqvist på sal 4",
    // "Andersson har KOL", "Patientens namn är Lindqvist") is a patient's.
    return (
      this.particularPatient(read.replaceAll(REDACTED.personnummer, ' 0 ')) ??
      (namedByDetail(read) ? 'namn + sal, ålder eller diagnos' : undefined)
    );
  }

  /** The clinical entry a word is a form of, the head of, or (5+ letters) begins with; as matchesWord decides. */
  private clinicalWord(word: string): string | undefined {
    const exact = this.forms.get(word);
    if (exact) return exact;
    if (word.length < 6) return undefined;
    // A compound: some ending of the word, with at least 3 letters before it, is a listed form.
    if (this.headEndings.has(word.slice(-3)))
      for (let i = Math.max(3, word.length - this.longestForm); i < word.length; i++) {
        const head = this.heads.get(word.slice(i));
        if (head) return head;
      }
    // Or it begins with a listed word of 5+ letters and has at least 3 more, unless they name a place of care
    // ("allergicentrum").
    if (this.firstPartStarts.has(word.slice(0, 5)))
      for (let n = 5; n <= Math.min(word.length - 3, this.longestForm); n++) {
        const first = this.firstParts.get(word.slice(0, n));
        if (first && !carePlace(word.slice(n))) return first;
      }
    return undefined;
  }

  /**
   * The verdict on a question, read to GUARD_READS characters. `redacted` is the question after redactContacts(),
   * when the caller already has it.
   */
  check(rawQuestion: string, redacted?: string): GuardVerdict {
    const question = readable(rawQuestion);
    const norm = normalize(question);
    const ws = words(norm);
    if (ws.length === 0) return { kind: 'empty' };
    if (DOSE.test(norm)) return { kind: 'clinical', matched: DOSE.exec(norm)?.[0] ?? '' };
    // A patient word and a detail that singles someone out, anywhere in the message, read after redaction: the
    // writer's own personnummer or phone number ("[personnummer]") is not a number about a patient; an age or a
    // room number is.
    // And a personnummer in the same sentence as a patient word is the patient's ("Pat. 19121212-1212 ligger på IVA").
    const patient = this.describesPatient(question, redacted);
    if (patient) return { kind: 'clinical', matched: patient };
    for (const w of ws) {
      const entry = this.clinicalWord(w);
      if (entry) return { kind: 'clinical', matched: entry };
    }
    for (const entry of this.clinical) {
      if (Array.isArray(entry) && containsSequence(ws, entry)) {
        return { kind: 'clinical', matched: entry.join(' ') };
      }
    }
    // Small talk only when the whole message is small talk ("hej!", "tack så mycket", "hjälp").
    const text = content(ws);
    for (const [kind, phrases] of this.smalltalk) {
      if (phrases.has(text) || (kind !== 'help' && text === '')) return { kind };
    }
    return null;
  }
}

/** Sentences: split after "!" and "?", after "." before a capital letter ("Pat. 1912…" stays one sentence), and before a signature ("/Anna"). */
function sentencesOf(text: string): string[] {
  return text.split(/(?<=[!?])\s+|(?<=(?:\p{L}{4}|\])\.)\s+(?=\p{Lu})|\s+(?=\/\p{L})|\n+/u).filter((t) => t.trim());
}

/** The words of a normalised text, a trailing hyphen dropped ("IVA-" in "IVA- och anestesivården"). */
function words(normalized: string): string[] {
  return tokenize(normalized).map((w) => w.text.replace(/-$/, ''));
}

/** A message without the words that do not change what it is ("tack så mycket" is "tack"). */
function content(ws: string[]): string {
  return ws.filter((w) => !FILLER.has(w)).join(' ');
}

function containsSequence(ws: string[], seq: string[]): boolean {
  for (let i = 0; i + seq.length <= ws.length; i++) {
    let k = 0;
    while (k < seq.length && ws[i + k] === seq[k]) k++;
    if (k === seq.length) return true;
  }
  return false;
}
