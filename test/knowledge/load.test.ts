import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/errors';
import { checkKnowledge, loadKnowledge, MAX_FILE_BYTES, typography } from '../../src/knowledge/load';
import { KNOWLEDGE, knowledgeCopy } from '../helpers';

const NOW = new Date('2026-11-26T12:00:00Z');

function lineOf(file: string, needle: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  );
}

function lineAfter(file: string, start: string, needle: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const from = lines.findIndex((l) => l.includes(start));
  return lines.findIndex((l, i) => i > from && l.includes(needle)) + 1;
}

describe('the real knowledge folder', () => {
  const { kb, issues } = checkKnowledge(KNOWLEDGE, { now: NOW });

  it('has no errors', () => {
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('keeps the fact page text unchanged from the seed, one section per heading', () => {
    const page = kb.pages[0]!;
    expect(page.published).toBe('2022');
    expect(page.sections.map((s) => s.id)).toEqual(['inledning', 'avtal-och-optioner', 'laget-iva-anestesi', 'las-mer']);
    const seed = readFileSync(join(KNOWLEDGE, '..', '..', 'shared', 'seeds', '000_fe933f82abba6b39.txt'), 'utf8');
    const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
    for (const s of page.sections) {
      expect(squash(seed)).toContain(squash(s.heading));
      expect(squash(seed)).toContain(squash(s.text));
    }
  });

  it('has at least 25 FAQ entries with 3 phrasings each and a known section', () => {
    expect(kb.faq.length).toBeGreaterThanOrEqual(25);
    const sections = new Set(kb.pages.flatMap((p) => p.sections.map((s) => s.id)));
    for (const e of kb.faq) {
      expect(e.alternates.length, e.id).toBeGreaterThanOrEqual(3);
      expect(sections.has(e.section), e.id).toBe(true);
    }
  });
});

describe('faq check errors', () => {
  it('reports an unknown section at the line of the section field, not the entry', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('section: las-mer', 'section: finns-inte'));
    const { issues } = checkKnowledge(dir, { now: NOW });
    const err = issues.find((i) => i.message.includes('finns-inte'));
    expect(err).toMatchObject({ severity: 'error', line: lineOf(faq, 'section: finns-inte') });
    expect(err?.file.endsWith('faq.yaml')).toBe(true);
  });

  it('reports every error of one entry at once, each at its own field', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    const text = readFileSync(faq, 'utf8')
      .replace('section: las-mer', 'section: finns-inte')
      .replace(/(- id: mer-information\n(?:.*\n)*? {2}alternates:\n(?: {4}- .*\n){1})(?: {4}- .*\n)+/, '$1')
      .replace(/(- id: mer-information\n(?:.*\n)*? {2}reviewed: )2026-11-26/, '$12026-02-30x');
    writeFileSync(faq, text);
    const errors = checkKnowledge(dir, { now: NOW }).issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [lineAfter(faq, '- id: mer-information', '  alternates:'), expect.stringContaining('minst 3 andra sätt att fråga (har 1)')],
      [lineOf(faq, '2026-02-30x'), expect.stringContaining('ska vara ett datum')],
      [lineOf(faq, 'section: finns-inte'), expect.stringContaining('okänt avsnitt "finns-inte"')],
    ]);
  });

  it('points a duplicate alternate at its own line', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(
      faq,
      readFileSync(faq, 'utf8').replace('    - millennium vad är det', '    - Varför har VGR skrivit den här faktasidan?'),
    );
    const err = checkKnowledge(dir, { now: NOW }).issues.find((i) => i.message.includes('finns redan'));
    expect(err).toMatchObject({ severity: 'error', line: lineOf(faq, '    - Varför har VGR skrivit den här faktasidan?') });
    expect(err?.message).toContain('finns redan i missvisande-uppgifter');
  });

  it('explains an unquoted colon in Swedish with a hint, at its line', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('question: Vad är Millennium?', 'question: Vad är Millennium: ett system?'));
    const errors = checkKnowledge(dir, { now: NOW }).issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: lineOf(faq, 'Millennium: ett system') });
    expect(errors[0]?.message).toContain('kolon följt av mellanslag');
    expect(errors[0]?.message).toContain('citattecken');
  });

  it('explains an alternate that YAML read as a key-value pair', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('    - millennium vad är det', '    - Millennium: vad är det'));
    const err = checkKnowledge(dir, { now: NOW }).issues.find((i) => i.severity === 'error');
    expect(err).toMatchObject({ line: lineOf(faq, 'Millennium: vad är det') });
    expect(err?.message).toContain('citattecken');
  });

  it('explains tab indentation in Swedish, at the line with the tab', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('  question: Vad är Millennium?', '\tquestion: Vad är Millennium?'));
    const err = checkKnowledge(dir, { now: NOW }).issues.find((i) => i.severity === 'error');
    expect(err).toMatchObject({ line: lineOf(faq, '\tquestion: Vad är Millennium?') });
    expect(err?.message).toContain('tabb');
  });

  it('reports a tab once, not the good lines after it', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(
      faq,
      readFileSync(faq, 'utf8').replace('    - nytt system istället för millennium', '\t- nytt system istället för millennium'),
    );
    const errors = checkKnowledge(dir, { now: NOW }).issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [lineOf(faq, '\t- nytt system'), 'ogiltig YAML: raden är indragen med tabb. Tips: använd mellanslag (två per nivå), aldrig tabb.'],
    ]);
  });

  it('says it is the indentation when one alternate is indented three spaces and the rest four', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('    - Stämmer det som medierna skrev', '   - Stämmer det som medierna skrev'));
    const errors = checkKnowledge(dir, { now: NOW }).issues.filter((i) => i.severity === 'error');
    const at = lineOf(faq, '   - Stämmer det som medierna skrev');
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [
        at,
        `nytt-system-istallet: raderna i "alternates" är olika mycket indragna (rad ${at} har 3 mellanslag före "-", rad ${at + 1} har 4). Tips: ge alla rader i listan samma indrag.`,
      ],
    ]);
  });

  it('cuts the example of the unquoted-colon hint at a word, with "…"', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    const long = 'Vad är Millennium för IVA och anestesi i regionen: ett journalsystem för alla?';
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('question: Vad är Millennium?', `question: ${long}`));
    const errors = checkKnowledge(dir, { now: NOW }).issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: lineOf(faq, long) });
    expect(errors[0]?.message).toContain('till exempel "Vad är Millennium för IVA och anestesi i regionen: ett…".');
  });

  it('reads questions marked "ska inte besvaras" and refuses one that is also an FAQ question', () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'utanfor.yaml'), '- question: Hur bokar jag semester?\n  added: 2026-11-20\n- question: vad är millennium\n');
    const { kb, issues } = checkKnowledge(dir, { now: NOW });
    expect(kb.outOfScope.map((o) => [o.question, o.added, o.line])).toEqual([
      ['Hur bokar jag semester?', '2026-11-20', 1],
      ['vad är millennium', '', 3],
    ]);
    expect(issues).toContainEqual(
      expect.objectContaining({ line: 3, severity: 'error', message: expect.stringContaining('vad-ar-millennium') }),
    );
  });

  it('reports a missing field at the entry, and too few phrasings at the field', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    const text = readFileSync(faq, 'utf8')
      .replace(/(- id: fvm\n(?:.*\n)*?) {2}answer: [^\n]*\n/, '$1')
      // Keep only the first two alternates of the fvm entry.
      .replace(/(- id: fvm\n(?:.*\n)*? {2}alternates:\n(?: {4}- .*\n){2})(?: {4}- .*\n)+/, '$1');
    writeFileSync(faq, text);
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues).toContainEqual(
      expect.objectContaining({ severity: 'error', line: lineOf(faq, '- id: fvm'), message: 'fvm: fältet "answer" saknas eller är tomt' }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringContaining('minst 3') }));
  });

  it('reports duplicate questions and bad dates', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(
      faq,
      readFileSync(faq, 'utf8')
        .replace('Vad betyder VGR?', 'Vad står IVA för?')
        .replace(/reviewed: 2026-11-26\n\n- id: vad-ar-option/, 'reviewed: 2026-13-45\n\n- id: vad-ar-option'),
    );
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues.some((i) => i.severity === 'error' && i.message.includes('finns redan i vad-ar-iva'))).toBe(true);
    expect(issues.some((i) => i.severity === 'error' && i.message.includes('2026-13-45'))).toBe(true);
  });

  it('warns about entries not reviewed for longer than the review period', () => {
    const { issues } = checkKnowledge(KNOWLEDGE, { now: new Date('2027-12-01'), reviewAfterDays: 180 });
    const stale = issues.filter((i) => i.message.includes('granskades senast'));
    expect(stale.length).toBeGreaterThan(25);
    expect(stale.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('reports invalid YAML and invalid JSON Lines with their line', () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'faq.yaml'), '- id: a\n  question: [unclosed\n');
    writeFileSync(join(dir, 'extra.jsonl'), '{"id":"x","title":"t","text":"t","url":"https://x"}\n{broken\n');
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues.some((i) => i.file.endsWith('faq.yaml') && i.severity === 'error')).toBe(true);
    expect(issues).toContainEqual(
      expect.objectContaining({ line: 2, severity: 'error', message: expect.stringContaining('ogiltig JSON') }),
    );
  });

  it('throws a KnowledgeError listing file:line when loading invalid knowledge', () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'extra.jsonl'), '{"id":"x"}\n');
    expect(() => loadKnowledge(dir)).toThrow(KnowledgeError);
    expect(() => loadKnowledge(dir)).toThrow(/extra\.jsonl:1: fel: saknar fält: title, text, url/);
  });
});

