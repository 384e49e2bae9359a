// Faktabot console: plain DOM, no framework, no external assets. This module signs in and switches tabs; each tab
// is its own module.
import { api, showLogin } from './api.mjs';
import { $ } from './dom.mjs';
import { loadEntriesTab } from './entries.mjs';
import { loadHealth } from './health.mjs';
import { loadReview } from './review.mjs';
import { loadTickets } from './tickets.mjs';
import './ask.mjs';

async function start() {
  const s = await api('session');
  if (s.forbidden) {
    $('banner').hidden = false;
    $('banner').textContent = 'Konsolen svarar bara på datorn där Faktabot körs, eftersom ingen CONSOLE_TOKEN är satt.';
    return;
  }
  if (s.loopbackOnly) {
    $('banner').hidden = false;
    $('banner').textContent =
      'Ingen CONSOLE_TOKEN är satt: konsolen svarar bara på den här datorn (127.0.0.1) och kräver ingen inloggning.';
  }
  if (!s.signedIn) return showLogin();
  $('login').hidden = true;
  $('app').hidden = false;
  $('logout').hidden = !s.tokenRequired;
  $('question').focus();
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
  await api('logout', { method: 'POST', body: '{}' });
  showLogin();
});

for (const tab of document.querySelectorAll('.tabs button')) {
  tab.addEventListener('click', () => {
    for (const t of document.querySelectorAll('.tabs button')) t.removeAttribute('aria-current');
    tab.setAttribute('aria-current', 'page');
    for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== `tab-${tab.dataset.tab}`;
    if (tab.dataset.tab === 'review') loadReview();
    if (tab.dataset.tab === 'entries') loadEntriesTab();
    if (tab.dataset.tab === 'tickets') loadTickets();
    if (tab.dataset.tab === 'health') loadHealth();
  });
}

start().catch((err) => {
  $('banner').hidden = false;
  $('banner').textContent = `Konsolen kunde inte starta: ${err.message}`;
});
