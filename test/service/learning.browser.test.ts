import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser';
import { declining, ROOT } from '../helpers';
import { asStaff, type Running, startService } from './helpers';

// Screenshots for the README: written to docs/ when UPDATE_SCREENSHOTS=1, else to test-artifacts/.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs') : join(ROOT, 'test-artifacts');
const DECLINED = 'är det klart vilket system vi får på anestesin';

describe('the learning loop in a real browser', () => {
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    // No CONSOLE_TOKEN: the loopback console, as after `npm install && npm start`. The bot declines what it is not
    // sure of, so that the questions taught here are declined whatever the shipped thresholds.
    s = await startService({ WATCH_KNOWLEDGE: 'false' }, { calibration: declining() });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  const open = async (width: number) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 4') && problems.push(m.text()));
    page.on('request', (r) => !r.url().startsWith(s.url) && !r.url().startsWith('data:') && problems.push(`external request: ${r.url()}`));
    await page.goto(`${s.url}/console`);
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
  const faq = () => readFileSync(join(s.knowledgeDir, 'faq.yaml'));

  it('declined question -> "Lägg till som formulering" -> the bot answers it; undo restores faq.yaml byte for byte', async () => {
    const { page, problems, close } = await open(1280);
    const original = faq();
    const first = await askInConsole(page, DECLINED);
    await first.getByText('Inget säkert svar', { exact: true }).waitFor();
    // "Menade du…?" once per reply.
    expect((await first.textContent())?.split('Menade du…?')).toHaveLength(2);

    // Granska lists what staff asked (the console's own test is not counted there).
    await asStaff(s).ask(DECLINED);
    await page.getByRole('button', { name: 'Granska' }).click();
    const group = page.getByRole('article', { name: `Obesvarade frågor: ${DECLINED}` });
    await group.getByText('Öppen').waitFor();
    await group.getByRole('button', { name: 'Lägg till som formulering' }).click();
    expect(await group.getByLabel('Formulering').inputValue()).toBe(DECLINED);
    await group.getByLabel('Lägg till i posten').selectOption('nytt-system-istallet');
    await page.screenshot({ path: join(SHOTS, 'console-review-desktop.png'), fullPage: true });
    await group.getByRole('button', { name: 'Spara formuleringen' }).click();
    const now = group.getByRole('status').filter({ hasText: 'Boten svarar nu' });
    await now.getByText('Svar', { exact: true }).waitFor();
    expect(await now.textContent()).toContain('nytt-system-istallet');
    expect(faq().toString()).toContain(`    - ${DECLINED}\n`);

    const again = await askInConsole(page, DECLINED);
    await again.getByText('Svar', { exact: true }).waitFor();
    expect(await again.textContent()).toContain('Källa:');

    await page.getByRole('button', { name: 'Poster' }).click();
    const undo = page.getByRole('listitem').filter({ hasText: 'Formulering tillagd' }).getByRole('button', { name: 'Ångra' });
    await undo.click();
    await page.getByText('Ångrat: faq.yaml är som före ändringen.').waitFor();
    expect(faq().equals(original)).toBe(true);
    const last = await askInConsole(page, DECLINED);
    await last.getByText('Inget säkert svar', { exact: true }).waitFor();
    expect(problems).toEqual([]);
    await close();
  });

  it('creates a new entry through the form, and refuses an invalid edit in Swedish without writing anything', async () => {
    const { page, problems, close } = await open(1280);
    await page.getByRole('button', { name: 'Poster' }).click();
    await page.getByRole('button', { name: 'Ny post' }).click();
    const form = page.getByRole('form', { name: 'Ny post' });
    await form.getByLabel('Fråga', { exact: true }).fill('Vem gör upphandlingen av IT-stödet för IVA?');
    await form
      .getByLabel(/^Svar/)
      .fill('Hösten 2022 beslutade VGR att göra en separat upphandling av IT-stöd för IVA- och anestesivårdens speciella behov.');
    await form.getByLabel(/^Avsnitt/).selectOption('laget-iva-anestesi');
    await form
      .getByLabel(/^Andra formuleringar/)
      .fill('vem upphandlar iva-stödet\nVem köper in IT-stödet för intensivvården?\nvem sköter upphandlingen för anestesin');
    await form.getByRole('button', { name: 'Spara den nya posten' }).click();
    // A new entry may shift word weights enough to flag an evaluation question; the communicator decides.
    const saveAnyway = page.getByRole('button', { name: 'Spara ändå' });
    await Promise.race([page.getByText('Sparat. Boten svarar med ändringen nu.').waitFor(), saveAnyway.waitFor()]);
    if (await saveAnyway.isVisible()) await saveAnyway.click();
    await page.getByText('Sparat. Boten svarar med ändringen nu.').waitFor();
    await page.getByText('Boten svarar nu:').waitFor();
    expect(faq().toString()).toContain('- id: vem-gor-upphandlingen-av-it-stodet-for\n');
    const answer = await askInConsole(page, 'vem upphandlar iva-stödet');
    await answer.getByText('Svar', { exact: true }).waitFor();

    // An invalid edit: too few phrasings. Refused with faq check's Swedish message at file:line; nothing written.
    await page.getByRole('button', { name: 'Poster' }).click();
    await page.getByRole('searchbox', { name: 'Sök' }).fill('fvm');
    // The list shows only the matching entries once the search has rendered.
    await expect.poll(() => page.locator('details.entry:visible').count()).toBeLessThan(5);
    // By its heading: every entry's form lists the other entries' questions as follow-up choices.
    const entry = page
      .locator('details.entry:visible')
      .filter({ has: page.locator('summary', { hasText: 'Vad är FVM?' }) })
      .first();
    await entry.locator('summary').click();
    const before = faq();
    await entry.getByLabel(/^Andra formuleringar/).fill('bara en');
    await entry.getByRole('button', { name: 'Spara ändringen' }).click();
    await entry.getByRole('alert').filter({ hasText: 'sparades inte' }).waitFor();
    expect(await entry.textContent()).toMatch(/”Andra formuleringar” ska ha minst 3/);
    expect(faq().equals(before)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'console-entries-desktop.png'), fullPage: true });
    await page.getByRole('button', { name: 'Kunskapens hälsa' }).click();
    await page.getByRole('heading', { name: 'Källsidor' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'console-health-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
    await close();
  });

  for (const width of [1280, 390])
    it(`refuses an answer naming a person the page does not, once and in plain words, at ${width} px`, async () => {
      const { page, problems, close } = await open(width);
      const before = faq();
      await page.getByRole('button', { name: 'Poster' }).click();
      await page.getByRole('searchbox', { name: 'Sök' }).fill('beslut-2022');
      await expect.poll(() => page.locator('details.entry:visible').count()).toBe(1);
      const entry = page
        .locator('details.entry')
        .filter({ has: page.locator('summary', { hasText: 'Vad beslutade koncernledningen hösten 2022?' }) });
      await entry.locator('summary').click();
      await entry
        .getByLabel(/^Svar/)
        .fill(
          'Hösten 2022 beslutade Ann i koncernledning hälso- och sjukvård i VGR att göra en separat upphandling av IT-stöd för IVA- och anestesivård.',
        );
      await entry.getByRole('button', { name: 'Spara ändringen' }).click();
      await entry.getByRole('alert').filter({ hasText: 'Ändringen sparades inte.' }).waitFor();
      const reason = 'Svaret nämner ”Ann”, men det står inte i avsnittet ”Läget inom IVA- och anestesivården” på faktasidan.';
      const text = (await entry.textContent()) ?? '';
      // Once, in plain words: the field and the word, no file, line or entry id.
      expect(text.split(reason)).toHaveLength(2);
      expect(text.split('sparades inte')).toHaveLength(2);
      expect(text).not.toMatch(/faq\.yaml|:\d+:|fel: beslut-2022/);
      expect(await entry.getByRole('listitem').filter({ hasText: reason }).isVisible()).toBe(true);
      expect(faq().equals(before)).toBe(true);
      expect(problems).toEqual([]);
      await close();
    });

  it('edits an entry from a review group ("Redigera", "Granskad i dag") and marks the group handled', async () => {
    const { page, problems, close } = await open(1280);
    const question = 'hur blir det med journalen på iva framöver';
    await asStaff(s).ask(question);
    await page.getByRole('button', { name: 'Granska' }).click();
    const group = page.getByRole('article', { name: `Obesvarade frågor: ${question}` });
    await group.getByRole('button', { name: 'Redigera' }).click();
    const form = group.getByRole('form', { name: /^Redigera / });
    const id = ((await form.getAttribute('aria-label')) as string).replace('Redigera ', '');
    await form.getByLabel('Granskad i dag').check();
    await form.getByRole('button', { name: 'Spara ändringen' }).click();
    await group.getByText('Boten svarar nu:').waitFor();
    // Still declined: the confidence beside the decline says why it is no answer, never a bare figure.
    const now = group.getByRole('status').filter({ hasText: 'Boten svarar nu' });
    expect(await now.textContent()).toContain('Inget säkert svar');
    expect(await now.textContent()).not.toMatch(/säkerhet \d+ % \(svarar/);
    expect(await now.textContent()).toMatch(/Säkerhet \d+ %: .*(Det räcker inte för ett svar|boten svarar inte av skälet ovan)/);
    await group.getByText('Hanterad: post ändrad').waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const text = faq().toString();
    expect(text.slice(text.indexOf(`- id: ${id}\n`)).split('\n\n')[0]).toContain(`  reviewed: ${today}`);
    expect(problems).toEqual([]);
    await close();
  });

  it('"Testa en fråga" leads into the nearby question once where the page does not state what is asked', async () => {
    const { page, problems, close } = await open(1280);
    const answer = await askInConsole(page, 'Vad kostar Millennium?');
    expect(await answer.locator('.answer-text').textContent()).toBe(
      'Faktasidan säger inte vad det kostar. Den här närliggande frågan kan jag svara på:',
    );
    expect(await answer.getByRole('button', { name: 'Vad är Millennium?' }).count()).toBe(1);
    expect(await answer.getByRole('heading', { name: 'Relaterade frågor' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('fits a 390 px phone: no view is wider than the screen', async () => {
    const { page, problems, close } = await open(390);
    await askInConsole(page, DECLINED);
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await width()).toBeLessThanOrEqual(390);
    for (const [tab, ready, shot] of [
      ['Granska', 'Att granska', 'console-review-phone.png'],
      ['Poster', 'Ändringar från konsolen', 'console-entries-phone.png'],
      ['Kunskapens hälsa', 'Källsidor', 'console-health-phone.png'],
    ] as const) {
      await page.getByRole('button', { name: tab }).click();
      await page.getByRole('heading', { name: ready }).waitFor();
      expect(await width(), tab).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
    }
    expect(problems).toEqual([]);
    await close();
  });

  it('shows keyboard focus with a ring of at least 3:1 contrast against the white page', async () => {
    const { page, close } = await open(1280);
    await page.getByRole('button', { name: 'Testa en fråga' }).focus();
    await page.keyboard.press('Tab');
    const style = await page.evaluate(() => {
      const cs = getComputedStyle(document.activeElement as Element);
      return { color: cs.outlineColor, width: cs.outlineWidth, style: cs.outlineStyle };
    });
    expect(style.style).toBe('solid');
    expect(Number.parseFloat(style.width)).toBeGreaterThanOrEqual(2);
    const [r, g, b] = (style.color.match(/\d+/g) ?? []).map(Number) as [number, number, number];
    const lum = (c: number) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    const L = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b);
    expect((1 + 0.05) / (L + 0.05)).toBeGreaterThanOrEqual(3);
    await close();
  });
});
