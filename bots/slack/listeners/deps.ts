/**
 * What every Slack listener is given: the chat port, the logger, the renderer with the desk's "Fråga supporten",
 * a Web API call that logs instead of throwing, and who acted; and who asks, as the port takes it.
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
  /** Who acted, by the name Slack shows for them. */
  actor(client: WebClient, user: SlackUser, conversationId?: string): Promise<Actor>;
}

export function listenerDeps(port: ChatPort, log: Logger, people: SlackPeople): ListenerDeps {
  return {
    port,
    log,
    render: async (answer, options = {}) => renderAnswer(answer, { ...options, escalate: await port.support.offers(answer) }),
    post: async (what, call) => {
      try {
        await call();
        return true;
      } catch (e) {
        const err = e as { code?: string; data?: { error?: string }; message: string };
        log.error('slack api call failed', { call: what, code: err.code, error: err.data?.error ?? err.message });
        return false;
      }
    },
    actor: (client, user, conversationId) => people.actor(client, user, conversationId),
  };
}

/** Who asks, and where: the Slack user and channel (others in the channel may then give feedback). */
export function askContext(userId: string | undefined, conversationId: string | undefined): AskContext {
  return { channel: 'slack', userId, conversationId };
}

/** The same for a message someone wrote in Slack, whose markup (mentions, links) the port reads out after cleaning. */
export function messageAskContext(userId: string | undefined, conversationId: string | undefined): AskContext {
  return { ...askContext(userId, conversationId), read: readSlackText };
}
