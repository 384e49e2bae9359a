/**
 * Answer-type agreement: a question that asks när / hur många / vem / var / vad betyder wants an answer that
 * contains that kind of thing (a time, a number, an actor, a place or link, a definition). An entry on the right
 * topic that does not state it does not answer the question, however many words they share: the engine then says
 * honestly that the page does not say, and offers the entry as a related question.
 *
 * And polarity: an answer that opens with "Ja." or "Nej." answers one particular yes/no question. The lead is kept
 * only when the user asks yes or no and their question is close to the entry's own yes/no phrasing; otherwise it is
 * dropped, so that a "Ja." never answers a different question.
 */
import { normalize, swedishBounds } from '../analysis/normalize';

/** The kinds of content that question types ask for; "why" and yes/no have no required content. */
export type Asked = 'time' | 'count' | 'who' | 'where' | 'define' | 'cost' | 'person' | 'result' | 'howto';

const MONTHS = 'januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december';
/** Each pattern with `\\b` read as a boundary of Swedish words. */
function bounded<K extends string>(patterns: Record<K, RegExp>): Record<K, RegExp> {
  return Object.fromEntries(Object.entries(patterns).map(([k, re]) => [k, swedishBounds(re as RegExp)])) as Record<K, RegExp>;
}

// What each kind of content looks like in a Swedish answer (normalised, lower case).
const CONTENT: Record<Asked, RegExp> = bounded({
  time: new RegExp(`\\b(1[89]\\d\\d|20\\d\\d)\\b|\\b(${MONTHS})\\b|\\b(hösten|våren|sommaren|vintern|i dag|idag|i år|datum)\\b`, 'u'),
  // A number, in digits or words ("35-40", "två"); vague quantities ("flera", "ingen") do not count, and neither
  // does a year ("enligt faktasidan från 2022" says when, not how many).
  count:
    /(?<!\d)(?!(?:1[89]|20)\d\d(?!\d))\d+|\b(två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|trettio|fyrtio|femtio|hundra|tusen)\b/u,
  // A body that acts: groups, boards and suppliers by what they are; by name, the knowledge's actors (`actorPattern`).
  // The region itself is named in nearly every answer and so tells nothing about who did something.
  who: /\b(koncernledning\w*|chefläkar\w*|chefssamråd\w*|styrelse\w*|nämnd\w*|leverantör\w*|medier\w*|tidning\w*)\b|\w+(gruppen|samrådet|ledningen|styrelsen|nämnden|enheten)\b/u,
  where: /https?:|www\.|\.se\b|\b(sida|sidan|faktasidan|nyhetsbrev\w*|intranät\w*|webb\w*|länk\w*|hänvisar)\b/u,
  define: /\b(står för|betyder|innebär|menas|det vill säga|dvs|är en|är ett|är det|är navet|kallas)\b/u,
  // Bounded like the guard's dose pattern: an unbounded run of digits and spaces cost quadratic time on "1 1 1 …".
  cost: /(?<![\d.,])\d{1,3}(?:[\s.,]?\d{1,3}){0,5}\s?(kr|kronor|mkr|msek|sek|miljon\w*|miljard\w*|tkr)\b/u,
  // Names, findings and instructions cannot be told from an answer's words: only an entry whose own phrasings ask
  // for them answers such questions.
  person: /(?!)/u,
  result: /(?!)/u,
  howto: /(?!)/u,
});

/** The content each question-type token asks for. */
export const TYPE_CONTENT: Record<string, Asked> = {
  'qt:time': 'time',
  'qt:count': 'count',
  'qt:who': 'who',
  'qt:where': 'where',
  'qt:define': 'define',
  'qt:cost': 'cost',
  'qt:person': 'person',
  'qt:result': 'result',
  'qt:howto': 'howto',
};

/** What the question's type tokens ask for, in a fixed order (the first one decides the honest reply). */
export function askedContent(types: readonly string[]): Asked[] {
  return types.map((t) => TYPE_CONTENT[t]).filter((a): a is Asked => !!a);
}

/**
 * The companies and bodies the knowledge names (a page's front matter `actors`), as one pattern over normalised text;
 * undefined when it names none.
 */
export function actorPattern(names: readonly string[]): RegExp | undefined {
  const words = [...new Set(names.map((n) => normalize(n).trim()).filter(Boolean))].map(escapeRegExp);
  return words.length ? swedishBounds(new RegExp(`\\b(${words.join('|')})\\b`, 'u')) : undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');

/**
 * True when the answer text contains every kind of content asked for; `actors` (`actorPattern`) names who may act
 * besides the bodies the pattern knows by kind. (The engine also accepts an FAQ entry whose own phrasings ask that
 * type: its author wrote it to answer such questions.)
 */
export function statesAsked(answer: string, asked: readonly Asked[], actors?: RegExp): boolean {
  // "Enligt faktasidan från 2022" dates the source, not the matter: it answers no "när".
  const text = normalize(answer).replace(/\b(?:enligt|på) faktasidan(?: från (?:19|20)\d\d)?/gu, ' ');
  return asked.every((a) => CONTENT[a].test(text) || (a === 'who' && !!actors?.test(text)));
}

const POLARITY = /^\s*(ja|nej)\b[.!,:]?\s*/iu;

/** The answer without a leading "Ja."/"Nej.", its next word capitalised. */
export function withoutPolarity(answer: string): string {
  const rest = answer.replace(POLARITY, '');
  return rest === answer ? answer : rest.charAt(0).toUpperCase() + rest.slice(1);
}

export function hasPolarity(answer: string): boolean {
  return POLARITY.test(answer);
}

/** What the honest reply says the page does not state. */
export const NOT_STATED: Record<Asked, string> = {
  time: 'när',
  count: 'hur många',
  who: 'vem',
  where: 'var',
  define: 'vad det betyder',
  cost: 'vad det kostar',
  person: 'vilka personerna är',
  result: 'vad den kom fram till',
  howto: 'hur man gör steg för steg',
};

/** "vilka risker", "vilket datum", "vilka andra optioner": a question for particular things by name or as a list. */
export interface Which {
  /** As the user wrote it, for the honest reply ("Faktasidan säger inte vilka risker."). */
  phrase: string;
  /** The asked-for word, and "andra" when the question asks for others than those named. */
  head: string;
  others: boolean;
}

const WHICH = swedishBounds(/\b(vilka|vilken|vilket)\s+(andra\s+)?([\p{L}][\p{L}-]*)/u);

/** The "vilka X" of a normalised question, unless X is a small word ("vilka är", "vilket år" is a time question). */
export function whichOf(normalized: string, isSmallWord: (w: string) => boolean): Which | undefined {
  const m = WHICH.exec(normalized);
  if (!m?.[3] || isSmallWord(m[3])) return undefined;
  return { phrase: m[0], head: m[3], others: !!m[2] };
}
