/**
 * Stage: follow-up. In a chat people ask a question, read the answer and follow up in a few words ("och när då?",
 * "varför det?", "vem tog beslutet?"). Such a message is not complete on its own: this stage tells it from a message
 * that is, and reads it together with what the conversation was about: the entry last answered or interpreted and
 * the topic words of that question. The engine stays free of storage; the caller passes the context in and keeps the
 * new one that comes out with the answer.
 *
 * A reading with the topic is trusted only where it adds something, since a wrong answer costs more than a decline:
 * one that gets the answer just given again must ask something of it the first question did not (`asksMoreOf`), and
 * one that names nothing must not be answered from another entry by the topic alone (`asksNothingOwn`).
 *
 * The context holds only words the knowledge's own vocabulary knows (never the message text, never a name), so it
 * holds nothing a person wrote about themselves or a patient.
 */
import type { QueryWord } from '../analysis/analyzer';
import { normalize, swedishBounds } from '../analysis/normalize';
import { questionTypes } from '../analysis/questiontype';
import { TRUTH_WORDS } from '../analysis/stopwords';

/** What a conversation was last about: kept by the caller between messages, never the message text. */
export interface ConversationContext {
  /**
   * The FAQ entry, section or passage last answered or interpreted; none when the last question was declined as one
   * the page does not answer on its topic ("Faktasidan säger inte när.").
   */
  entryId?: string;
  /** The page section behind it, when there is one. */
  section?: string;
  /** Topic words of that question, each a word the knowledge uses, in the order asked. */
  topic: readonly string[];
}

/** The rule named on a follow-up declined because it would only get the answer just given again. */
export const NOTHING_MORE = 'nothing-more';

/** The rule named on a follow-up declined because it names nothing and asks no kind of thing the topic could answer. */
export const NOTHING_ASKED = 'nothing-asked';

/** At most this many topic words are kept: the latest question's first, then the earlier ones it inherited. */
export const MAX_TOPIC_WORDS = 8;

/**
 * An explicit change of topic ("Helt annan fråga: …", "Nytt ämne:", "Byter ämne", "En annan sak"): what follows is
 * answered on its own whatever it looks like.
 */
const TOPIC_CHANGE = swedishBounds(
  /^\W*((okej|ok|och|men|så)\W+)*((en|helt|ett)\s+)*(helt\s+)?(annan|ny(tt)?|annat)\s+(fråga|sak|grej|ämne|spörsmål|tema)\b|\bbyter\s+ämne\b|^\W*((okej|ok|och)\W+)*apropå\s+något\s+annat\b/u,
);

/**
 * Words that point back to what was said before: a pronoun standing for it ("de", "dem", "den", "det där",
 * "detta"), a reference to a word in it ("ordet", "förkortningen"), "då" or "sen" at the end ("och när då?"), "mer"
 * ("berätta mer", "vad mer"), and "andra"/"övriga" ("och de andra?"). "Det" alone is left out: it is the empty subject
 * of most full questions ("Finns det …", "Vad var det media skrev").
 */
const POINTS_BACK = swedishBounds(
  /\b(de|dem|dom|den|denna|detta|dessa|dess|deras|därför|det där|det här|ordet|förkortningen|begreppet|samma|andra|övriga|mer|fler|sånt|sådant)\b|\b(då|sen|sedan|också|med)\s*\??\s*$|^\W*(och|men|så)\b|\bdet\s*\??\s*$|\b(den|det|de)\s+(\p{L}+\s+)?(till|om|för|med)\b/u,
);

/**
 * Pointing back that needs something said before: a pronoun as object ("bygga vidare på dem"), a demonstrative
 * with a noun ("den analysen", "det beslutet"), "de/det andra", a word that names a word in it ("ordet"). A message
 * with one of these is about what was said, even when it names something the knowledge does not use ("vilket
 * företag skulle bygga vidare på dem?"); "det" as an empty subject and a closing "då" are not enough ("Vad blir det
 * till lunch då?").
 */
const POINTS_BACK_TO_THING = swedishBounds(
  /\b(dem|dom|denna|detta|dessa|deras|ordet|förkortningen|begreppet)\b|\b(den|det|de|dom)\s+(andra|övriga|\p{L}+(en|et|na|erna|arna|orna))\b/u,
);

/**
 * Sentence and degree adverbs ("ändå", "totalt", "faktiskt"): they say how something is asked, never what about,
 * so one the knowledge does not use is not a topic of its own.
 */
const ADVERBS = new Set([
  'ändå',
  'faktiskt',
  'visst',
  'totalt',
  'sammanlagt',
  'ungefär',
  'exakt',
  'precis',
  'överhuvudtaget',
  'ens',
  'just',
  'förresten',
  'iallafall',
  'alls',
  'egentligen',
]);

/** Words that only point back to what was said ("ordet", "de andra"): never a topic of their own. */
const REFERRING = new Set([
  'ordet',
  'förkortningen',
  'begreppet',
  'samma',
  'andra',
  'övriga',
  'mer',
  'fler',
  'sånt',
  'sådant',
  'då',
  'sen',
]);

/** A follow-up that asks for something besides what was answered ("vad mer", "de andra", "fler exempel", "annat"). */
const OTHER = swedishBounds(/\b(mer|andra|övriga|fler|annat|annan)\b/u);

/** Whether a follow-up asks for something other than what was just answered, so that answer must not come again. */
export function asksForOther(focus: string): boolean {
  return OTHER.test(normalize(focus));
}

/** Whether the message opens with an explicit change of topic. */
export function changesTopic(message: string): boolean {
  return TOPIC_CHANGE.test(normalize(message));
}

