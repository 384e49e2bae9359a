/**
 * Stage 0, before analysis: the question in a chat message.
 *
 * Staff write "Hej! Jobbar på IVA i Borås och vi pratade om det här på APT. När beslutades det? Tack! /Lena". Only
 * "När beslutades det?" says which answer fits; the greeting, the sign-off and the sentence about the writer add
 * words that match other entries and dilute how much of the question an entry covers. This stage splits a message
 * into sentences and clauses, removes greetings, thanks, sign-offs and empty openers ("en snabb fråga", "jag undrar
 * bara"), which come from knowledge/chat.yaml, and finds the question:
 * - sentences that end with "?"; without any, sentences that open like a question (a question word, a verb first,
 *   "undrar om …"); without those, everything that is left;
 * - within a question sentence, declarative clauses before the question ("Jag vet att det beslutades 2021, men när
 *   …?") move to the context.
 * The engine ranks on the focus and uses the context only as weak support.
 *
 * A name right after a greeting ("Hej Karin, när …?") or in a sign-off is framing too, also once redaction made it
 * "[namn]". `phrasing` gives the question as written, which the console offers as a phrasing for the knowledge, and
 * `framing` says what around it was left out (a greeting, a sign-off, sentences about the writer).
 */
import type { ChatLists, GuardLists, KnowledgeBase } from '../knowledge/types';
import { NAME_TITLES } from '../text/redact';
import type { SwedishLexicon } from './lexicon';
import { normalize, swedishBounds } from './normalize';
import { stem } from './stem';
import { unfoldSmallWord } from './stopwords';

export interface MessageParts {
  /** The question(s), without greetings, sign-offs and openers. Never empty when the message has words. */
  focus: string;
  /** Sentences and clauses around the question: about the writer or the situation. */
  context: string;
  /** Each question sentence on its own (one element when the message asks one question). */
  questions: string[];
  /** True when nothing but greetings, thanks and sign-offs was left. */
  onlyFraming: boolean;
  /**
   * Words written as names (a capital inside a sentence, "SurgiNet", "NÄL"): normalised form -> as written. A name
   * the knowledge never uses is what a question is about more often than any other unknown word.
   */
  names: Map<string, string>;
}

/** Words written as names: capitalised after a lower-case word, or with capitals inside ("SurgiNet", "IVA"). */
export function namesIn(message: string): Map<string, string> {
  const out = new Map<string, string>();
  const tokens = [...message.matchAll(/[\p{L}][\p{L}\p{N}]*|[.!?:;]/gu)].map((m) => m[0]);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i] as string;
    const prev = tokens[i - 1];
    const inner = /\p{Lu}/u.test(w.slice(1));
    const capitalised = /^\p{Lu}/u.test(w) && prev !== undefined && /^\p{L}/u.test(prev);
    if (w.length >= 2 && (inner || capitalised)) out.set(normalize(w), w);
  }
  return out;
}

/**
 * The persons a question names. A phrasing is a question, and a listed first name (`firstNames`, normalised) in it
 * is a person's whatever its case, also as part of a hyphenated word, glued to a surname or with a genitive
 * ("karin lindqvist", "Karin-Lindqvist", "KarinLindqvist", "Karins grupp", "Karin’s team"). A listed name that is
 * also an ordinary word (`ordinary`: "björn", "axel") counts only when written as a name: capitalised inside a
 * sentence ("… för Björn?"), or at its start before another capitalised word ("Björn Lind, när …"); at the start of
 * a sentence alone it may be the ordinary word written first. A word in capitals ("IDA", "ELSA") is an acronym, and a
 * name joined to a small word ("Maria-mottagningen") a place. Names not listed count too: a title before a
 * capitalised word ("Dr Lindqvist", "överläkare Lindqvist"), and two capitalised words in a row inside a sentence
 * that are neither words the knowledge writes (`known`) nor ordinary words, and neither one the knowledge writes
 * as a name (`proper`): "Ylva Lindqvist", not "Region Skåne" or "Västra Götaland".
 */
