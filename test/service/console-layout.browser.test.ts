import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOW_CONFIDENCE } from '../../src/service/routes/review';
import type { DeskPlatform } from '../../src/service/support';
import { launchChromium } from '../browser';
import { asStaff, type Running, startService } from './helpers';

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

/**
 * Every table cell drawn outside the screen or its scroller's visible part: a column a phone user cannot see without
 * knowing to scroll the table sideways (on a narrow screen a wide table turns into cards instead).
 */
async function hiddenCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>('table td')) {
      if (!cell.offsetParent || !cell.textContent?.trim()) continue;
      const r = cell.getBoundingClientRect();
      const box = cell.closest('.table-scroll')?.getBoundingClientRect();
      const right = Math.min(window.innerWidth, box?.right ?? Number.POSITIVE_INFINITY);
      if (r.right > right + 1 || r.left < (box?.left ?? 0) - 1)
        bad.push(
          `${cell.textContent.trim().slice(0, 40)} (out of view: ${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(right)}, in ${cell.closest('table')?.getAttribute('aria-label')})`,
        );
    }
    return bad;
  });
}

/** Every date ("2026-12-07", with its time "2026-12-07 16:46") on the page that is drawn on more than one line. */
async function brokenDates(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.offsetParent) continue;
      for (const m of (node.textContent ?? '').matchAll(/\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) bad.push(`${m[0]} breaks in "${node.parentElement.textContent?.trim().slice(0, 80)}"`);
      }
    }
    return bad;
  });
}

