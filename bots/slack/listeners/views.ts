/**
 * Modal submissions: the "Fråga supporten" form (a ticket to the desk) and the desk's answer form. A problem the
 * user can fix is shown under its field, before the form closes.
 */
import type { App } from '@slack/bolt';
import { ESCALATE_REPLY, feedbackLine, TICKET_REPLY } from '../../../src/index';
import { renderSentAnswer, VIEWS } from '../render';
import { askContext, type ListenerDeps } from './deps';
import { inputValue, metadata } from './values';

/** Under the form's field: short, since Slack shows it there. */
const CLINICAL_FORM_ERROR = 'Kliniska frågor och patientuppgifter skickas inte vidare.';

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(VIEWS.escalate, async ({ ack, body, view, client }) => {
    const question = inputValue(view, 'question', 'question_input');
    const context = inputValue(view, 'context', 'context_input');
    const meta = metadata(view.private_metadata);
    const conversationId = typeof meta.c === 'string' ? meta.c : undefined;
    const problem = deps.port.support.formProblem(question, context);
    if (problem)
      return void (await ack({
        response_action: 'errors',
        errors: { [problem.field]: problem.problem === 'empty' ? ESCALATE_REPLY.empty : CLINICAL_FORM_ERROR },
      }));
    await ack();
    const r = await deps.port.support.escalate({
      asker: { ...(await deps.actor(client, body.user, conversationId)), address: { user: body.user.id } },
      question,
      context,
      questionId: Number.isInteger(meta.q) ? (meta.q as number) : undefined,
    });
    const text = ESCALATE_REPLY[r.result];
    await deps.post('chat.postMessage', () => client.chat.postMessage({ channel: body.user.id, text }));
    // The message the form was opened from: "Fråga supporten" gives way to a line saying the question is sent.
    if ('ticketId' in r && typeof meta.r === 'string' && Number.isInteger(meta.q)) {
      const questionId = meta.q as number;
      const answer = await deps.port.loggedAnswer(questionId, askContext(body.user.id, conversationId));
      const voted = meta.v ? { line: feedbackLine(false, { desk: true, sent: true }) } : undefined;
      await deps.replaceAt(meta.r, renderSentAnswer(answer, questionId, voted));
    }
  });

  app.view(VIEWS.answer, async ({ ack, body, view, client }) => {
    const text = inputValue(view, 'answer', 'answer_input');
    const meta = metadata(view.private_metadata);
    const deskChannel = typeof meta.c === 'string' ? meta.c : undefined;
    const problem = await deps.port.support.answerProblem(Number(meta.t), text);
    if (problem) return void (await ack({ response_action: 'errors', errors: { answer: TICKET_REPLY[problem] } }));
    await ack();
    const r = await deps.port.support.answer(Number(meta.t), await deps.actor(client, body.user, deskChannel), text);
    if (r !== 'ok' && deskChannel)
      await deps.post('chat.postEphemeral', () =>
        client.chat.postEphemeral({ channel: deskChannel, user: body.user.id, text: TICKET_REPLY[r] }),
      );
  });
}
