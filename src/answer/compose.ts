/**
 * The last step of the engine: the Answer every channel renders, from the ranking and the decision. The answer text
 * keeps a leading "Ja."/"Nej." only when the user asks the yes/no question the entry's own phrasing asks.
 */
import type { Hit } from '../retrieval/ranker';
import { hasPolarity, withoutPolarity } from './agreement';
import type { Answer } from './answer';
import type { Decision, DecisionContext } from './decide';
import { MESSAGES } from './messages';
import type { Target, Targets } from './targets';

export interface ComposeTools {
  targets: Targets;
  answerText: (t: Target) => string;
  /** Share of words both ways a yes/no question must share with the entry's yes/no phrasing to keep "Ja."/"Nej.". */
  polarCoverage: number;
  matchedWords: (hit: Hit) => string[];
}

export function composeAnswer(ctx: DecisionContext, decision: Decision, tools: ComposeTools): Answer {
  const { hits, top } = ctx;
  const base = {
    question: ctx.question,
    confidence: ctx.confidence,
    candidates: hits.slice(0, 5).map((h) => tools.targets.candidate(h.id, h.score)),
    sources: [],
    suggestions: [],
    related: [],
    followUps: [],
    matchedWords: top ? tools.matchedWords(top.hit) : [],
  };
  if (decision.do === 'decline') {
    const d = decision.decline;
    return {
      ...base,
      answered: false,
      outcome: 'declined',
      rule: decision.rule,
      kind: d.kind,
      answer: d.text,
      ...(d.noConfidence ? { confidence: 0 } : {}),
      suggestions: d.suggestions ?? [],
      related: d.related ?? [],
      ...(d.closeRace ? { closeRace: d.closeRace } : {}),
    };
  }
  const { hit, target } = decision.choice;
  let text = tools.answerText(target);
  if (hasPolarity(text) && !samePolarQuestion(ctx.ranking.types, hit, tools)) text = withoutPolarity(text);
  const source = tools.targets.source(target);
  // "Gäller det fortfarande?": the page's dated state, and that later decisions are not on it.
  if (ctx.ranking.asksNow && source.published) text = asOf(text, source.published);
  const others = ctx.faqQuestions(hit.id).filter((q) => target.kind !== 'faq' || q !== target.entry.question);
  return {
    ...base,
    answered: true,
    outcome: decision.interpret ? 'interpreted' : 'answered',
    rule: decision.rule,
    ...(decision.interpret ? { interpretedAs: interpretedAs(target) } : {}),
    ...(decision.closeRace ? { closeRace: decision.closeRace } : {}),
    kind: 'answer',
    answerId: hit.id,
    answer: text,
    sources: [source],
    // Under an interpretation the close alternatives are "Menade du något annat?"; under an answer, related questions.
    ...(decision.interpret ? { suggestions: others } : { related: others }),
  };
}

/** The answer as the page's state in its year ("Enligt faktasidan från 2022: …"), and that later events are not on it. */
function asOf(text: string, published: string): string {
  const year = /\d{4}/.exec(published)?.[0] ?? published;
  const dated = /faktasidan från \d{4}/iu.test(text) ? text : `${MESSAGES.asOf(year)} ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  return `${dated} ${MESSAGES.laterNotOnPage}`;
}

/** The question an interpretation names: the FAQ entry's own question, or the heading of the section or passage. */
export function interpretedAs(target: Target): string {
  if (target.kind === 'faq') return target.entry.question;
  return target.kind === 'section' ? target.section.heading : target.passage.title;
}

/** The user's yes/no question is the one the best phrasing of the entry asks: both yes/no, and close in words. */
function samePolarQuestion(userTypes: readonly string[], hit: Hit, tools: ComposeTools): boolean {
  if (!userTypes.includes('qt:yesno')) return false;
  const phrasingTypes = hit.phrasing ? tools.targets.typesOfPhrasing(hit.phrasing) : undefined;
  return !!phrasingTypes?.has('qt:yesno') && hit.coverage >= tools.polarCoverage && hit.docCoverage >= tools.polarCoverage;
}
