import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser';
import { ROOT } from '../helpers';
import { type Running, startService } from './helpers';

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
    const answer = page.getByRole('article', { name: 'Botens svar' });
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

    await page.getByRole('button', { name: 'Granska' }).click();
    const unanswered = page.getByRole('region', { name: 'Obesvarade frågor' });
    await unanswered.getByText('Hur ansöker jag om semester?').waitFor();
    await page.getByRole('img', { name: /Frågor per dag: 2 frågor/ }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'console-review.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exportera CSV' }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv).toContain('Hur ansöker jag om semester?');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);

    await page.getByRole('button', { name: 'Kunskapens hälsa' }).click();
    await page.getByText('Inga fel: boten använder all kunskap', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ladda om kunskapen' }).click();
    await page.getByText('Klart: den nya kunskapen används nu.').waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
