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

  it('sets follow-up questions after the section, leaves the same list as written, and removes an emptied one', () => {
    const edit = (source: string, entryId: string, related: string[], answer?: string) =>
      applyEdit('faq.yaml', source, { action: 'edit-entry', entryId, fields: { related, ...(answer ? { answer } : {}) } }).text;
    const added = edit(FAQ, 'fvm', ['cerner', 'beslut-2021']);
    expect(lineDiff(FAQ, added)).toMatch(/^@@ rad \d+\n\+ {3}related:\n\+ {5}- cerner\n\+ {5}- beslut-2021$/);
    const fvm = added.slice(added.indexOf('- id: fvm\n')).split('\n\n')[0] as string;
    expect(fvm).toMatch(/\n {2}section: laget-iva-anestesi\n {2}related:\n {4}- cerner\n {4}- beslut-2021\n {2}reviewed: /);
    // A save of another field sends the list as it is: a list written in flow style stays so.
    const flow = FAQ.replace(
      '  related:\n    - varfor-avsta\n    - riskanalys\n    - beslut-2022\n',
      '  related: [varfor-avsta, riskanalys, beslut-2022] # nästa steg\n',
    );
    expect(flow).not.toBe(FAQ);
    const answered = edit(
      flow,
      'beslut-2021',
      ['varfor-avsta', 'riskanalys', 'beslut-2022'],
      'Hösten 2021 beslutade VGR att inte avropa optionerna.',
    );
    expect(answered).toContain('  related: [varfor-avsta, riskanalys, beslut-2022] # nästa steg\n');
    expect(edit(FAQ, 'beslut-2021', [])).toBe(FAQ.replace('  related:\n    - varfor-avsta\n    - riskanalys\n    - beslut-2022\n', ''));
    expect(edit(FAQ, 'fvm', [])).toBe(FAQ);
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
