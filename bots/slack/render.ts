/**
 * Answer -> Block Kit: a pure function, tested without a network. For an interpreted answer the question it answered
 * first ("Jag tolkar frågan som …"), then the answer text, its sources (section, link, date) as a context block,
 * "Menade du…?" / "Menade du något annat?" and related-question buttons, follow-up questions ("Vill du veta mer?"),
 * and Slack's own feedback buttons (👍/👎 in a context_actions block) under the answer.
 */
import { type Answer, FEEDBACK_MESSAGES, MESSAGES, relatedHeading, type Source, type TicketView, wantsFeedback } from '../../src/index';

// Slack limits: section text 3000 characters, button text 75, button value 2000.
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/**
 * mrkdwn control characters in user-visible text. Every `text` fallback is escaped too, as the blocks are: Slack
 * shows it in notifications and on some clients, and reads `<!channel>`, `<@U…>` and `<url|label>` in it as markup.
 */
const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const ACTIONS = {
  ask: 'faktabot_ask',
  feedback: 'faktabot_feedback',
  // The 👍/👎 buttons that answers already posted in Slack carry in their tools row: still recorded when clicked.
  helpful: 'faktabot_helpful',
  notHelpful: 'faktabot_not_helpful',
  share: 'faktabot_share',
  postInThread: 'faktabot_post_in_thread',
  escalate: 'faktabot_escalate',
  ticketClaim: 'faktabot_ticket_claim',
  ticketAnswer: 'faktabot_ticket_answer',
  ticketClose: 'faktabot_ticket_close',
} as const;

/** Modal callback ids. */
export const VIEWS = { escalate: 'faktabot_escalate_modal', answer: 'faktabot_ticket_answer_modal' } as const;

export interface RenderOptions {
  /** Log id of the question, for feedback buttons. */
  questionId?: number;
  /** Adds "Dela i kanalen" (the /fraga reply, seen only by the asker); it carries `questionId`, not to log it again. */
  share?: boolean;
  /** Adds "Svara i tråden" (the support desk's message shortcut): where to post; it carries `questionId` too. */
  postInThread?: { channel: string; threadTs: string };
  /** Adds "Fråga supporten" (a support desk is set and the bot declined). */
  escalate?: boolean;
  /** The question went to the support desk: a line says so instead of "Fråga supporten". */
  sent?: boolean;
}

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

export function sourceLine(s: Source): string {
  const date = s.published ? ` · publicerad ${s.published}` : '';
  const section = s.section && s.section !== s.title ? `”${escapeMrkdwn(s.section)}” i ` : '';
  return `Källa: ${section}<${s.url}|${escapeMrkdwn(s.title)}>${date}`;
}

/**
 * What a button that asks or shows a question carries ("Menade du…?", a related question, "Dela i kanalen"): the
 * question, and the logged question whose answer offered the button.
 */
export interface AskButtonValue {
  q: string;
  /** Log id of the question whose answer offered the button. */
  f?: number;
  /** "s" for a "Menade du…?" suggestion, "r" for a related question. */
  k?: 's' | 'r';
}

/** Reads such a button's value; a plain-text value (a button sent before it carried the log id) is the question. */
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

/** Button texts up to this length show whole in every Slack client; longer questions are shown as text instead. */
export const MAX_BUTTON_TEXT = 40;

/**
 * The questions a click asks ("Menade du…?", related questions). Short ones are a row of buttons; when one is longer
 * than a button shows whole, each question is a line of text the user can read and select, with a "Fråga" button.
 */
function askBlocks(blockId: string, questions: string[], from: number | undefined, kind: 's' | 'r'): Record<string, unknown>[] {
  const button = (q: string, i: number, text: string) => ({
    type: 'button',
    action_id: `${ACTIONS.ask}_${i}`,
    text: { type: 'plain_text', text },
    value: JSON.stringify({ q: clip(q, 1900), ...(from !== undefined ? { f: from, k: kind } : {}) } satisfies AskButtonValue),
  });
  if (questions.every((q) => q.length <= MAX_BUTTON_TEXT))
    return [{ type: 'actions', block_id: blockId, elements: questions.map((q, i) => button(q, i, q)) }];
  return questions.map((q, i) => ({
    type: 'section',
    block_id: `${blockId}_${i}`,
    text: { type: 'plain_text', text: clip(q, 3000), emoji: false },
    accessory: { ...button(q, i, 'Fråga'), accessibility_label: clip(`Fråga: ${q}`, 75) },
  }));
}

