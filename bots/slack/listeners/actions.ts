/**
 * Button actions: on an answer ("Dela i kanalen", "Svara i tråden", "Menade du…?" and related questions, Slack's
 * feedback buttons (👍/👎),
 * "Fråga supporten") and on a ticket card in the desk channel ("Jag tar den", "Svara", "Stäng"). Each goes through
 * the port: a question shown again is rate limited like one asked, and a fresh one is logged.
 */
import type { AllMiddlewareArgs, App, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type Actor, ESCALATE_REPLY, FEEDBACK_MESSAGES, type FeedbackResult, feedbackLine, TICKET_REPLY } from '../../../src/index';
import {
  ACTIONS,
  ESCALATE_AFTER_VOTE,
  parseAskValue,
  parseFeedbackValue,
  renderAnswer,
  renderAnswerModal,
  renderEscalateModal,
  renderFeedbackDone,
  renderSentAnswer,
} from '../render';
import { askContext, type ListenerDeps } from './deps';
import { buttonBlock, buttonValue, metadata } from './values';

type ActionArgs = SlackActionMiddlewareArgs & AllMiddlewareArgs;

const FEEDBACK_REPLY: Record<Exclude<FeedbackResult, 'saved'> | 'failed', string> = {
  unknown: FEEDBACK_MESSAGES.notSaved,
  failed: FEEDBACK_MESSAGES.notSaved,
  forbidden: FEEDBACK_MESSAGES.forbidden('kanal'),
};
const NOT_SHARED = 'Svaret kunde inte delas i kanalen. Kopiera det, eller nämn @Faktabot i kanalen.';
const NOT_POSTED = 'Svaret kunde inte postas i tråden. Bjud in @Faktabot till kanalen och försök igen, eller kopiera svaret.';

export function registerActions(app: App, deps: ListenerDeps): void {
  registerAnswerActions(app, deps);
  registerSupportActions(app, deps);
}

/** A private reply to the clicker that leaves the message clicked as it is. */
const tell = (deps: ListenerDeps, respond: ActionArgs['respond'], text: string) =>
  deps.post('response_url', () => respond({ response_type: 'ephemeral', replace_original: false, text }));

function registerAnswerActions(app: App, deps: ListenerDeps): void {
  // "Dela i kanalen": the answer for everyone through the interaction's response_url (in_channel), which works where
  // the bot is not a member (chat.postMessage fails there with not_in_channel), then the private copy is removed.
  app.action(ACTIONS.share, async ({ ack, body, respond }) => {
    await ack();
    const value = parseAskValue(buttonValue(body));
    const { answer } = await deps.port.again(value.q, value.f, askContext(body.user.id, body.channel?.id));
    if (answer.kind === 'rate_limited') return void (await tell(deps, respond, answer.answer));
    const msg = renderAnswer(answer);
    msg.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Delat av <@${body.user.id}> via /fraga` }] });
    if (await deps.post('response_url (in_channel)', () => respond({ response_type: 'in_channel', replace_original: false, ...msg })))
      await deps.post('response_url', () => respond({ delete_original: true }));
    else await tell(deps, respond, NOT_SHARED);
  });

  // "Svara i tråden": the support agent posts the answer as a reply to the original message.
  app.action(ACTIONS.postInThread, async ({ ack, body, client, respond }) => {
    await ack();
    const value = metadata(buttonValue(body));
    if (typeof value.c !== 'string' || typeof value.t !== 'string' || typeof value.q !== 'string') {
      deps.log.warn('slack: malformed post-in-thread button value');
      return;
    }
    const target = { c: value.c, t: value.t, q: value.q };
    const loggedId = Number.isInteger(value.f) ? (value.f as number) : undefined;
    const { answer } = await deps.port.again(target.q, loggedId, askContext(body.user.id, body.channel?.id));
    if (answer.kind === 'rate_limited') return void (await tell(deps, respond, answer.answer));
    const msg = renderAnswer(answer);
    msg.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Svar från Faktabot, skickat av <@${body.user.id}>` }] });
    // In the thread through the Web API (needs the bot in the channel); where it is not, through the response_url
    // (in_channel, with the thread's ts); and if both fail, the agent is told in Swedish.
    const posted =
      (await deps.post('chat.postMessage', () => client.chat.postMessage({ channel: target.c, thread_ts: target.t, ...msg }))) ||
      (await deps.post('response_url (in_channel)', () =>
        respond({ response_type: 'in_channel', replace_original: false, thread_ts: target.t, ...msg } as never),
      ));
    if (posted) await deps.post('response_url', () => respond({ delete_original: true }));
    else await tell(deps, respond, NOT_POSTED);
  });

  // "Menade du…?" and related questions: clicking asks that question; the answer is shown to the clicker.
  app.action(new RegExp(`^${ACTIONS.ask}_\\d+$`), async ({ ack, body, respond }) => {
    await ack();
    const value = parseAskValue(buttonValue(body));
    const from =
      value.f !== undefined ? { questionId: value.f, kind: value.k === 'r' ? ('related' as const) : ('suggestion' as const) } : undefined;
    // The clicked question replaces the context of the thread the buttons are in.
    const thread = 'message' in body ? (body.message as { thread_ts?: string } | undefined)?.thread_ts : undefined;
    const { answer, questionId } = await deps.port.choose(value.q, from, {
      ...askContext(body.user.id, body.channel?.id),
      ...(thread ? { thread } : {}),
    });
    const reply = await deps.render(answer, { questionId });
    await deps.post('response_url', () => respond({ response_type: 'ephemeral', replace_original: false, ...reply }));
  });

  // A vote: recorded through the port (who may vote is the port's rule), then the answer is updated in place.
  // `id` is NaN where the click named no logged question.
  const feedback = async ({ body, respond }: ActionArgs, helpful: boolean, id: number) => {
    const { result, offerSupport } = Number.isInteger(id)
      ? await deps.port.feedback(id, helpful, askContext(body.user.id, body.channel?.id))
      : { result: 'unknown' as const, offerSupport: false };
    if (result !== 'saved') return void (await tell(deps, respond, FEEDBACK_REPLY[result]));
    // Saved: the answer is updated in place (the buttons go, a line says what happens now), no new message in the
    // channel; after 👎, "Fråga supporten" where a desk is set and the question is not sent already.
    const given = 'message' in body ? (body.message as { blocks?: unknown } | undefined)?.blocks : undefined;
    const blocks = Array.isArray(given) ? (given as Record<string, unknown>[]) : [];
    const sent = (await deps.port.support.sentTicket(id, actorOf(body))) !== undefined;
    const line = feedbackLine(helpful, { desk: offerSupport, sent });
    await deps.post('response_url', () =>
      respond({
        replace_original: true,
        text: line,
        blocks: renderFeedbackDone(blocks, { line, escalateQuestionId: offerSupport && !sent ? id : undefined }) as never,
      }),
    );
  };
  // Slack's feedback buttons: the clicked button's value says which vote, and for which logged question.
  app.action(ACTIONS.feedback, async (args) => {
    await args.ack();
    const action = 'actions' in args.body ? (args.body.actions[0] as { type?: unknown } | undefined) : undefined;
    const parsed = action?.type === 'feedback_buttons' ? parseFeedbackValue(buttonValue(args.body)) : undefined;
    await feedback(args, parsed?.vote === 'positive', parsed?.questionId ?? Number.NaN);
  });
  const legacy = (helpful: boolean) => async (args: ActionArgs) => {
    await args.ack();
    await feedback(args, helpful, Number(buttonValue(args.body)));
  };
  app.action(ACTIONS.helpful, legacy(true));
  app.action(ACTIONS.notHelpful, legacy(false));
}

