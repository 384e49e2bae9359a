/**
 * Answer -> Block Kit: a pure function, tested without a network. The answer text, its sources (section, link,
 * date) as a context block, "Menade du…?" and related-question buttons, and helpful / not-helpful buttons.
 */
import { type Answer, type Source, wantsFeedback } from '../../src/index';

// Slack limits: section text 3000 characters, button text 75, button value 2000.
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
// mrkdwn control characters in user-visible text.
const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const ACTIONS = {
  ask: 'faktabot_ask',
  helpful: 'faktabot_helpful',
  notHelpful: 'faktabot_not_helpful',
  share: 'faktabot_share',
  postInThread: 'faktabot_post_in_thread',
} as const;

export interface RenderOptions {
  /** Log id of the question, for feedback buttons. */
  questionId?: number;
  /** Adds "Dela i kanalen" (the /fraga reply, seen only by the asker). */
  share?: boolean;
  /** Adds "Svara i tråden" (the support desk's message shortcut): where to post. */
  postInThread?: { channel: string; threadTs: string };
}

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

export function sourceLine(s: Source): string {
  const date = s.published ? ` · publicerad ${s.published}` : '';
  const section = s.section && s.section !== s.title ? `${escapeMrkdwn(s.section)} – ` : '';
  return `Källa: ${section}<${s.url}|${escapeMrkdwn(s.title)}>${date}`;
}

/** What a "Menade du…?" or related-question button carries: the question, and the logged question it was offered on. */
export interface AskButtonValue {
  q: string;
  /** Log id of the question whose answer offered the button. */
  f?: number;
  /** "s" for a "Menade du…?" suggestion, "r" for a related question. */
  k?: 's' | 'r';
}

/** Reads an ask button's value; a plain-text value (buttons sent before clicks were recorded) is the question. */
export function parseAskValue(value: string): AskButtonValue {
  if (value.startsWith('{')) {
    try {
      const v = JSON.parse(value) as Partial<AskButtonValue>;
      if (typeof v.q === 'string')
        return { q: v.q, ...(Number.isInteger(v.f) ? { f: v.f } : {}), ...(v.k === 's' || v.k === 'r' ? { k: v.k } : {}) };
    } catch {
      // Not ours: treat as text.
    }
  }
  return { q: value };
}

function buttons(blockId: string, questions: string[], from: number | undefined, kind: 's' | 'r'): Record<string, unknown> {
  return {
    type: 'actions',
    block_id: blockId,
    elements: questions.map((q, i) => ({
      type: 'button',
      action_id: `${ACTIONS.ask}_${i}`,
      text: { type: 'plain_text', text: clip(q, 75) },
      value: JSON.stringify({ q: clip(q, 1900), ...(from !== undefined ? { f: from, k: kind } : {}) } satisfies AskButtonValue),
    })),
  };
}

/** Renders one Answer as a Slack message; `text` is the notification and screen-reader fallback. */
export function renderAnswer(answer: Answer, options: RenderOptions = {}): SlackMessage {
  const blocks: Record<string, unknown>[] = [
    { type: 'section', block_id: 'answer', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(answer.answer), 3000) } },
  ];
  if (answer.sources.length) {
    blocks.push({ type: 'context', block_id: 'sources', elements: answer.sources.map((s) => ({ type: 'mrkdwn', text: sourceLine(s) })) });
  }
  if (answer.suggestions.length) {
    // The heading only where the text does not already end with it ("Menade du…?" once per reply).
    if (answer.kind === 'abstain' && !/Menade du…\?$/.test(answer.answer))
      blocks.push({ type: 'section', block_id: 'suggest_title', text: { type: 'mrkdwn', text: '*Menade du…?*' } });
    blocks.push(buttons('suggestions', answer.suggestions, options.questionId, 's'));
  }
  if (answer.related.length) {
    blocks.push({ type: 'context', block_id: 'related_title', elements: [{ type: 'mrkdwn', text: 'Relaterade frågor:' }] });
    blocks.push(buttons('related', answer.related, options.questionId, 'r'));
  }
  const tools: Record<string, unknown>[] = [];
  if (options.share && answer.answered) {
    tools.push({
      type: 'button',
      action_id: ACTIONS.share,
      style: 'primary',
      text: { type: 'plain_text', text: 'Dela i kanalen' },
      value: clip(answer.question, 2000),
    });
  }
  if (options.postInThread && answer.answered) {
    tools.push({
      type: 'button',
      action_id: ACTIONS.postInThread,
      style: 'primary',
      text: { type: 'plain_text', text: 'Svara i tråden' },
      value: JSON.stringify({ c: options.postInThread.channel, t: options.postInThread.threadTs, q: clip(answer.question, 1500) }),
    });
  }
  if (options.questionId !== undefined && wantsFeedback(answer)) {
    const value = String(options.questionId);
    tools.push(
      { type: 'button', action_id: ACTIONS.helpful, text: { type: 'plain_text', text: '👍 Hjälpsamt' }, value },
      { type: 'button', action_id: ACTIONS.notHelpful, text: { type: 'plain_text', text: '👎 Inte hjälpsamt' }, value },
    );
  }
  if (tools.length) blocks.push({ type: 'actions', block_id: 'tools', elements: tools });
  const fallback = [
    answer.answer,
    ...answer.sources.map((s) => `Källa: ${s.section} – ${s.title}${s.published ? ` (publicerad ${s.published})` : ''} ${s.url}`),
  ];
  if (answer.suggestions.length)
    fallback.push(
      `${answer.kind === 'abstain' && !/Menade du…\?$/.test(answer.answer) ? 'Menade du: ' : ''}${answer.suggestions.join(' | ')}`,
    );
  return { text: clip(fallback.join('\n'), 3000), blocks };
}

/** The App Home tab: what the bot knows, example questions, most asked questions. */
export function renderHome(input: {
  faqCount: number;
  published: string;
  url: string;
  examples: string[];
  mostAsked: string[];
}): Record<string, unknown> {
  const list = (items: string[]) => items.map((q) => `• ${escapeMrkdwn(q)}`).join('\n') || '_Inga frågor ännu._';
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Faktabot' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Jag svarar kort på frågor om VGR:s beslut om IT-stöd för IVA och anestesi och Millennium, från <${input.url}|faktasidan> (publicerad ${escapeMrkdwn(input.published)}) och ${input.faqCount} vanliga frågor. Varje svar visar källa och datum. Jag svarar inte på kliniska frågor eller frågor om patienter.`,
        },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*Så frågar du*\nNämn mig i en kanal (@Faktabot), skriv till mig här, eller använd \`/fraga\`.` },
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Exempel*\n${list(input.examples)}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Mest frågat*\n${list(input.mostAsked)}` } },
    ],
  };
}
