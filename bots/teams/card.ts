/**
 * Answer -> Adaptive Card: pure functions, tested without a network. Every card carries a fallbackText that reads
 * well on its own (answer, source with link and date), for clients that show only that.
 */
import {
  type Answer,
  FEEDBACK_MESSAGES,
  feedbackLine,
  MESSAGES,
  relatedHeading,
  type Source,
  type TicketView,
  wantsFeedback,
} from '../../src/index';

export const CARD_VERSION = '1.5';
const CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface CardAttachment {
  contentType: typeof CONTENT_TYPE;
  content: Record<string, unknown>;
}

/**
 * What an answer card's own buttons carry to redraw it in place: `asked`, the card starts with its question (asked
 * with a click); `voted`, 👎 was given already; `inText`, the answer is a message of its own above the card.
 */
export interface AnswerCardState {
  asked?: true;
  voted?: true;
  inText?: true;
}

/** What Action.Submit buttons send back in activity.value. */
export type SubmitData =
  /** `from`: the logged question whose answer offered this button; `kind`: "Menade du…?" or related. */
  | { faktabot: 'ask'; question: string; from?: number; kind?: 'suggestion' | 'related' }
  | ({ faktabot: 'feedback'; helpful: boolean; questionId: number } & AnswerCardState)
  /** "Fråga supporten": show the form; then send it (the form's inputs `question` and `context` arrive beside). */
  | ({ faktabot: 'escalate-form'; questionId?: number } & AnswerCardState)
  /** `card`: the answer card the form was opened from, redrawn once the question is sent. */
  | ({ faktabot: 'escalate'; questionId?: number; question?: string; context?: string; card?: string } & AnswerCardState)
  /** Ticket buttons in the desk channel; "answer" carries the input `answer`. */
  | { faktabot: 'ticket'; action: 'claim' | 'answer' | 'close'; ticketId: number; answer?: string };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/**
 * Text for a TextBlock. Teams renders a Markdown subset (bold and italic with * and _, [links](url), lists at the
 * start of a line) and shows backslash escapes as backslashes, so nothing is escaped with them: a "](" that would
 * start a link gets a zero-width space between, an asterisk becomes the asterisk operator (∗), and a line that
 * would start a list gets a zero-width space in front. Parentheses, # and the rest show as they are.
 */
export const plain = (s: string) =>
  s
    .replace(/\]\(/g, ']\u200b(')
    .replace(/\*/g, '\u2217')
    .replace(/(^|\n)([ \t]*)([-+][ \t]|\d+\.[ \t])/g, '$1$2\u200b$3');

/**
 * Text someone typed (a ticket's question and context, the desk's answer, names), shown exactly as typed: text runs
 * of a RichTextBlock are never read as Markdown, so "_x_" stays "_x_" and "\\" stays "\\", and each line is a
 * block of its own, so line breaks stay.
 */
export function typedText(text: string, options: { subtle?: boolean; spacing?: string } = {}): Record<string, unknown>[] {
  const lines = text.split('\n');
  return lines.map((line, i) => ({
    type: 'RichTextBlock',
    spacing: i === 0 ? (options.spacing ?? 'Default') : 'None',
    inlines: [{ type: 'TextRun', text: line || ' ', ...(options.subtle ? { isSubtle: true } : {}) }],
  }));
}

/** A bold label above typed text. */
const labelled = (label: string, text: string) => [
  { type: 'TextBlock', text: label, weight: 'Bolder', size: 'Small', spacing: 'Medium' },
  ...typedText(text, { spacing: 'None' }),
];

/** Link text for [text](url): no brackets inside. */
const linkText = (s: string) => plain(s).replace(/\[/g, '(').replace(/\]/g, ')');

export function sourceText(s: Source): string {
  const section = s.section && s.section !== s.title ? `”${plain(s.section)}” i ` : '';
  return `Källa: ${section}[${linkText(s.title)}](${s.url})${s.published ? ` · publicerad ${s.published}` : ''}`;
}

function sourceFallback(s: Source): string {
  return `Källa: ${s.section && s.section !== s.title ? `”${s.section}” i ` : ''}${s.title}${s.published ? ` (publicerad ${s.published})` : ''} ${s.url}`;
}

/** Button titles longer than this are cut by Teams mid-word: longer texts are shown as selectable text instead. */
export const MAX_BUTTON_TITLE = 40;

/**
 * A question the user can ask with one click ("Menade du…?", related questions, examples): the whole question as
 * wrapped text in a selectable container, so that nothing is cut. The answer card then starts with the question
 * (answerCard's `asked`), so the chat shows what was asked. (A message-back with `displayText` would show it as the
 * user's own message, but the Agents Playground cannot send one: its renderer throws on the `msteams` property.)
 */
