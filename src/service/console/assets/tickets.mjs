// Ärenden: questions staff sent to the support desk, and the support's answers as drafts for new entries.
import { api, json } from './api.mjs';
import { $, el, stacked } from './dom.mjs';
import { date, plural } from './format.mjs';

let ticketsRender = 0;
export async function loadTickets() {
  const out = $('tickets');
  const mine = ++ticketsRender;
  try {
    const r = await api(`tickets?days=${$('ticket-days').value}&status=${$('ticket-status').value}`);
    if (mine !== ticketsRender) return;
    out.replaceChildren(
      el(
        'div',
        { class: 'kpis' },
        el('div', { class: 'kpi' }, el('strong', {}, r.tickets.length), r.tickets.length === 1 ? 'ärende' : 'ärenden'),
        el(
          'div',
          { class: 'kpi' },
          el('strong', {}, r.medianFirstResponseMinutes === null ? '–' : plural(r.medianFirstResponseMinutes, 'minut', 'minuter')),
          'till första svar (median)',
        ),
      ),
      r.tickets.length
        ? stacked(
            el(
              'table',
              { 'aria-label': 'Ärenden' },
              el(
                'thead',
                {},
                el(
                  'tr',
                  {},
                  ...['Nr', 'Frågat', 'Kanal', 'Fråga', 'Status', 'Första svar', 'Supportens svar', ''].map((h) =>
                    el('th', { scope: 'col' }, h),
                  ),
                ),
              ),
              el(
                'tbody',
                {},
                r.tickets.map((t) => {
                  const box = el('div', {});
                  return el(
                    'tr',
                    {},
                    el('td', { class: 'num' }, t.id),
                    el('td', { class: 'date' }, date(t.ts)),
                    el('td', {}, t.channel),
                    el('td', {}, t.question, t.context ? el('p', { class: 'hint' }, t.context) : ''),
                    el(
                      'td',
                      {},
                      t.statusLabel,
                      t.delivered ? '' : el('p', { class: 'error' }, 'Kom inte fram till supportens kanal'),
                      el(
                        'p',
                        { class: 'hint' },
                        t.history.flatMap((h, i) => [
                          i ? ' → ' : '',
                          `${h.status}${h.by ? ` (${h.by})` : ''} `,
                          el('span', { class: 'date' }, date(h.ts)),
                        ]),
                      ),
                    ),
                    el('td', {}, t.firstResponseMinutes === null ? '–' : plural(t.firstResponseMinutes, 'minut', 'minuter')),
                    el(
                      'td',
                      {},
                      t.answer || '–',
                      t.answer && !t.answerDelivered ? el('p', { class: 'error' }, 'Nådde inte den som frågade') : '',
                    ),
                    el(
                      'td',
                      {},
                      t.answer
                        ? el(
                            'button',
                            {
                              type: 'button',
                              class: 'secondary',
                              onclick: async () => {
                                try {
                                  await api(`tickets/${t.id}/draft`, json({}));
                                  box.replaceChildren(el('p', { class: 'ok-text', role: 'status' }, 'Förslaget finns under Poster.'));
                                } catch (err) {
                                  box.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
                                }
                              },
                            },
                            'Gör till FAQ-förslag',
                          )
                        : '',
                      box,
                    ),
                  );
                }),
              ),
            ),
          )
        : el('p', { class: 'hint' }, 'Inga ärenden under perioden.'),
    );
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}
$('ticket-status').addEventListener('change', loadTickets);
$('ticket-days').addEventListener('change', loadTickets);