export function personNames(
  message: string,
  firstNames: ReadonlySet<string>,
  ordinary: (name: string) => boolean = () => false,
  known: (word: string) => boolean = () => false,
  proper: ReadonlySet<string> = new Set(),
): string[] {
  const tokens = [...message.matchAll(/[\p{L}][\p{L}\p{N}'’-]*|[.!?:;]/gu)].map((m) =>
    m[0].replace(/['’]s$/iu, '').replace(/['’-]+$/u, ''),
  );
  const capitalised = (w: string | undefined) => w !== undefined && /^\p{Lu}\p{Ll}/u.test(w);
  const isWord = (w: string | undefined) => w !== undefined && /^\p{L}/u.test(w);
  const unknown = (w: string) => !known(w) || firstNames.has(normalize(w));
  const listed = (w: string) => {
    const n = normalize(w);
    if (firstNames.has(n)) return n;
    const bare = n.endsWith('s') ? n.slice(0, -1) : '';
    return firstNames.has(bare) && !ordinary(bare) ? bare : undefined;
  };
  const out: string[] = [];
  tokens.forEach((token, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // In capitals, a listed name is an acronym ("IDA", "ELSA") unless it is long or beside another word in capitals
    // that the knowledge does not write ("KARIN", "PIA LINDQVIST").
    const caps = (w: string | undefined) => w !== undefined && /^\p{Lu}[\p{Lu}-]+$/u.test(w);
    if (caps(token) && token.length < 5 && !((caps(prev) && unknown(prev as string)) || (caps(next) && unknown(next as string)))) return;
    // A listed name in a word: alone, a capitalised part of a hyphenated word, or glued to a surname.
    const hyphenated = token.split('-');
    const parts =
      hyphenated.length > 1 ? (hyphenated.every((p) => /^\p{Lu}/u.test(p)) ? hyphenated : []) : token.split(/(?<=\p{Ll})(?=\p{Lu})/u);
    for (const part of parts) {
      const name = listed(part);
      if (name === undefined) continue;
      if (parts.length === 1 && ordinary(name)) {
        if (!capitalised(part) || !(isWord(prev) || capitalised(next))) continue;
      }
      out.push(part);
      return;
    }
    // "Dr Lindqvist", "Dr. Lindqvist".
    const after = next === '.' ? tokens[i + 2] : next;
    if (NAME_TITLES.has(normalize(token)) && capitalised(after) && unknown(after as string) && !proper.has(normalize(after as string))) {
      out.push(`${token} ${after}`);
      return;
    }
    const stranger = (w: string) => unknown(w) && !ordinary(normalize(w));
    const institution = proper.has(normalize(token)) || proper.has(normalize(next ?? ''));
    // Two words written as names, or both in capitals, that the knowledge does not write ("Gunvald Brännström",
    // "GUNVALD BRÄNNSTRÖM") inside a sentence.
    const asName = (w: string | undefined) => capitalised(w) || (caps(w) && (w as string).length >= 3);
    if (isWord(prev) && asName(token) && asName(next) && !institution && stranger(token) && stranger(next as string))
      out.push(`${token} ${next}`);
  });
  return out;
}

/** The first names a person's name is read by (normalised): the guard's `names` and the `wordNames` that are words. */
export function firstNamesOf(guard: GuardLists): Set<string> {
  return new Set([...guard.patient.names, ...(guard.patient.wordNames ?? [])].map(normalize));
}

/** Whether the knowledge writes a word itself (the analyzer's vocabulary), for personNames and redaction. */
export function knowledgeWord(vocabulary: { has(word: string): boolean }): (word: string) => boolean {
  return (word) => vocabulary.has(normalize(word));
}

/**
 * Whether a listed first name is also an ordinary Swedish word, for personNames: the general word list (lexicon.ts)
 * has it as its own stem ("björn", "axel", "karl"). Without a word list, no name is one.
 */
export function ordinaryName(swedish: Pick<SwedishLexicon, 'isWord'> | undefined): (name: string) => boolean {
  return (name) => stem(name) === name && swedish?.isWord(name) === true;
}

/** Words that open a question (Swedish, and the English ones staff mix in). */
const QUESTION_OPENERS = new Set(
  (
    'vad va vem vilka vilken vilket när hur varför var vart vems ' +
    'är e kan får ska skall har finns fanns blir blev kommer måste behöver gäller stämmer gjordes går bör hade ' +
    'ingick ingår slutar byts ersätts ersätter tar använder köptes togs valde varför betyder innebär innebar ' +
    'what who when why how which where did does do is are was were will can could should'
  ).split(' '),
);
/** "Undrar om/när …", "vet du varför …", "frågan är hur …": a question inside a sentence that opens otherwise. */
const EMBEDDED_QUESTION = swedishBounds(
  /\b(undrar|undra|funderar|frågar|frågan|fråga|veta|vet|förstå|förklara|berätta|säga)\b(\s+(?!att\b)\S+){0,2}?\s+(om|när|hur|varför|vad|vem|vilka|vilken|vilket|var)\b/u,
);
/** Question words that may stand second in a clause ("idag varför …", "men när …"). */
const WH = new Set('vad vem vilka vilken vilket när hur varför vems what who when why how which'.split(' '));
/** Two-word openings of yes/no questions, where an unpunctuated message is cut. */
const YES_NO_OPENING = new Set([
  'stämmer det',
  'är det',
  'gäller det',
  'finns det',
  'blir det',
  'kan man',
  'kan vi',
  'ska vi',
  'får vi',
  'har vi',
]);
/** A subordinate clause that opens a sentence, up to its comma ("om …, ", "när …, ", "eftersom …, "). */
const SUBORDINATE = /^(?:om|ifall|när|nu när|eftersom|innan|efter att|sedan|medan)\s[^,?]{3,120},\s*/u;
/** Common Swedish finite verbs that no ending gives away ("när blev …", "när kom …"). */
const FINITE_VERBS = new Set(
  'blev blir var är kom kommer fick får tog tar gick går sa gav ger såg ser fanns finns ska skulle kan kunde'.split(' '),
);
/** Clause boundaries inside a sentence: ", men", ", så", a dash, a colon, a semicolon. */
const CLAUSE = /,\s*(?:men|så|och så)\s+|\s+[-–]\s+|:\s+|;\s+/u;
/** "/Lena", "//Björn", "/M", "/[namn]" at the end of a message. */
const SLASH_SIGNATURE = /(?:^|\s)\/{1,2}\s*[\p{L}[][\p{L}.\- \]]{0,40}$/u;
/**
 * A name right after a greeting, up to its punctuation: "Karin!", "karin,", "Anna Lind,", "[namn]!" (redacted). A
 * word written in capitals ("Hej FVM, …") is what the question is about, not whom it greets.
 */
const GREETING_NAME = /^(?:\[namn\]|\p{L}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+)?)\s*(?:[,!.:]+\s*|$)/u;

/** What frames a question in a knowledge folder: chat.yaml, or without it the guard's greetings and thanks. */
export function chatLists(kb: Pick<KnowledgeBase, 'chat' | 'guard'>): ChatLists {
  return kb.chat ?? { greetings: kb.guard.smalltalk.greeting, closings: kb.guard.smalltalk.thanks, openers: [] };
}

const READERS = new WeakMap<object, MessageFocus>();
/** The reader of a knowledge base's chat lists, made once per loaded knowledge. */
export function messageFocus(kb: Pick<KnowledgeBase, 'chat' | 'guard'>): MessageFocus {
  let focus = READERS.get(kb);
  if (!focus) {
    focus = new MessageFocus(chatLists(kb));
    READERS.set(kb, focus);
  }
  return focus;
}

/** What a message has around its question: a greeting, a sign-off, sentences or clauses about the writer. */
export type Framing = 'greeting' | 'signoff' | 'about';

export class MessageFocus {
  private readonly greetings: string[][];
  private readonly closings: string[][];
  private readonly openers: string[][];
  private readonly about: string[][];

  constructor(lists: ChatLists) {
    const phrases = (xs: readonly string[]) =>
      xs
        .map((p) => words(p))
        .filter((w) => w.length > 0)
        // Longest first, so "tack på förhand" is removed whole before "tack".
        .sort((a, b) => b.length - a.length);
    this.greetings = phrases(lists.greetings);
    this.closings = phrases(lists.closings);
    this.openers = phrases(lists.openers);
    this.about = phrases(lists.about ?? []);
  }

  parts(message: string): MessageParts {
    const text = this.flatten(message);
    // Sentences are split on the text as written, then worked on normalised; a long run without punctuation is cut
    // where a sentence about the writer, a closing or a question begins.
    const sentences = splitSentences(text)
      .map(normalize)
      .flatMap((s) => this.segments(s))
      .map((s, i, all) => this.strip(s, i === 0, i >= all.length - 2, false))
      .filter((s) => /[\p{L}\p{N}]/u.test(s));
    const names = namesIn(text);
    if (sentences.length === 0) return { focus: '', context: '', questions: [], onlyFraming: /[\p{L}\p{N}]/u.test(text), names };
    const asked = sentences.filter((s) => s.trimEnd().endsWith('?'));
    const cued = sentences.filter((s) => opensQuestion(s) || EMBEDDED_QUESTION.test(normalize(s)));
    // Without a question mark or a question's opening, the question is the last sentence that is not about the
    // writer or the situation (staff put the question last; "Jag jobbar på IVA." is never it).
    const plain = sentences.filter((s) => dropLeading(s, this.about) === s);
    const questionSentences = asked.length ? asked : cued.length ? cued : [plain.at(-1) ?? (sentences.at(-1) as string)];
    const context: string[] = sentences.filter((s) => !questionSentences.includes(s));
    const questions = questionSentences.map((s) => {
      const { question, before } = questionClause(s);
      if (before) context.push(before);
      return this.strip(question, true, false, true);
    });
    return { focus: questions.join(' '), context: context.join(' '), questions: questions.flatMap(coordinated), onlyFraming: false, names };
  }

  /**
   * The question(s) of a message as written (case and punctuation kept), without greetings, sign-offs, openers
   * and sentences about the writer: what a phrasing in the knowledge may hold. The focus when the written text
   * cannot be found again (lower-casing changed a letter's length).
   */
  phrasing(message: string): string {
    const text = this.flatten(message);
    const { questions, focus } = this.parts(message);
    const norm = normalize(text);
    if (norm.length !== text.length) return focus;
    let from = 0;
    const written = questions.map((q) => {
      const at = norm.indexOf(q, from);
      if (at < 0) return q;
      from = at + q.length;
      return text.slice(at, at + q.length);
    });
    return written.join(' ').trim();
  }

  /** What frames the question in a message (see Framing); empty when the message is its question alone. */
  framing(message: string): Framing[] {
    const text = message.replace(/\s+/gu, ' ').trim();
    const out = new Set<Framing>();
    if (dropLeading(text, this.greetings) !== text) out.add('greeting');
    if (SLASH_SIGNATURE.test(text)) out.add('signoff');
    const unsigned = text.replace(SLASH_SIGNATURE, '');
    const sentences = splitSentences(unsigned);
    const last = sentences.at(-1) ?? '';
    if (dropLeading(last, this.closings) !== last || dropTrailing(last, this.closings) !== last) out.add('signoff');
    const p = this.parts(message);
    if (p.context || (p.onlyFraming && !out.size)) out.add('about');
    return [...out];
  }

  /**
   * The message on one line, without a signature or a name right after its greeting. A forwarded e-mail quotes its
   * lines with "> ": the quote marks are not part of what was asked.
   */
  private flatten(message: string): string {
    return this.withoutGreetingName(
      message
        .replace(/^[ \t]*(?:>[ \t]?)+/gmu, '')
        .replace(/\s+/gu, ' ')
        .trim()
        .replace(SLASH_SIGNATURE, ''),
    );
  }

  /** The text without a name right after its opening greeting ("Hej Karin, när …" is "Hej när …"). */
  private withoutGreetingName(text: string): string {
    const rest = dropLeading(text, this.greetings);
    if (rest === text) return text;
    const name = GREETING_NAME.exec(rest);
    return name ? `${text.slice(0, text.length - rest.length)}${rest.slice(name[0].length)}` : text;
  }

  /**
   * "hej jobbar som ssk på iva jag vet att det beslutades 2021 men när blev avtalet klart": a message typed without
   * punctuation is one "sentence". Twelve words or more with no full stop, question mark or exclamation mark are cut
   * before a sentence about the writer ("jag vet"), a closing ("mvh"), a question word that starts a clause ("men
   * när …") and the common yes/no openings ("stämmer det", "är det").
   */
  private segments(sentence: string): string[] {
    const ws = [...sentence.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu)];
    if (ws.length < 12 || /[.?!]/u.test(sentence)) return [sentence];
    const starts = (i: number, list: readonly string[][]) => list.some((p) => p.length && p.every((w, k) => ws[i + k]?.[0] === w));
    const cuts: number[] = [];
    for (let i = 3; i < ws.length - 2; i++) {
      const w = ws[i]?.[0] as string;
      const next = ws[i + 1]?.[0] as string;
      const boundary =
        starts(i, this.about) ||
        starts(i, this.closings) ||
        (w === 'men' && WH.has(next)) ||
        (WH.has(w) && ws[i - 1]?.[0] !== 'men' && !/^(om|att|som|det)$/u.test(ws[i - 1]?.[0] as string)) ||
        YES_NO_OPENING.has(`${w} ${next}`);
      if (boundary && (cuts.length === 0 || i - (cuts.at(-1) as number) >= 3)) cuts.push(i);
    }
    if (cuts.length === 0) return [sentence];
    const at = (i: number) => ws[i]?.index ?? sentence.length;
    return [0, ...cuts].map((c, k) => sentence.slice(at(c), k < cuts.length ? at(cuts[k] as number) : sentence.length).trim());
  }

  /** A sentence without a greeting in front, an opener in front, and (near the end) a closing. */
  private strip(sentence: string, first: boolean, last: boolean, openers: boolean): string {
    let s = sentence.trim();
    // Openers ("fick frågan", "jag undrar bara") are removed only once the question clause is found: they are what
    // shows that a clause asks.
    const lists = [...(first ? [this.greetings, this.closings] : []), ...(openers ? [this.openers] : [])];
    for (let changed = true; changed; ) {
      changed = false;
      for (const list of lists) {
        const rest = dropLeading(s, list);
        if (rest !== s) {
          s = rest;
          changed = true;
        }
      }
    }
    if (last) {
      // A sentence that opens with a closing ("Tack på förhand!", "Mvh Eva, IT-samordnare") is a sign-off.
      if (!s.endsWith('?') && dropLeading(s, this.closings) !== s) return '';
      s = dropTrailing(s, this.closings);
    }
    return s;
  }
}