const askRow = (question: string, from?: number, kind?: 'suggestion' | 'related') => {
  const data = { faktabot: 'ask', question, ...(from !== undefined ? { from, kind } : {}) } satisfies SubmitData;
  return {
    type: 'Container',
    style: 'emphasis',
    spacing: 'Small',
    selectAction: { type: 'Action.Submit', title: clip(question, MAX_BUTTON_TITLE), tooltip: question, data },
    items: [{ type: 'TextBlock', text: plain(question), wrap: true, color: 'Accent', weight: 'Bolder' }],
  };
};

/**
 * "Vill du veta mer?": the questions staff usually ask next, each a row a click asks (as "Menade du…?" does). They
 * carry no logged question: a click is a new question in the conversation, not a choice made instead of this answer.
 */
export function followUpRows(answer: Pick<Answer, 'followUps'>): Record<string, unknown>[] {
  if (!answer.followUps.length) return [];
  return [
    { type: 'TextBlock', text: MESSAGES.followUpsHeading, weight: 'Bolder', spacing: 'Medium' },
    ...answer.followUps.map((f) => askRow(f.question)),
  ];
}

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

/**
 * What a reply says, as plain text: for an interpreted answer the question it answered first. For notifications,
 * chat previews and the card's fallback.
 */
export function answerSummary(answer: Answer): string {
  const line = interpretation(answer);
  return line ? `${line} ${answer.answer}` : answer.answer;
}

function interpretation(answer: Answer): string | undefined {
  return answer.outcome === 'interpreted' && answer.interpretedAs ? MESSAGES.interpretedAs(answer.interpretedAs) : undefined;
}

/** How an answer card is drawn: its logged question, its heading, and what was done on it. */
export interface AnswerCardOptions {
  /** The logged question, for the buttons. */
  questionId?: number;
  /** Offer "Fråga supporten" (the bot declined and a desk is set). */
  escalate?: boolean;
  /** Asked with a click: the question, as the card's heading. */
  asked?: string;
  /** After 👍/👎: the buttons go and a line says what happens now; `desk` offers "Fråga supporten" after 👎. */
  voted?: { helpful: boolean; desk: boolean };
  /** The question went to the support desk: a line says so instead of "Fråga supporten". */
  sent?: boolean;
  /**
   * The answer itself (heading, interpretation, text, sources) is the message's text with citations, and Teams' own
   * 👍/👎 ask for feedback: the card carries only the buttons text cannot (message.ts).
   */
  inText?: boolean;
  /** "Menade du…?" is offered as suggested actions instead (message.ts): the card leaves it out. */
  suggestionsElsewhere?: boolean;
}

/**
 * The answer card: for an interpreted answer the question it answered first, then the text, sources, "Menade du…?"
 * (or "Menade du något annat?") and related buttons, follow-up questions, helpful / not-helpful buttons.
 */
