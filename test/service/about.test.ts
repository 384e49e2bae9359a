/**
 * The page the bot is about (its welcome card and App Home link to it) is the fact page even when another page
 * sorts before it in the knowledge folder, as an imported page can.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatPort } from '../../src/service/port';
import { type Running, startService } from './helpers';

const FACT_PAGE_URL = /^https:\/\/www\.vgregion\.se\/.*millennium-iva-och-anestesi/;

let s: Running;
beforeAll(async () => {
  s = await startService();
});
afterAll(() => s?.stop());

describe('the page the bot is about', () => {
  it('is the page the FAQ entries cite, not the first file of the folder', () => {
    writeFileSync(
      join(s.knowledgeDir, 'aaa-importerad.md'),
      '---\ntitle: En importerad sida\nurl: https://example.se/importerad\npublished: "2019"\nreviewed: 2026-11-26\nowner: Test\n---\n\n# En importerad sida {#en-importerad-sida}\n\nRegionen provade ett nytt schema under 2019.\n',
    );
    const reload = s.service.knowledge.reload();
    expect(reload.ok).toBe(true);
    expect(s.service.knowledge.engine.kb.pages[0]?.url).toBe('https://example.se/importerad');
    const about = chatPort(s.service).about();
    expect(about.url).toMatch(FACT_PAGE_URL);
    expect(about.published).toBe('2022');
  });
});
