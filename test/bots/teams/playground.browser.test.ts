/**
 * Teams as Microsoft's own client shows it: the bot in local mode, driven from the Microsoft 365 Agents Playground's
 * web page in Chromium, as a user would. The playground renders cards with Microsoft's Adaptive Cards renderer and
 * sends the activities Teams sends; nothing leaves the machine (see playground.ts). Screenshots of each step go to
 * docs/ with UPDATE_SCREENSHOTS=1, else to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { teamsAdapters } from '../../../bots/teams/index';
import { launchChromium } from '../../browser';
import { ROOT } from '../../helpers';
import { type Running, startService } from '../../service/helpers';
import { loopbackOnly, type Playground, startPlayground } from './playground';

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs') : join(ROOT, 'test-artifacts');
const DECLINED = 'vad tycker ni om hela millenniumgrejen';
const WELCOME = 'Hej! Jag svarar kort på frågor om VGR:s beslut';

describe('Teams in the Microsoft 365 Agents Playground', () => {
  let s: Running;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let aborted: string[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false', TEAMS_LOCAL: 'true' });
    for (const a of teamsAdapters(s.service)) await a.start();
    playground = await startPlayground(`${s.url}/api/messages`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    aborted = await loopbackOnly(page);
    mkdirSync(SHOTS, { recursive: true });
    await page.goto(playground.url);
    await page.locator('.ac-adaptiveCard').first().waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await s?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await page.screenshot({ path: join(ROOT, 'test-artifacts', `teams-failed-${ctx.task.name.slice(0, 30)}.png`) });
  });
  // Playwright's innerText: the text as the page shows it, line breaks included.
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
  const shown = (locator: Locator) => locator.innerText();
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `teams-${name}.png`) });
  /** The Adaptive Cards the bot has posted in the open conversation. */
  const cards = () => page.locator('.ac-adaptiveCard');
  const lastCard = () => cards().last();
  /** Types into the conversation's compose box (the last editor on the page) and sends. */
  const send = async (text: string) => {
    await page.locator('[data-lexical-editor=true]').last().click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };
  /** Waits until the open conversation has `n` cards and returns the last. */
  const cardCount = async (n: number) => {
    await expect.poll(() => cards().count(), { timeout: 10_000 }).toBe(n);
    return lastCard();
  };
  const clipped = (scope: Locator) =>
    scope
      .locator('.ac-pushButton-content > div')
      .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent ?? ''));

  it('welcomes once on a personal install, in whatever order the install activities come', async () => {
    await page.waitForTimeout(1500);
    const welcomes = await cards().filter({ hasText: WELCOME }).count();
    expect(welcomes).toBe(1);
    await shot('welcome');
  });

  it('answers with the source and its date, and shows no button text clipped', async () => {
    const n = await cards().count();
    await send('Varför lades IVA- och anestesimodulerna som optioner?');
    const card = await cardCount(n + 1);
    await expect.poll(() => shown(card)).toMatch(/Källa: .*publicerad 2022/);
    expect(await clipped(page.locator('body'))).toEqual([]);
    await shot('answer');
  });

  it('declines with one "Menade du…?", and a suggestion click shows the question in the chat', async () => {
    const n = await cards().count();
    await send(DECLINED);
    const card = await cardCount(n + 1);
    const text = await shown(card);
    expect(text.match(/Menade du…\?/g)?.length).toBe(1);
    expect(text).not.toContain('Du kan till exempel fråga');
    expect(await clipped(card)).toEqual([]);
    // 👍 and 👎 on one line.
    const up = card.getByRole('button', { name: /Hjälpsamt$/ });
    const down = card.getByRole('button', { name: /Inte hjälpsamt$/ });
    expect(Math.abs(((await up.boundingBox())?.y ?? 0) - ((await down.boundingBox())?.y ?? 1))).toBeLessThan(4);
    await shot('declined');
    const suggestion = card.locator('.ac-selectable').first();
    const asked = ((await shown(suggestion)) || '').trim();
    await suggestion.click();
    const answer = await cardCount(n + 2);
    // The answer starts with the question that was clicked.
    await expect.poll(async () => (await shown(answer)).split('\n')[0]).toBe(asked);
  });

  it('records 👍 in place and keeps the answer as the summary', async () => {
    const card = lastCard();
    await card
      .getByRole('button', { name: /Hjälpsamt$/ })
      .first()
      .click();
    await expect.poll(() => shown(lastCard())).toContain('Tack för återkopplingen!');
    const summaries = await s.service.sql.all<{ n: number }>('SELECT COUNT(*) AS "n" FROM feedback');
    expect(summaries[0]?.n).toBe(1);
  });

  it('refuses a clinical question', async () => {
    const n = await cards().count();
    await send('Vilken dos propofol ska patienten ha?');
    const card = await cardCount(n + 1);
    await expect.poll(() => shown(card)).toMatch(/medicinska råd|kliniska/);
  });

  it('left nothing to the network, and the playground logged no warnings or errors', async () => {
    expect(playground.offMachine()).toEqual([]);
    expect(new Set(aborted)).toEqual(new Set(aborted.filter((h) => h.endsWith('.cdn.office.net'))));
    const log = await page.locator('text=/\\[\\d+:\\d+:\\d+ [AP]M\\]/').allInnerTexts();
    expect(log.join('\n')).not.toMatch(/warn|error|fail/i);
    expect(playground.output.join('')).not.toMatch(/warn|error/i);
    expect(pageErrors).toEqual([]);
  });
});
