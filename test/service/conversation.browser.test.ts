/**
 * "Testa en fråga" as a conversation, in a real browser at 1280 and 390 px: each question above its answer, newest
 * last, the answer's follow-up questions as buttons; a click asks that question in the same conversation (the same
 * conversation id on every ask), "Ny konversation" clears the view and starts another id. Text from the knowledge
 * and from the communicator is shown as text, never read as markup.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser';
import { type Running, startService } from './helpers';

const HOSTILE = 'Vad står <img src=x onerror="window.__xss=1">VGR för?';

describe('"Testa en fråga" as a conversation, in a real browser', () => {
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false' });
    browser = await launchChromium();
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
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('request', (r) => !r.url().startsWith(s.url) && !r.url().startsWith('data:') && problems.push(`external request: ${r.url()}`));
    // Every ask's body, in order: the conversation id it names.
    const asks: { question: string; conversation?: string }[] = [];
    page.on('request', (r: Request) => {
      if (r.url().endsWith('/console/api/ask')) asks.push(r.postDataJSON());
    });
    await page.goto(`${s.url}/console`);
    return { page, problems, asks, close: () => context.close() };
  };

  for (const width of [1280, 390])
    it(`asks, offers follow-up questions, asks one below in the same conversation, and starts over at ${width} px`, async () => {
      const { page, problems, asks, close } = await open(width);
      const engine = s.service.knowledge.engine;
      const first = 'När beslutade VGR att inte avropa optionerna?';
      const expected = engine.ask(first);
      expect(expected.followUps.length).toBe(3);
      const field = page.getByLabel('Fråga', { exact: true });
      await field.fill(first);
      await field.press('Enter');
      const answers = page.getByRole('article', { name: 'Botens svar' });
      await answers.first().getByText(expected.answer, { exact: true }).waitFor();
      const followUps = answers.first().getByRole('list', { name: 'Vill du veta mer?' });
      const buttons = followUps.getByRole('button');
      expect(await buttons.allTextContents()).toEqual(expected.followUps.map((f) => f.question));
      // The field is empty for the next question.
      expect(await field.inputValue()).toBe('');

      // A click asks that question: its answer comes below, in the same conversation.
      const chosen = expected.followUps[1]!;
      await followUps.getByRole('button', { name: chosen.question, exact: true }).click();
      await answers
        .nth(1)
        .getByText(engine.faqEntry(chosen.id)?.answer as string, { exact: true })
        .waitFor();
      const turns = page.locator('#result .turn');
      expect(await turns.count()).toBe(2);
      expect(await turns.locator('.asked').allTextContents()).toEqual([`Fråga: ${first}`, `Fråga: ${chosen.question}`]);
      // The newest last, in the order of the page.
      const [a, b] = await answers.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
      expect(a as number).toBeLessThan(b as number);
      expect(asks.map((x) => x.question)).toEqual([first, chosen.question]);
      expect(asks[0]?.conversation).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(asks[1]?.conversation).toBe(asks[0]?.conversation);
      // Both asks are one conversation in the question log (hashed).
      const hashes = await s.service.sql.all<{ c: string }>(
        'SELECT conversation_hash AS "c" FROM questions WHERE channel = \'console\' ORDER BY id DESC LIMIT 2',
      );
      expect(hashes.map((h) => h.c)).toEqual([hashes[0]?.c, hashes[0]?.c]);
      expect(hashes[0]?.c).toBeTruthy();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

      // "Ny konversation": the view is empty, and the next question goes under a new id.
      await page.getByRole('button', { name: 'Ny konversation' }).click();
      expect(await turns.count()).toBe(0);
      expect(await answers.count()).toBe(0);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('question');
      await field.fill('Vad är FVM?');
      await field.press('Enter');
      await answers.first().getByText('Varför detta svar').waitFor();
      expect(await turns.count()).toBe(1);
      expect(asks).toHaveLength(3);
      expect(asks[2]?.conversation).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(asks[2]?.conversation).not.toBe(asks[0]?.conversation);
      expect(problems).toEqual([]);
      await close();
    });

  it('shows a question and a follow-up question with markup in them as text', async () => {
    // An entry whose question holds markup, offered as a follow-up under "Vad är FVM?".
    const faq = join(s.knowledgeDir, 'faq.yaml');
    const text = readFileSync(faq, 'utf8');
    writeFileSync(
      faq,
      text
        .replace('  question: Vad står VGR för?', `  question: '${HOSTILE}'`)
        .replace('- id: fvm\n', '- id: fvm\n  related:\n    - vad-ar-vgr\n'),
    );
    try {
      expect(s.service.knowledge.reload().ok).toBe(true);
      const { page, problems, close } = await open(1280);
      const field = page.getByLabel('Fråga', { exact: true });
      await field.fill('Vad är FVM?');
      await field.press('Enter');
      const answer = page.getByRole('article', { name: 'Botens svar' }).last();
      const followUps = answer.getByRole('list', { name: 'Vill du veta mer?' });
      await followUps.getByRole('button', { name: HOSTILE, exact: true }).click();
      const asked = page.locator('#result .turn .asked');
      await asked.nth(1).getByText(`Fråga: ${HOSTILE}`, { exact: true }).waitFor();
      await page.getByRole('article', { name: 'Botens svar' }).nth(1).getByText('Varför detta svar').waitFor();
      // A typed question with markup, as the third.
      const typed = 'Vad är <b id="typed">FVM</b>?<script>window.__xss=2</script>';
      await field.fill(typed);
      await field.press('Enter');
      await page.getByRole('article', { name: 'Botens svar' }).nth(2).getByText('Varför detta svar').waitFor();
      expect(await asked.nth(2).textContent()).toBe(`Fråga: ${typed}`);
      expect(await page.locator('#result img, #result b, #result script').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(problems).toEqual([]);
      await close();
    } finally {
      writeFileSync(faq, text);
      s.service.knowledge.reload();
    }
  });
});