describe('an emptied FAQ file', () => {
  for (const [name, text] of [
    ['an empty file', ''],
    ['a file of comments only', '# alla frågor borttagna\n'],
    ['an empty list', '[]\n'],
  ] as const) {
    it(`is a knowledge error, not an empty knowledge base: ${name}`, () => {
      const dir = knowledgeCopy();
      writeFileSync(join(dir, 'faq.yaml'), text);
      const { issues } = checkKnowledge(dir, { now: NOW });
      const err = issues.find((i) => i.severity === 'error');
      expect(err).toMatchObject({ line: 1 });
      expect(err?.file.endsWith('faq.yaml')).toBe(true);
      expect(() => loadKnowledge(dir)).toThrow(KnowledgeError);
    });
  }
});

describe('chat.yaml and engelska.yaml', () => {
  it('loads the phrases around a question and the English lexicon', () => {
    const { kb } = checkKnowledge(KNOWLEDGE, { now: NOW });
    expect(kb.chat?.greetings).toContain('hej');
    expect(kb.chat?.closings).toContain('tack på förhand');
    expect(kb.english?.words.icu).toBe('iva');
  });

  it('reports a list that is not a list of phrases, and an English word without a Swedish one, at its line', () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'chat.yaml'), 'greetings: [hej]\nclosings: tack\nopeners: []\n');
    writeFileSync(join(dir, 'engelska.yaml'), 'words:\n  icu: iva\n  vendor:\nignore: [the]\n');
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/chat\.yaml$/), line: 2, severity: 'error' }));
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: expect.stringMatching(/engelska\.yaml$/),
        line: 3,
        message: '"vendor" ska ha ett svenskt ord efter kolonet',
      }),
    );
  });
});

