/**
 * "Poster" in a real browser, as a communicator uses it: after a save and after *Ångra* the form shows the entry as
 * it is now in force and the change list shows both at once; a form an undo or another save has overtaken is refused
 * rather than bringing old text back; a change is shown as the entry's fields before and after, in Swedish; the
 * search says how many entries it shows; and the console speaks a communicator's words, not the operator's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser';
import { type Running, startService } from './helpers';

const NEW_ANSWER = 'Enligt faktasidan blir Millennium det gemensamma journalsystemet i Västra Götaland, med beslutsstöd.';

describe('"Poster" in a real browser', () => {
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    // No CONSOLE_TOKEN: the loopback console, as after `npm start` on one machine.
    s = await startService({ WATCH_KNOWLEDGE: 'false' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  const open = async (width = 1280) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 4') && problems.push(m.text()));
    await page.goto(`${s.url}/console`);
    await page.getByRole('button', { name: 'Poster' }).click();
    await page.getByRole('heading', { name: 'Ändringar från konsolen' }).waitFor();
    return { page, problems, close: () => context.close() };
  };
  /** The entry's card in the list (its line names its id), opened. */
  const entryCard = async (page: Page, id: string): Promise<Locator> => {
    const card = page.locator('details.entry').filter({ has: page.locator('summary', { hasText: ` ${id} · ` }) });
    await card.locator('summary').click();
    return card;
  };
  const faq = () => readFileSync(join(s.knowledgeDir, 'faq.yaml'), 'utf8');
  const entry = (id: string) => s.service.knowledge.engine.faqEntry(id);
  const changes = (page: Page) => page.locator('#tab-entries ul.changes > li');

  // At each width its own entry, so that each run's changes are its own; the new answer is the old one without its
  // last sentence, so it says nothing the page does not.
  for (const [width, id] of [
    [1280, 'vad-ar-millennium'],
    [390, 'missvisande-uppgifter'],
  ] as const)
    it(`after a save and after "Ångra" the form holds the text in force and the change list shows both, without a reload, at ${width} px`, async () => {
      const { page, problems, close } = await open(width);
      const { answer: original, question } = entry(id) as NonNullable<ReturnType<typeof entry>>;
      const shorter = original
        .split(/(?<=\.) /)
        .slice(0, -1)
        .join(' ');
      expect(shorter.length).toBeGreaterThan(20);
      const card = await entryCard(page, id);
      const answer = card.getByLabel(/^Svar/);
      expect(await answer.inputValue()).toBe(original);
      await answer.fill(shorter);
      await card.getByRole('button', { name: 'Spara ändringen' }).click();
      await card.getByText('Sparat. Boten svarar med ändringen nu.').waitFor();
      // The change list shows the edit at once.
      await changes(page)
        .filter({ hasText: `Post ändrad · ${question}` })
        .waitFor();
      expect(entry(id)?.answer).toBe(shorter);
      expect(faq()).toContain(`  answer: ${shorter}\n`);

      await card.getByRole('button', { name: 'Ångra' }).click();
      await card.getByText('Ångrat: faq.yaml är som före ändringen.').waitFor();
      // The form shows the answer in force again, and the list the edit (undone) and its undo, still without a reload.
      await expect.poll(() => answer.inputValue()).toBe(original);
      await changes(page)
        .filter({ hasText: `Ångring · ${question}` })
        .waitFor();
      await changes(page)
        .filter({ hasText: `Post ändrad · ${question}` })
        .filter({ hasText: 'ångrad' })
        .waitFor();
      expect(entry(id)?.answer).toBe(original);

      // The next save from the same form saves what it shows: the undone text does not come back.
      await card.getByLabel('Granskad i dag').check();
      await card.getByRole('button', { name: 'Spara ändringen' }).click();
      await card.getByText('Sparat. Boten svarar med ändringen nu.').waitFor();
      expect(entry(id)?.answer).toBe(original);
      expect(faq()).not.toContain(`  answer: ${shorter}\n`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(problems).toEqual([]);
      await close();
    });

  it('refuses a save from a form another save has overtaken, after the page has read the knowledge again for another form', async () => {
    const first = await open();
    const second = await open();
    try {
      const stale = await entryCard(second.page, 'vad-ar-millennium');
      const other = await entryCard(second.page, 'fvm');
      const original = entry('vad-ar-millennium')?.answer as string;

      // The first page changes the answer; the second page's form still shows the answer from before.
      const card = await entryCard(first.page, 'vad-ar-millennium');
      await card.getByLabel(/^Svar/).fill(NEW_ANSWER);
      await card.getByRole('button', { name: 'Spara ändringen' }).click();
      await card.getByText('Sparat. Boten svarar med ändringen nu.').waitFor();
      expect(await stale.getByLabel(/^Svar/).inputValue()).toBe(original);

      // The second page saves another entry: the file changed since it read it, so it reads it again and saves.
      await other.getByLabel('Granskad i dag').check();
      await other.getByRole('button', { name: 'Spara ändringen' }).click();
      await other.getByRole('alert').filter({ hasText: 'faq.yaml har ändrats sedan konsolen läste den' }).waitFor();
      await other.getByRole('button', { name: 'Ladda om' }).click();
      await other.getByLabel('Granskad i dag').check();
      await other.getByRole('button', { name: 'Spara ändringen' }).click();
      await other.getByText('Sparat. Boten svarar med ändringen nu.').waitFor();

      // The page knows the file's newest version now, but the first form still holds the old answer: saving it would
      // write that answer over the new one. It is refused, and nothing is written.
      const phrasings = `${entry('vad-ar-millennium')?.alternates.join('\n')}\nVad är Millennium för något?`;
      await stale.getByLabel(/^Andra formuleringar/).fill(phrasings);
      await stale.getByRole('button', { name: 'Spara ändringen' }).click();
      await stale.getByRole('alert').filter({ hasText: 'Posten har ändrats sedan formuläret fylldes i' }).waitFor();
      expect(entry('vad-ar-millennium')?.answer).toBe(NEW_ANSWER);
      expect(entry('vad-ar-millennium')?.alternates).not.toContain('Vad är Millennium för något?');

      // "Ladda om" shows the text in force; then the change goes through, on top of the first page's.
      await stale.getByRole('button', { name: 'Ladda om' }).click();
      await expect.poll(() => stale.getByLabel(/^Svar/).inputValue()).toBe(NEW_ANSWER);
      await stale.getByLabel(/^Andra formuleringar/).fill(phrasings);
      await stale.getByRole('button', { name: 'Spara ändringen' }).click();
      await stale.getByText('Sparat. Boten svarar med ändringen nu.').waitFor();
      expect(entry('vad-ar-millennium')).toMatchObject({
        answer: NEW_ANSWER,
        alternates: expect.arrayContaining(['Vad är Millennium för något?']),
      });
      expect(first.problems).toEqual([]);
      expect(second.problems).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("shows a change as the entry's fields before and after, in Swedish, not as a diff of the file", async () => {
    const { page, problems, close } = await open();
    const card = await entryCard(page, 'cerner');
    const before = entry('cerner') as NonNullable<ReturnType<typeof entry>>;
    await card.getByLabel('Fråga', { exact: true }).fill('Vilken roll har Cerner i upphandlingen?');
    await card.getByLabel(/^Andra formuleringar/).fill([...before.alternates.slice(1), 'Vad gör Cerner i det här?'].join('\n'));
    await card.getByRole('button', { name: 'Spara ändringen' }).click();
    const anyway = card.getByRole('button', { name: 'Spara ändå' });
    await Promise.race([card.getByText('Sparat. Boten svarar med ändringen nu.').waitFor(), anyway.waitFor()]);
    if (await anyway.isVisible()) await anyway.click();
    await card.getByText('Sparat. Boten svarar med ändringen nu.').waitFor();

    // The list drawn afresh, as any visit to the tab draws it.
    await page.getByRole('button', { name: 'Poster' }).click();
    const change = changes(page).filter({ hasText: 'Post ändrad · Vilken roll har Cerner i upphandlingen?' });
    await change.getByText('Visa ändringen').click();
    const fields = change.locator('dl');
    await fields.waitFor();
    const terms = await fields.locator('dt').allTextContents();
    expect(terms).toEqual(['Fråga', 'Andra formuleringar']);
    const text = (await fields.textContent()) ?? '';
    expect(text).toContain(`Före: ${before.question}`);
    expect(text).toContain('Efter: Vilken roll har Cerner i upphandlingen?');
    expect(text).toContain(`Togs bort: ${before.alternates[0]}`);
    expect(text).toContain('Lades till: Vad gör Cerner i det här?');
    for (const raw of ['@@', 'rad ', 'question:', 'alternates', '- ']) expect(text).not.toContain(raw);
    expect(problems).toEqual([]);
    await close();
  });

  it('says how many entries the search shows, and all of them when it is emptied', async () => {
    const { page, problems, close } = await open();
    const total = s.service.knowledge.engine.kb.faq.length;
    const count = page.locator('#tab-entries p.hint').filter({ hasText: /^\d+ (av \d+ )?poster, / });
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^${total} poster, `));
    const marked = s.service.knowledge.engine.kb.outOfScope.length;
    expect(await count.textContent()).toContain(
      marked === 1 ? '1 fråga markerad ”ska inte besvaras”' : `${marked} frågor markerade ”ska inte besvaras”`,
    );
    const search = page.getByRole('searchbox', { name: 'Sök' });
    await search.fill('fvm');
    const matching = s.service.knowledge.engine.kb.faq.filter((e) =>
      `${e.id} ${e.question} ${e.alternates.join(' ')} ${e.answer}`.toLowerCase().includes('fvm'),
    ).length;
    expect(matching).toBeGreaterThan(0);
    expect(matching).toBeLessThan(total);
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^${matching} av ${total} poster, `));
    expect(await page.locator('details.entry:visible').count()).toBe(matching);
    await search.fill('');
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^${total} poster, `));
    expect(await page.locator('details.entry:visible').count()).toBe(total);
    expect(problems).toEqual([]);
    await close();
  });

  it("speaks a communicator's words: no setting names on the tabs, and the health view in plain Swedish", async () => {
    const { page, problems, close } = await open();
    // The text as drawn: what is hidden (another tab, a control the role may not use) is not read.
    // biome-ignore lint/performance/useDomNodeTextContent: textContent would read hidden text too
    const visible = () => page.evaluate(() => document.body.innerText);
    for (const tab of ['Testa en fråga', 'Granska', 'Poster', 'Ärenden']) {
      await page.getByRole('button', { name: tab }).click();
      expect(await visible(), tab).not.toContain('CONSOLE_TOKEN');
      expect(await visible(), tab).not.toContain('faq check');
    }
    await page.getByRole('button', { name: 'Kunskapens hälsa' }).click();
    await page.getByRole('heading', { name: 'Källsidor' }).waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn, as above
    const health = await page.locator('#tab-health').innerText();
    const engine = s.service.knowledge.engine;
    expect(engine.kb.pages).toHaveLength(1);
    expect(engine.kb.passages).toHaveLength(0);
    expect(health).toContain(
      `Inga fel: boten använder all kunskap (1 sida, ${engine.kb.faq.length} poster och ${engine.stats.sections} avsnitt).`,
    );
    for (const word of ['Kunskapen är hel', 'faq check', '0 textstycken', 'textstycke']) expect(health).not.toContain(word);
    // How the console is reached is said once, here, for the administrator.
    expect(health.split('CONSOLE_TOKEN')).toHaveLength(2);
    expect(await page.getByRole('heading', { name: 'Inloggning till konsolen' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await close();
  });

  it('picks follow-up questions by their question, saves them as ids, and shows the change under their label', async () => {
    const { page, problems, close } = await open(1280);
    const card = await entryCard(page, 'vad-ar-iva');
    const first = card.getByRole('combobox', { name: 'Följdfråga 1' });
    // Every other entry, by its question; not the entry itself.
    const options = await first.locator('option').allTextContents();
    expect(options[0]).toBe('Ingen');
    expect(options).toContain('Vad står VGR för?');
    expect(options).not.toContain('Vad står IVA för?');
    await first.selectOption({ label: 'Vad står VGR för?' });
    await card.getByRole('combobox', { name: 'Följdfråga 2' }).selectOption({ label: 'Vad är FVM?' });
    await card.getByRole('button', { name: 'Spara ändringen' }).click();
    await card.getByText('Sparat. Boten svarar med ändringen nu.').waitFor();
    expect(faq()).toMatch(/- id: vad-ar-iva\n(?:.*\n)*? {2}related:\n {4}- vad-ar-vgr\n {4}- fvm\n {2}reviewed:/);
    expect(
      s.service.knowledge.engine
        .ask('Vad står IVA för?')
        .followUps.slice(0, 2)
        .map((f) => f.id),
    ).toEqual(['vad-ar-vgr', 'fvm']);
    // The form shows what is in force.
    expect(await first.inputValue()).toBe('vad-ar-vgr');
    expect(await card.getByRole('combobox', { name: 'Följdfråga 3' }).inputValue()).toBe('');
    // The change list names the field as the form does.
    await page.getByRole('button', { name: 'Poster' }).click();
    const change = changes(page).filter({ hasText: 'Post ändrad · Vad står IVA för?' }).first();
    await change.getByText('Visa ändringen').click();
    await change.locator('dl').waitFor();
    expect(await change.locator('dl dt').allTextContents()).toEqual(['Följdfrågor']);
    expect(problems).toEqual([]);
    await close();
  });
});
