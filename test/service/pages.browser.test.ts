/**
 * "Sidor" in a real browser: a communicator uploads an HTML page (made here, invented facts), sees its sections,
 * saves it, asks a question in *Testa en fråga* and sees the page cited, finds its drafts in *Granska*, and undoes
 * the import. The page carries script, an image with onerror and markup in a heading, and text that reads as markup
 * once extracted: none of it may reach the console as markup.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser';
import { interpreting } from '../helpers';
import { type Running, startService } from './helpers';
import { pageHtml } from './pages-fixture';

const HOSTILE: [string, string][] = [
  [
    'Vad är Nattugglan?',
    'Nattugglan är ett påhittat schemaverktyg för nattbemanning som Solängens sjukhus började använda hösten 2025. Verktyget visar vilka sköterskor som har jour under natten och skickar påminnelser till avdelningarnas samordnare.<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2">',
  ],
  [
    'Vem ansvarar för <b onmouseover="window.__xss = 3">Nattugglan</b>?',
    'Förvaltningen för digitala schemaverktyg på Solängens sjukhus ansvarar för Nattugglan och för utbildningen i verktyget. Skriv aldrig &lt;img src=x onerror="window.__xss = 4"&gt; i ett ärende till förvaltningen.',
  ],
  [
    'När byts Nattugglan ut?',
    'Nattugglan ska enligt planen användas till och med år 2029. Därefter ska schemaläggningen flyttas in i det regiongemensamma systemet för bemanning.',
  ],
];

describe('"Sidor" in a real browser', () => {
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    // The bot answers (as an interpretation) from what it finds: the question on the page is answered whatever the
    // shipped thresholds, and the answer must cite the page.
    s = await startService({ WATCH_KNOWLEDGE: 'false' }, { calibration: interpreting() });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('uploads a page, previews and saves it, sees it cited and its drafts in Granska, and undoes the import; its markup stays text', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.setDefaultTimeout(10_000);
    const xss = () => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
    await page.goto(`${s.url}/console`);

    await page.getByRole('button', { name: 'Sidor' }).click();
    // A page that states no date: the form says so and asks for it.
    await page.getByLabel('Fil (.html, .docx eller .pdf)').setInputFiles({
      name: 'nattugglan.html',
      mimeType: 'text/html',
      buffer: Buffer.from(pageHtml('Nattugglan', HOSTILE, '')),
    });
    await page.getByLabel(/^Sidans adress/).fill('https://www.vgregion.se/nattugglan/');
    await page.getByRole('button', { name: 'Förhandsvisa' }).click();
    await page.getByRole('alert').filter({ hasText: 'publicerades' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('page-published');
    await page.getByLabel(/^Publicerad/).fill('2025-03-14');
    await page.getByRole('button', { name: 'Förhandsvisa' }).click();
    const sections = page.getByRole('table', { name: 'Avsnitt' });
    await sections.getByRole('row').filter({ hasText: 'Vad är Nattugglan?' }).waitFor();
    expect(await sections.getByRole('row').filter({ hasText: 'Vem ansvarar för' }).textContent()).toContain('Ny');
    const preview = page.getByRole('article', { name: 'Förhandsvisning' });
    expect(await preview.textContent()).toContain('en ny sida');
    // The text that reads as markup shows as text, and no markup of the page became elements.
    expect(await preview.locator('img, script, b, [onmouseover], [onerror]').count()).toBe(0);
    await page.hover('#page-preview table');
    // On a phone the preview fits the screen: the sections' table shows each row as a card.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    await preview.getByRole('button', { name: 'Spara sidan' }).click();
    await page.getByText('Sidan Nattugglan är sparad').waitFor();
    const file = (await (await fetch(`${s.url}/console/api/changes`)).json()).changes[0].file as string;
    expect(existsSync(join(s.knowledgeDir, file))).toBe(true);

    await page.getByRole('button', { name: 'Testa en fråga' }).click();
    await page.getByLabel('Fråga', { exact: true }).fill('Hur länge ska Nattugglan användas?');
    await page.getByRole('button', { name: 'Fråga', exact: true }).click();
    const source = page.locator('#result .source').first();
    await source.waitFor();
    expect(await source.getByRole('link', { name: 'Nattugglan' }).getAttribute('href')).toBe('https://www.vgregion.se/nattugglan/');
    expect(await source.textContent()).toContain('”När byts Nattugglan ut?” i Nattugglan (publicerad 2025-03-14)');

    await page.getByRole('button', { name: 'Granska' }).click();
    const draft = page.getByRole('article', { name: 'Förslag: Vad är Nattugglan?' });
    await draft.waitFor();
    expect(await draft.textContent()).toContain('Från den importerade sidan Nattugglan');
    const drafts = page.locator('#review-drafts');
    expect(await drafts.locator('img, script, b, [onmouseover], [onerror]').count()).toBe(0);
    // A draft turns into an entry only through the normal form, with the imported section as its source.
    await draft.getByRole('button', { name: 'Skapa post' }).click();
    const form = draft.getByRole('form', { name: 'Ny post' });
    expect(await form.getByLabel(/^Avsnitt/).inputValue()).not.toBe('');
    expect(await form.getByLabel(/^Fråga/).inputValue()).toBe('Vad är Nattugglan?');

    await page.getByRole('button', { name: 'Sidor' }).click();
    await page.getByRole('button', { name: 'Ångra importen' }).click();
    await page.getByText('Importen är ångrad.').waitFor();
    expect(existsSync(join(s.knowledgeDir, file))).toBe(false);
    await page.getByRole('button', { name: 'Granska' }).click();
    await page.locator('#review h3').first().waitFor();
    await expect.poll(() => draft.count()).toBe(0);

    expect(await xss()).toBeUndefined();
    expect(problems).toEqual([]);
  });
});
