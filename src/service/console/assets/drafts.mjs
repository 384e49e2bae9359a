// FAQ drafts, listed where communicators work: in Granska and in Poster. A draft comes from the support desk's answer
// to a ticket or from a section of an imported page; it is never live by itself, and becomes an entry only through
// the normal "Ny post" form and its checks (the grounding check among them), or is removed.
import { api, json } from './api.mjs';
import { el } from './dom.mjs';
import { entryForm } from './edit.mjs';

/** Where a draft comes from, in a line above its text. */
const origin = (d) =>
  d.sourceTitle
    ? el('p', { class: 'hint' }, 'Från den importerade sidan ', el('strong', {}, d.sourceTitle), ` (avsnitt ${d.sourceAnchor})`)
    : el('p', { class: 'hint' }, 'Från supportens svar på ett ärende');

/**
 * Draws the open drafts into `list`. A saved draft leaves the list, so the outcome of its form (the confirmation,
 * the bot's new answer and *Ångra*) is written into `outcome`, which this list never redraws; `after` runs when a
 * draft was turned into an entry or removed.
 */
export async function drawDrafts(list, outcome, after) {
  const { drafts } = await api('drafts');
  list.replaceChildren(
    drafts.length ? el('h3', {}, `Förslag till nya poster (${drafts.length})`) : '',
    ...drafts.map((d) => {
      const slot = el('div', {});
      return el(
        'article',
        { class: 'card', 'aria-label': `Förslag: ${d.question}` },
        origin(d),
        el('p', {}, el('strong', {}, d.question)),
        el('p', {}, d.sourceTitle ? 'Förslag till svar: ' : 'Supportens svar: ', d.answer),
        el(
          'p',
          { class: 'hint' },
          'Förslaget används inte av boten förrän du gjort en post av det: skriv om svaret så att det bara säger det källan säger.',
        ),
        el(
          'div',
          { class: 'row', 'data-needs': 'edit' },
          el(
            'button',
            {
              type: 'button',
              onclick: () => {
                outcome.replaceChildren();
                slot.replaceChildren(
                  entryForm({ question: d.question, alternates: [], answer: d.answer, section: d.sourceAnchor ?? '' }, outcome, {
                    draftId: d.id,
                    after,
                  }),
                );
              },
            },
            'Skapa post',
          ),
          el(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: async () => {
                await api(`drafts/${d.id}/dismiss`, json({}));
                after();
              },
            },
            'Ta bort förslaget',
          ),
        ),
        slot,
      );
    }),
  );
}
