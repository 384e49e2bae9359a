/**
 * The console's view of the support desk: tickets with filters and time to first response, and "Gör till
 * FAQ-förslag", which turns the desk's answer into a draft for a communicator (never live by itself: a draft
 * becomes an entry only through the normal "Ny post" form and its checks). Registered inside the console's
 * signed-in scope (routes/console.ts).
 */
import type { FastifyInstance } from 'fastify';
import { TICKET_STATUS, type TicketStatus, type TicketStore } from '../../store/tickets';
import { HttpError, idParam } from '../http';
import { HTTP_MESSAGES } from '../messages';
import { MAY } from '../roles';
import { ASKED_ON } from '../support';
import { reviewDays } from './review';

export function registerTickets(api: FastifyInstance, tickets: TicketStore): void {
  api.get('/console/api/tickets', { config: { roles: MAY.desk } }, async (request) => {
    const q = request.query as Record<string, unknown>;
    const days = reviewDays(request);
    const status = typeof q.status === 'string' && q.status in TICKET_STATUS ? (q.status as TicketStatus) : undefined;
    const list = await tickets.list({ days, status });
    const responded = list.filter((t) => t.firstResponseAt !== null).map((t) => (t.firstResponseAt as number) - t.ts);
    responded.sort((a, b) => a - b);
    return {
      days,
      status: status ?? null,
      // Median time from ticket to the desk's first response (claim, answer or close), in minutes.
      medianFirstResponseMinutes: responded.length ? Math.round((responded[Math.floor(responded.length / 2)] as number) / 60_000) : null,
      tickets: list.map((t) => ({
        id: t.id,
        ts: t.ts,
        channel: ASKED_ON[t.channel],
        question: t.question,
        context: t.context,
        botReply: t.botReply,
        askerName: t.asker?.name ?? null,
        status: t.status,
        statusLabel: TICKET_STATUS[t.status],
        delivered: t.delivered,
        answer: t.answer,
        answerDelivered: t.answerDelivered,
        firstResponseMinutes: t.firstResponseAt === null ? null : Math.round((t.firstResponseAt - t.ts) / 60_000),
        history: t.events.map((e) => ({ ts: e.ts, status: TICKET_STATUS[e.status], by: e.by })),
      })),
    };
  });

  api.post('/console/api/tickets/:id/draft', { config: { roles: MAY.desk } }, async (request) => {
    const result = await tickets.draftFrom(idParam(request.params));
    if (result === 'unknown') throw new HttpError(404, HTTP_MESSAGES.ticketUnknown);
    if (result === 'unanswered') throw new HttpError(422, HTTP_MESSAGES.ticketUnanswered);
    return { draft: result };
  });

  api.get('/console/api/drafts', { config: { roles: MAY.drafts } }, async () => ({ drafts: await tickets.drafts() }));

  api.post('/console/api/drafts/:id/dismiss', { config: { roles: MAY.edit } }, async (request) => {
    if (!(await tickets.setDraftStatus(idParam(request.params), 'dismissed'))) throw new HttpError(404, HTTP_MESSAGES.draftUnknown);
    return { ok: true };
  });
}
