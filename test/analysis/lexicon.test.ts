/**
 * General Swedish beyond the knowledge's own words (src/analysis/lexicon.ts) and how `faq lexicon` derives it from
 * Debian's hunspell-sv and mythes-sv (src/cli/lexicon.ts).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOST } from '../../src/analysis/analyzer';
import { lemmaStems, SwedishLexicon } from '../../src/analysis/lexicon';
import { stem } from '../../src/analysis/stem';
import { DEBIAN_THESAURUS, DEBIAN_WORDS, runLexicon, thesaurusLines, wordClassLines, wordStems } from '../../src/cli/lexicon';
import { KNOWLEDGE, realEngine } from '../helpers';

/** A lexicon over small files written here. */
function lexicon(words: string[], synonyms: string[]): SwedishLexicon {
  const dir = mkdtempSync(join(tmpdir(), 'faktabot-lexikon-'));
  writeFileSync(join(dir, 'ordlista.txt'), `${words.map(stem).join('\n')}\n`);
  writeFileSync(join(dir, 'synonymer.txt'), `${synonyms.join('\n')}\n`);
  return new SwedishLexicon({ words: join(dir, 'ordlista.txt'), synonyms: join(dir, 'synonymer.txt') });
}

describe('the Swedish lexicon', () => {
  const lex = lexicon(
    ['grund', 'kontrakt', 'tillägg', 'del', 'journal', 'plattform'],
    ['kontrakt|avtal|förbindelse', 'del|andel|bit', 'dela|separera'],
  );

  it('knows a word in any inflection, the definite -et that Snowball keeps included', () => {
    expect(lex.isWord('kontraktet')).toBe(true);
    expect(lex.isWord('delarna')).toBe(true);
    expect(lex.isWord('kontrakxet')).toBe(false);
    expect(lemmaStems('kontraktet')).toContain(stem('kontrakt'));
  });

  it('splits a compound of real words, a linking s belonging to neither part', () => {
    expect(lex.split('grundkontraktet')).toEqual(['grund', 'kontraktet']);
    expect(lex.split('tilläggsdelarna')?.map(stem)).toEqual([stem('tillägg'), stem('delarna')]);
    expect(lex.split('journalplattformen')).toEqual(['journal', 'plattformen']);
    expect(lex.split('kontrakt')).toBeNull();
    expect(lex.split('xyzxyzxyz')).toBeNull();
  });

  it('gives synonyms both ways, by the word as written before its stem ("del" is not "dela")', () => {
    expect(lex.synonymsOf('kontraktet')).toContain('avtal');
    expect(lex.synonymsOf('avtal')).toContain(stem('kontrakt'));
    expect(lex.synonymsOf('del')).toContain(stem('andel'));
    expect(lex.synonymsOf('del')).not.toContain(stem('separera'));
  });
});

describe('the analyser with the lexicon', () => {
  const engine = realEngine();

  it('links a word the knowledge never uses to one it does, weakly, for ranking only', () => {
    const word = engine.analyzer.query('överenskommelsen').words.find((w) => w.surface === 'överenskommelsen');
    expect(word).toMatchObject({ unknown: true, related: true });
    expect(word?.terms).toContainEqual({ term: 'avtal', boost: BOOST.related });
    expect(word?.terms.find((t) => t.term === 'avtal')?.boost).toBeLessThan(BOOST.synonym);
  });

  it('leaves a word the knowledge uses without lexicon terms, and a word nothing links unrelated', () => {
    expect(engine.analyzer.query('avtalet').words[0]?.related).toBeUndefined();
    expect(engine.analyzer.query('lönespecifikation').words[0]).toMatchObject({ unknown: true });
    expect(engine.analyzer.query('lönespecifikation').words[0]?.related).toBeUndefined();
  });
});

describe('faq lexicon', () => {
  const out = () => {
    const chunks: string[] = [];
    return { stream: { write: (s: string) => chunks.push(s) } as unknown as NodeJS.WritableStream, text: () => chunks.join('') };
  };

  it('derives stems and single-word synonym groups, and writes the notices', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faktabot-debian-'));
    writeFileSync(join(dir, 'sv.dic'), '6\nkontrakt/ABDY\nAnna/A\navtal/XY\npå\nspärra/ADjmNP\nsparre/AEGY\n');
    writeFileSync(join(dir, 'sv.aff'), 'SET UTF-8\nSFX m Y 1\nSFX m   0     r          .\nSFX E Y 1\nSFX E   0     n          [^m]\n');
    // MyThes files are ISO-8859-1, their first line names the encoding.
    writeFileSync(join(dir, 'th.dat'), Buffer.from('ISO-8859-1\navtal|1\n|kontrakt|överenskommelse|göra upp\nå|1\n|ö\n', 'latin1'));
    const target = join(dir, 'lexikon');
    const o = out();
    expect(runLexicon(['--words', join(dir, 'sv.dic'), '--thesaurus', join(dir, 'th.dat'), '--out', target], o.stream)).toBe(0);
    // Stems, as Snowball makes them ("kontrakt" is "kontrak").
    expect(readFileSync(join(target, 'ordlista.txt'), 'utf8')).toBe(
      `${['avtal', stem('kontrakt'), stem('sparre'), stem('spärra')].sort().join('\n')}\n`,
    );
    // Verbs with their suffix rules (of the verb flags only), and words with no flag; no noun ("sparre", "avtal").
    expect(readFileSync(join(target, 'ordklasser.txt'), 'utf8')).toBe('~m 0 r .\npå\nspärra/NPm\n');
    expect(readFileSync(join(target, 'synonymer.txt'), 'utf8')).toBe('avtal|kontrakt|överenskommelse\n');
    const notice = readFileSync(join(target, 'LICENS.md'), 'utf8');
    expect(notice).toContain('Copyright: 2009 Viggo Kann');
    expect(notice).toContain('Permission is hereby granted to use or copy this program');
    expect(notice).toContain('Göran Andersson');
    expect(o.text()).toMatch(/4 stammar, 3 rader ordklasser, 1 synonymgrupper/);
  });

  it('says which Debian package to install when a source file is missing', () => {
    expect(() => runLexicon(['--words', '/nonexistent/sv.dic', '--out', tmpdir()], out().stream)).toThrow(/hunspell-sv/);
  });

  it.skipIf(!existsSync(DEBIAN_WORDS) || !existsSync(DEBIAN_THESAURUS))(
    'rebuilds exactly the committed knowledge/lexikon from the Debian packages',
    () => {
      expect(wordStems(readFileSync(DEBIAN_WORDS, 'utf8')).join('\n')).toBe(
        readFileSync(join(KNOWLEDGE, 'lexikon', 'ordlista.txt'), 'utf8').trimEnd(),
      );
      expect(thesaurusLines(readFileSync(DEBIAN_THESAURUS)).join('\n')).toBe(
        readFileSync(join(KNOWLEDGE, 'lexikon', 'synonymer.txt'), 'utf8').trimEnd(),
      );
      expect(
        wordClassLines(readFileSync(DEBIAN_WORDS, 'utf8'), readFileSync(DEBIAN_WORDS.replace(/\.dic$/u, '.aff'), 'utf8')).join('\n'),
      ).toBe(readFileSync(join(KNOWLEDGE, 'lexikon', 'ordklasser.txt'), 'utf8').trimEnd());
    },
  );
});
