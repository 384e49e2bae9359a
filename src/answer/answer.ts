/** The one answer model every channel renders. */
import { MESSAGES } from './messages';

export interface Source {
  /** The page section's id (FAQ answers and page passages) or the imported passage's id. */
  id: string;
  /** Title of the source page or passage. */
  title: string;
  url: string;
  /** Heading of the section that backs the answer. */
  section: string;
  /** When the source was published, as it states it ("2022"). Empty when unknown. */
  published: string;
}

export interface Candidate {
  id: string;
  /** Ranking score (BM25 with boosts, weighted by coverage), best first. */
  score: number;
  kind: 'faq' | 'section' | 'passage';
  /** The FAQ question or the section/passage title. */
  title: string;
}

/** `refused`: the text holds a character that cannot be taken in (NUL); nothing of it is stored. */
export type AnswerKind = 'answer' | 'abstain' | 'clinical' | 'smalltalk' | 'empty' | 'too_long' | 'rate_limited' | 'refused';

/** Whether a reply is about the knowledge, so that helpful / not-helpful feedback on it makes sense. */
export function wantsFeedback(answer: Pick<Answer, 'kind'>): boolean {
  return answer.kind === 'answer' || answer.kind === 'abstain' || answer.kind === 'clinical';
}

/**
 * The heading a reply shows above its related questions, or none where the answer text already leads into them
 * ("Den här närliggande frågan kan jag svara på:") and no suggestions come between: one lead-in per list.
 */
export function relatedHeading(answer: Pick<Answer, 'answer' | 'suggestions'>): string | undefined {
  return !answer.suggestions.length && answer.answer.trimEnd().endsWith(':') ? undefined : MESSAGES.relatedHeading;
}

/**
 * What the engine did: answered plainly; answered the question it took the message to ask, saying which
 * (`interpretedAs`), because it was plausible but not sure; or declined (not known, not stated, clinical, small talk,
 * too long …).
 */
export type Outcome = 'answered' | 'interpreted' | 'declined';

/** A follow-up question an answer offers: the FAQ entry and its question, which a click asks word for word. */
export interface FollowUp {
  id: string;
  question: string;
}

export interface Answer {
  question: string;
  /** True only when the text answers the question from the knowledge (plainly or as an interpretation). */
  answered: boolean;
  outcome: Outcome;
  /**
   * For an interpreted answer: the question it answered, as the bot says it ("Jag tolkar frågan som ”…”"): the FAQ
   * entry's question, or the heading of the page section.
   */
  interpretedAs?: string;
  /** The decision rule that settled the outcome (decide.ts), for the question log and the console's "why". */
  rule?: string;
  kind: AnswerKind;
  /** Swedish text for the user: the answer, or an honest "I don't know" / refusal / small-talk reply. */
  answer: string;
  /** Calibrated probability (0..1) that the best candidate answers the question. */
  confidence: number;
  sources: Source[];
  /** "Menade du…?": up to 3 FAQ questions when unsure; "Menade du något annat?" under an interpreted answer. */
  suggestions: string[];
  /** Up to 3 related FAQ questions, when answered. */
  related: string[];
  /**
   * Up to 3 questions staff usually ask next, as buttons under an answer (plain or interpreted): the entry's
   * `related:` list in faq.yaml first, then entries of the same section (followups.ts). Empty for any other reply.
   */
  followUps: FollowUp[];
  /** The top 5 ranked candidates with scores, always present. */
  candidates: Candidate[];
  /** Query words that matched the best candidate (after correction), so an editor sees why. */
  matchedWords: string[];
  /** The FAQ entry or passage id that was answered from, when answered. */
  answerId?: string;
  /**
   * Set when two FAQ entries with different answers scored too close to be sure which is meant (the close-race rule):
   * their ids, best first. The first answers as an interpretation; the second is among the suggestions.
   */
  closeRace?: readonly [string, string];
}

/** A reply that is not about the knowledge (too long, rate limited): just a Swedish text, no candidates or sources. */
export function notice(question: string, kind: AnswerKind, text: string): Answer {
  return {
    question,
    answered: false,
    outcome: 'declined',
    kind,
    answer: text,
    confidence: 0,
    sources: [],
    suggestions: [],
    related: [],
    followUps: [],
    candidates: [],
    matchedWords: [],
  };
}

/** One Swedish line naming a source's section, link and date, for renderers that show plain text. */
export function formatSource(source: Source): string {
  const date = source.published ? ` (publicerad ${source.published})` : '';
  const section = source.section && source.section !== source.title ? `”${source.section}” i ` : '';
  return `Källa: ${section}${source.title}${date}: ${source.url}`;
}
