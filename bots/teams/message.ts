/**
 * Answer -> a Teams message in Teams' own parts: the answer as the message's text with numbered citations ([1], [2])
 * that open the cited section in a pop-up (a schema.org Message entity), Teams' own 👍/👎 with a comment box
 * (channelData.feedbackLoop), and in a personal chat "Menade du…?" as suggested actions above the message box. An
 * Adaptive Card goes along only for what text cannot carry: related questions and "Fråga supporten". Pure functions,
 * tested without a network.
 */
import type { Activity, CardAction } from 'botbuilder';
import { type Answer, MESSAGES, type Source, wantsFeedback } from '../../src/index';
import { type AnswerCardOptions, answerCard, answerSummary, isEmptyCard, plain, suggestionLead, summaryOf } from './card';

/** Teams shows a citation's title up to this many characters, its summary up to 160 and at most three keywords. */
const MAX_NAME = 80;
const MAX_ABSTRACT = 160;
/** Suggested actions Teams shows at once in a personal chat: more would crowd the message box. */
export const MAX_SUGGESTED_ACTIONS = 3;

/** One numbered citation, in the shape Teams reads (schema.org Claim with a DigitalDocument appearance). */
export interface Claim {
  '@type': 'Claim';
  position: number;
  appearance: {
    '@type': 'DigitalDocument';
    name: string;
    url: string;
    abstract: string;
    keywords: string[];
  };
}

/** The one message entity an answer carries: its citations. No AI label: the words are the page's and the FAQ's own. */
export interface MessageEntity {
  type: 'https://schema.org/Message';
  '@type': 'Message';
  '@context': 'https://schema.org';
  '@id': string;
  citation: Claim[];
}

/** Cuts at a word with "…" so that a title or summary fits Teams' limit. */
function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const head = flat.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max * 0.6 ? head.slice(0, space) : head).replace(/[\s,;:.–-]+$/, '')}…`;
}

/** The year a source was published ("2022" out of "2022" or "2022-03-01"), for the citation's keywords. */
const yearOf = (published: string) => /\b(\d{4})\b/.exec(published)?.[1];

/** The page's address pointing at the cited section (its id is the heading's anchor in the knowledge file). */
function sectionUrl(source: Source): string {
  if (!source.id || !source.url || source.url.includes('#')) return source.url;
  return `${source.url}#${encodeURIComponent(source.id)}`;
}

/**
 * The citations of an answer's sources, numbered from 1 in order: the section heading as title, the page's
 * address with the section's anchor, the section's opening as summary (`opening` reads it) and the year among
 * the keywords.
 */
export function citationsOf(sources: readonly Source[], opening: (sectionId: string) => string | undefined): Claim[] {
  return sources
    .filter((s) => s.url)
    .map((s, i) => {
      const year = yearOf(s.published);
      return {
        '@type': 'Claim',
        position: i + 1,
        appearance: {
          '@type': 'DigitalDocument',
          name: cut(s.section || s.title, MAX_NAME),
          url: sectionUrl(s),
          abstract: cut(opening(s.id) ?? s.title, MAX_ABSTRACT),
          keywords: year ? [year] : [],
        },
      };
    });
}

/** The message entity for citations; none without citations (a message has at most one). */
export function messageEntity(citations: Claim[]): MessageEntity | undefined {
  if (!citations.length) return undefined;
  return { type: 'https://schema.org/Message', '@type': 'Message', '@context': 'https://schema.org', '@id': '', citation: citations };
}

/** How an answer message is drawn: the card's options, and where it is posted. */
export interface AnswerMessageOptions extends Omit<AnswerCardOptions, 'inText' | 'suggestionsElsewhere'> {
  /** A personal (1:1) chat: the only place Teams shows suggested actions. */
  personal: boolean;
  /** A section's opening, for its citation's summary (the port's sectionOpening). */
  opening: (sectionId: string) => string | undefined;
}

/**
 * The answer as the message's Markdown text: the clicked question in bold, the interpretation in italics, the answer
 * with its citation numbers, and the lead-in to "Menade du…?" where the card or the suggested actions follow.
 */
export function answerText(answer: Answer, options: { asked?: string; citations: number; marks?: boolean }): string {
  const bold = (s: string) => (options.marks === false ? s : `**${s}**`);
  const interpreted = answer.outcome === 'interpreted' && answer.interpretedAs ? MESSAGES.interpretedAs(answer.interpretedAs) : '';
  const marks = Array.from({ length: options.citations }, (_, i) => `[${i + 1}]`).join('');
  const lead = answer.suggestions.length ? suggestionLead(answer) : undefined;
  return [
    ...(options.asked ? [bold(plain(options.asked))] : []),
    // An underscore inside would end the italics.
    ...(interpreted ? [interpreted.includes('_') || options.marks === false ? plain(interpreted) : `_${plain(interpreted)}_`] : []),
    `${plain(answer.answer)}${marks ? ` ${marks}` : ''}`,
    ...(lead ? [bold(lead)] : []),
  ].join('\n\n');
}

/**
 * "Menade du…?" as buttons above the message box. Teams takes imBack there: a click sends the question as the
 * user's own message, which the bot reads as a click on the suggestion it offered (bot.ts).
 */
function suggestedActions(questions: readonly string[]): { actions: CardAction[] } {
  return {
    actions: questions.slice(0, MAX_SUGGESTED_ACTIONS).map((question) => ({ type: 'imBack', title: question, value: question })),
  };
}

/**
 * The answer as Teams' messages: first the text with citations and their entity, and Teams' own feedback on a logged
 * answer about the knowledge; then, where there is anything left, the card with it. Two messages, not one with text
 * and a card: Teams cannot update a message of both in place ("multiple skype activities"), and the card's buttons
 * redraw it. In a personal chat, where the card would hold nothing but "Menade du…?" (and the follow-up questions),
 * the suggestions are suggested actions and no card follows.
 */
export function answerMessages(answer: Answer, options: AnswerMessageOptions): { text: Partial<Activity>; card?: Partial<Activity> } {
  const { personal, opening, ...cardOptions } = options;
  const citations = citationsOf(answer.sources, opening);
  const entity = messageEntity(citations);
  // The follow-up questions ("Vill du veta mer?") are card rows, and only where "Menade du…?" is not suggested
  // actions: those show only on the latest message, and a card after them would hide them. Under an interpretation,
  // correcting it is the next step.
  const alone = answerCard({ ...answer, suggestions: [], followUps: [] }, { ...cardOptions, inText: true });
  const asSuggested = personal && answer.suggestions.length > 0 && isEmptyCard(alone);
  const card = asSuggested ? alone : answerCard(answer, { ...cardOptions, inText: true });
  const offered = asSuggested ? answer.suggestions : [];
  const feedback = options.questionId !== undefined && wantsFeedback(answer) && !options.voted;
  const text = {
    type: 'message',
    // Some clients (Microsoft's Agents Playground) show a message with suggested actions as typed: no Markdown marks.
    text: answerText(answer, { asked: options.asked, citations: citations.length, marks: !offered.length }),
    textFormat: 'markdown',
    ...(entity ? { entities: [entity] } : {}),
    ...(offered.length ? { suggestedActions: suggestedActions(offered) } : {}),
    ...(feedback ? { channelData: { feedbackLoop: { type: 'default' } } } : {}),
  } as Partial<Activity>;
  if (isEmptyCard(card)) return { text };
  return { text, card: { type: 'message', attachments: [card], summary: summaryOf(answerSummary(answer)) } as Partial<Activity> };
}