describe('knowledge loading is total', () => {
  it('reports a file of YAML aliases as an error at the file, never throws', () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'synonyms.yaml'), `- &g [iva, intensivvård]\n${'- *g\n'.repeat(150)}`);
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: expect.stringMatching(/synonyms\.yaml$/),
        severity: 'error',
        message: expect.stringContaining('YAML-alias'),
      }),
    );
    expect(() => loadKnowledge(dir, { now: NOW })).toThrow(KnowledgeError);
  });

  it('refuses a file over the size limit before reading it', () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'faq-stor.yaml'), `# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: expect.stringMatching(/faq-stor\.yaml$/),
        line: 1,
        message: expect.stringMatching(/^filen är för stor \(2,0 MB; högst 2,0 MB\)$/),
      }),
    );
  });
});

describe('Swedish typography in answers', () => {
  it('the shipped answers have none to report', () => {
    const { issues } = checkKnowledge(KNOWLEDGE, { now: NOW });
    expect(issues.filter((i) => /citattecken|intervallet/.test(i.message))).toEqual([]);
  });

  it('warns at the answer line about straight quotes and a range with a hyphen, never about dates or ids', () => {
    expect(typography('Faktasidan hänvisar till "Frågor och svar".')).toEqual([expect.stringContaining('”så här”')]);
    expect(typography('Millennium ersätter 35-40 system.')).toEqual([expect.stringContaining('35–40')]);
    for (const fine of ['Millennium ersätter 35–40 system.', 'Beslutet togs 2022-10-01.', 'Se ”Frågor och svar”.', 'IVA- och anestesivård'])
      expect(typography(fine), fine).toEqual([]);
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('Millennium 35–40 av', 'Millennium 35-40 av'));
    const warning = checkKnowledge(dir, { now: NOW }).issues.find((i) => i.message.includes('intervallet 35-40'));
    expect(warning).toMatchObject({ severity: 'warning', line: lineOf(faq, 'Millennium 35-40 av') });
  });
});

describe('content the engine reads from the knowledge, not from code', () => {
  it('reads the example questions from the entries marked `example: true`, in file order', () => {
    const { kb } = checkKnowledge(KNOWLEDGE, { now: NOW });
    expect(kb.faq.filter((e) => e.example).map((e) => e.id)).toEqual(['nytt-system-istallet', 'varfor-optioner', 'journal-i-millennium']);
  });

  it('reports an `example` that is not true or false at its line', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('  example: true', '  example: ja'));
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        line: lineOf(faq, 'example: ja'),
        message: expect.stringContaining('"example" ska vara true eller false'),
      }),
    );
  });

  it("reads the page's named actors from its front matter, and reports a list that is not one at its line", () => {
    expect(checkKnowledge(KNOWLEDGE, { now: NOW }).kb.pages[0]?.actors).toEqual(['Cerner', 'Oracle']);
    const dir = knowledgeCopy();
    const page = join(dir, 'millennium-iva-anestesi.md');
    writeFileSync(page, readFileSync(page, 'utf8').replace('actors: [Cerner, Oracle]', 'actors: Cerner'));
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        line: lineOf(page, 'actors: Cerner'),
        message: expect.stringContaining('"actors" ska vara en lista'),
      }),
    );
  });
});

describe('follow-up questions (`related:`)', () => {
  const withRelated = (ids: string) => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    const text = readFileSync(faq, 'utf8').replace(/\n {2}related:\n(?: {4}- .*\n)+/g, '\n');
    // The ids under `vad-ar-iva`, an entry the shipped file gives no list.
    writeFileSync(faq, text.replace('- id: vad-ar-iva\n', `- id: vad-ar-iva\n  related:\n${ids}`));
    return { dir, faq };
  };

  it('reads the shipped lists, in their order', () => {
    const { kb } = checkKnowledge(KNOWLEDGE, { now: NOW });
    expect(kb.faq.find((e) => e.id === 'beslut-2021')?.related).toEqual(['varfor-avsta', 'riskanalys', 'beslut-2022']);
    expect(kb.faq.find((e) => e.id === 'fvm')?.related).toBeUndefined();
  });

  it('reports an unknown id and the entry itself at the line of that id, in plain words for the console', () => {
    const { dir, faq } = withRelated('    - fvm\n    - finns-inte\n    - vad-ar-iva\n');
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        line: lineOf(faq, '- finns-inte'),
        message: 'vad-ar-iva: "related" har id "finns-inte", som ingen fråga har',
        plain: 'Följdfrågan "finns-inte" finns inte bland posterna. Välj en annan post.',
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        line: lineAfter(faq, '  related:', '- vad-ar-iva'),
        plain: 'En post kan inte ha sig själv som följdfråga.',
      }),
    );
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(2);
  });

  it('reports more than three, an id twice and a list that is not one, at their lines', () => {
    const many = withRelated('    - fvm\n    - cerner\n    - fvm\n    - riskanalys\n    - rekommendation\n');
    const issues = checkKnowledge(many.dir, { now: NOW }).issues.filter((i) => i.severity === 'error');
    expect(issues).toContainEqual(
      expect.objectContaining({
        line: lineAfter(many.faq, '- id: vad-ar-iva', 'related:'),
        plain: '”Följdfrågor” får ha högst 3 frågor (har 5)',
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        line: lineAfter(many.faq, '- id: vad-ar-iva', 'related:') + 3,
        message: expect.stringContaining('har id "fvm" två gånger'),
      }),
    );
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('- id: vad-ar-iva\n', '- id: vad-ar-iva\n  related: fvm\n'));
    expect(checkKnowledge(dir, { now: NOW }).issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        line: lineOf(faq, 'related: fvm'),
        message: expect.stringContaining('"related" ska vara en lista'),
      }),
    );
  });
});
