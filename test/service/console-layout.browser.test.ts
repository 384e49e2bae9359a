import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskPlatform } from '../../src/service/support';
import { launchChromium } from '../browser';
import { type Running, startService } from './helpers';

/**
 * Every table cell whose text breaks inside a word ("Ka|nal", "Publ|icer|ad") and every date or number cell that
 * wraps at all. A word is a run between spaces or after a hyphen (breaking after a hyphen is ordinary Swedish
 * typesetting); its line boxes come from Range.getClientRects, one distinct top per rendered line.
 */
async function splitCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const lines = (range: Range) => new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    const bad: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>('table td, table th')) {
      if (!cell.offsetParent) continue; // hidden (a closed <details>, another tab)
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/[^\s-–]+[-–]?/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          if (lines(range) > 1) bad.push(`${cell.textContent?.trim()} (split: ${m[0]})`);
        }
      }
      if (cell.matches('.num, .date') && cell.textContent?.trim()) {
        const range = document.createRange();
        range.selectNodeContents(cell);
        if (lines(range) > 1) bad.push(`${cell.textContent?.trim()} (date or number wraps)`);
      }
    }
    return bad;
  });
}

describe('console tables in a real browser', () => {
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false', SUPPORT_CHANNEL: 'slack:CDESK' });
    const fakeSlackDesk: DeskPlatform = {
      postTicket: async () => '1700000000.000100',
      updateTicket: async () => undefined,
      deliverAnswer: async () => undefined,
    };
    s.service.support.register('slack', fakeSlackDesk);
    const desk = { platform: 'slack' as const, userId: 'UD', name: 'Bo', conversationId: 'CDESK' };
    for (const question of ['Vad kostar Millennium för regionen?', 'Vem ansvarar för anestesijournalen i Millennium?']) {
      const r = await s.service.support.escalate({
        asker: { platform: 'slack', userId: 'U1', name: 'Eva', conversationId: 'C1', address: { user: 'U1' } },
        question,
        context: 'Jag undrar inför ett APT.',
      });
      const ticketId = (r as { ticketId: number }).ticketId;
      await s.service.support.act(ticketId, 'claim', desk);
      await s.service.support.answer(ticketId, desk, 'Faktasidan säger inget om kostnaden, men supporten publicerade svaret.');
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  for (const width of [1280, 390]) {
    it(`keeps words whole in every table at ${width} px, and never wraps a date or a number`, async () => {
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      page.setDefaultTimeout(8000);
      await page.goto(`${s.url}/console`);
      const question = page.getByLabel('Fråga', { exact: true });
      await question.fill('Varför blev IVA- och anestesimodulerna optioner?');
      await question.press('Enter');
      await page.getByRole('article', { name: 'Botens svar' }).getByRole('table').waitFor();
      const seen: string[] = [];
      seen.push(...(await splitCells(page)));

      await page.getByRole('button', { name: 'Granska' }).click();
      await page.getByRole('table', { name: 'Mest frågat' }).waitFor();
      await page.getByText('Visa som tabell').click();
      seen.push(...(await splitCells(page)));

      await page.getByRole('button', { name: 'Ärenden' }).click();
      await page.getByRole('table', { name: 'Ärenden' }).getByText('Vad kostar Millennium för regionen?').waitFor();
      seen.push(...(await splitCells(page)));

      await page.getByRole('button', { name: 'Kunskapens hälsa' }).click();
      await page.getByRole('table').first().waitFor();
      seen.push(...(await splitCells(page)));

      expect(seen).toEqual([]);
      // A wide table scrolls inside its card; the page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(problems).toEqual([]);
    });
  }
});