/** "…, och vad kostade den?": a second question joined to the first by "och", "samt" or "men". */
const COORDINATED =
  /(?:,\s*|\s+)(?:och|samt|men|eller)\s+(?=(?:vad|vem|vilka|vilken|vilket|när|hur|varför|var|vart|kan|finns|är|har|ska|får|går)\s)/u;

/**
 * Two questions in one sentence ("Vem gjorde riskanalysen, och vad kostade den?"), each with at least three words, are
 * two questions; anything shorter ("vem och när?") stays one.
 */
function coordinated(question: string): string[] {
  const m = COORDINATED.exec(question);
  if (!m || m.index === undefined) return [question];
  const first = question.slice(0, m.index).trim();
  const second = question.slice(m.index + m[0].length).trim();
  if (words(first).length < 3 || words(second).length < 3) return [question];
  return [first, ...coordinated(second)];
}

/** Abbreviations whose full stop does not end a sentence ("t.ex.", "bl.a.", "ca.", "f. 1950"). */
const ABBREVIATION =
  /(?:^|[\s(])(?:\p{L}{1,2}\.\p{L}{1,2}|t\.o\.m|fr\.o\.m|ca|kl|nr|tel|resp|jfr|inkl|exkl|osv|mfl|etc|dvs|pga|ang|enl|st|f)\.$/iu;

/** Sentences: split after "?", "!", "…" and "." (not after an abbreviation), and at line breaks. */
function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of text.matchAll(/[?!….]+\s+|\n+/gu)) {
    const end = (m.index ?? 0) + m[0].length;
    const piece = text.slice(start, end);
    if (m[0].startsWith('.') && ABBREVIATION.test(piece.trimEnd())) continue;
    out.push(piece.trim());
    start = end;
  }
  out.push(text.slice(start).trim());
  return out.filter(Boolean);
}