export function answerCard(answer: Answer, options: AnswerCardOptions = {}): CardAttachment {
  const interpreted = interpretation(answer);
  const body: Record<string, unknown>[] = options.inText
    ? []
    : [
        // Asked with a click: the question, so that the chat shows what was asked.
        ...(options.asked ? [{ type: 'TextBlock', text: plain(options.asked), weight: 'Bolder', wrap: true }] : []),
        // Subtle and in italics (Markdown), set apart from the answer; an underscore inside would end the italics.
        ...(interpreted
          ? [
              {
                type: 'TextBlock',
                text: interpreted.includes('_') ? plain(interpreted) : `_${plain(interpreted)}_`,
                wrap: true,
                isSubtle: true,
              },
            ]
          : []),
        { type: 'TextBlock', text: plain(answer.answer), wrap: true, ...(interpreted ? { spacing: 'Small' } : {}) },
      ];
  if (!options.inText)
    for (const s of answer.sources)
      body.push({ type: 'TextBlock', text: sourceText(s), wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' });
  if (answer.suggestions.length && !options.suggestionsElsewhere) {
    // Under a message's text the lead-in is in that text (message.ts).
    const lead = suggestionLead(answer);
    if (lead && !options.inText) body.push({ type: 'TextBlock', text: lead, weight: 'Bolder', spacing: 'Medium' });
    body.push(...answer.suggestions.map((q) => askRow(q, options.questionId, 'suggestion')));
  }
  if (answer.related.length) {
    const heading = relatedHeading(answer);
    if (heading) body.push({ type: 'TextBlock', text: heading, weight: 'Bolder', spacing: 'Medium' });
    body.push(...answer.related.map((q) => askRow(q, options.questionId, 'related')));
  }
  body.push(...followUpRows(answer));
  // What the card's buttons carry, so that it can be redrawn in place as it is (its heading, a vote given).
  const state: AnswerCardState = {
    ...(options.asked ? { asked: true } : {}),
    ...(options.voted ? { voted: true } : {}),
    ...(options.inText ? { inText: true } : {}),
  };
  const escalate = {
    type: 'Action.Submit',
    title: 'Fråga supporten',
    data: { faktabot: 'escalate-form', questionId: options.questionId, ...state } satisfies SubmitData,
  };
  const sentLine = { type: 'TextBlock', text: FEEDBACK_MESSAGES.sentToSupport, wrap: true, isSubtle: true, spacing: 'Medium' };
  if (options.voted) {
    // After 👍/👎 the card is updated in place: the buttons go, a line says what happens now (and "Fråga supporten"
    // after 👎 where a desk is set, until the question is sent).
    const { helpful, desk } = options.voted;
    const offer = !helpful && desk && !options.sent && options.questionId !== undefined;
    body.push({
      type: 'TextBlock',
      text: feedbackLine(helpful, { desk, sent: options.sent }),
      wrap: true,
      isSubtle: true,
      spacing: 'Medium',
    });
    if (options.sent) body.push({ ...sentLine, spacing: 'Small' });
    return card(body, answerSummary(answer), offer ? [escalate] : []);
  }
  // "Fråga supporten" on a line of its own, so that 👍 and 👎 stay side by side on a narrow card.
  if (options.sent) body.push(sentLine);
  else if (options.questionId !== undefined && options.escalate && answer.kind === 'abstain' && wantsFeedback(answer))
    body.push({ type: 'ActionSet', spacing: 'Medium', actions: [escalate] });
  const vote = (helpful: boolean) =>
    ({ faktabot: 'feedback', helpful, questionId: options.questionId as number, ...state }) satisfies SubmitData;
  const actions =
    options.questionId !== undefined && wantsFeedback(answer) && !options.inText
      ? [
          { type: 'Action.Submit', title: '👍 Hjälpsamt', data: vote(true) },
          { type: 'Action.Submit', title: '👎 Inte hjälpsamt', data: vote(false) },
        ]
      : [];
  // Under the message's text the fallback names only the questions: the answer is in the text already.
  const fallback = options.inText ? [] : [...(interpreted ? [interpreted] : []), answer.answer, ...answer.sources.map(sourceFallback)];
  if (options.inText && answer.related.length) fallback.push(answer.related.join(' | '));
  if (answer.suggestions.length)
    fallback.push(
      `${interpreted ? `${MESSAGES.somethingElse} ` : answer.kind === 'abstain' ? (/Menade du…\?$/.test(answer.answer) ? '' : 'Menade du: ') : 'Till exempel: '}${answer.suggestions.join(' | ')}`,
    );
  return card(body, fallback.join('\n'), actions);
}

/**
 * The heading over "Menade du…?" questions, where the answer's text does not already lead in ("Menade du…?" or "…
 * till exempel fråga:"): one lead-in per reply.
 */
export function suggestionLead(answer: Answer): string | undefined {
  if (interpretation(answer)) return MESSAGES.somethingElse;
  if (answer.kind === 'abstain' && !/(Menade du…\?|:)$/.test(answer.answer.trim())) return 'Menade du…?';
  return undefined;
}

/** Whether a card shows nothing: no body and no buttons (an answer whose text says it all). */
export function isEmptyCard(attachment: CardAttachment): boolean {
  const c = attachment.content as { body?: unknown[]; actions?: unknown[] };
  return !c.body?.length && !c.actions?.length;
}

/** Welcome (installed, or added to a team) and help ("hjälp") cards, with example questions as buttons. */
export function welcomeCard(intro: string, examples: string[], page: { url: string; published: string }): CardAttachment {
  // The intro of the help card already says that clinical questions are not answered: once per card.
  const clinical = /kliniska frågor/.test(intro) ? '' : ' Jag svarar inte på kliniska frågor eller frågor om patienter.';
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: 'Faktabot', weight: 'Bolder', size: 'Large' },
    { type: 'TextBlock', text: plain(intro), wrap: true },
    {
      type: 'TextBlock',
      text: `Källan är [VGR:s faktasida](${page.url}), publicerad ${page.published}.${clinical}`,
      wrap: true,
      isSubtle: true,
      size: 'Small',
    },
    { type: 'TextBlock', text: 'Prova till exempel:', weight: 'Bolder', spacing: 'Medium' },
    ...examples.map((q) => askRow(q)),
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

/**
 * Notification and chat-preview text for an activity carrying a card: the first words, not "card", cut at a word
 * with "…" (at most 100 characters).
 */
export function summaryOf(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

/**
 * "Fråga supporten": a form pre-filled with the question, saying what is sent and to whom. `card` and `state`: the
 * answer card it was opened from, to redraw with "skickad" once sent.
 */
export function escalateCard(input: { questionId?: number; question: string; card?: string; state?: AnswerCardState }): CardAttachment {
  return card(
    [
      { type: 'TextBlock', text: 'Fråga supporten', weight: 'Bolder', size: 'Medium' },
      {
        type: 'TextBlock',
        text: `${FEEDBACK_MESSAGES.supportFormIntro} Svaret kommer till dig privat.`,
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: 'Skriv inga uppgifter om patienter. Kliniska frågor skickas inte vidare.',
        wrap: true,
        isSubtle: true,
        size: 'Small',
      },
      {
        type: 'Input.Text',
        id: 'question',
        label: 'Fråga',
        value: clip(input.question, 500),
        isMultiline: true,
        maxLength: 500,
        isRequired: true,
        errorMessage: 'Skriv din fråga.',
      },
      { type: 'Input.Text', id: 'context', label: 'Mer om frågan (valfritt)', isMultiline: true, maxLength: 1000 },
    ],
    'Fråga supporten: skriv din fråga och skicka den till supportens kanal.',
    [
      {
        type: 'Action.Submit',
        title: 'Skicka till supporten',
        data: {
          faktabot: 'escalate',
          questionId: input.questionId,
          ...(input.card ? { card: input.card } : {}),
          ...input.state,
        } satisfies SubmitData,
      },
    ],
  );
}

/** A short card with one line: confirmations and refusals that replace a form in place. */
export function noticeCard(text: string): CardAttachment {
  return card([{ type: 'TextBlock', text: plain(text), wrap: true }], text);
}

/** The ticket card in the desk channel: question, asker, channel, time, what the bot said, status and buttons. */
export function ticketCard(v: TicketView): CardAttachment {
  const facts = [
    ...labelled('Fråga', v.question),
    ...(v.context ? labelled('Mer om frågan', v.context) : []),
    ...labelled('Från', `${v.askerName} i ${v.askedOn}, ${v.askedAt}`),
    ...labelled('Faktabot', v.botReply),
    ...(v.answer ? labelled(`Svar${v.answeredBy ? ` från ${plain(v.answeredBy)}` : ''}`, v.answer) : []),
  ];
  const ticket = (action: 'claim' | 'answer' | 'close') => ({ faktabot: 'ticket', action, ticketId: v.id }) satisfies SubmitData;
  const actions: Record<string, unknown>[] = [];
  if (!v.closed) {
    if (v.status === 'open') actions.push({ type: 'Action.Submit', title: 'Jag tar den', data: ticket('claim') });
    if (v.status !== 'answered')
      actions.push({
        type: 'Action.ShowCard',
        title: 'Svara',
        card: {
          type: 'AdaptiveCard',
          body: [
            {
              type: 'Input.Text',
              id: 'answer',
              label: `Svar till ${v.askerName} (skickas privat i ${v.askedOn})`,
              isMultiline: true,
              maxLength: 3000,
              isRequired: true,
              errorMessage: 'Skriv ett svar.',
            },
          ],
          actions: [{ type: 'Action.Submit', title: 'Skicka svaret', data: ticket('answer') }],
        },
      });
    actions.push({ type: 'Action.Submit', title: 'Stäng', data: ticket('close') });
  }
  return card(
    [
      { type: 'TextBlock', text: `Ärende ${v.id} · ${v.statusLabel}`, weight: 'Bolder', size: 'Medium' },
      ...facts,
      ...typedText(`Status: ${v.lastChange}`, { subtle: true, spacing: 'Medium' }),
    ],
    `Ärende ${v.id} (${v.statusLabel}) från ${v.askerName} i ${v.askedOn}: ${v.question}`,
    actions,
  );
}

/** The desk's answer, as the asker gets it privately. */
export function deliveredAnswerCard(v: TicketView): CardAttachment {
  return card(
    [
      { type: 'TextBlock', text: 'Svar från supporten', weight: 'Bolder' },
      ...typedText(`På din fråga: ${v.question}`, { subtle: true }),
      ...typedText(v.answer ?? '', { spacing: 'Medium' }),
      ...typedText(`Besvarad av ${v.answeredBy ?? 'supporten'} (ärende ${v.id})`, { subtle: true, spacing: 'Medium' }),
    ],
    `Svar från supporten på din fråga ”${v.question}”: ${v.answer ?? ''}`,
  );
}
