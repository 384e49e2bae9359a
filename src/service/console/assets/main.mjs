// Faktabot console: plain DOM, no framework, no external assets. This module signs in and switches tabs; each tab
// is its own module, and session.mjs shows what the signed-in role may use.
import { api } from './api.mjs';
import { $ } from './dom.mjs';
import { loadEntriesTab } from './entries.mjs';
import { loadHealth } from './health.mjs';
import { loadReview } from './review.mjs';
import { currentMode, showApp, showLogin } from './session.mjs';
import { loadTickets } from './tickets.mjs';
import './ask.mjs';
import './pages.mjs';

const LOAD = { review: loadReview, entries: loadEntriesTab, tickets: loadTickets, health: loadHealth };

function selectTab(tab) {
  for (const t of document.querySelectorAll('.tabs button')) t.removeAttribute('aria-current');
  tab.setAttribute('aria-current', 'page');
  for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== `tab-${tab.dataset.tab}`;
  LOAD[tab.dataset.tab]?.();
}

async function start() {
  const s = await api('session');
  if (s.forbidden) {
    $('banner').hidden = false;
    $('banner').textContent = 'Konsolen svarar bara på datorn där Faktabot körs, eftersom ingen CONSOLE_TOKEN är satt.';
    return;
  }
  // How the console is reached is an operator's fact: it is said once, on the administrator's "Kunskapens hälsa"
  // (health.mjs), and in the start log, not on every tab.
  if (!s.signedIn) return showLogin(s);
  showApp(s);
  const first = [...document.querySelectorAll('.tabs button')].find((t) => !t.hidden);
  if (first) selectTab(first);
  if (!$('tab-ask').hidden) $('question').focus();
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    await api('login', { method: 'POST', body: JSON.stringify({ token: $('token').value }) });
    $('token').value = '';
    await start();
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});

$('logout').addEventListener('click', async () => {
  const r = await api('logout', { method: 'POST', body: '{}' });
  // With organisation sign-in the provider's session ends too (its end-session page sends the browser back here;
  // without one, /console shows the sign-in link). With the token the form shows again.
  if (currentMode() === 'oidc') window.location.assign(r.redirect || '/console');
  else showLogin();
});

for (const tab of document.querySelectorAll('.tabs button')) tab.addEventListener('click', () => selectTab(tab));

start().catch((err) => {
  $('banner').hidden = false;
  $('banner').textContent = `Konsolen kunde inte starta: ${err.message}`;
});
