/**
 * The import core (src/knowledge/import) through its API: what the page it makes holds, where its date and title come
 * from, how anchors survive a re-import, how drafts are grounded, and what it refuses and why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImported, ImportError, type ImportInput, importDocument } from '../../src/knowledge/import';
import { checkKnowledge } from '../../src/knowledge/load';
import { MAX_IMPORT_BYTES } from '../../src/limits';
import { KNOWLEDGE, knowledgeCopy } from '../helpers';
import { docx, htmlPage, PNG, pdf, type Section, scannedPdf } from './import-fixtures';

const NOW = new Date('2026-12-07T12:00:00Z');
const URL = 'https://example.se/nyheter/pipra';
const SECTIONS: Section[] = [
  {
    heading: 'När började larmsystemet Pipra användas?',
    paragraphs: ['Larmsystemet Pipra började användas på IVA i Borås hösten 2024. Pipra ersatte då de gamla personsökarna.'],
  },
  { heading: 'Om Pipra', paragraphs: ['Pipra är ett larm som bärs på armen. Det piper när en patient behöver hjälp.'] },
];
const input = (bytes: Buffer, fileName: string, more: Partial<ImportInput> = {}): ImportInput => ({
  bytes,
  fileName,
  url: URL,
  knowledge: KNOWLEDGE,
  now: NOW,
  ...more,
});

/** The error an import throws; fails when it throws none. */
async function refusal(i: ImportInput): Promise<ImportError> {
  const e = await importDocument(i).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

describe('importDocument', () => {
  it('makes a page the knowledge loads: front matter, a section per heading with its anchor, no menus or footer', async () => {
    const page = await importDocument(input(htmlPage('Pipra på IVA i Borås', SECTIONS), 'pipra.html'));
    expect(page).toMatchObject({ file: 'pipra-pa-iva-i-boras.md', title: 'Pipra på IVA i Borås', url: URL, published: '2024-05-02' });
    expect(page.markdown).toMatch(
      /^---\ntitle: Pipra på IVA i Borås\nurl: https:\/\/example\.se\/nyheter\/pipra\npublished: "2024-05-02"\nreviewed: 2026-12-07\nowner: .+\n---\n/,
    );
    expect(page.sections.map((s) => [s.anchor, s.heading, s.status])).toEqual([
      ['nar-borjade-larmsystemet-pipra-anvandas', 'När började larmsystemet Pipra användas?', 'new'],
      ['om-pipra', 'Om Pipra', 'new'],
    ]);
    expect(page.markdown).toContain('## Om Pipra {#om-pipra}\n\nPipra är ett larm som bärs på armen.');
    for (const chrome of ['Startsida', 'kakor', 'växel', 'Publicerad']) expect(page.markdown).not.toContain(chrome);

    const dir = knowledgeCopy();
    writeFileSync(join(dir, page.file), page.markdown);
    const { kb, issues } = checkKnowledge(dir, { now: NOW });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(kb.pages.find((p) => p.url === URL)?.sections.map((s) => s.id)).toEqual(page.sections.map((s) => s.anchor));
  });

  it("reads the date the page states before its meta tags, and the caller's date before both", async () => {
    const withMeta = (stated: string) =>
      Buffer.from(
        htmlPage('Pipra', SECTIONS, stated)
          .toString()
          .replace('<title>', '<meta property="article:published_time" content="2021-03-04T10:00:00Z"><title>'),
      );
    expect((await importDocument(input(withMeta('Publicerad: 12 november 2020'), 'a.html'))).published).toBe('2020-11-12');
    expect((await importDocument(input(withMeta('Uppdaterad 3 mars 2022'), 'a.html'))).published).toBe('2022-03-03');
    expect((await importDocument(input(withMeta(''), 'a.html'))).published).toBe('2021-03-04');
    expect((await importDocument(input(withMeta(''), 'a.html', { published: '2019' }))).published).toBe('2019');
  });

  it('reads a page saved in Windows-1252, declared or not, with its å, ä and ö', async () => {
    const utf8 = htmlPage('Pipra på IVA i Borås', SECTIONS).toString();
    const latin = (html: string) => Buffer.from(html, 'latin1');
    for (const bytes of [
      latin(utf8.replace('charset="utf-8"', 'charset="windows-1252"')),
      latin(utf8.replace('<meta charset="utf-8">', '')),
    ]) {
      const page = await importDocument(input(bytes, 'pipra.html'));
      expect(page.title).toBe('Pipra på IVA i Borås');
      expect(page.sections[0]?.heading).toBe('När började larmsystemet Pipra användas?');
    }
  });

  it("reads a Word document's headings, and its date from its core properties", async () => {
    const page = await importDocument(input(await docx('Pipra i Word', SECTIONS), 'pipra.docx'));
    expect(page).toMatchObject({ title: 'Pipra i Word', published: '2023-09-14', kind: 'docx' });
    expect(page.sections.map((s) => s.heading)).toEqual(SECTIONS.map((s) => s.heading));
  });

  it("reads a PDF's headings from their larger font, and its date from its info dictionary", async () => {
    const page = await importDocument(input(await pdf('Pipra som PDF', SECTIONS), 'pipra.pdf'));
    expect(page).toMatchObject({ title: 'Pipra som PDF', published: '2025-01-20', kind: 'pdf' });
    expect(page.sections.map((s) => s.heading)).toEqual(SECTIONS.map((s) => s.heading));
    expect(page.sections[1]?.text).toBe('Pipra är ett larm som bärs på armen. Det piper när en patient behöver hjälp.');
  });

  it('drafts an entry per section: the heading as the question, the opening as the answer, grounded against it', async () => {
    const page = await importDocument(input(htmlPage('Pipra', SECTIONS), 'pipra.html'));
    const [dated, undated] = page.drafts;
    expect(dated).toEqual({
      question: 'När började larmsystemet Pipra användas?',
      answer: 'Larmsystemet Pipra började användas på IVA i Borås hösten 2024. Pipra ersatte då de gamla personsökarna.',
      anchor: 'nar-borjade-larmsystemet-pipra-anvandas',
      grounded: true,
      problems: [],
    });
    // "Pipra är …" tells the state in the present without its time: the grounding check's tense rule catches it.
    expect(undated?.grounded).toBe(false);
    expect(undated?.problems.join(' ')).toMatch(/som om det gällde i dag/);
    expect(undated?.problems).toContain('Rubriken är ingen fråga: skriv frågan som personalen skulle ställa den.');
    expect(undated?.question).toBe('Vad säger sidan om Om Pipra?');
  });

  it('keeps anchors on a re-import: same heading (changed text), same text (new heading); new and removed listed', async () => {
    const first = await importDocument(input(htmlPage('Pipra', SECTIONS), 'pipra.html'));
    const second = await importDocument(
      input(
        htmlPage('Pipra', [
          { heading: 'Larmet på armen', paragraphs: SECTIONS[1]!.paragraphs },
          { heading: SECTIONS[0]!.heading, paragraphs: ['Larmsystemet Pipra började användas på IVA i Borås våren 2025.'] },
          { heading: 'Om Pipra', paragraphs: ['Helt ny text om larmet under 2025.'] },
        ]),
        'pipra.html',
        { previous: first.markdown, previousFile: 'pipra-egen.md' },
      ),
    );
    expect(second.file).toBe('pipra-egen.md');
    // "Om Pipra" keeps its anchor by its heading, so the moved text under "Larmet på armen" cannot take it.
    expect(second.sections.map((s) => [s.heading, s.anchor, s.status])).toEqual([
      ['Larmet på armen', 'larmet-pa-armen', 'new'],
      ['När började larmsystemet Pipra användas?', 'nar-borjade-larmsystemet-pipra-anvandas', 'changed'],
      ['Om Pipra', 'om-pipra', 'changed'],
    ]);
    const third = await importDocument(
      input(htmlPage('Pipra', [{ heading: 'Larmet', paragraphs: ['Helt ny text om larmet under 2025.'] }]), 'pipra.html', {
        previous: second.markdown,
      }),
    );
    expect(third.sections.map((s) => [s.anchor, s.status])).toEqual([['om-pipra', 'changed']]);
    expect(third.removed).toEqual(['larmet-pa-armen', 'nar-borjade-larmsystemet-pipra-anvandas']);
    const same = await importDocument(input(htmlPage('Pipra', SECTIONS), 'pipra.html', { previous: first.markdown }));
    expect(same.sections.map((s) => s.status)).toEqual(['unchanged', 'unchanged']);
  });

  it('never reuses an id the rest of the knowledge has, nor a file name', async () => {
    const page = await importDocument(
      input(
        htmlPage('Millennium, IVA och anestesi - fakta och lägesbeskrivning', [{ heading: 'Läs mer', paragraphs: ['Mer finns 2024.'] }]),
        'x.html',
      ),
    );
    expect(page.file).toBe('millennium-iva-och-anestesi-fakta-och-lagesbeskrivning.md');
    // The fact page has "las-mer"; the FAQ's ids are taken as well.
    expect(page.sections[0]?.anchor).toBe('las-mer-2');
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'pipra.md'), '---\ntitle: x\n---\n');
    const named = await importDocument(input(htmlPage('Pipra', SECTIONS), 'p.html', { knowledge: dir }));
    expect(named.file).toBe('pipra-2.md');
  });

  it('finds the earlier import of an address in a folder', async () => {
    const dir = knowledgeCopy();
    const page = await importDocument(input(htmlPage('Pipra', SECTIONS), 'p.html'));
    writeFileSync(join(dir, page.file), page.markdown);
    expect(findImported(dir, URL)).toEqual({ file: page.file, markdown: page.markdown });
    expect(findImported(dir, 'https://example.se/annan')).toBeUndefined();
  });

  it('refuses what it cannot read, each with its reason and a Swedish message saying what to do', async () => {
    expect((await refusal(input(await scannedPdf(), 'skannad.pdf'))).code).toBe('scanned');
    expect((await refusal(input(PNG, 'bild.pdf'))).message).toMatch(/^Filen är en bild \(PNG\).*Importera/);
    expect((await refusal(input(Buffer.from('%PDF-1.7\n%%EOF garbage'), 'trasig.pdf'))).code).toBe('broken');
    expect((await refusal(input(Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20), 'stor.html'))).code).toBe('too-large');
    expect((await refusal(input(Buffer.from('just some words, no markup'), 'text.txt'))).code).toBe('type');
    expect((await refusal(input(htmlPage('Pipra', SECTIONS, ''), 'p.html'))).code).toBe('no-date');
    expect((await refusal(input(htmlPage('Pipra', SECTIONS), 'p.html', { published: 'förra året' }))).message).toMatch(/ÅÅÅÅ/);
    expect((await refusal(input(Buffer.from('<html><body><nav>Meny</nav></body></html>'), 'tom.html'))).code).toBe('empty');
    // An OLE file holding an "EncryptionInfo" stream is how Word saves a document with a password to open it.
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(500),
      Buffer.from('EncryptionInfo', 'utf16le'),
    ]);
    expect((await refusal(input(ole, 'hemlig.docx'))).code).toBe('encrypted');
  });
});