function opensQuestion(sentence: string): boolean {
  const [first, second] = words(sentence).map((w) => unfoldSmallWord(w) ?? w);
  if (second && WH.has(second)) return true;
  if (!first || !QUESTION_OPENERS.has(first)) return false;
  // "Har jobbat på IVA i tio år." opens with a verb but drops its subject: a statement. A yes/no question puts the
  // subject second ("Har VGR …", "Är det …"), never a supine or participle.
  return WH.has(first) || !second || !/(at|it|tt|ört|äst|ats|its)$/u.test(second) || sentence.trimEnd().endsWith('?');
}

/**
 * The question in one sentence: from the first clause that asks (opens like a question or embeds one), when the
 * clauses before it only state things ("Jag vet att …", "Chefläkargruppen gjorde ju en riskanalys").
 */
function questionClause(sentence: string): { question: string; before: string } {
  // "När Millennium kommer, vad händer med …?", "Om IVA får ett eget IT-stöd, var ska vi …?": a subordinate clause in
  // front sets the scene; the question is what follows its comma (and its "när" asks no time).
  const sub = SUBORDINATE.exec(sentence);
  // "När blev avtalet klart, …" asks when: "när" with its verb right after is a question word, not a conjunction.
  const [first, second] = words(sentence);
  const asksWhen = first === 'när' && !!second && (FINITE_VERBS.has(second) || /(ade|ades|des|de|te|tes|ar|er|as|ts|ds)$/u.test(second));
  if (sub && !asksWhen) {
    const rest = sentence.slice(sub[0].length);
    if (opensQuestion(rest) && words(rest).length >= 3) return { question: rest, before: sub[0].replace(/,\s*$/u, '') };
  }
  const clauses = sentence.split(CLAUSE);
  if (clauses.length < 2) return { question: sentence, before: '' };
  const at = clauses.findIndex((c) => opensQuestion(c) || EMBEDDED_QUESTION.test(normalize(c)));
  if (at <= 0) return { question: sentence, before: '' };
  // Keep the separators: find where the asking clause starts in the sentence.
  const start = sentence.lastIndexOf(clauses[at] as string);
  const question = sentence.slice(start);
  if (words(question).length < 3) return { question: sentence, before: '' };
  return { question, before: sentence.slice(0, start).replace(/[,:;\s–-]+$/u, '') };
}

