/**
 * Organisation sign-in in a real browser: Chromium opens the console, follows *Logga in* to a real OpenID provider
 * (oidc-provider on loopback, test/oidc/provider.ts), signs in on the provider's own login page and comes back
 * signed in, with the role's tabs and nothing else. A communicator's edit shows the communicator's name in the audit
 * trail; *Logga ut* ends the session at the service and at the provider.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser';
import type { TestProvider } from '../oidc/provider';
import { ROLE_ACCOUNTS, type Running, startWithProvider } from './helpers';

const TAB_NAMES: Record<string, string> = {
  ask: 'Testa en fråga',
  review: 'Granska',
  entries: 'Poster',
  pages: 'Sidor',
  tickets: 'Ärenden',
  health: 'Kunskapens hälsa',
};

describe('console sign-in in Chromium through the provider', () => {
  let provider: TestProvider;
  let s: Running;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ provider, running: s, base } = await startWithProvider(ROLE_ACCOUNTS));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await s?.stop();
    await provider?.stop();
  });

  /** From the console's sign-in view through the provider's login and consent pages, back to the console. */
  async function signInAs(page: Page, login: string): Promise<void> {
    await page.goto(`${base}/console`);
    await page.locator('#login-link').click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('valfritt');
    await page.locator('button[type="submit"]').first().click();
    // The provider's consent page, then back to the console.
    await page.waitForURL((url) => url.origin === base || url.pathname.includes('/interaction/'));
    if (new URL(page.url()).origin !== base) await page.locator('button[type="submit"]').first().click();
    await page.waitForURL(`${base}/console`);
    await page.locator('#app').waitFor({ state: 'visible' });
  }

  const visibleTabs = (page: Page) =>
    page.$$eval('.tabs button', (buttons) => buttons.filter((b) => !(b as HTMLElement).hidden).map((b) => b.textContent?.trim()));

  const cases: [string, string, string, string[]][] = [
    ['anna', 'Anna Andersson', 'Kommunikatör', ['ask', 'review', 'entries', 'pages', 'health']],
    ['sara', 'Sara Svensson', 'Support', ['ask', 'tickets']],
    ['lars', 'Lars Larsson', 'Läsare', ['ask', 'review', 'health']],
    ['ada', 'Ada Admin', 'Administratör', ['ask', 'review', 'entries', 'pages', 'tickets', 'health']],
  ];
  for (const [login, name, role, tabs] of cases) {
    for (const width of [1280, 390]) {
      it(`signs ${name} (${role}) in on the provider's page and shows only the role's tabs at ${width} px`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        try {
          await signInAs(page, login);
          await expect.poll(() => page.locator('#who').textContent()).toBe(`${name} · ${role}`);
          expect(await visibleTabs(page)).toEqual(tabs.map((t) => TAB_NAMES[t]));
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
          // Of the service, the browser holds the session cookie only: no token, no sign-in leftovers. (Cookies do not
          // keep ports apart: the provider's own cookies on 127.0.0.1 are left out.)
          const cookies = (await context.cookies()).filter((c) => c.name.startsWith('faktabot_') || c.path.startsWith('/console'));
          expect(cookies.map((c) => c.name)).toEqual(['faktabot_console']);
          expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
        } finally {
          await context.close();
        }
      });
    }
  }

  it("shows a communicator's edit with the communicator's name in the audit trail, and logs out at the provider", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signInAs(page, 'anna');
      // The edit as the console's own code sends it, from the signed-in page.
      const saved = await page.evaluate(async () => {
        const list = await (await fetch('/console/api/entries')).json();
        const entry = list.entries[0];
        const res = await fetch(`/console/api/entries/${entry.id}/phrasings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'Vem bestämde egentligen om optionerna', version: list.versions[entry.file], confirm: true }),
        });
        return res.status;
      });
      expect(saved).toBe(200);
      await page.getByRole('button', { name: 'Poster' }).click();
      await expect.poll(() => page.locator('.changes').first().textContent()).toContain('av Anna Andersson');

      await page.locator('#logout').click();
      // The provider asks whether to sign out, then sends the browser back to the console's sign-in view.
      await page.waitForURL((url) => url.origin === provider.issuer);
      await page.getByRole('button', { name: /sign me out/i }).click();
      await page.waitForURL((url) => url.origin === base && url.pathname === '/console');
      await page.locator('#login-link').waitFor({ state: 'visible' });
      expect(await page.locator('#app').isHidden()).toBe(true);
      expect(provider.requests.some((r) => r.startsWith('POST /session/end'))).toBe(true);
      expect((await context.cookies()).filter((c) => c.name === 'faktabot_console')).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
