/**
 * The import at scale: N web pages generated from SweFAQ sentences (real Swedish from Swedish authorities, read at
 * run time), each with site chrome, a stated date and 3 to 6 sections, imported one by one as `faq import` does
 * (without a knowledge folder, so drafts are not grounded: the conversion alone is timed), then added to our
 * knowledge beside the fact page. The engine and the peers are built over the same pages and asked SweFAQ questions
 * and our own evaluation questions: build time, heap and p99 per question.
 */
import { sentences } from '../src/answer/quote';
import { seeded } from '../src/cli/robustness';
import { importDocument } from '../src/knowledge/import';
import { parsePage } from '../src/knowledge/markdown';
import type { KnowledgeBase, Page } from '../src/knowledge/types';

/** One generated page as a browser would save it: menu, cookie notice and footer around an article. */
function pageHtml(i: number, pool: readonly string[], rnd: () => number): string {
  const pick = () => pool[Math.floor(rnd() * pool.length)] as string;
  const heading = () => {
    const words = pick()
      .replace(/[.!?]$/, '')
      .split(/\s+/)
      .slice(0, 3 + Math.floor(rnd() * 4));
    return words.join(' ');
  };
  const sections = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => {
    const paragraphs = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => `<p>${pick()} ${pick()}</p>`);
    return `<h2>${heading()}</h2>\n${paragraphs.join('\n')}`;
  });
  const year = 2015 + (i % 10);
  return `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Sida ${i}: ${heading()}</title></head><body>
<header><nav><ul><li><a href="/">Start</a></li><li><a href="/om">Om oss</a></li><li><a href="/kontakt">Kontakt</a></li></ul></nav></header>
<main><article><h1>Sida ${i}: ${heading()}</h1><p>Publicerad: ${year}-0${1 + (i % 9)}-1${i % 10}</p>
${sections.join('\n')}</article></main>
<footer><p>Regionens växel. Om webbplatsen. Kakor. Tillgänglighet.</p></footer></body></html>`;
}

export interface ImportedBench {
  pages: Page[];
  /** Milliseconds per page, in order. */
  times: number[];
}

/** Generates and imports `n` pages from the SweFAQ answers (seeded: every run the same pages). */
export async function importPages(answers: readonly string[], n: number, seed = 35): Promise<ImportedBench> {
  const pool = answers.flatMap((t) => sentences(t)).filter((s) => s.length > 20);
  const rnd = seeded(seed);
  const pages: Page[] = [];
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = Buffer.from(pageHtml(i, pool, rnd));
    const t0 = performance.now();
    const page = await importDocument({ bytes, fileName: `sida-${i}.html`, url: `https://example.se/sidor/${i}`, owner: 'Bench' });
    times.push(performance.now() - t0);
    // Each page's anchors are unique within it; across pages a file name's prefix keeps them apart as the folder would.
    const unique = page.markdown.replace(/\{#([a-z0-9-]+)\}/g, `{#p${i}-$1}`);
    const parsed = parsePage(`sida-${i}.md`, unique, []);
    if (parsed) pages.push(parsed);
  }
  return { pages, times };
}

/** Our knowledge with the imported pages beside its own. */
export function withPages(kb: KnowledgeBase, pages: readonly Page[]): KnowledgeBase {
  return { ...kb, pages: [...kb.pages, ...pages] };
}
