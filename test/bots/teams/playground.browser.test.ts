/**
 * Teams as Microsoft's own client shows it: the bot in local mode, driven from the Microsoft 365 Agents Playground's
 * web page in Chromium, as a user would. The playground renders messages with their citations and Teams' own
 * 👍/👎, cards with Microsoft's Adaptive Cards renderer, and sends the activities Teams sends; nothing leaves the
 * machine (see playground.ts). It shows a message's text and its card as two messages where Teams shows one, and it
 * reads no manifest, so prompt starters are tested on the manifest (app-package.test.ts). An interpreted answer is
 * shown by a second bot that interprets what it is not very sure of. Screenshots of each step go to docs/ with
 * UPDATE_SCREENSHOTS=1, else to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { teamsAdapters } from '../../../bots/teams/index';
import { ESCALATE_REPLY, FEEDBACK_MESSAGES, MESSAGES } from '../../../src/index';
import { adapterHost } from '../../../src/service/main';
import { launchChromium } from '../../browser';
import { declining, interpreting, ROOT } from '../../helpers';
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
    // The bot declines what it is not sure of, so that DECLINED is declined whatever the shipped thresholds.
    s = await startService({ WATCH_KNOWLEDGE: 'false', TEAMS_LOCAL: 'true' }, { calibration: declining() });
    for (const a of teamsAdapters(adapterHost(s.service))) await a.start();
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
  /** A screenshot of the page, with `focus` (a card) scrolled into view. */
  const shot = async (name: string, focus?: Locator) => {
    await focus?.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, `teams-${name}.png`) });
  };
  /** The Adaptive Cards the bot has posted in the open conversation. */
  const cards = () => page.locator('.ac-adaptiveCard');
  /** Every message the bot has posted in the open conversation (text or card). */
  const replies = () => page.locator('.fai-OutputCard');
  /** Waits until the open conversation has more than `n` bot messages and returns the first new one. */
  const replyAfter = async (n: number) => {
    await expect.poll(() => replies().count(), { timeout: 10_000 }).toBeGreaterThan(n);
    return replies().nth(n);
  };
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

  it('answers as text with a numbered citation that opens the cited section with its page year, and shows no button text clipped', async () => {
    const question = 'Varför lades IVA- och anestesimodulerna som optioner?';
    const source = s.service.knowledge.engine.ask(question).sources[0]!;
    const n = await replies().count();
    await send(question);
    const answer = await replyAfter(n);
    const citation = answer.locator('a.fai-Citation');
    await expect.poll(() => citation.count()).toBe(1);
    expect(await shown(citation)).toBe('1');
    // No source line of our own: the citation is the source.
    expect(await shown(answer)).not.toContain('Källa:');
    // The pop-up closes when the chat scrolls: click once the new messages have scrolled into view.
    await page.waitForTimeout(1500);
    await citation.focus();
    await page.keyboard.press('Enter');
    // The pop-up: the section's opening, linking to the section, and its heading. (The playground leaves out the
    // keywords, the page's year among them: handlers.test.ts checks them in the activity.)
    const section = s.service.knowledge.engine.kb.pages[0]!.sections.find((x) => x.id === source.id)!;
    const link = page.locator(`a[href="${source.url}#${source.id}"]`);
    await link.waitFor();
    expect((await shown(link)).replace(/\s+/g, ' ')).toMatch(new RegExp(`^${section.text.trim().slice(0, 20)}`));
    expect(await shown(page.locator('body'))).toContain(source.section);
    // Past the pop-up's fade-in, for the picture.
    await page.waitForTimeout(500);
    await shot('citation');
    await page.keyboard.press('Escape');
    expect(await clipped(page.locator('body'))).toEqual([]);
    await shot('answer', answer);
  });

  it('declines with one "Menade du…?" and offers the questions as suggested actions; a click asks it and is recorded', async () => {
    const expected = s.service.knowledge.engine.ask(DECLINED);
    const n = await replies().count();
    await send(DECLINED);
    const reply = await replyAfter(n);
    await expect.poll(() => shown(reply)).toContain('Menade du…?');
    const text = await shown(reply);
    expect(text.match(/Menade du…\?/g)?.length).toBe(1);
    expect(text).not.toContain('Du kan till exempel fråga');
    const offered = expected.suggestions.slice(0, 3);
    for (const q of offered) await page.getByRole('button', { name: q, exact: true }).waitFor();
    await shot('declined');
    const asked = (await s.service.sql.get<{ id: number }>('SELECT id FROM questions ORDER BY id DESC'))?.id;
    const m = await replies().count();
    await page.getByRole('button', { name: offered[0] as string, exact: true }).click();
    const answer = await replyAfter(m);
    await expect.poll(() => answer.locator('a.fai-Citation').count()).toBe(1);
    const entry = s.service.knowledge.engine.kb.faq.find((e) => e.question === offered[0])?.id;
    expect(
      await s.service.sql.all('SELECT entry_id AS "e", kind AS "k" FROM suggestion_clicks WHERE from_question_id = ?', [asked ?? 0]),
    ).toEqual([{ e: entry, k: 'suggestion' }]);
  });

  it("records Teams' own 👍 with its comment on the answer, redacted, and Teams thanks the voter", async () => {
    const asked = (await s.service.sql.get<{ id: number }>('SELECT id FROM questions ORDER BY id DESC'))?.id ?? 0;
    // The playground's feedback names no message, so it counts for the latest answer: once that is remembered (just
    // after it is posted).
    await expect
      .poll(async () => (await s.service.sql.all('SELECT question_id FROM replies WHERE question_id = ?', [asked])).length)
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Like', exact: true }).last().click();
    await page.getByPlaceholder(/Give as much detail/).fill('Bra svar. Ring mig på 070-123 45 67.');
    await shot('feedback');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => shown(page.locator('body'))).toContain('We appreciate your feedback.');
    const rows = await s.service.sql.all<{ h: number; c: string }>(
      'SELECT helpful AS "h", comment AS "c" FROM feedback WHERE question_id = ?',
      [asked],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.h).toBe(1);
    expect(rows[0]?.c).toContain('Bra svar.');
    expect(rows[0]?.c).not.toContain('070-123 45 67');
    await page.getByRole('button', { name: 'Close' }).first().click();
    // Teams thanks the voter itself: the bot posts nothing (no refusal, no card).
    expect(await shown(page.locator('body'))).not.toContain(FEEDBACK_MESSAGES.notSaved);
  });

  it("after Teams' own 👎 with no support desk set, records it and posts nothing", async () => {
    const n = await replies().count();
    await send('Vad är FVM?');
    await replyAfter(n);
    const asked = (await s.service.sql.get<{ id: number }>('SELECT id FROM questions ORDER BY id DESC'))?.id ?? 0;
    await expect
      .poll(async () => (await s.service.sql.all('SELECT question_id FROM replies WHERE question_id = ?', [asked])).length)
      .toBeGreaterThan(0);
    const m = await replies().count();
    await page.getByRole('button', { name: 'Dislike', exact: true }).last().click();
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => shown(page.locator('body'))).toContain('We appreciate your feedback.');
    await page.getByRole('button', { name: 'Close' }).first().click();
    expect(await s.service.sql.all('SELECT helpful AS "h" FROM feedback WHERE question_id = ?', [asked])).toEqual([{ h: 0 }]);
    expect(await replies().count()).toBe(m);
  });

  it('says plainly what the page does not state, leading into the nearby question once', async () => {
    const n = await replies().count();
    await send('Vad kostar Millennium?');
    await replyAfter(n);
    // The text, then its card with the nearby question.
    const text = replies().nth(n);
    await expect.poll(() => shown(text)).toContain(MESSAGES.notStatedRelated);
    const card = lastCard();
    await expect.poll(() => shown(card)).toContain('Vad är Millennium?');
    expect((await shown(text)).trim()).toBe(`${MESSAGES.notStated('vad det kostar')} ${MESSAGES.notStatedRelated}`);
    const lines = (await shown(card)).split('\n').filter((l) => l.trim());
    // The question it leads into: no "Relaterade frågor" heading before it.
    expect(lines[0]).toBe('Vad är Millennium?');
    expect(lines).not.toContain(MESSAGES.relatedHeading);
  });

  it('answers why VGR declined the options with the recommendation, and no "not stated" sentence that denies it', async () => {
    const n = await replies().count();
    await send('Varför avstod VGR från optionerna för IVA och anestesi?');
    const reply = await replyAfter(n);
    await expect.poll(() => reply.locator('a.fai-Citation').count()).toBe(1);
    const text = await shown(reply);
    // The recommendation, then plainly that the page says nothing more: not that it gives no reason at all.
    expect(text).toContain('deras inrådan blev att avstå från optionerna');
    expect(text).toContain('Faktasidan säger inte mer om skälen till beslutet.');
    expect(text).not.toMatch(/vilket skäl|(säger|anger|nämner) faktasidan inte/i);
  });

  it('refuses a clinical question', async () => {
    const n = await replies().count();
    await send('Vilken dos propofol ska patienten ha?');
    const reply = await replyAfter(n);
    await expect.poll(() => shown(reply)).toMatch(/medicinska råd|kliniska/);
  });

  it('the messaging extension lists answers cut at a word, inserts one with its source, and the bot leaves the card alone', async () => {
    const n = await cards().count();
    await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
    await page.getByRole('menuitem', { name: 'Search Command' }).click();
    // The playground does not read the manifest: it is told the command and its parameter, as the manifest names them.
    await page.getByText('Specify Command ID or Parameter').click();
    await page.getByPlaceholder('Command ID').fill('searchFaq');
    await page.getByPlaceholder('Parameter name').fill('searchQuery');
    await page.getByPlaceholder('Enter a search term').fill('vem bestämmer om optionerna');
    await page.keyboard.press('Enter');
    const first = page.getByRole('heading', { name: 'Vem bestämmer om en option ska användas?' });
    await first.waitFor();
    const previews = await page.locator('h1 ~ span').allTextContents();
    expect(previews.length).toBeGreaterThan(3);
    // Some answers are longer than a preview: those are the ones the loop below checks.
    expect(previews.some((t) => t.endsWith('…'))).toBe(true);
    for (const text of previews.filter((t) => t.endsWith('…'))) {
      const kept = text.slice(0, -1);
      const entry = s.service.knowledge.engine.kb.faq.find((e) => e.answer.startsWith(kept));
      expect(entry, text).toBeDefined();
      // Cut at a word: what follows the kept text in the answer is a space or punctuation.
      expect(entry?.answer.slice(kept.length, kept.length + 1), text).toMatch(/[\s,.;:–-]/);
    }
    await shot('search');
    const logged = async () => (await s.service.sql.all<{ n: number }>('SELECT COUNT(*) AS "n" FROM questions'))[0]?.n;
    const askedBefore = await logged();
    await first.click();
    await page.getByRole('button', { name: 'Send Message' }).click();
    const inserted = await cardCount(n + 1);
    await expect.poll(() => shown(inserted)).toMatch(/Vem bestämmer om en option[\s\S]*Källa: .*publicerad 2022/);
    // The pasted card reaches the bot as a message of markup and a card: no answer to it, and nothing logged as asked.
    await page.waitForTimeout(1500);
    expect(await cards().count()).toBe(n + 1);
    expect(await logged()).toBe(askedBefore);
    await shot('inserted');
  });

  it('"Fråga supporten" reaches the desk channel as typed, and the desk\'s answer comes back in the 1:1 chat', async () => {
    // The desk: "@Faktabot ställ in supportkanal" in the team's channel, with a real @mention from the picker.
    await page.getByRole('treeitem', { name: 'My Team - General' }).click();
    // Opening the channel installs the bot there, and it posts its welcome: wait for it, so that the post below does
    // not race the welcome into the channel (the playground then drops the reply to the post).
    await expect.poll(() => shown(page.locator('body'))).toMatch(/Start a new post[\s\S]*Hej! Jag svarar kort/);
    await page.locator('[data-lexical-editor=true]').first().click();
    await page.keyboard.type('@Test');
    await page.getByRole('menuitem', { name: 'Test Bot' }).click();
    await page.keyboard.type(' ställ in supportkanal');
    await page.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => shown(page.locator('body'))).toMatch(/den här kanalen är nu supportens kanal/);
    // The setting that pins the desk is for operations: in the service log, not in the desk's channel.
    expect(await shown(page.locator('body'))).not.toContain('SUPPORT_CHANNEL');
    expect(s.logs.some((l) => l.includes('support desk set from Teams') && /"pin":"teams:[^"]+"/.test(l))).toBe(true);
    await shot('desk-set');

    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    const n = await cards().count();
    await send(DECLINED);
    // "Fråga supporten" is a button text cannot carry: the answer's card has it.
    await cardCount(n + 1);
    await lastCard().getByRole('button', { name: 'Fråga supporten' }).click();
    const form = await cardCount(n + 2);
    // Both fields are multi-line, the question pre-filled.
    const fields = form.locator('textarea');
    expect(await fields.count()).toBe(2);
    expect(await fields.first().inputValue()).toBe(DECLINED);
    const context = 'Vi är tre på avdelningen som undrar.\nGäller det _även_ oss? Se C:\\Mappar\\IVA';
    await fields.nth(1).fill(context);
    await shot('ask-desk', form);
    await form.getByRole('button', { name: 'Skicka till supporten' }).click();
    await expect.poll(() => shown(lastCard())).toContain(ESCALATE_REPLY.sent);
    // The form became the confirmation in place, and the answer card no longer offers "Fråga supporten": one
    // question, one ticket.
    expect(await cards().count()).toBe(n + 2);
    await expect.poll(() => shown(page.locator('body'))).toContain(FEEDBACK_MESSAGES.sentToSupport);
    expect(await page.getByRole('button', { name: 'Fråga supporten' }).count()).toBe(0);
    expect(await s.service.sql.all('SELECT id FROM tickets')).toHaveLength(1);

    await page.getByRole('treeitem', { name: 'My Team - General' }).click();
    const ticket = cards()
      .filter({ hasText: /Ärende \d+ ·/ })
      .last();
    await expect.poll(() => shown(ticket)).toMatch(/Ärende \d+ · öppen/);
    // The user's text as typed: line breaks kept, no emphasis, every backslash shown.
    const text = await shown(ticket);
    expect(text).toContain(context);
    expect(await ticket.locator('em, i').count()).toBe(0);
    expect(await clipped(ticket)).toEqual([]);
    await shot('ticket', ticket);
    await ticket.getByRole('button', { name: 'Jag tar den' }).click();
    await expect.poll(() => shown(ticket)).toMatch(/Status: tagen av Alex Wilber/);
    await ticket.getByRole('button', { name: 'Svara' }).click();
    const reply = 'Det står inte på faktasidan. Ring mig på 031-123 45 67, så reder vi ut det.';
    await ticket.locator('textarea').fill(reply);
    await ticket.getByRole('button', { name: 'Skicka svaret' }).click();
    // The desk sees the answer as it was sent; the store keeps it redacted.
    await expect.poll(() => shown(ticket)).toMatch(/Ärende \d+ · besvarad/);
    expect(await shown(ticket)).toContain(reply);
    const stored = (await s.service.sql.all<{ a: string | null }>('SELECT answer AS "a" FROM tickets')).map((r) => r.a ?? '');
    expect(stored.join('\n')).toContain('Det står inte på faktasidan. Ring mig på [telefon]');
    expect(stored.join('\n')).not.toContain('031-123 45 67');
    await shot('ticket-answered', ticket);

    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    const delivered = lastCard();
    await expect.poll(() => shown(delivered)).toContain('Svar från supporten');
    expect(await shown(delivered)).toContain(reply);
    expect(await shown(delivered)).toContain(DECLINED);
    await shot('desk-answer', delivered);
  });

  it('answers an @mention in a group chat, without the mention in the question', async () => {
    await page.getByRole('treeitem', { name: 'Group Chat' }).click();
    const n = await replies().count();
    await page.locator('[data-lexical-editor=true]').last().click();
    await page.keyboard.type('@Test');
    await page.getByRole('menuitem', { name: 'Test Bot' }).click();
    await page.keyboard.type(' när blev huvudavtalet klart?');
    await page.keyboard.press('Enter');
    // Opening the group chat installs the bot there, and its welcome may come first.
    await expect.poll(() => replies().count()).toBeGreaterThan(n);
    const reply = replies().filter({ hasText: 'hösten 2018' });
    await reply.waitFor();
    expect(await reply.locator('a.fai-Citation').count()).toBe(1);
    const asked = await s.service.sql.all<{ q: string }>('SELECT question AS "q" FROM questions ORDER BY id DESC LIMIT 1');
    expect(asked[0]?.q).toBe('när blev huvudavtalet klart?');
    await shot('group-chat');
  });

  it('left nothing to the network, and the playground logged no warnings or errors', async () => {
    expect(playground.offMachine()).toEqual([]);
    expect(new Set(aborted)).toEqual(new Set(aborted.filter((h) => h.endsWith('.cdn.office.net'))));
    // The playground's log panel: every activity it sent and every reply, with its HTTP status.
    const log = await shown(page.locator('div[contenteditable=true][spellcheck=false]'));
    expect(log).toMatch(/installationUpdate 200[\s\S]*message 201[\s\S]*invoke 200/);
    expect(log).not.toMatch(/warn|error|fail| [45]\d\d\b/i);
    expect(playground.output.join('')).not.toMatch(/warn|error/i);
    expect(pageErrors).toEqual([]);
  });
});

