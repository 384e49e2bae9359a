/**
 * The support desk on Slack: ticket cards posted and updated in the desk channel (tickets from Slack or Teams), and
 * desk answers delivered to Slack askers as a direct message from the app. Errors are thrown to the support desk,
 * which logs and records them.
 */
import type { WebClient } from '@slack/web-api';
import type { DeskPlatform, TicketView } from '../../src/index';
import { renderDeliveredAnswer, renderTicket } from './render';

export function slackDesk(client: WebClient): DeskPlatform {
  return {
    postTicket: async (channel: string, v: TicketView) => {
      const r = await client.chat.postMessage({ channel, ...renderTicket(v) });
      return String(r.ts);
    },
    updateTicket: async (channel: string, ts: string, v: TicketView) => {
      await client.chat.update({ channel, ts, ...renderTicket(v) });
    },
    deliverAnswer: async (address: unknown, v: TicketView) => {
      const user = (address as { user?: string }).user;
      if (!user) throw new Error('no Slack user to deliver to');
      await client.chat.postMessage({ channel: user, ...renderDeliveredAnswer(v) });
    },
  };
}
