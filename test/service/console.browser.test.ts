import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser';
import { ROOT } from '../helpers';
import { asStaff, type Running, startService } from './helpers';

const TOKEN = 'browser-test-token-0123456789';
const ARTIFACTS = join(ROOT, 'test-artifacts');

describe('console in a real browser', () => {
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    s = await startService({ CONSOLE_TOKEN: TOKEN, WATCH_KNOWLEDGE: 'false' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('signs in, answers with its source, lists an unanswered question for review and exports CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('request', (r) => !r.url().startsWith(s.url) && !r.url().startsWith('data:') && problems.push(`external request: ${r.url()}`));

    await page.goto(`${s.url}/console`);
    await page.getByLabel('Inloggningsnyckel (CONSOLE_TOKEN)').fill('fel-nyckel-fel-nyckel');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Fel inloggningsnyckel');
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    problems.length = 0; // the refused sign-in above is the only error the browser may report
    await page.getByLabel('Inloggningsnyckel (CONSOLE_TOKEN)').fill(TOKEN);
    await page.keyboard.press('Enter');

    const question = page.getByLabel('Fråga', { exact: true });
    await question.fill('Varför blev IVA- och anestesimodulerna optioner?');
    await question.press('Enter');
    const answer = page.getByRole('article', { name: 'Botens svar' }).last();
    await answer.getByText('Källa: ”Läget inom IVA- och anestesivården” i ').waitFor();
    expect(await answer.textContent()).toContain('anbudsgivarna');
    expect(await answer.textContent()).toContain('publicerad 2022');
    expect(await answer.getByRole('row').count()).toBe(6); // header + five candidates
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-ask.png'), fullPage: true });

    await question.fill('Hur ansöker jag om semester?');
    await page.getByRole('button', { name: 'Fråga', exact: true }).click();
    await answer.getByText('Inget säkert svar', { exact: true }).waitFor();
    await answer.getByRole('button', { name: 'Inte hjälpsamt' }).click();
    await answer.getByText('Tack, återkopplingen är sparad.').waitFor();

    // Staff asks the same in Teams: Granska, the figures and the CSV count staff's questions only.
    await asStaff(s).ask('Hur ansöker jag om semester?');
    await page.getByRole('button', { name: 'Granska' }).click();
    const unanswered = page.getByRole('region', { name: 'Obesvarade frågor' });
    await unanswered.getByText('Hur ansöker jag om semester?').waitFor();
    await page.getByRole('img', { name: /Frågor per dag: 1 fråga / }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'console-review.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exportera CSV' }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv).toContain('Hur ansöker jag om semester?');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);

    await page.getByRole('button', { name: 'Kunskapens hälsa' }).click();
    await page.getByText('Inga fel: boten använder all kunskap', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ladda om kunskapen' }).click();
    await page.getByText('Klart: den nya kunskapen används nu.').waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("the communicator's own test questions in a real browser", () => {
  const STAFF = 'Hur bokar jag semester?';
  const TESTED = 'Hur ansöker jag om tjänstledighet?';
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    // The loopback console, no sign-in. One staff question in Teams.
    s = await startService({ WATCH_KNOWLEDGE: 'false' });
    expect((await asStaff(s).ask(STAFF)).answer.answered).toBe(false);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  for (const width of [1280, 390])
    it(`leaves them out of Granska, "Mest frågat" and the figures, at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.setDefaultTimeout(8000);
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(`${s.url}/console`);
      // A communicator tries one question three times.
      const question = page.getByLabel('Fråga', { exact: true });
      for (let i = 0; i < 3; i++) {
        await question.fill(TESTED);
        await Promise.all([page.waitForResponse((r) => r.url().endsWith('/console/api/ask') && r.ok()), question.press('Enter')]);
      }
      await page.getByRole('article', { name: 'Botens svar' }).last().getByText('Inget säkert svar', { exact: true }).waitFor();

      await page.getByRole('button', { name: 'Granska' }).click();
      await page.getByRole('article', { name: `Obesvarade frågor: ${STAFF}` }).waitFor();
      expect(await page.getByRole('article', { name: `Obesvarade frågor: ${TESTED}` }).count()).toBe(0);
      await page.getByRole('img', { name: /Frågor per dag: 1 fråga / }).waitFor();
      const mostAsked = (await page.getByRole('table', { name: 'Mest frågat' }).textContent()) ?? '';
      expect(mostAsked).toContain(STAFF);
      expect(mostAsked).not.toContain(TESTED);
      expect(await page.locator('#tab-review').textContent()).not.toContain(TESTED);
      expect(problems).toEqual([]);
      await context.close();
    });
});