describe('Teams in the Agents Playground: an interpreted answer', () => {
  let s: Running;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The bot interprets nearly everything it is not very sure of, whatever the shipped thresholds.
    s = await startService({ WATCH_KNOWLEDGE: 'false', TEAMS_LOCAL: 'true' }, { calibration: interpreting() });
    for (const a of teamsAdapters(adapterHost(s.service))) await a.start();
    playground = await startPlayground(`${s.url}/api/messages`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await loopbackOnly(page);
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
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
  const shown = (locator: Locator) => locator.innerText();
  const replies = () => page.locator('.fai-OutputCard');

  it('says which question it answered, with the answer and its citation, and answers another question offered under "Menade du något annat?"', async () => {
    const question = 'vad ska vi använda istället';
    const expected = s.service.knowledge.engine.ask(question);
    expect(expected.outcome).toBe('interpreted');
    const n = await replies().count();
    await page.locator('[data-lexical-editor=true]').last().click();
    await page.keyboard.type(question);
    await page.keyboard.press('Enter');
    await expect.poll(() => replies().count(), { timeout: 10_000 }).toBeGreaterThan(n);
    const reply = replies().nth(n);
    await expect.poll(() => shown(reply)).toContain('Menade du något annat?');
    // Read in this order: the interpretation, the answer with its citation, the lead-in to the other questions. (The
    // playground shows a message with suggested actions as plain text, in one paragraph and with the citation as
    // "[1]" without its pop-up; Teams shows its paragraphs and the citation.)
    expect((await shown(reply)).replace(/\s+/g, ' ').trim()).toBe(
      `Jag tolkar frågan som ”${expected.interpretedAs}”. ${expected.answer} [1] Menade du något annat?`,
    );
    const other = expected.suggestions[0] as string;
    await page.getByRole('button', { name: other, exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'teams-interpreted.png') });

    const entry = s.service.knowledge.engine.kb.faq.find((e) => e.question === other);
    const m = await replies().count();
    await page.getByRole('button', { name: other, exact: true }).click();
    await expect.poll(() => replies().count(), { timeout: 10_000 }).toBeGreaterThan(m);
    const answer = replies().nth(m);
    // The question clicked shows as the user's message; the answer follows with its citation.
    await expect.poll(() => shown(answer)).toContain(entry?.answer);
    expect(await answer.locator('a.fai-Citation').count()).toBe(1);
    const asked = await s.service.sql.get<{ id: number }>('SELECT id FROM questions WHERE question = ?', [question]);
    expect(
      await s.service.sql.all('SELECT entry_id AS "e", kind AS "k" FROM suggestion_clicks WHERE from_question_id = ?', [asked?.id ?? 0]),
    ).toEqual([{ e: entry?.id, k: 'suggestion' }]);
    expect(playground.offMachine()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
