// Kunskapens hälsa: load errors and warnings, entries due for review, the source pages, reloading, and for the
// administrator how the console is reached.
import { api } from './api.mjs';
import { $, el, stacked } from './dom.mjs';
import { date, plural } from './format.mjs';
import { currentMode } from './session.mjs';

/** "1 sida, 28 poster och 4 avsnitt": what the bot knows, leaving out what there is none of. */
function contents(k) {
  const parts = [
    plural(k.pages.length, 'sida', 'sidor'),
    plural(k.counts.faq, 'post', 'poster'),
    plural(k.counts.sections, 'avsnitt', 'avsnitt'),
    plural(k.counts.passages, 'importerat textstycke', 'importerade textstycken'),
  ].filter((p) => !p.startsWith('0 '));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} och ${parts.at(-1)}` : (parts[0] ?? '');
}

export async function loadHealth() {
  const out = $('health');
  try {
    const k = await api('knowledge');
    const errors = k.issues.filter((i) => i.severity === 'error');
    const warnings = k.issues.filter((i) => i.severity === 'warning');
    out.replaceChildren(
      el(
        'p',
        { class: errors.length ? 'error' : 'ok-text' },
        errors.length
          ? `Kunskapen har ${plural(errors.length, 'fel', 'fel')}, som visas nedan. Tills de är rättade svarar boten som före felen, med kunskapen från `
          : `Inga fel: boten använder all kunskap (${contents(k)}). Inläst `,
        el('span', { class: 'date' }, date(k.loadedAt)),
        '.',
      ),
      el('h3', {}, 'Fel och varningar'),
      k.issues.length
        ? el(
            'ul',
            {},
            // In the communicator's words first; where in the file, for whoever edits it directly.
            k.issues.map((i) =>
              el(
                'li',
                { class: i.severity === 'error' ? 'error' : '' },
                `${i.severity === 'error' ? 'Fel' : 'Varning'}: ${i.plain} `,
                el('span', { class: 'hint mono' }, `(${i.file}:${i.line})`),
              ),
            ),
          )
        : el('p', { class: 'hint' }, 'Inga fel eller varningar.'),
      el('h3', {}, `Ej granskade på ${k.reviewAfterDays} dagar`),
      k.stale.length
        ? el(
            'ul',
            {},
            k.stale.map((s) =>
              el('li', {}, `${s.question} (${s.id}, granskad `, el('span', { class: 'date' }, s.reviewed), `, ${s.file}:${s.line})`),
            ),
          )
        : el('p', { class: 'hint' }, 'Alla svar är granskade inom perioden.'),
      el('h3', {}, 'Källsidor'),
      stacked(
        el(
          'table',
          { 'aria-label': 'Källsidor' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { scope: 'col' }, 'Sida'),
              el('th', { scope: 'col' }, 'Publicerad'),
              el('th', { scope: 'col' }, 'Granskad'),
              el('th', { scope: 'col' }, 'Ansvarig'),
            ),
          ),
          el(
            'tbody',
            {},
            k.pages.map((p) =>
              el(
                'tr',
                {},
                el('td', {}, el('a', { href: p.url, rel: 'noopener', target: '_blank' }, p.title)),
                el('td', { class: 'date' }, p.published),
                el('td', { class: 'date' }, p.reviewed),
                el('td', {}, p.owner),
              ),
            ),
          ),
        ),
      ),
      warnings.length ? el('p', { class: 'hint' }, plural(warnings.length, 'varning', 'varningar')) : '',
      // For the administrator: the console without sign-in, on this machine only (the operator's setting).
      currentMode() === 'loopback'
        ? el(
            'div',
            { 'data-needs': 'reload' },
            el('h3', {}, 'Inloggning till konsolen'),
            el(
              'p',
              { class: 'hint' },
              'Konsolen är öppen utan inloggning, men bara på datorn där Faktabot körs. För att nå den från andra datorer sätter den som driftar Faktabot upp inloggning (CONSOLE_TOKEN eller organisationens inloggning).',
            ),
          )
        : '',
    );
  } catch (err) {
    out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}

$('reload').addEventListener('click', async () => {
  $('reload-status').textContent = 'Laddar om…';
  try {
    const r = await api('reload', { method: 'POST', body: '{}' });
    $('reload-status').textContent = r.ok
      ? 'Klart: den nya kunskapen används nu.'
      : 'Kunskapen har fel och laddades inte; den förra används fortfarande.';
  } catch (err) {
    $('reload-status').textContent = err.message;
  }
  loadHealth();
});
