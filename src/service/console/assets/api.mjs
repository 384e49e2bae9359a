// The console's JSON API under /console/api.
import { $ } from './dom.mjs';

export async function api(path, options) {
  const res = await fetch(`/console/api/${path}`, {
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    ...options,
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (res.status === 401) showLogin();
  if (!res.ok && !(res.status === 422 && path === 'reload')) {
    const err = new Error(body?.error || `Fel ${res.status}`);
    err.status = res.status;
    err.issues = body?.issues || [];
    throw err;
  }
  return body;
}

export const json = (body) => ({ method: 'POST', body: JSON.stringify(body) });

export function showLogin() {
  $('app').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('token').focus();
}