/** A control row whose label ends up on another line than its select, or which runs into the card under it. */
async function apartControls(page: Page, tab: string): Promise<string[]> {
  return page.evaluate((tab) => {
    const bad: string[] = [];
    const row = document.querySelector(`#tab-${tab} .controls`) as HTMLElement;
    for (const label of row.querySelectorAll('label')) {
      const control = document.getElementById(label.htmlFor);
      if (control?.tagName !== 'SELECT') continue;
      const l = label.getBoundingClientRect();
      const c = control.getBoundingClientRect();
      if (l.top + l.height / 2 < c.top || l.top + l.height / 2 > c.bottom)
        bad.push(`${tab}: ”${label.textContent}” is not beside its list`);
    }
    const next = document.querySelector(`#tab-${tab} .kpis`);
    if (next && next.getBoundingClientRect().top < row.getBoundingClientRect().bottom + 4)
      bad.push(`${tab}: the controls touch the cards under them`);
    return bad;
  }, tab);
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
    // Staff's question, for "Mest frågat" and the chart (the console's own test questions are not counted there).
    await asStaff(s).ask('Varför blev IVA- och anestesimodulerna optioner?');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  for (const width of [1280, 390]) {
    it(`keeps words whole in tables, every column in view, dates on one line, chart labels legible and controls apart at ${width} px`, async () => {
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      page.setDefaultTimeout(8000);
      await page.goto(`${s.url}/console`);
      const question = page.getByLabel('Fråga', { exact: true });
      await question.fill('Varför blev IVA- och anestesimodulerna optioner?');
      await question.press('Enter');
      await page.getByRole('article', { name: 'Botens svar' }).last().getByRole('table').waitFor();
      const seen: string[] = [];
      const texts = [(await page.locator('#tab-ask').textContent()) ?? ''];
      const check = async () => seen.push(...(await splitCells(page)), ...(await hiddenCells(page)), ...(await brokenDates(page)));
      await check();

      await page.getByRole('button', { name: 'Granska' }).click();
      await page.getByRole('table', { name: 'Mest frågat' }).waitFor();
      // The chart's day labels are drawn at least 11 px high at this width, and neighbours do not touch.
      const labels = await page.evaluate(() => {
        const svg = document.querySelector('.chart svg') as SVGSVGElement;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map((t) => {
          const r = t.getBoundingClientRect();
          return { px: scale * Number(t.getAttribute('font-size')), left: r.left, right: r.right, top: Math.round(r.top) };
        });
      });
      expect(labels.length).toBeGreaterThan(3);
      for (const l of labels) expect(l.px).toBeGreaterThanOrEqual(11);
      const axis = labels.filter((l) => l.top === labels.at(-1)?.top).sort((a, b) => a.left - b.left);
      for (let i = 1; i < axis.length; i++) expect(axis[i]?.left).toBeGreaterThan((axis[i - 1]?.right as number) + 2);
      // The threshold behind "low confidence" is said, and it is the server's.
      const below = Math.round(Math.max(s.service.knowledge.engine.calibration.threshold, LOW_CONFIDENCE) * 100);
      await page.getByRole('heading', { name: `Besvarade med låg säkerhet (under ${below} %)` }).waitFor();
      await page.getByText('Visa som tabell').click();
      await check();
      seen.push(...(await apartControls(page, 'review')));
      texts.push((await page.locator('#tab-review').textContent()) ?? '');

      await page.getByRole('button', { name: 'Ärenden' }).click();
      const tickets = page.getByRole('table', { name: 'Ärenden' });
      await tickets.getByText('Vad kostar Millennium för regionen?').waitFor();
      await check();
      // A ticket's status, the desk's answer and its action are in view, each with what it is.
      const ticket = tickets.getByRole('row').filter({ hasText: 'Vad kostar Millennium för regionen?' });
      for (const shown of [
        ticket.getByRole('cell').filter({ hasText: 'besvarad' }),
        ticket.getByRole('cell').filter({ hasText: 'supporten publicerade svaret' }),
        ticket.getByRole('button', { name: 'Gör till FAQ-förslag' }),
      ]) {
        const box = await shown.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width, (await shown.textContent()) ?? '').toBe(true);
      }
      seen.push(...(await apartControls(page, 'tickets')));
      texts.push((await page.locator('#tab-tickets').textContent()) ?? '');

      await page.getByRole('button', { name: 'Kunskapens hälsa' }).click();
      await page.getByRole('table').first().waitFor();
      await check();
      const owner = page.getByRole('cell', { name: s.service.knowledge.engine.kb.pages[0]?.owner as string });
      const box = await owner.boundingBox();
      expect(box && box.x + box.width <= width, 'Ansvarig').toBe(true);
      texts.push((await page.locator('#tab-health').textContent()) ?? '');
      await page.getByRole('button', { name: 'Poster' }).click();
      await page.getByRole('heading', { name: 'Ändringar från konsolen' }).waitFor();
      await check();
      texts.push((await page.locator('#tab-entries').textContent()) ?? '');

      expect(seen).toEqual([]);
      // Swedish quotation marks (”…”) in the console's own texts, never straight ones.
      for (const t of texts) expect(t).not.toContain('"');
      // A wide table scrolls inside its card; the page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(problems).toEqual([]);
    });
  }

  it('says in words what the bot does with a question, why, and what its confidence means, after an edit and in "Testa en fråga"', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 900 } })).newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.setDefaultTimeout(8000);
    // Declined though the bot is fairly sure of an entry: the entry does not say what it costs. Staff ask it (so it
    // is in Granska), then the communicator tries it in "Testa en fråga".
    const question = 'Hur mycket kostar upphandlingen?';
    await asStaff(s).ask(question);
    await page.goto(`${s.url}/console`);
    const field = page.getByLabel('Fråga', { exact: true });
    await field.fill(question);
    await field.press('Enter');
    await page.getByRole('article', { name: 'Botens svar' }).last().getByText('Varför detta svar').waitFor();

    await page.getByRole('button', { name: 'Granska' }).click();
    const group = page.getByRole('article', { name: `Obesvarade frågor: ${question}` });
    await group.getByRole('button', { name: 'Ska inte besvaras' }).click();
    const now = group.getByRole('status').filter({ hasText: 'Boten svarar nu' });
    await now.waitFor();
    const a = s.service.knowledge.engine.ask(question);
    expect(a).toMatchObject({ outcome: 'declined', rule: 'marked-out-of-scope' });
    const { threshold, interpretThreshold } = s.service.knowledge.engine.calibration;
    expect(a.confidence).toBeGreaterThanOrEqual(interpretThreshold ?? threshold);
    const pct = (x: number) => `${Math.round(x * 100)} %`;
    const explained = [
      'Boten svarar inte på frågan.',
      'En kommunikatör har markerat frågan som ”Ska inte besvaras”.',
      `Säkerhet ${pct(a.confidence)}: så säker är boten på att den har hittat rätt svar. Den svarar direkt från ${pct(threshold)} och med en tolkning från ${pct(interpretThreshold ?? threshold)}. Det räcker för ett svar, men boten svarar inte av skälet ovan.`,
    ];
    const said = ((await now.textContent()) ?? '').replace(/\s+/g, ' ');
    for (const line of explained) expect(said).toContain(line);
    expect(said).not.toMatch(/Inget säkert svar säkerhet/);
    // The reply's example questions follow its "Du kan till exempel fråga:", as staff see them.
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(await now.getByRole('listitem').allTextContents()).toEqual(a.suggestions);

    await page.getByRole('button', { name: 'Testa en fråga' }).click();
    await field.fill(question);
    await field.press('Enter');
    const card = page.getByRole('article', { name: 'Botens svar' }).last();
    await card.getByText('En kommunikatör har markerat frågan', { exact: false }).waitFor();
    const text = ((await card.textContent()) ?? '').replace(/\s+/g, ' ');
    for (const line of explained) expect(text).toContain(line);
    expect(problems).toEqual([]);
  });
});
