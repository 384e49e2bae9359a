/**
 * Stage 1 of the engine, prepare: from the text a person typed to what the ranking and the decision read.
 *
 * Cleaning (src/text/clean.ts), the length cap, redaction (src/text/redact.ts), the guard's verdict (clinical,
 * patient, small talk), the question in the message (focus.ts: greetings, sign-offs and sentences about the writer
 * set apart) and English words mapped to the knowledge's Swedish (english.ts). Nothing here ranks or decides.
 */
import type { EnglishLexicon } from '../analysis/english';
import { type MessageFocus, type MessageParts, namesIn } from '../analysis/focus';
import { normalize } from '../analysis/normalize';
import { MAX_QUESTION_LENGTH } from '../limits';
import { CLEAN_READS, cleanText } from '../text/clean';
import { redactContacts } from '../text/redact';
import { type Answer, notice } from './answer';
import type { Guard, GuardVerdict } from './guard';
import { MESSAGES } from './messages';

/** A message is read as wholly English when at least this share of its words are English. */
const ENGLISH_SHARE = 0.6;

export interface Prepared extends MessageParts {
  /** The cleaned message: what the Answer repeats as its question. */
  question: string;
  /** The guard's verdict on the whole message (and on its question with English words mapped). */
  verdict: GuardVerdict;
  /** Wholly in English: the reply gets one English line saying the answer is in Swedish. */
  english: boolean;
}

export class Preparer {
  constructor(
    private readonly guard: Guard,
    private readonly focus: MessageFocus,
    private readonly english: EnglishLexicon | undefined,
    /** Whether a text has a content word the knowledge uses (the analyser's vocabulary). */
    private readonly aboutKnowledge: (text: string) => boolean = () => true,
  ) {}

  /** Prepared messages by text, while an evaluation asks the same questions again and again (`remember`). */
  private memo: Map<string, Prepared | Answer> | undefined;

  remember(): void {
    this.memo ??= new Map();
  }

  /**
   * The prepared message, or the finished reply when the message is too long to be read as a question. `cleaned`:
   * the caller ran the cleaning path (clean.ts) already, as the service does where text comes in.
   */
  prepare(rawQuestion: string, cleaned = false, cut = false): Prepared | Answer {
    if (cut) return this.prepareUncached(rawQuestion, cleaned, cut);
    const known = this.memo?.get(rawQuestion);
    if (known) return known;
    const out = this.prepareUncached(rawQuestion, cleaned, false);
    this.memo?.set(rawQuestion, out);
    return out;
  }

  private prepareUncached(rawQuestion: string, cleaned: boolean, cut: boolean): Prepared | Answer {
    // The cleaning path (clean.ts) first, unless the caller ran it (the service, which refuses NUL before it gets
    // here); the engine reads a NUL as a space.
    const raw = String(rawQuestion ?? '');
    // A text longer than cleaning reads (CLEAN_READS, many times what the guard reads) is too long whatever it holds; `cut`
    // says the caller cleaned only its start. Only the start is cleaned, so that any message costs a bounded time.
    const huge = cut || raw.length > CLEAN_READS;
    const question = cleaned ? raw : cleanText(raw.replaceAll('\u0000', ' '));
    if (huge || question.trim().length > MAX_QUESTION_LENGTH) {
      // A long paste is the likeliest to be a patient's notes: the clinical guard reads it (its first GUARD_READS
      // characters, which a pasted note fits in), so a long clinical question is refused as clinical and its text is
      // never stored.
      const kind = this.guard.check(question)?.kind === 'clinical' ? 'clinical' : 'too_long';
      return notice(`${question.slice(0, MAX_QUESTION_LENGTH)}…`, kind, kind === 'clinical' ? MESSAGES.clinical : MESSAGES.tooLong);
    }
    // Numbers, e-mail and addresses redacted once: the guard's patient rule and the names the reply may repeat both
    // read it. Names stay in it: the patient rule looks for them.
    const redacted = redactContacts(question);
    let verdict = this.guard.check(question, redacted);
    const parts = this.parts(question, redacted);
    // English words are mapped after the guard read the message: the question, mapped, is read again for clinical
    // words ("dosing" is "dosering").
    if (!verdict) {
      const mapped = this.guard.check(parts.focus);
      if (mapped?.kind === 'clinical') verdict = mapped;
    }
    // "Hej! Tack på förhand! /Lena": nothing but framing is small talk, like "hej" alone.
    if (!verdict && parts.onlyFraming) verdict = { kind: /^\s*(hej|hallå|god|tj)/iu.test(question) ? 'greeting' : 'thanks' };
    return { ...parts, question, verdict };
  }

  private withTopic(p: MessageParts): MessageParts {
    return withTopicOf(p, this.aboutKnowledge);
  }

  /** The question in a message (focus.ts), with English words mapped to the knowledge's Swedish (english.ts). */
  parts(message: string, redacted = redactContacts(message)): MessageParts & { english: boolean } {
    const p = this.focus.parts(message);
    // Names are read after redaction: an e-mail address or a number is never repeated back as a "name".
    const names = namesIn(redacted);
    if (!this.english) return { ...this.withTopic({ ...p, names }), english: false };
    const whole = this.english.translate(message);
    const t = (x: string) => (x ? (this.english?.translate(x).text ?? x) : x);
    // The focus is its questions joined (focus.ts): each is mapped once.
    const questions = p.questions.map(t);
    return {
      ...this.withTopic({ focus: questions.join(' '), context: t(p.context), questions, onlyFraming: p.onlyFraming, names }),
      english: whole.words >= 4 && whole.english / whole.words >= ENGLISH_SHARE,
    };
  }
}

/**
 * A forwarded or pasted question often ends in a question that only points back ("Stämmer det?", "Vet du?", "Hur
 * förklarar vi det enkelt?"): what it asks about is in the sentences before it. A question with no word the
 * knowledge uses takes the message around it as part of the question, at full weight.
 */
function withTopicOf(p: MessageParts, aboutKnowledge: (text: string) => boolean): MessageParts {
  if (!p.context || aboutKnowledge(p.focus) || !aboutKnowledge(p.context)) return p;
  const focus = `${p.context} ${p.focus}`.trim();
  // Names in the forwarded text are the writer's workplace and colleagues ("en ssk på SU"), not what is asked:
  // only names in the question itself count as its topic.
  const asked = normalize(p.focus);
  const names = new Map([...p.names].filter(([name]) => asked.includes(name)));
  return { ...p, focus, context: '', questions: [focus], names };
}

/** Whether prepare() finished the reply itself (too long) instead of preparing a question. */
export function isFinished(p: Prepared | Answer): p is Answer {
  return 'kind' in p;
}
