import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/store/sessions';
import { launchChromium } from '../browser';
import { ROOT } from '../helpers';
import { asStaff, type Running, startService } from './helpers';

/**
 * The console as each role of organisation sign-in sees it, in a real browser. The service runs in OIDC mode with no
 * provider behind it (discovery happens only at sign-in, so it starts): the sessions are made server-side, as the
 * callback makes them, and handed to Chromium as the session cookie.
 */
const OIDC = {
  WATCH_KNOWLEDGE: 'false',
  PUBLIC_URL: 'http://127.0.0.1:1',
  OIDC_ISSUER: 'http://127.0.0.1:9/unused',
  OIDC_CLIENT_ID: 'faktabot-test',
  OIDC_CLIENT_SECRET: 'x'.repeat(32),
};
const NAME = 'Anna Andersson';
const DECLINED = 'Hur ansöker jag om semester?';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const ALL_TABS = ['Testa en fråga', 'Granska', 'Poster', 'Sidor', 'Ärenden', 'Kunskapens hälsa'];
const REVIEW_ACTIONS = ['Lägg till som formulering', 'Ny post', 'Redigera', 'Ska inte besvaras', 'Avfärda'];

interface Seen {
  role: Role;
  label: string;
  tabs: string[];
  edit: boolean;
  reload: boolean;
  /** A call the role may not make: the server refuses it with 403. */
  refused?: { path: string; method: 'GET' | 'POST' };
}
const ROLES: Seen[] = [
  {
    role: 'kommunikator',
    label: 'Kommunikatör',
    tabs: ['Testa en fråga', 'Granska', 'Poster', 'Sidor', 'Kunskapens hälsa'],
    edit: true,
    reload: false,
    refused: { path: 'reload', method: 'POST' },
  },
  {
    role: 'support',
    label: 'Support',
    tabs: ['Testa en fråga', 'Ärenden'],
    edit: false,
    reload: false,
    refused: { path: 'review?days=30', method: 'GET' },
  },
  {
    role: 'lasare',
    label: 'Läsare',
    tabs: ['Testa en fråga', 'Granska', 'Kunskapens hälsa'],
    edit: false,
    reload: false,
    refused: { path: 'reload', method: 'POST' },
  },
  // Admin sees everything: the same checks, the other way round, so that they are shown to find controls at all.
  { role: 'admin', label: 'Administratör', tabs: ALL_TABS, edit: true, reload: true },
];

