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
});