/**
 * "Vill du veta mer?": the questions staff usually ask next, as buttons a click asks with (the "Menade du…?" action).
 * They carry no logged question: a click on one is a new question in the conversation, not a choice the learning
 * loop reads as a correction of this answer.
 */
export function followUpBlocks(answer: Pick<Answer, 'followUps'>): Record<string, unknown>[] {
  if (!answer.followUps.length) return [];
  return [
    { type: 'context', block_id: 'follow_title', elements: [{ type: 'mrkdwn', text: MESSAGES.followUpsHeading }] },
    ...askBlocks(
      'follow_ups',
      answer.followUps.map((f) => f.question),
      undefined,
      'r',
    ),
  ];
}

/** The line an interpreted answer starts with, saying which question it answered; undefined for any other reply. */
function interpretation(answer: Answer): string | undefined {
  return answer.outcome === 'interpreted' && answer.interpretedAs ? MESSAGES.interpretedAs(answer.interpretedAs) : undefined;
}

/** Renders one Answer as a Slack message; `text` is the notification and screen-reader fallback. */
export function renderAnswer(answer: Answer, options: RenderOptions = {}): SlackMessage {
  const blocks: Record<string, unknown>[] = [];
  const interpreted = interpretation(answer);
  if (interpreted) {
    // In italics, set apart from the answer; an underscore inside would end the italics, so such a line stays plain.
    const line = escapeMrkdwn(interpreted);
    blocks.push({
      type: 'section',
      block_id: 'interpretation',
      text: { type: 'mrkdwn', text: clip(line.includes('_') ? line : `_${line}_`, 3000) },
    });
  }
  blocks.push({ type: 'section', block_id: 'answer', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(answer.answer), 3000) } });
  if (answer.sources.length) {
    blocks.push({ type: 'context', block_id: 'sources', elements: answer.sources.map((s) => ({ type: 'mrkdwn', text: sourceLine(s) })) });
  }
  if (answer.suggestions.length) {
    // The heading only where the text does not already end with it ("Menade du…?" once per reply).
    if (interpreted)
      blocks.push({ type: 'section', block_id: 'suggest_title', text: { type: 'mrkdwn', text: `*${MESSAGES.somethingElse}*` } });
    else if (answer.kind === 'abstain' && !/Menade du…\?$/.test(answer.answer))
      blocks.push({ type: 'section', block_id: 'suggest_title', text: { type: 'mrkdwn', text: '*Menade du…?*' } });
    blocks.push(...askBlocks('suggestions', answer.suggestions, options.questionId, 's'));
  }
  if (answer.related.length) {
    const heading = relatedHeading(answer);
    if (heading) blocks.push({ type: 'context', block_id: 'related_title', elements: [{ type: 'mrkdwn', text: `${heading}:` }] });
    blocks.push(...askBlocks('related', answer.related, options.questionId, 'r'));
  }
  blocks.push(...followUpBlocks(answer));
  if (options.sent) blocks.push(sentBlock());
  const tools: Record<string, unknown>[] = [];
  if (options.share && answer.answered) {
    tools.push({
      type: 'button',
      action_id: ACTIONS.share,
      style: 'primary',
      text: { type: 'plain_text', text: 'Dela i kanalen' },
      value: JSON.stringify({
        q: clip(answer.question, 1900),
        ...(options.questionId !== undefined ? { f: options.questionId } : {}),
      } satisfies AskButtonValue),
    });
  }
  if (options.postInThread && answer.answered) {
    tools.push({
      type: 'button',
      action_id: ACTIONS.postInThread,
      style: 'primary',
      text: { type: 'plain_text', text: 'Svara i tråden' },
      value: JSON.stringify({
        c: options.postInThread.channel,
        t: options.postInThread.threadTs,
        q: clip(answer.question, 1500),
        ...(options.questionId !== undefined ? { f: options.questionId } : {}),
      }),
    });
  }
  if (options.escalate && !options.sent && options.questionId !== undefined && answer.kind === 'abstain')
    tools.push(escalateButton(options.questionId));
  if (tools.length) blocks.push({ type: 'actions', block_id: 'tools', elements: tools });
  if (options.questionId !== undefined && wantsFeedback(answer)) blocks.push(feedbackBlock(options.questionId));
  const fallback = [
    ...(interpreted ? [interpreted] : []),
    answer.answer,
    ...answer.sources.map(
      (s) =>
        `Källa: ${s.section && s.section !== s.title ? `”${s.section}” i ` : ''}${s.title}${s.published ? ` (publicerad ${s.published})` : ''} ${s.url}`,
    ),
  ];
  if (answer.suggestions.length)
    fallback.push(
      `${interpreted ? `${MESSAGES.somethingElse} ` : answer.kind === 'abstain' && !/Menade du…\?$/.test(answer.answer) ? 'Menade du: ' : ''}${answer.suggestions.join(' | ')}`,
    );
  // Slack reads this text as mrkdwn too (notifications, clients without blocks).
  return { text: clip(escapeMrkdwn(fallback.join('\n')), 3000), blocks };
}