/** Lower-case words of a text, for phrase matching. */
function words(text: string): string[] {
  return normalize(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The text after a leading phrase of `list` (and the punctuation after it), or the text itself. */
function dropLeading(text: string, list: readonly string[][]): string {
  const ws = [...normalize(text).matchAll(/[\p{L}\p{N}]+/gu)];
  for (const phrase of list) {
    if (phrase.length > ws.length) continue;
    if (!phrase.every((p, i) => ws[i]?.[0] === p)) continue;
    const last = ws[phrase.length - 1] as RegExpMatchArray;
    const end = (last.index ?? 0) + last[0].length;
    // Only a whole phrase followed by a boundary: "hej" is not the start of "hejdå"-less "hejsan".
    const rest = text.slice(end);
    if (/^[\p{L}\p{N}]/u.test(rest)) continue;
    return rest.replace(/^[\s,.!:;–-]+/u, '');
  }
  return text;
}

/**
 * The text without a trailing closing ("… Tack!", "… tack på förhand", "… Mvh Eva", "… Tusen tack, Karin"): a
 * closing phrase followed by at most two words (a name, a title) and nothing that asks.
 */
function dropTrailing(text: string, list: readonly string[][]): string {
  const ws = [...normalize(text).matchAll(/[\p{L}\p{N}]+/gu)];
  for (let from = Math.max(1, ws.length - 6); from < ws.length; from++) {
    for (const phrase of list) {
      const after = ws.length - from - phrase.length;
      if (after < 0 || after > 2) continue;
      if (!phrase.every((p, i) => ws[from + i]?.[0] === p)) continue;
      // "tack vare" is "thanks to", not thanks.
      if (ws[from + phrase.length]?.[0] === 'vare') continue;
      const at = (ws[from] as RegExpMatchArray).index ?? 0;
      if (/[?]/u.test(text.slice(at))) continue;
      return text.slice(0, at).replace(/[\s,!–-]+$/u, '');
    }
  }
  return text;
}