describe('a page nested deeper than any real page', () => {
  it('is refused in one pass before a parser reads it, so an upload cannot hold the service', async () => {
    const deep = `<html><head><title>Djup</title></head><body>${'<div>'.repeat(5_000)}Text${'</div>'.repeat(5_000)}</body></html>`;
    const started = performance.now();
    const r = await refusal(input(Buffer.from(deep), 'djup.html', { published: '2024' }));
    expect(r.code).toBe('broken');
    expect(r.message).toMatch(/för djupt nästlad/);
    // Readability took 9 s on 1,000 levels; refused before it, the check reads the page once.
    expect(performance.now() - started).toBeLessThan(2_000);
    const wide = `<html><body>${'<p>a</p>'.repeat(30_000)}</body></html>`;
    expect((await refusal(input(Buffer.from(wide), 'bred.html', { published: '2024' }))).code).toBe('broken');
    // As the parser builds the tree: "<div/>" opens a div, and an end tag that closes nothing open closes nothing.
    // And the tree the parser builds is measured too, however the tags read ("</div_>" closes nothing, "<li><p>" nests).
    for (const unit of ['<div/>', '<div></b>', '<div></div_>', '<li><p>'])
      expect(
        (await refusal(input(Buffer.from(`<html><body>${unit.repeat(3_000)}</body></html>`), 'x.html', { published: '2024' }))).code,
      ).toBe('broken');
    // Unclosed tags and no ">" at all are read once too.
    const open = `<html><body>${'<a'.repeat(200_000)}</body></html>`;
    await importDocument(input(Buffer.from(open), 'oppen.html', { published: '2024' })).catch(() => undefined);
  });
});

describe('findImported on a folder without pages', () => {
  it('finds nothing', () => {
    expect(findImported(mkdtempSync(join(tmpdir(), 'faktabot-empty-')), URL)).toBeUndefined();
  });
});
