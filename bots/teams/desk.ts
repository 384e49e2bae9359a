/**
 * The support desk on Teams: ticket cards posted and updated proactively in the channel set with "ställ in
 * supportkanal", and desk answers delivered to Teams askers in a 1:1 chat. Errors are thrown to the support desk,
 * which logs and records them.
 */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ChatPort, DeskPlatform, TicketView } from '../../src/index';
import { cardActivity } from './bot';
import { deliveredAnswerCard, ticketCard } from './card';

/** Where a desk answer goes: what the asker's activity said of them when they asked. */
interface TeamsAddress {
  reference?: ConversationReference;
  user?: { id?: string };
  tenantId?: string;
  serviceUrl?: string;
  conversationType?: string;
}

/**
 * A proactive turn's activity carries a made-up id; without it, sendActivity posts a new message to the
 * conversation instead of a reply to that id.
 */
const fresh = (ctx: TurnContext) => {
  delete (ctx.activity as { id?: string }).id;
  return ctx;
};

const ticketActivity = (v: TicketView) => cardActivity(ticketCard(v), `Ärende ${v.id} (${v.statusLabel}): ${v.question}`);

export function teamsDesk(adapter: CloudAdapter, port: ChatPort, botAppId: string): DeskPlatform {
  const deskReference = async (channel: string): Promise<ConversationReference> => {
    const reference = await port.support.teamsDeskReference(channel);
    if (!reference) throw new Error('the Teams desk channel is not set up: write "@Faktabot ställ in supportkanal" in it');
    return reference as ConversationReference;
  };
  return {
    postTicket: async (channel: string, v: TicketView) => {
      let id = '';
      await adapter.continueConversationAsync(botAppId, await deskReference(channel), async (ctx) => {
        id = (await fresh(ctx).sendActivity(ticketActivity(v)))?.id ?? '';
      });
      if (!id) throw new Error('Teams returned no id for the ticket card');
      return id;
    },
    updateTicket: async (channel: string, ref: string, v: TicketView) => {
      await adapter.continueConversationAsync(botAppId, await deskReference(channel), async (ctx) => {
        await ctx.updateActivity({ ...ticketActivity(v), id: ref, type: 'message' });
      });
    },
    deliverAnswer: async (address: unknown, v: TicketView) => {
      const a = address as TeamsAddress;
      const activity = cardActivity(deliveredAnswerCard(v), `Svar från supporten: ${v.answer ?? ''}`);
      if (!a.reference) throw new Error('no Teams conversation to deliver to');
      if (a.conversationType === 'personal') {
        await adapter.continueConversationAsync(botAppId, a.reference, async (ctx) => {
          await fresh(ctx).sendActivity(activity);
        });
        return;
      }
      // Asked in a channel or group chat: the answer goes privately, in a 1:1 chat the bot starts with the asker.
      if (!a.serviceUrl || !a.user?.id) throw new Error('no Teams user to deliver to');
      await adapter.createConversationAsync(
        botAppId,
        'msteams',
        a.serviceUrl,
        'https://api.botframework.com',
        {
          isGroup: false,
          bot: a.reference.bot,
          members: [{ id: a.user.id, name: '' }],
          tenantId: a.tenantId,
          channelData: { tenant: { id: a.tenantId } },
        } as never,
        async (ctx) => {
          await fresh(ctx).sendActivity(activity);
        },
      );
    },
  };
}
