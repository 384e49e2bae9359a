import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/errors';
import { checkKnowledge, loadKnowledge } from '../../src/knowledge/load';
import { KNOWLEDGE, knowledgeCopy } from '../helpers';

const NOW = new Date('2026-11-26T12:00:00Z');

function lineOf(file: string, needle: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  );
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
  it('reports an unknown section as file:line of the entry', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('section: las-mer', 'section: finns-inte'));
    const { issues } = checkKnowledge(dir, { now: NOW });
    const err = issues.find((i) => i.message.includes('finns-inte'));
    expect(err).toMatchObject({ severity: 'error', line: lineOf(faq, '- id: mer-information') });
    expect(err?.file.endsWith('faq.yaml')).toBe(true);
  });

  it('reports a missing field at the entry, and too few phrasings at the field', () => {
    const dir = knowledgeCopy();
    const faq = join(dir, 'faq.yaml');
    const text = readFileSync(faq, 'utf8')
      .replace(/\n {2}answer: FVM står för[^\n]*/, '')
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