describe('console roles with organisation sign-in, in a real browser', () => {
  let s: Running;
  let browser: Browser;
  const session = (role: Role) => s.service.sessions.create({ subject: `sub-${role}`, name: NAME, roles: [role] });

  /** A browser context holding `cookie` as the console's session cookie, as the sign-in callback sets it. */
  async function contextWith(
    cookie: string | undefined,
    width: number,
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: width > 800 ? 800 : 844 } });
    if (cookie)
      await context.addCookies([
        {
          name: 'faktabot_console',
          value: cookie,
          domain: '127.0.0.1',
          path: '/console',
          httpOnly: true,
          sameSite: 'Strict',
          secure: false,
        },
      ]);
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (r) => !r.url().startsWith(s.url) && !r.url().startsWith('data:') && problems.push(`external request: ${r.url()}`));
    return { context, page, problems };
  }

  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const visibleTabs = (page: Page) => page.locator('.tabs button:visible').allTextContents();
  /**
   * The rights (data-needs) of the controls on screen. A control that is not drawn is not reachable with Tab either
   * (display: none); one hidden only to the eye (opacity, off-screen) would still count as drawn here.
   */
  const drawnNeeds = (page: Page) =>
    page.evaluate(() => [
      ...new Set(
        [...document.querySelectorAll<HTMLElement>('[data-needs]')]
          .filter((e) => e.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
          .map((e) => e.dataset.needs),
      ),
    ]);

  beforeAll(async () => {
    s = await startService(OIDC);
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    // A declined question staff asked, to review, and a change in the audit trail made by a named person.
    const cookie = await session('kommunikator');
    const call = (path: string, init?: RequestInit) =>
      fetch(`${s.url}/console/api/${path}`, {
        ...init,
        headers: { cookie: `faktabot_console=${cookie}`, 'content-type': 'application/json' },
      });
    expect((await asStaff(s).ask(DECLINED)).answer.answered).toBe(false);
    const kb = await (await call('entries')).json();
    const entry = kb.entries[0];
    const saved = await call(`entries/${entry.id}/phrasings`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Vem tog beslutet om optionerna egentligen', version: kb.versions[entry.file], confirm: true }),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('starts in OIDC mode with no provider; the console answers on 127.0.0.1 and takes no token', async () => {
    expect((await fetch(`${s.url}/console`)).status).toBe(200);
    const r = await (await fetch(`${s.url}/console/api/session`)).json();
    expect(r).toMatchObject({ signedIn: false, mode: 'oidc', tokenRequired: false, user: null, tabs: [] });
    const login = await fetch(`${s.url}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'x'.repeat(32) }),
    });
    expect(login.status).toBe(400);
  });

  for (const width of [1280, 390]) {
    for (const seen of ROLES) {
      it(`shows ${seen.label} only the tabs and controls the role may use, at ${width} px`, async () => {
        const { context, page, problems } = await contextWith(await session(seen.role), width);
        await page.goto(`${s.url}/console`);
        await expect.poll(() => page.locator('#who').textContent()).toBe(`${NAME} · ${seen.label}`);
        expect(await page.getByRole('button', { name: 'Logga ut' }).isVisible()).toBe(true);
        expect(await page.locator('#banner').isVisible()).toBe(false);
        expect(await visibleTabs(page)).toEqual(seen.tabs);
        expect(await page.locator('.tabs button[aria-current="page"]').textContent()).toBe(seen.tabs[0]);
        expect(await page.locator('.tab:visible').count()).toBe(1);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(ARTIFACTS, `console-${seen.role}-${width}.png`) });

        // Testa en fråga: feedback only for a role that may give it.
        const question = page.getByLabel('Fråga', { exact: true });
        await question.fill(DECLINED);
        await question.press('Enter');
        const answer = page.getByRole('article', { name: 'Botens svar' }).last();
        await answer.getByText('Inget säkert svar', { exact: true }).waitFor();
        for (const name of ['Hjälpsamt', 'Inte hjälpsamt'])
          expect(await answer.getByRole('button', { name, exact: true }).count(), name).toBe(seen.edit ? 1 : 0);
        expect(await answer.getByRole('textbox', { name: 'Kommentar (valfri)' }).count()).toBe(seen.edit ? 1 : 0);
        expect(await drawnNeeds(page)).toEqual(seen.edit ? ['edit'] : []);
        expect(await overflow(page)).toBeLessThanOrEqual(0);

        if (seen.tabs.includes('Granska')) {
          await page.getByRole('button', { name: 'Granska' }).click();
          const group = page
            .getByRole('region', { name: 'Obesvarade frågor' })
            .getByRole('article', { name: `Obesvarade frågor: ${DECLINED}` });
          await group.waitFor();
          for (const name of REVIEW_ACTIONS)
            expect(await group.getByRole('button', { name, exact: true }).count(), name).toBe(seen.edit ? 1 : 0);
          // Reading the review includes taking it away as CSV.
          expect(await page.getByRole('link', { name: 'Exportera CSV' }).isVisible()).toBe(true);
          expect(await page.getByRole('link', { name: 'Exportera för Excel' }).isVisible()).toBe(true);
          expect(await drawnNeeds(page)).toEqual(seen.edit ? ['edit'] : []);
          expect(await overflow(page)).toBeLessThanOrEqual(0);
        }

        if (seen.tabs.includes('Kunskapens hälsa')) {
          await page.getByRole('button', { name: 'Kunskapens hälsa' }).click();
          await page.getByText('Inga fel: boten använder all kunskap', { exact: false }).waitFor();
          expect(await page.getByRole('button', { name: 'Ladda om kunskapen' }).count()).toBe(seen.reload ? 1 : 0);
          expect(await drawnNeeds(page)).toEqual(seen.reload ? ['reload'] : []);
          expect(await overflow(page)).toBeLessThanOrEqual(0);
        }

        if (seen.tabs.includes('Poster')) {
          await page.getByRole('button', { name: 'Poster' }).click();
          const trail = page.locator('ul.changes > li').first();
          await trail.waitFor();
          // The audit trail names who made the change.
          expect(await trail.locator('p').first().textContent()).toContain('· Formulering tillagd · ');
          expect(await trail.locator('p').first().textContent()).toContain(`· av ${NAME}`);
          expect(await page.getByRole('button', { name: 'Ny post' }).isVisible()).toBe(true);
          expect(await overflow(page)).toBeLessThanOrEqual(0);
        }

        if (seen.tabs.includes('Ärenden')) {
          await page.getByRole('button', { name: 'Ärenden' }).click();
          await page.getByText('Inga ärenden under perioden.').waitFor();
          expect(await overflow(page)).toBeLessThanOrEqual(0);
        }

        // What the page does not offer, the server refuses too (the page's own fetch, with the session cookie).
        if (seen.refused) {
          const status = await page.evaluate(
            ({ path, method }) =>
              fetch(`/console/api/${path}`, {
                method,
                headers: { 'content-type': 'application/json' },
                body: method === 'POST' ? '{}' : undefined,
              }).then((r) => r.status),
            seen.refused,
          );
          expect(status, `${seen.refused.method} ${seen.refused.path}`).toBe(403);
        }
        expect(problems).toEqual([]);
        await context.close();
      });
    }

    it(`signed out, offers the organisation's sign-in and no token field, at ${width} px`, async () => {
      const { context, page, problems } = await contextWith(undefined, width);
      await page.goto(`${s.url}/console`);
      const link = page.getByRole('link', { name: 'Logga in', exact: true });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe('/console/auth/login');
      expect(await page.getByText('Logga in med ditt konto i organisationen.').isVisible()).toBe(true);
      expect(await page.getByLabel('Inloggningsnyckel (CONSOLE_TOKEN)').count()).toBe(1); // in the page, but not shown
      expect(await page.getByLabel('Inloggningsnyckel (CONSOLE_TOKEN)').isVisible()).toBe(false);
      expect(await page.locator('input:visible').count()).toBe(0);
      expect(await page.getByText('Sessionen har gått ut', { exact: false }).isVisible()).toBe(false);
      expect(await visibleTabs(page)).toEqual([]);
      expect(await page.locator('#who').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Logga ut' }).isVisible()).toBe(false);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `console-oidc-signin-${width}.png`), fullPage: true });

      // The link leads to the server's own page when the provider cannot be reached: a notice in the console's style.
      await link.click();
      await page.getByRole('heading', { level: 1, name: 'Inloggningen fungerar inte just nu' }).waitFor();
      // The heading is there before the stylesheet has applied: read the look once the page has loaded.
      await page.waitForLoadState('load');
      const again = page.getByRole('link', { name: 'Logga in igen' });
      expect(await again.getAttribute('href')).toBe('/console/auth/login');
      const look = await page.evaluate(() => {
        const main = document.querySelector('main.notice-page') as HTMLElement;
        const box = main.getBoundingClientRect();
        const button = getComputedStyle(document.querySelector('main.notice-page a.button') as HTMLElement);
        return {
          left: box.left,
          right: window.innerWidth - box.right,
          background: button.backgroundColor,
          card: getComputedStyle(main).backgroundColor,
        };
      });
      expect(look.background).toBe('rgb(11, 79, 138)'); // the console's buttons
      expect(look.card).toBe('rgb(255, 255, 255)');
      expect(look.left).toBeGreaterThan(0);
      expect(look.right).toBeGreaterThan(0);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `console-oidc-notice-${width}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('says the session ended when a call is refused with 401, and offers the sign-in link again', async () => {
    const cookie = await session('lasare');
    const { context, page, problems } = await contextWith(cookie, 1280);
    await page.goto(`${s.url}/console`);
    await expect.poll(() => page.locator('#who').textContent()).toBe(`${NAME} · Läsare`);
    // The session ends on the server (as at its idle timeout): the next call the page makes is refused.
    await s.service.sessions.revoke(cookie);
    await page.getByRole('button', { name: 'Granska' }).click();
    await page.getByText('Sessionen har gått ut. Logga in igen för att fortsätta.').waitFor();
    expect(await page.getByRole('link', { name: 'Logga in', exact: true }).getAttribute('href')).toBe('/console/auth/login');
    expect(await page.locator('#app').isVisible()).toBe(false);
    expect(await page.locator('#who').isVisible()).toBe(false);
    expect(await page.getByLabel('Inloggningsnyckel (CONSOLE_TOKEN)').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers a logout with no end-session address while the provider cannot be reached', async () => {
    const cookie = await session('lasare');
    const r = await fetch(`${s.url}/console/api/logout`, {
      method: 'POST',
      headers: { cookie: `faktabot_console=${cookie}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await r.json()).toEqual({ ok: true, redirect: null });
    expect(await s.service.sessions.get(cookie)).toBeUndefined();
  });

  it('logs out: the server forgets the session and the browser goes to /console (no provider to end it at)', async () => {
    const cookie = await session('kommunikator');
    const { context, page, problems } = await contextWith(cookie, 390);
    await page.goto(`${s.url}/console`);
    await expect.poll(() => page.locator('#who').textContent()).toBe(`${NAME} · Kommunikatör`);
    // A mark on this document: a navigation replaces the document, and the mark with it.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    const reload = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await reload;
    expect(page.url()).toBe(`${s.url}/console`);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBeUndefined();
    await page.getByRole('link', { name: 'Logga in', exact: true }).waitFor();
    expect(await s.service.sessions.get(cookie)).toBeUndefined();
    expect((await context.cookies()).filter((c) => c.name === 'faktabot_console')).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
