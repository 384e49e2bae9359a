import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startService } from './helpers';

// The console's script is a set of ES modules the browser loads itself: no bundler, no CDN. A module script runs only
// when it is served as JavaScript, and under the page's CSP (script-src 'self').
describe('console scripts as ES modules', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false' });
  });
  afterAll(() => s.stop());

  it('loads one module entry point, and every module it imports is served as JavaScript from the console', async () => {
    const page = await fetch(`${s.url}/console`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([' type="module" src="/console/assets/main.mjs"']);

    const seen = new Set<string>();
    const queue = ['/console/assets/main.mjs'];
    while (queue.length) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const r = await fetch(`${s.url}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toMatch(/^(application|text)\/javascript\b/);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      // Revalidated on every load, so a console update reaches every browser at once.
      expect(r.headers.get('cache-control'), path).toBe('no-cache');
      const source = await r.text();
      // The SVG namespace is a name, not an address; no other URL may appear.
      expect(source.replaceAll('http://www.w3.org/2000/svg', ''), path).not.toMatch(/https?:\/\//);
      for (const m of source.matchAll(/^import\s+(?:[^'";]*\sfrom\s+)?'([^']+)'/gm)) {
        expect(m[1], `${path} imports ${m[1]}`).toMatch(/^\.\/[a-z-]+\.mjs$/);
        queue.push(new URL(m[1], `http://x${path}`).pathname);
      }
    }
    // The entry point plus a module per tab (Testa en fråga, Granska, Poster, Ärenden, Kunskapens hälsa) and helpers.
    for (const tab of ['ask', 'review', 'entries', 'tickets', 'health']) expect(seen).toContain(`/console/assets/${tab}.mjs`);
    expect(seen).toContain('/console/assets/dom.mjs');
  });

  /** The status of a request line sent as written (fetch would resolve the dots itself). */
  const raw = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const u = new URL(s.url);
      const socket = connect(Number(u.port), u.hostname, () =>
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      let data = '';
      socket.on('data', (c) => {
        data += c.toString('latin1');
      });
      socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
      socket.on('error', reject);
    });

  it('serves nothing outside its assets folder, however the path spells its way out', async () => {
    for (const path of [
      '/console/assets/../../../../package.json',
      '/console/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/console/assets/..%2f..%2f..%2f..%2fpackage.json',
      '/console/assets/.%2e/.%2e/.%2e/.%2e/package.json',
      '/console/assets//..//..//..//../package.json',
      '/console/assets/./../index.html',
      '/console/assets/.hidden',
    ])
      expect([400, 403, 404], path).toContain(await raw(path));
    expect(await raw('/console/assets/main.mjs')).toBe(200);
  });
});
