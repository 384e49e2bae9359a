// Who is signed in and what they may do, from GET /console/api/session. The server refuses every call a role may
// not make; the page does not offer it either. The tabs a role cannot use get `hidden`; every other control a role
// cannot use carries data-needs="edit|reload|drafts", and console.css takes it out of the page (display: none, so
// it is not focusable either) unless <body> says data-can-…="true". Until the session is read nothing is allowed.
import { $ } from './dom.mjs';

let mode = null;
let signedIn = false;

/** data-can-edit is dataset.canEdit. */
const flag = (what) => `can${what[0].toUpperCase()}${what.slice(1)}`;

/** True when the signed-in user may do `what` (edit, reload, drafts): read from <body>, as the stylesheet does. */
export const can = (what) => document.body.dataset[flag(what)] === 'true';

/** Shows the console for the session `s` (signed in): the header, the tabs and the controls its roles may use. */
export function showApp(s) {
  mode = s.mode;
  signedIn = true;
  for (const [what, allowed] of Object.entries(s.can)) document.body.dataset[flag(what)] = String(allowed);
  for (const tab of document.querySelectorAll('.tabs button')) tab.hidden = !s.tabs.includes(tab.dataset.tab);
  const who = $('who');
  // Loopback needs no sign-in and says so in the banner.
  who.textContent = s.user
    ? `${s.user.name} · ${s.roles.map((r) => r.label).join(', ')}`
    : s.mode === 'token'
      ? 'Inloggad med konsolens nyckel'
      : '';
  who.hidden = !who.textContent;
  $('logout').hidden = s.mode === 'loopback';
  $('login').hidden = true;
  $('app').hidden = false;
}

/** Shows the sign-in view: with organisation sign-in a link to the provider, else the token form. */
export function showLogin({ mode: m, ended = false } = {}) {
  if (m) mode = m;
  signedIn = false;
  for (const key of Object.keys(document.body.dataset)) if (key.startsWith('can')) delete document.body.dataset[key];
  $('app').hidden = true;
  $('logout').hidden = true;
  $('who').hidden = true;
  $('who').textContent = '';
  $('login').hidden = false;
  $('login-ended').hidden = !ended;
  const oidc = mode === 'oidc';
  $('login-oidc').hidden = !oidc;
  $('login-form').hidden = oidc;
  (oidc ? $('login-link') : $('token')).focus();
}

/**
 * A 401 from the API. After the console was open, the session ended (idle or too old): the sign-in view says so.
 * Otherwise the sign-in view is up already (a wrong token, or the first of several calls that failed together).
 */
export const unauthorized = () => {
  if (signedIn) showLogin({ ended: true });
};

export const currentMode = () => mode;
