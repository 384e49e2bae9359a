/**
 * Every Slack message and modal, and every Teams card, the bots can send, rendered for every FAQ entry, for declined,
 * interpreted, clinical and small-talk replies, and for tickets at every status with over-long texts: within Block Kit's limits
 * and valid Adaptive Cards 1.5.
 */
import { describe, expect, it } from 'vitest';
import {
  renderAnswer,
  renderAnswerModal,
  renderDeliveredAnswer,
  renderEscalateModal,
  renderFeedbackDone,
  renderHome,
  renderSentAnswer,
  renderTicket,
} from '../../bots/slack/render';
import { answerCard, deliveredAnswerCard, escalateCard, faqCard, noticeCard, ticketCard, welcomeCard } from '../../bots/teams/card';
import type { TicketView } from '../../src/service/support';
import { interpretingEngine, realEngine } from '../helpers';
import { adaptiveCardProblems, blockKitProblems } from './payload-rules';

const engine = realEngine();
const long = (n: number) => 'ö'.repeat(n);
const answers = () => [
  ...engine.kb.faq.map((e) => engine.ask(e.question)),
  engine.ask('vad tycker ni om hela millenniumgrejen'),
  engine.ask('Hur mycket propofol ska patienten få?'),
  engine.ask('hej'),
  engine.ask('hjälp'),
  engine.ask(long(400)),
  // Interpreted answers: the question they answered first, and "Menade du något annat?".
  ...['vad ska vi använda istället', 'vad tycker ni om hela millenniumgrejen', 'hur länge dröjer det'].map((q) =>
    interpretingEngine().ask(q),
  ),
];
const tickets = (): TicketView[] =>
  (['open', 'claimed', 'answered', 'closed'] as const).map((status, i) => ({
    id: 100000 + i,
    status,
    statusLabel: ['öppen', 'tagen', 'besvarad', 'stängd'][i] as string,
    question: long(600),
    context: long(1200),
    askerName: long(200),
    askedOn: 'Teams',
    askedAt: '2026-11-28 10:15',
    botReply: long(700),
    lastChange: `besvarad av ${long(200)} 2026-11-28 10:20`,
    claimedBy: long(100),
    answeredBy: status === 'answered' ? long(100) : null,
    answer: status === 'answered' || status === 'closed' ? long(3500) : null,
    closed: status === 'closed',
  }));

describe('Slack payloads stay within Block Kit limits', () => {
  it('for every answer, with every option', () => {
    for (const a of answers()) {
      const m = renderAnswer(a, { questionId: 123456789, share: true, escalate: true, postInThread: { channel: 'C1', threadTs: '1.2' } });
      expect(blockKitProblems(m), a.question.slice(0, 40)).toEqual([]);
      expect(blockKitProblems({ blocks: renderFeedbackDone(m.blocks, { line: 'Tack!', escalateQuestionId: 123456789 }) })).toEqual([]);
      expect(blockKitProblems(renderSentAnswer(a, 123456789, undefined)), a.question.slice(0, 40)).toEqual([]);
      expect(blockKitProblems(renderSentAnswer(a, 123456789, { line: 'Tack!' })), a.question.slice(0, 40)).toEqual([]);
    }
  });

  it('for ticket cards, forms and delivered answers with over-long texts', () => {
    for (const v of tickets()) {
      expect(blockKitProblems(renderTicket(v)), v.status).toEqual([]);
      expect(blockKitProblems({ view: renderAnswerModal(v, 'C0123456789') }), v.status).toEqual([]);
      expect(blockKitProblems(renderDeliveredAnswer(v)), v.status).toEqual([]);
    }
    expect(blockKitProblems({ view: renderEscalateModal({ questionId: 1, question: long(900), conversationId: 'C1' }) })).toEqual([]);
    const responseUrl = `https://hooks.slack.com/actions/T0123/${'1'.repeat(13)}/${'a'.repeat(24)}`;
    expect(
      blockKitProblems({
        view: renderEscalateModal({ questionId: 1, question: long(900), conversationId: 'C1', responseUrl, voted: true }),
      }),
    ).toEqual([]);
    expect(
      blockKitProblems({
        view: renderHome({ faqCount: 28, published: '2022', url: 'https://e.org', examples: ['A?'], mostAsked: [long(300)] }),
      }),
    ).toEqual([]);
  });

  it('the checker itself refuses feedback buttons Slack refuses', () => {
    const button = (text: string, value: string, label = 'Bra') => ({
      text: { type: 'plain_text', text },
      value,
      accessibility_label: label,
    });
    const feedback = (positive: unknown, negative: unknown) => ({
      blocks: [
        {
          type: 'context_actions',
          elements: [{ type: 'feedback_buttons', action_id: 'f', positive_button: positive, negative_button: negative }],
        },
      ],
    });
    expect(blockKitProblems(feedback(button('👍', 'positive:1'), button('👎', 'negative:1')))).toEqual([]);
    expect(blockKitProblems(feedback(button(long(76), 'positive:1'), button('👎', '')))).toHaveLength(2);
    expect(blockKitProblems(feedback(button('👍', 'positive:1', long(76)), undefined))).toHaveLength(2);
    expect(
      blockKitProblems({ blocks: [{ type: 'context_actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'x' } }] }] }),
    ).toHaveLength(1);
  });
});

describe('Teams cards are valid Adaptive Cards 1.5', () => {
  const ok = (c: { content: Record<string, unknown> }, what: string) => expect(adaptiveCardProblems(c.content), what).toEqual([]);

  it('for every answer, with every option', () => {
    for (const a of answers()) {
      ok(answerCard(a, { questionId: 1, escalate: true }), a.question.slice(0, 40));
      ok(answerCard(a, { questionId: 1, voted: { helpful: false, desk: true } }), a.question.slice(0, 40));
      ok(answerCard(a, { questionId: 1, asked: a.question, voted: { helpful: false, desk: true }, sent: true }), a.question.slice(0, 40));
    }
    ok(welcomeCard('Hej!', ['A?', 'B?'], { url: 'https://e.org', published: '2022' }), 'welcome');
    ok(faqCard(engine.kb.faq[0]!, engine.sourceOf(engine.kb.faq[0]!.id)!), 'faq');
    ok(noticeCard('Klart.'), 'notice');
  });

  it('for tickets, forms and delivered answers', () => {
    for (const v of tickets()) {
      ok(ticketCard(v), v.status);
      ok(deliveredAnswerCard(v), v.status);
    }
    ok(escalateCard({ questionId: 1, question: long(900) }), 'escalate');
  });

  it('the checker itself refuses what Teams refuses', () => {
    expect(
      adaptiveCardProblems({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'Input.Text', id: 'a' },
          { type: 'Input.Text', id: 'a' },
        ],
      }),
    ).toEqual(['Duplicate Id "a".']);
    expect(blockKitProblems({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: long(3001) } }] })).toHaveLength(1);
  });
});
