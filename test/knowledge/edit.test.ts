import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { applyEdit, EditError, lineDiff, newEntryId } from '../../src/knowledge/edit';
import { YAML_OUTPUT } from '../../src/knowledge/yaml';
import { KNOWLEDGE } from '../helpers';

const FAQ = readFileSync(join(KNOWLEDGE, 'faq.yaml'), 'utf8');

describe('knowledge edits keep everything not changed', () => {
  for (const f of readdirSync(KNOWLEDGE).filter((n) => n.endsWith('.yaml'))) {
    it(`round-trips ${f} byte for byte through the YAML Document API`, () => {
      const source = readFileSync(join(KNOWLEDGE, f), 'utf8');
      expect(parseDocument(source).toString(YAML_OUTPUT)).toBe(source);
    });
  }

  it('adds a phrasing as one new line under the entry, quoting it where YAML needs it', () => {
    const { text } = applyEdit('faq.yaml', FAQ, {
      action: 'add-phrasing',
      entryId: 'vad-ar-millennium',
      text: 'Millennium: vad är det egentligen?',
    });
    const diff = lineDiff(FAQ, text).split('\n');
    expect(diff.filter((l) => l.startsWith('+ ') || l.startsWith('- '))).toEqual(['+     - "Millennium: vad är det egentligen?"']);
    expect(text.indexOf('Millennium: vad är det egentligen?')).toBeLessThan(text.indexOf('- id: beslutsstod'));
    expect(text.startsWith('# Faktabotens vanliga frågor.')).toBe(true);
  });

  it('refuses a phrasing the entry already has, whatever the case and punctuation', () => {
    expect(() => applyEdit('faq.yaml', FAQ, { action: 'add-phrasing', entryId: 'vad-ar-millennium', text: 'vad är MILLENNIUM' })).toThrow(
      EditError,
    );
    expect(() => applyEdit('faq.yaml', FAQ, { action: 'add-phrasing', entryId: 'finns-inte', text: 'x' })).toThrow(/finns inte/);
  });

  it('appends a new entry after an empty line, with an id made from its question', () => {
    const entry = { question: 'Hur länge gäller avtalet?', answer: 'Svar.', section: 'avtal-och-optioner', alternates: ['a', 'b', 'c'] };
    const { text, id } = applyEdit(
      'faq.yaml',
      FAQ,
      { action: 'new-entry', entry, reviewed: '2026-11-28' },
      new Set(['hur-lange-galler-avtalet']),
    );
    expect(id).toBe('hur-lange-galler-avtalet-2');
    expect(text.startsWith(FAQ.trimEnd())).toBe(true);
    expect(text.slice(FAQ.trimEnd().length)).toBe(
      '\n\n- id: hur-lange-galler-avtalet-2\n  question: Hur länge gäller avtalet?\n  alternates:\n    - a\n    - b\n    - c\n  answer: Svar.\n  section: avtal-och-optioner\n  reviewed: 2026-11-28\n',
    );
  });

  it('edits fields in place and keeps the phrasings that stay', () => {
    const { text } = applyEdit('faq.yaml', FAQ, {
      action: 'edit-entry',
      entryId: 'beslutsstod',
      fields: {
        answer: 'Ja, bland annat beslutsstöd.',
        alternates: ['beslutsstöd', 'Har Millennium beslutsstöd?', 'Kan Millennium ge beslutsstöd?'],
      },
      reviewed: '2026-11-28',
    });
    const diff = lineDiff(FAQ, text);
    expect(diff).toContain('+   answer: Ja, bland annat beslutsstöd.');
    expect(diff).toContain('+   reviewed: 2026-11-28');
    expect(text).toContain(
      '    - beslutsstöd\n    - Har Millennium beslutsstöd?\n    - Kan Millennium ge beslutsstöd?\n  answer: Ja, bland',
    );
  });

  it('creates utanfor.yaml entries from nothing, keeping a comment header', () => {
    const header = '# Frågor som inte ska besvaras.\n';
    const { text } = applyEdit('utanfor.yaml', `${header}[]\n`, {
      action: 'out-of-scope',
      text: 'Hur bokar jag semester?',
      added: '2026-11-28',
    });
    expect(text).toBe(`${header}- question: Hur bokar jag semester?\n  added: 2026-11-28\n`);
    expect(applyEdit('utanfor.yaml', header, { action: 'out-of-scope', text: 'Hur?', added: '2026-11-28' }).text).toBe(
      `${header}\n- question: Hur?\n  added: 2026-11-28\n`,
    );
    expect(() => applyEdit('utanfor.yaml', text, { action: 'out-of-scope', text: 'hur bokar jag semester', added: '2026-11-28' })).toThrow(
      /redan/,
    );
  });

  it('makes readable ids', () => {
    expect(newEntryId('Vad händer med äldre IT-system på IVA?', new Set())).toBe('vad-hander-med-aldre-it-system-pa-iva');
    expect(newEntryId('???', new Set())).toBe('fraga');
  });
});
