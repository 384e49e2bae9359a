// Kunskapens hälsa: load errors and warnings, entries due for review, the source pages, and reloading.
import { api } from './api.mjs';
import { $, el, scroll } from './dom.mjs';
import { date, plural } from './format.mjs';

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
          ? `Kunskapen har ${errors.length} fel. Boten svarar med den senaste hela kunskapen, laddad ${date(k.loadedAt)}.`
          : `Kunskapen är hel. Laddad ${date(k.loadedAt)}: ${plural(k.pages.length, 'sida', 'sidor')}, ${plural(k.counts.faq, 'post', 'poster')}, ${plural(k.counts.sections, 'avsnitt', 'avsnitt')}, ${plural(k.counts.passages, 'textstycke', 'textstycken')}.`,
      ),
      el('h3', {}, 'Fel och varningar (faq check)'),
      k.issues.length
        ? el(
            'ul',
            {},
            k.issues.map((i) => el('li', { class: i.severity === 'error' ? 'error mono' : 'mono' }, i.text)),
          )
        : el('p', { class: 'hint' }, 'Inga fel eller varningar.'),
      el('h3', {}, `Ej granskade på ${k.reviewAfterDays} dagar`),
      k.stale.length
        ? el(
            'ul',
            {},
            k.stale.map((s) => el('li', {}, `${s.question} (${s.id}, granskad ${s.reviewed}, ${s.file}:${s.line})`)),
          )
        : el('p', { class: 'hint' }, 'Alla svar är granskade inom perioden.'),
      el('h3', {}, 'Källsidor'),
      scroll(
        el(
          'table',
          {},
          el(
            'thead',
            {},
            el('tr', {}, el('th', {}, 'Sida'), el('th', {}, 'Publicerad'), el('th', {}, 'Granskad'), el('th', {}, 'Ansvarig')),
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