/** The block id of the feedback buttons under an answer. */
export const FEEDBACK_BLOCK = 'feedback';

/**
 * Slack's own 👍/👎 under an answer: a feedback_buttons element in a context_actions block. Each button's value is
 * the vote and the logged question (`positive:123`), read back by parseFeedbackValue.
 */
function feedbackBlock(questionId: number): Record<string, unknown> {
  const button = (vote: FeedbackVote, text: string, label: string) => ({
    text: { type: 'plain_text', text },
    value: `${vote}:${questionId}`,
    accessibility_label: label,
  });
  return {
    type: 'context_actions',
    block_id: FEEDBACK_BLOCK,
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTIONS.feedback,
        positive_button: button('positive', '👍', 'Svaret var hjälpsamt'),
        negative_button: button('negative', '👎', 'Svaret var inte hjälpsamt'),
      },
    ],
  };
}

export type FeedbackVote = 'positive' | 'negative';

/** Reads a feedback button's value: the vote and the logged question; undefined for anything else. */
export function parseFeedbackValue(value: string): { vote: FeedbackVote; questionId: number } | undefined {
  const m = /^(positive|negative):(\d{1,15})$/.exec(value);
  return m ? { vote: m[1] as FeedbackVote, questionId: Number(m[2]) } : undefined;
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

/**
 * The agent view's suggested prompts: the first `max` distinct questions, each sent as written when clicked. The
 * title is what the prompt shows, cut to a button's length.
 */
export function suggestedPrompts(
  questions: readonly string[],
  max: number,
): { title: string; prompts: { title: string; message: string }[] } {
  const distinct = [...new Set(questions.map((q) => q.trim()).filter(Boolean))].slice(0, max);
  return { title: 'Vanliga frågor', prompts: distinct.map((q) => ({ title: clip(q, 75), message: q })) };
}

function escalateButton(questionId: number): Record<string, unknown> {
  return { type: 'button', action_id: ACTIONS.escalate, text: { type: 'plain_text', text: 'Fråga supporten' }, value: String(questionId) };
}

/** The block id of "Fråga supporten" offered after 👎 (renderFeedbackDone): a click there comes after a vote. */
export const ESCALATE_AFTER_VOTE = 'escalate';

const sentBlock = () => ({
  type: 'context',
  block_id: 'support_sent',
  elements: [{ type: 'mrkdwn', text: FEEDBACK_MESSAGES.sentToSupport }],
});

/**
 * The answer message after a 👍/👎 click, replacing it in place: the same blocks without the feedback buttons (the
 * context_actions block, and the 👍/👎 buttons answers carried in the tools row before it),
 * `line` (what happens now), and "Fråga supporten" after 👎 when a desk is set.
 */
export function renderFeedbackDone(
  blocks: Record<string, unknown>[],
  options: { line: string; escalateQuestionId?: number },
): Record<string, unknown>[] {
  const kept = blocks
    .filter((b) => b.block_id !== FEEDBACK_BLOCK)
    .map((b) => {
      if (b.block_id !== 'tools') return b;
      const elements = (b.elements as { action_id?: string }[]).filter(
        (e) => e.action_id !== ACTIONS.helpful && e.action_id !== ACTIONS.notHelpful && e.action_id !== ACTIONS.escalate,
      );
      return elements.length ? { ...b, elements } : undefined;
    })
    .filter((b): b is Record<string, unknown> => !!b);
  // The line that the question went to the desk stays last, under what the vote said.
  const sent = kept.filter((b) => b.block_id === 'support_sent');
  const rest = kept.filter((b) => b.block_id !== 'support_sent');
  rest.push({ type: 'context', block_id: 'feedback_done', elements: [{ type: 'mrkdwn', text: options.line }] }, ...sent);
  if (options.escalateQuestionId !== undefined)
    rest.push({ type: 'actions', block_id: ESCALATE_AFTER_VOTE, elements: [escalateButton(options.escalateQuestionId)] });
  return rest;
}

/**
 * An answer whose question was sent to the support desk, drawn again from its logged question to replace the
 * message the form was opened from: "Fråga supporten" gives way to a line saying it is sent; after 👎 (`voted`) the
 * vote's line stays and the vote buttons stay gone.
 */
export function renderSentAnswer(answer: Answer, questionId: number, voted: { line: string } | undefined): SlackMessage {
  const message = renderAnswer(answer, { questionId, sent: true });
  return voted ? { ...message, blocks: renderFeedbackDone(message.blocks, { line: voted.line }) } : message;
}

const plainText = (text: string, max: number) => ({ type: 'plain_text', text: clip(text, max) });

/**
 * "Fråga supporten": the form, pre-filled with the question, saying what will be sent and to whom. `responseUrl`
 * and `voted`: the message it was opened from, to replace once the question is sent.
 */
export function renderEscalateModal(input: {
  questionId?: number;
  question: string;
  conversationId?: string;
  responseUrl?: string;
  voted?: boolean;
}): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: VIEWS.escalate,
    private_metadata: JSON.stringify({
      q: input.questionId ?? null,
      c: input.conversationId ?? null,
      ...(input.responseUrl && input.responseUrl.length <= 1000 ? { r: input.responseUrl } : {}),
      ...(input.voted ? { v: 1 } : {}),
    }),
    title: plainText('Fråga supporten', 24),
    submit: plainText('Skicka', 24),
    close: plainText('Avbryt', 24),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${FEEDBACK_MESSAGES.supportFormIntro} Svaret kommer till dig här, privat.`,
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Skriv inga uppgifter om patienter. Kliniska frågor skickas inte vidare.' }] },
      {
        type: 'input',
        block_id: 'question',
        label: plainText('Fråga', 75),
        element: { type: 'plain_text_input', action_id: 'question_input', initial_value: clip(input.question, 500), max_length: 500 },
      },
      {
        type: 'input',
        block_id: 'context',
        optional: true,
        label: plainText('Mer om frågan (valfritt)', 75),
        element: { type: 'plain_text_input', action_id: 'context_input', multiline: true, max_length: 1000 },
      },
    ],
  };
}

function ticketFields(v: TicketView): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', block_id: 'ticket_head', text: plainText(`Ärende ${v.id} · ${v.statusLabel}`, 150) },
    { type: 'section', block_id: 'ticket_question', text: { type: 'mrkdwn', text: clip(`*Fråga:* ${escapeMrkdwn(v.question)}`, 3000) } },
  ];
  if (v.context)
    blocks.push({
      type: 'section',
      block_id: 'ticket_context',
      text: { type: 'mrkdwn', text: clip(`*Mer om frågan:* ${escapeMrkdwn(v.context)}`, 3000) },
    });
  blocks.push(
    {
      type: 'context',
      block_id: 'ticket_from',
      elements: [{ type: 'mrkdwn', text: clip(`Från ${escapeMrkdwn(v.askerName)} i ${v.askedOn}, ${v.askedAt}`, 3000) }],
    },
    { type: 'section', block_id: 'ticket_bot', text: { type: 'mrkdwn', text: clip(`*Faktabot:* ${escapeMrkdwn(v.botReply)}`, 3000) } },
  );
  return blocks;
}

/** The ticket card in the desk channel: question, asker, channel, time, what the bot said, status and buttons. */
export function renderTicket(v: TicketView): SlackMessage {
  const blocks = ticketFields(v);
  if (v.answer)
    blocks.push({
      type: 'section',
      block_id: 'ticket_answer',
      text: {
        type: 'mrkdwn',
        text: clip(`*Svar${v.answeredBy ? ` från ${escapeMrkdwn(v.answeredBy)}` : ''}:* ${escapeMrkdwn(v.answer)}`, 3000),
      },
    });
  blocks.push({
    type: 'context',
    block_id: 'ticket_status',
    elements: [{ type: 'mrkdwn', text: clip(`Status: ${escapeMrkdwn(v.lastChange)}`, 3000) }],
  });
  if (!v.closed) {
    const value = String(v.id);
    const buttons: Record<string, unknown>[] = [];
    if (v.status === 'open') buttons.push({ type: 'button', action_id: ACTIONS.ticketClaim, text: plainText('Jag tar den', 75), value });
    if (v.status !== 'answered')
      buttons.push({ type: 'button', action_id: ACTIONS.ticketAnswer, style: 'primary', text: plainText('Svara', 75), value });
    buttons.push({ type: 'button', action_id: ACTIONS.ticketClose, text: plainText('Stäng', 75), value });
    blocks.push({ type: 'actions', block_id: 'ticket_actions', elements: buttons });
  }
  return { text: clip(escapeMrkdwn(`Ärende ${v.id} (${v.statusLabel}) från ${v.askerName}: ${v.question}`), 3000), blocks };
}

/** "Svara": the form for the desk's answer, showing the question. */
export function renderAnswerModal(v: TicketView, deskChannel: string): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: VIEWS.answer,
    private_metadata: JSON.stringify({ t: v.id, c: deskChannel }),
    title: plainText(`Svara på ärende ${v.id}`, 24),
    submit: plainText('Skicka svaret', 24),
    close: plainText('Avbryt', 24),
    blocks: [
      ...ticketFields(v).filter((b) => b.type !== 'header'),
      {
        type: 'input',
        block_id: 'answer',
        label: plainText(`Svar till ${v.askerName} (skickas privat i ${v.askedOn})`, 75),
        element: { type: 'plain_text_input', action_id: 'answer_input', multiline: true, max_length: 3000 },
      },
    ],
  };
}

/** The desk's answer, as the asker gets it in a direct message. */
export function renderDeliveredAnswer(v: TicketView): SlackMessage {
  return {
    text: clip(escapeMrkdwn(`Svar från supporten på din fråga "${v.question}": ${v.answer ?? ''}`), 3000),
    blocks: [
      {
        type: 'section',
        block_id: 'support_question',
        text: { type: 'mrkdwn', text: clip(`*Svar från supporten* på din fråga: _${escapeMrkdwn(v.question)}_`, 3000) },
      },
      { type: 'section', block_id: 'support_answer', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(v.answer || '–'), 3000) } },
      {
        type: 'context',
        block_id: 'support_by',
        elements: [{ type: 'mrkdwn', text: clip(`Besvarad av ${escapeMrkdwn(v.answeredBy ?? 'supporten')} (ärende ${v.id})`, 3000) }],
      },
    ],
  };
}
