/**
 * The interpreted answer in the console, in a real browser at 1280 and 390 px: "Testa en fråga" shows the outcome
 * (Svar, Tolkat svar, Inget säkert svar), the interpretation line, "Menade du något annat?" with clickable questions,
 * and why in words (the rule that decided, the confidence against both thresholds); "Granska" lists the interpreted
 * answers staff did not take, and "Lägg till som formulering" pre-selects the entry staff clicked instead. The
 * service interprets nearly everything it is not very sure of (test/helpers.ts `interpreting`), so that the tests do
 * not depend on the shipped thresholds. The README's "Testa en fråga" screenshots are taken here.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalibration } from '../../src/answer/create';
import { launchChromium } from '../browser';
import { interpreting, ROOT } from '../helpers';
import { asStaff, type Running, startService } from './helpers';

// Screenshots for the README: written to docs/ when UPDATE_SCREENSHOTS=1, else to test-artifacts/.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs') : join(ROOT, 'test-artifacts');
const PARAPHRASE = 'vad ska vi använda istället';

describe('interpreted answers in the console, in a real browser', () => {
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false' }, { calibration: interpreting() });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  const open = async (width: number, url = s.url) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 4') && problems.push(m.text()));
    page.on('request', (r) => !r.url().startsWith(url) && !r.url().startsWith('data:') && problems.push(`external request: ${r.url()}`));
    await page.goto(`${url}/console`);
    return { page, problems, close: () => context.close() };
  };
  const askInConsole = async (page: Page, question: string) => {
    await page.getByRole('button', { name: 'Testa en fråga' }).click();
    const field = page.locator('#tab-ask').getByLabel('Fråga', { exact: true });
    await field.fill(question);
    await field.press('Enter');
    const answer = page.getByRole('article', { name: 'Botens svar' }).last();
    await answer.getByText('Varför detta svar').waitFor();
    return answer;
  };
  const engine = () => s.service.knowledge.engine;

  for (const width of [1280, 390])
    it(`shows "Tolkat svar", the interpretation, "Menade du något annat?" and why in words at ${width} px`, async () => {
      const { page, problems, close } = await open(width);
      const expected = engine().ask(PARAPHRASE);
      expect(expected.outcome).toBe('interpreted');
      expect(expected.rule).toBe('threshold');
      const answer = await askInConsole(page, PARAPHRASE);
      await answer.getByText('Tolkat svar', { exact: true }).waitFor();
      const line = answer.getByText(`Jag tolkar frågan som ”${expected.interpretedAs}”.`, { exact: true });
      expect(await line.evaluate((e) => getComputedStyle(e).fontStyle)).toBe('italic');
      // The interpretation comes before the answer, the answer before its source.
      const text = (await answer.textContent()) ?? '';
      expect(text.indexOf('Jag tolkar frågan som')).toBeLessThan(text.indexOf(expected.answer));
      expect(text.indexOf(expected.answer)).toBeLessThan(text.indexOf('Källa:'));
      const others = answer.getByRole('list', { name: 'Menade du något annat?' });
      for (const q of expected.suggestions) expect(await others.getByRole('button', { name: q, exact: true }).count()).toBe(1);
      // Why, in words: what the bot does, then the confidence against both thresholds.
      await answer
        .getByText('Boten svarar med en tolkning: den säger först vilken fråga den tror att personalen menar.', { exact: false })
        .waitFor();
      await answer
        .getByText(
          new RegExp(
            `^Säkerhet ${Math.round(expected.confidence * 100)} %: så säker är boten på att den har hittat rätt svar\\. Den svarar direkt från 90 % och med en tolkning från 5 %\\. Det räcker för ett svar med en tolkning, men inte för ett direkt svar\\.$`,
          ),
        )
        .waitFor();
      expect(await answer.getByText('Regel:').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SHOTS, width === 1280 ? 'console-ask-desktop.png' : 'console-ask-phone.png'), fullPage: true });

      // A click on another question asks it, and is recorded as the entry staff chose after the interpretation.
      const other = expected.suggestions[0] as string;
      const entry = engine().kb.faq.find((e) => e.question === other);
      await others.getByRole('button', { name: other, exact: true }).click();
      // Asked as the newest question of the conversation, below the one it was offered on.
      await expect.poll(() => page.locator('#result .turn .asked').last().textContent()).toBe(`Fråga: ${other}`);
      expect(await page.locator('#result .turn').count()).toBe(2);
      const next = page.getByRole('article', { name: 'Botens svar' }).last();
      await next.getByText(entry?.answer as string, { exact: true }).waitFor();
      expect(await next.getByText('Jag tolkar frågan som', { exact: false }).count()).toBe(0);
      const clicks = await s.service.sql.all<{ e: string; k: string }>(
        'SELECT c.entry_id AS "e", c.kind AS "k" FROM suggestion_clicks c JOIN questions q ON q.id = c.from_question_id WHERE q.question = ?',
        [PARAPHRASE],
      );
      expect(clicks).toContainEqual({ e: entry?.id, k: 'suggestion' });
      expect(problems).toEqual([]);
      await close();
    });

  it('says why a plain answer, a decline with a high confidence and a clinical question came out as they did', async () => {
    const { page, problems, close } = await open(1280);
    const plain = await askInConsole(page, 'Vad är FVM?');
    await plain.getByText('Svar', { exact: true }).waitFor();
    // Word for word an entry's own question.
    await plain.getByText('Frågan står ord för ord som en formulering i en post. Boten svarar från den posten.').waitFor();
    expect(await plain.textContent()).toMatch(
      /Säkerhet \d+ %: så säker är boten på att den har hittat rätt svar\..* Det räcker för ett direkt svar\./,
    );
    expect(await plain.getByText('Jag tolkar frågan som', { exact: false }).count()).toBe(0);

    // Declined although confident: the rule says why, and the confidence line says the rule decided.
    const question = 'Vilket datum beslutade koncernledningen?';
    const expected = engine().ask(question);
    expect(expected).toMatchObject({ outcome: 'declined', rule: 'type-agreement' });
    const declined = await askInConsole(page, question);
    await declined.getByText('Inget säkert svar', { exact: true }).waitFor();
    await declined.getByText('Posten som ligger närmast säger inte det som frågas (till exempel när, hur många eller vem).').waitFor();
    if (expected.confidence >= 0.05)
      expect(await declined.textContent()).toContain('Det räcker för ett svar, men boten svarar inte av skälet ovan.');

    const clinical = await askInConsole(page, 'Hur mycket propofol ska jag ge?');
    await clinical.getByText('Klinisk fråga – besvaras inte', { exact: true }).waitFor();
    await clinical.getByText('Frågan är klinisk eller gäller en patient. Sådana frågor besvaras aldrig.').waitFor();
    expect(await clinical.textContent()).not.toContain('Säkerhet');
    expect(problems).toEqual([]);
    await close();
  });

  it('says why a close race is answered as an interpretation, though the confidence was enough', async () => {
    // A bot that answers whatever it finds, so that only the close race makes it interpret.
    const race = await startService(
      { WATCH_KNOWLEDGE: 'false' },
      { calibration: { ...loadCalibration(), threshold: 0.05, interpretThreshold: 0.05 } },
    );
    try {
      const question = 'Blir Millennium vårt nya journalsystem?';
      expect(race.service.knowledge.engine.ask(question)).toMatchObject({ outcome: 'interpreted', rule: 'close-race' });
      const { page, problems, close } = await open(1280, race.url);
      const answer = await askInConsole(page, question);
      await answer.getByText('Tolkat svar', { exact: true }).waitFor();
      await answer.getByText('Två poster med olika svar passar nästan lika bra.', { exact: false }).waitFor();
      expect(await answer.textContent()).toContain('Det räcker för ett direkt svar, men boten svarar med en tolkning av skälet ovan.');
      expect(await answer.getByText('Regel:').count()).toBe(0);
      expect(problems).toEqual([]);
      await close();
    } finally {
      await race.stop();
    }
  });

  it('lists interpreted answers staff did not take under "Granska", pre-selecting the entry clicked instead', async () => {
    const { page, problems, close } = await open(1280);
    // 👎 on one interpretation; a click on another question under a second.
    const down = 'vad blir det för system på iva nu då';
    const clicked = 'vad händer med IVA nu';
    expect(engine().ask(down).outcome).toBe('interpreted');
    const second = engine().ask(clicked);
    expect(second.outcome).toBe('interpreted');
    // Staff in Teams: Granska counts staff's questions, not the console's own tests.
    const staff = asStaff(s);
    const first = await staff.ask(down);
    expect((await staff.feedback(first.questionId as number, false)).result).toBe('saved');
    const answer = await staff.ask(clicked);
    const other = second.suggestions[0] as string;
    const otherId = engine().kb.faq.find((e) => e.question === other)?.id as string;
    await staff.ask(other, { questionId: answer.questionId as number, kind: 'suggestion' });

    await page.getByRole('button', { name: 'Granska' }).click();
    const list = page.getByRole('region', { name: 'Tolkade svar att se över' });
    await list.getByRole('heading', { name: /^Tolkade svar att se över \(\d+\)$/ }).waitFor();
    const group = list.getByRole('article', { name: `Tolkade svar att se över: ${clicked}` });
    await group.getByText('Öppen', { exact: true }).waitFor();
    expect(await group.textContent()).toContain(`Boten tolkade frågan som ”${second.interpretedAs}”.`);
    expect(await group.textContent()).toContain(`valde en annan fråga 1 gång: ”${other}”`);
    await group.getByRole('button', { name: 'Lägg till som formulering' }).click();
    expect(await group.getByLabel('Formulering').inputValue()).toBe(clicked);
    expect(await group.getByLabel('Lägg till i posten').inputValue()).toBe(otherId);
    await page.screenshot({ path: join(SHOTS, 'console-review-interpreted-desktop.png'), fullPage: true });

    // Only 👎: nothing to go by but that the bot's pick was wrong, so nothing is pre-selected.
    const downGroup = list.getByRole('article', { name: `Tolkade svar att se över: ${down}` });
    expect(await downGroup.textContent()).toContain('Personalen: 1 👎.');
    await downGroup.getByRole('button', { name: 'Lägg till som formulering' }).click();
    expect(await downGroup.getByLabel('Lägg till i posten').inputValue()).toBe('');
    expect(await downGroup.getByRole('button', { name: 'Spara formuleringen' }).isDisabled()).toBe(true);

    // The phrasing goes to the entry staff chose, and the bot answers it from there now.
    await group.getByRole('button', { name: 'Spara formuleringen' }).click();
    const saveAnyway = group.getByRole('button', { name: 'Spara ändå' });
    await Promise.race([group.getByText('Sparat. Boten svarar med ändringen nu.').waitFor(), saveAnyway.waitFor()]);
    if (await saveAnyway.isVisible()) await saveAnyway.click();
    const now = group.getByRole('status').filter({ hasText: 'Boten svarar nu' });
    await now.waitFor();
    expect(await now.textContent()).toContain(`Från posten ${otherId}`);
    await group.getByText('Hanterad: formulering tillagd').waitFor();
    expect(problems).toEqual([]);
    await close();
  });

  it('fits "Granska" with interpreted answers on a 390 px phone', async () => {
    const { page, problems, close } = await open(390);
    await page.getByRole('button', { name: 'Granska' }).click();
    await page.getByRole('heading', { name: /^Tolkade svar att se över/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
    await close();
  });
});
