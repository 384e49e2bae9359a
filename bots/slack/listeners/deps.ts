/**
 * What every Slack listener is given: the chat port, the logger, the renderer with the desk's "Fråga supporten",
 * a Web API call that logs instead of throwing, who acted, and a message replaced at an earlier click's response_url
 * (a modal's submission has none of its own); and who asks, as the port takes it.
 */
import type { WebClient } from '@slack/web-api';
import type { Actor, Answer, AskContext, ChatPort } from '../../../src/index';
import type { Logger } from '../../../src/service/main';
import type { SlackPeople, SlackUser } from '../people';
import { type RenderOptions, renderAnswer, type SlackMessage } from '../render';
import { readSlackText } from '../text';

export interface ListenerDeps {
  port: ChatPort;
  log: Logger;
  /** An answer message, with "Fråga supporten" where the bot declined and a support desk is set. */
  render(answer: Answer, options?: RenderOptions): Promise<SlackMessage>;
  /** Runs a Web API or response_url call; an error (channel_not_found, not_in_channel …) is logged, and false returned. */
  post(what: string, call: () => Promise<unknown>): Promise<boolean>;
  /**
   * The same for a call the reply can do without (the agent view's status and suggested prompts, which a workspace
   * without that view refuses): logged as a warning, and false returned.
   */
  optional(what: string, call: () => Promise<unknown>): Promise<boolean>;
  /** Who acted, by the name Slack shows for them. */
  actor(client: WebClient, user: SlackUser, conversationId?: string): Promise<Actor>;
  /**
   * Replaces the message behind a response_url Slack gave with an earlier click, where the listener has no
   * `respond` of its own (a modal's submission); false (logged) when Slack refuses.
   */
  replaceAt(responseUrl: string, message: SlackMessage): Promise<boolean>;
}

/** `outboundFetch`: fetch with the deadline of every call to Slack (app.ts). */
export function listenerDeps(port: ChatPort, log: Logger, people: SlackPeople, outboundFetch: typeof fetch): ListenerDeps {
  const attempt = (level: 'error' | 'warn', message: string) => async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
      return true;
    } catch (e) {
      const err = e as { code?: string; data?: { error?: string }; message: string };
      log[level](message, { call: what, code: err.code, error: err.data?.error ?? err.message });
      return false;
    }
  };
  const post = attempt('error', 'slack api call failed');
  return {
    port,
    log,
    render: async (answer, options = {}) => renderAnswer(answer, { ...options, escalate: await port.support.offers(answer) }),
    post,
    optional: attempt('warn', 'slack optional call skipped'),
    actor: (client, user, conversationId) => people.actor(client, user, conversationId),
    replaceAt: (responseUrl, message) =>
      post('response_url', async () => {
        const r = await outboundFetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ replace_original: true, ...message }),
        });
        // The URL itself is not logged: it is a credential for the message.
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
      }),
  };
}

/** Who asks, and where: the Slack user and channel (others in the channel may then give feedback). */
export function askContext(userId: string | undefined, conversationId: string | undefined): AskContext {
  return { channel: 'slack', userId, conversationId };
}

/**
 * The same for a message someone wrote in Slack, whose markup (mentions, links) the port reads out after cleaning;
 * `thread`: the thread it is answered in, in a channel, whose context a follow-up is read with.
 */
export function messageAskContext(userId: string | undefined, conversationId: string | undefined, thread?: string): AskContext {
  return { ...askContext(userId, conversationId), read: readSlackText, ...(thread ? { thread } : {}) };
}