/** Who clicked, for the support desk's checks (their name is not needed for those). */
const actorOf = (body: ActionArgs['body']): Actor => ({
  platform: 'slack',
  userId: body.user.id,
  name: '',
  conversationId: body.channel?.id,
});

function registerSupportActions(app: App, deps: ListenerDeps): void {
  // "Fråga supporten": the form, pre-filled with the logged question when the clicker may see it, and remembering the
  // message it came from. A question the clicker already sent gets no second form: the message shows it as sent.
  app.action(ACTIONS.escalate, async ({ ack, body, client, respond }) => {
    await ack();
    if (!(await deps.port.support.enabled())) return void (await tell(deps, respond, ESCALATE_REPLY.disabled));
    const questionId = Number(buttonValue(body));
    const conversationId = body.channel?.id;
    const actor = actorOf(body);
    const afterVote = buttonBlock(body) === ESCALATE_AFTER_VOTE;
    if (Number.isInteger(questionId) && (await deps.port.support.sentTicket(questionId, actor)) !== undefined) {
      const answer = await deps.port.loggedAnswer(questionId, askContext(body.user.id, conversationId));
      const voted = afterVote ? { line: feedbackLine(false, { desk: true, sent: true }) } : undefined;
      await deps.post('response_url', () => respond({ replace_original: true, ...renderSentAnswer(answer, questionId, voted) }));
      return void (await tell(deps, respond, ESCALATE_REPLY.already));
    }
    const question = Number.isInteger(questionId) ? ((await deps.port.support.questionFor(questionId, actor)) ?? '') : '';
    const trigger = (body as { trigger_id?: string }).trigger_id ?? '';
    const responseUrl = (body as { response_url?: unknown }).response_url;
    const view = renderEscalateModal({
      questionId: Number.isInteger(questionId) ? questionId : undefined,
      question,
      conversationId,
      responseUrl: typeof responseUrl === 'string' ? responseUrl : undefined,
      voted: afterVote,
    });
    await deps.post('views.open', () => client.views.open({ trigger_id: trigger, view: view as never }));
  });

  // Ticket buttons in the desk channel. Anyone there may claim, answer or close (recorded); anyone else is refused.
  const ticketAction =
    (action: 'claim' | 'close') =>
    async ({ ack, body, client, respond }: ActionArgs) => {
      await ack();
      const actor = await deps.actor(client, body.user, body.channel?.id);
      const r = await deps.port.support.act(Number(buttonValue(body)), action, actor);
      if (r !== 'ok') await tell(deps, respond, TICKET_REPLY[r]);
    };
  app.action(ACTIONS.ticketClaim, ticketAction('claim'));
  app.action(ACTIONS.ticketClose, ticketAction('close'));

  app.action(ACTIONS.ticketAnswer, async ({ ack, body, client, respond }) => {
    await ack();
    // Only who may answer, not their name: views.open must come within the trigger's 3 seconds.
    const actor: Actor = { platform: 'slack', userId: body.user.id, name: '', conversationId: body.channel?.id };
    const form = await deps.port.support.answerForm(Number(buttonValue(body)), actor);
    if ('refused' in form) return void (await tell(deps, respond, TICKET_REPLY[form.refused]));
    const trigger = (body as { trigger_id?: string }).trigger_id ?? '';
    await deps.post('views.open', () =>
      client.views.open({ trigger_id: trigger, view: renderAnswerModal(form.ticket, body.channel?.id ?? '') as never }),
    );
  });
}
