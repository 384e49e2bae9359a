// The console's JSON API under /console/api.
import { unauthorized } from './session.mjs';

export async function api(path, options) {
  const res = await fetch(`/console/api/${path}`, {
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    ...options,
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  // Not signed in (any more): the session ended, or the token was wrong.
  if (res.status === 401) unauthorized();
  if (!res.ok && !(res.status === 422 && path === 'reload')) {
    const err = new Error(body?.error || `Fel ${res.status}`);
    err.status = res.status;
    err.issues = body?.issues || [];
    err.code = body?.code;
    throw err;
  }
  return body;
}

export const json = (body) => ({ method: 'POST', body: JSON.stringify(body) });