/**
 * Whether a message names something the knowledge neither uses nor links to through general Swedish ("Vad blir det
 * till lunch?", "funkar det på min mobil?"): a topic of its own that the page does not answer, so the message is read
 * alone (and declined as it would be), never as a follow-up. An adverb ("ändå", "totalt") is never such a topic.
 */
export function hasForeignTopic(words: readonly QueryWord[]): boolean {
  return words.some((w) => w.unknown && !w.related && !w.question && !w.context && !ADVERBS.has(w.surface));
}

/**
 * Whether a question is a follow-up that needs the conversation's context: not an explicit change of topic, and
 * either without any word of its own the knowledge uses (only question words and small words: "varför inte?") or
 * pointing back to what was said ("hur gör förvaltningarna då?", "och vem tog det beslutet?").
 */
export function isFollowUp(focus: string, words: readonly QueryWord[]): boolean {
  const text = normalize(focus);
  if (!text.trim() || TOPIC_CHANGE.test(text)) return false;
  if (hasForeignTopic(words) && !POINTS_BACK_TO_THING.test(text)) return false;
  return ownWords(words).length === 0 || POINTS_BACK.test(text);
}

/**
 * Whether a follow-up has no word of its own and asks no kind of thing (när, vem, varför, hur många …), only yes or
 * no ("har de gjort det nu?", "blev det av?"), and not for something else ("berätta mer"): read with the topic, only
 * the topic chooses what answers it, so an entry other than the one just answered is the topic's guess, not a reading.
 */
export function asksNothingOwn(focus: string, words: readonly QueryWord[]): boolean {
  const text = normalize(focus);
  return ownWords(words).length === 0 && questionTypes(text).every((t) => t === 'qt:yesno') && !OTHER.test(text);
}

/** A message's words that say what it is about: not question words, not the framing, not words that only refer back. */
export function ownWords(words: readonly QueryWord[]): QueryWord[] {
  return words.filter((w) => !w.question && !w.context && !REFERRING.has(w.surface));
}

/**
 * The topic words of a question: its content words that the knowledge's vocabulary knows (as typed or as
 * corrected, and the known parts of a hyphenated word), then the inherited topic words not already there, at most
 * MAX_TOPIC_WORDS. Question words, unknown words and names the knowledge does not use never enter.
 */
export function topicWords(words: readonly QueryWord[], knows: (word: string) => boolean, inherited: readonly string[] = []): string[] {
  const out: string[] = [];
  const add = (w: string) => {
    // A number is a topic only as a year ("hösten 2021"): a room or an age is a detail about a person.
    if (w.length >= 2 && (!/\d/u.test(w) || /^(19|20)\d\d$/u.test(w)) && knows(w) && !out.includes(w)) out.push(w);
  };
  for (const w of words) {
    if (w.question || w.context || w.unknown || w.related || REFERRING.has(w.surface)) continue;
    const word = w.corrected ?? w.surface;
    if (knows(word)) add(word);
    else for (const piece of word.split('-')) add(piece);
  }
  for (const w of inherited) add(w);
  return out.slice(0, MAX_TOPIC_WORDS);
}

/** A reason or a purpose in an answer's words: what "varför" and "vad … till" ask for. */
const REASON = swedishBounds(/\b(för att|eftersom|därför|på grund av|pga|så att|i syfte|med tanke på)\b/u);

/** A question for a reason or a purpose: "varför", "av vilken anledning", "vad användes den till (då)?", "syftet". */
const ASKS_REASON = swedishBounds(
  /\bvarför\b|\bav vilken anledning\b|\bhur kommer det sig\b|\bvad\s+(\S+\s+){1,4}till(\s+då)?\s*\??\s*$|\bsyfte(t|n)?\b/u,
);

/** "stämmer det?", "är det korrekt?": whether what was said is true. */
const ASKS_TRUE = new RegExp(`(?<![\\p{L}\\p{N}])(${TRUTH_WORDS.join('|')})(?![\\p{L}\\p{N}])`, 'u');

/**
 * Whether a follow-up that would get the very answer the conversation just had asks something of it that the
 * earlier question did not, so that the same answer again is an answer and not an echo:
 * - a reason or purpose ("varför det?", "vad användes den till?") that the answer gives ("för att …");
 * - a kind of thing the decision has already checked the answer states (a time, a number, a body: `statesKind`);
 * - a word of its own, not among the conversation's topic words, that the answer matched ("hur gör
 *   förvaltningarna då?" after an answer that says what they do);
 * - or it asks, in no words of its own, whether what was said is true ("stämmer det?", "är det korrekt?"), unless
 *   it asks about today, which the page cannot say more of than its date.
 * "har de beslutat om alla nu?", "vad stod det i det?" or "så vad gjorde man då?" ask none of these: the page has
 * nothing more on it.
 */
export function asksMoreOf(
  focus: string,
  own: readonly QueryWord[],
  topicStems: ReadonlySet<string>,
  answer: { text: string; matchedWords: readonly string[]; statesKind: boolean; yesNo: boolean; asksNow: boolean },
): boolean {
  const text = normalize(focus);
  if (ASKS_REASON.test(text)) return REASON.test(normalize(answer.text));
  if (answer.statesKind) return true;
  const matched = new Set(answer.matchedWords.map((m) => m.split('→')[0]));
  const fresh = own.filter((w) => !w.terms.some((t) => topicStems.has(t.term)));
  if (fresh.some((w) => matched.has(w.surface))) return true;
  return answer.yesNo && own.length === 0 && !answer.asksNow && ASKS_TRUE.test(text);
}

/** The follow-up read together with the topic: the message's own words first, the topic words after them. */
export function withTopic(focus: string, context: ConversationContext): string {
  return `${focus.replace(/[?!.\s]+$/u, '')} ${context.topic.join(' ')}?`;
}
