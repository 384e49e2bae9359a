/**
 * Answer -> Adaptive Card: pure functions, tested without a network. Every card carries a fallbackText that reads
 * well on its own (answer, source with link and date), for clients that show only that.
 */
import { type Answer, type Source, wantsFeedback } from '../../src/index';

export const CARD_VERSION = '1.5';
const CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface CardAttachment {
  contentType: typeof CONTENT_TYPE;
  content: Record<string, unknown>;
}

/** What Action.Submit buttons send back in activity.value. */
export type SubmitData =
  /** `from`: the logged question whose answer offered this button; `kind`: "Menade du…?" or related. */
  | { faktabot: 'ask'; question: string; from?: number; kind?: 'suggestion' | 'related' }
  | { faktabot: 'feedback'; helpful: boolean; questionId: number };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
// Adaptive Card TextBlocks render a Markdown subset: keep brackets and such from turning into links or emphasis.
const plain = (s: string) => s.replace(/([\\[\]()*_`#>~])/g, '\\$1');

export function sourceText(s: Source): string {
  const section = s.section && s.section !== s.title ? `${plain(s.section)} – ` : '';
  return `Källa: ${section}[${plain(s.title)}](${s.url})${s.published ? ` · publicerad ${s.published}` : ''}`;
}

function sourceFallback(s: Source): string {
  return `Källa: ${s.section && s.section !== s.title ? `${s.section} – ` : ''}${s.title}${s.published ? ` (publicerad ${s.published})` : ''} ${s.url}`;
}

const ask = (question: string, from?: number, kind?: 'suggestion' | 'related') => ({
  type: 'Action.Submit',
  title: clip(question, 80),
  data: { faktabot: 'ask', question, ...(from !== undefined ? { from, kind } : {}) } satisfies SubmitData,
});

function card(body: Record<string, unknown>[], fallbackText: string, actions: Record<string, unknown>[] = []): CardAttachment {
  return {
    contentType: CONTENT_TYPE,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: CARD_VERSION,
      fallbackText: clip(fallbackText, 4000),
      body,
      ...(actions.length ? { actions } : {}),
    },
  };
}

/** The answer card: text, sources, "Menade du…?" and related buttons, helpful / not-helpful buttons. */
export function answerCard(answer: Answer, options: { questionId?: number } = {}): CardAttachment {
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: plain(answer.answer), wrap: true }];
  for (const s of answer.sources)
    body.push({ type: 'TextBlock', text: sourceText(s), wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' });
  if (answer.suggestions.length) {
    // The heading only where the text does not already end with it ("Menade du…?" once per reply).
    if (answer.kind === 'abstain' && !/Menade du…\?$/.test(answer.answer))
      body.push({ type: 'TextBlock', text: 'Menade du…?', weight: 'Bolder', spacing: 'Medium' });
    body.push({ type: 'ActionSet', actions: answer.suggestions.map((q) => ask(q, options.questionId, 'suggestion')) });
  }
  if (answer.related.length) {
    body.push(
      { type: 'TextBlock', text: 'Relaterade frågor', weight: 'Bolder', spacing: 'Medium' },
      { type: 'ActionSet', actions: answer.related.map((q) => ask(q, options.questionId, 'related')) },
    );
  }
  const actions =
    options.questionId !== undefined && wantsFeedback(answer)
      ? [
          {
            type: 'Action.Submit',
            title: '👍 Hjälpsamt',
            data: { faktabot: 'feedback', helpful: true, questionId: options.questionId } satisfies SubmitData,
          },
          {
            type: 'Action.Submit',
            title: '👎 Inte hjälpsamt',
            data: { faktabot: 'feedback', helpful: false, questionId: options.questionId } satisfies SubmitData,
          },
        ]
      : [];
  const fallback = [answer.answer, ...answer.sources.map(sourceFallback)];
  if (answer.suggestions.length)
    fallback.push(
      `${answer.kind === 'abstain' ? (/Menade du…\?$/.test(answer.answer) ? '' : 'Menade du: ') : 'Till exempel: '}${answer.suggestions.join(' | ')}`,
    );
  return card(body, fallback.join('\n'), actions);
}

/** Welcome (installed, or added to a team) and help ("hjälp") cards, with example questions as buttons. */
export function welcomeCard(intro: string, examples: string[], page: { url: string; published: string }): CardAttachment {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: 'Faktabot', weight: 'Bolder', size: 'Large' },
    { type: 'TextBlock', text: plain(intro), wrap: true },
    {
      type: 'TextBlock',
      text: `Källan är [VGR:s faktasida](${page.url}), publicerad ${page.published}. Jag svarar inte på kliniska frågor eller frågor om patienter.`,
      wrap: true,
      isSubtle: true,
      size: 'Small',
    },
    { type: 'TextBlock', text: 'Prova till exempel:', weight: 'Bolder', spacing: 'Medium' },
    { type: 'ActionSet', actions: examples.map((q) => ask(q)) },
  ];
  return card(
    body,
    `${intro}\nKälla: VGR:s faktasida (publicerad ${page.published}) ${page.url}\nProva till exempel: ${examples.join(' | ')}`,
  );
}

/** An FAQ answer to insert into a chat from the messaging extension: question, answer, source. */
export function faqCard(entry: { question: string; answer: string }, source: Source): CardAttachment {
  return card(
    [
      { type: 'TextBlock', text: plain(entry.question), weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: plain(entry.answer), wrap: true },
      { type: 'TextBlock', text: sourceText(source), wrap: true, isSubtle: true, size: 'Small' },
    ],
    `${entry.question}\n${entry.answer}\n${sourceFallback(source)}`,
  );
}
