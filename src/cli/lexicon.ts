/**
 * `faq lexicon`: rebuilds knowledge/lexikon/ from Debian's Swedish lexicons, so that `npm install` alone sets the
 * product up (the derived files are committed; this command is how they were made).
 *
 * - ordlista.txt: the Snowball stems of every lower-case word of 3 letters or more in hunspell-sv's sv_SE.dic
 *   (Göran Andersson, LGPL-3), one per line, sorted: the analyser splits compounds against them.
 * - ordklasser.txt: hunspell-sv's verbs, adjectives and uninflected words with the suffix rules of their forms
 *   (wordClassLines): redaction keeps only such words, besides the knowledge's own, from a text about someone's health.
 * - synonymer.txt: Viggo Kann's Swedish synonym dictionary as LibreOffice ships it (mythes-sv, th_sv_SE_v2.dat),
 *   single lower-case words only, one headword per line followed by its synonyms ("avtal|kontrakt|pakt|…"): a weak
 *   expansion for ranking, never for grounding.
 * - LICENS.md: the notices that must travel with them.
 *
 *   faq lexicon [--words /usr/share/hunspell/sv_SE.dic] [--thesaurus /usr/share/mythes/th_sv_SE_v2.dat] [--out DIR]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stem } from '../analysis/stem';
import { UsageError } from '../errors';
import { knowledgeDir, parseArgs } from './args';

export const DEBIAN_WORDS = '/usr/share/hunspell/sv_SE.dic';
export const DEBIAN_THESAURUS = '/usr/share/mythes/th_sv_SE_v2.dat';

const WORD = /^[a-zåäöéü]{3,40}$/u;

/**
 * The flags of sv_SE.aff whose suffixes make verbs and adjectives: the present ("m": "spärrar"), the past and the
 * supine ("K", "M": "skrev", "spärrade", "spärrat"), the passive ("L", "N"), and the adjective's forms ("O", "P",
 * "Q": "svårt", "svårare", "stolta").
 */
const NOT_NOUN_FLAGS = new Set(['m', 'K', 'L', 'M', 'N', 'O', 'P', 'Q']);

/**
 * Word classes from hunspell-sv: the lower-case words that are verbs or adjectives (with those flags only) or have
 * no flag at all (adverbs, conjunctions: "inte", "igår"), and the suffix rules of those flags, as lines
 * "~flag strip add condition" followed by lines "word" or "word/flags". A word form that is none of these is a noun
 * or no Swedish word: in text about someone's health such a word may be a surname ("sparre", "sköld", "svärd").
 */
export function wordClassLines(dic: string, aff: string): string[] {
  const rules: string[] = [];
  for (const line of aff.split('\n')) {
    const m = /^SFX\s+(\S)\s+(\S+)\s+(\S+)\s+(\S+)/u.exec(line);
    if (!m || /^SFX\s+\S\s+[YN]\s+\d+\s*$/u.test(line) || !NOT_NOUN_FLAGS.has(m[1] as string)) continue;
    const add = (m[3] as string).split('/')[0] as string;
    rules.push(`~${m[1]} ${m[2]} ${add} ${m[4]}`);
  }
  const flagsOf = new Map<string, Set<string>>();
  for (const line of dic.split('\n').slice(1)) {
    const [word = '', flags = ''] = line.trim().split('/');
    if (!/^[a-zåäöéü]{1,40}$/u.test(word)) continue;
    const set = flagsOf.get(word) ?? new Set<string>();
    for (const f of flags) set.add(f);
    flagsOf.set(word, set);
  }
  const words: string[] = [];
  for (const [word, flags] of [...flagsOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const kept = [...flags].filter((f) => NOT_NOUN_FLAGS.has(f)).sort();
    if (kept.length) words.push(`${word}/${kept.join('')}`);
    else if (!flags.size) words.push(word);
  }
  return [...rules, ...words];
}

/** The stems of a hunspell .dic file's lower-case words (the first line is the entry count; flags follow "/"). */
export function wordStems(dic: string): string[] {
  const out = new Set<string>();
  for (const line of dic.split('\n').slice(1)) {
    const word = line.split('/')[0]?.trim() ?? '';
    if (WORD.test(word)) out.add(stem(word));
  }
  return [...out].sort();
}

/**
 * The synonym groups of a MyThes .dat file: the first line names the encoding; each entry is "word|n" followed by n
 * lines "(pos)|syn|syn…". Only single lower-case words are kept; a headword's groups are merged.
 */
export function thesaurusLines(dat: Buffer): string[] {
  const firstLine = dat.subarray(0, dat.indexOf(10)).toString('latin1').trim();
  const text = new TextDecoder(/8859-1|latin/iu.test(firstLine) ? 'latin1' : 'utf-8').decode(dat);
  const lines = text.split('\n');
  const groups = new Map<string, Set<string>>();
  for (let i = 1; i < lines.length; i++) {
    const [head = '', n = ''] = (lines[i] as string).split('|');
    const count = /^\d+$/.test(n.trim()) ? Number(n) : 0;
    for (let k = 1; k <= count; k++) {
      const head_ = head.trim();
      const members = (lines[i + k] ?? '').split('|').slice(1);
      if (!WORD.test(head_)) continue;
      const set = groups.get(head_) ?? new Set<string>();
      for (const m of members.map((x) => x.trim())) if (WORD.test(m) && m !== head_) set.add(m);
      if (set.size) groups.set(head_, set);
    }
    i += count;
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([head, set]) => [head, ...[...set].sort()].join('|'));
}

const NOTICE = `# Lexikon: ordlista, ordklasser och synonymer

Filerna här är härledda ur Debians svenska lexikon av \`faq lexicon\` (src/cli/lexicon.ts) och byggs om med samma
kommando. Redigera dem inte för hand: ändringar skrivs över. Boten använder dem för att hitta rätt post
(sökningen) och för att maskera personuppgifter, aldrig som fakta i ett svar.

## ordlista.txt

Stammar av orden i hunspell-sv (Debian-paketet \`hunspell-sv\`, filen \`/usr/share/hunspell/sv_SE.dic\`), som
boten delar upp sammansatta ord med.

Copyright: 2003-2014 Göran Andersson <goran@init.se>
License: LGPL-3 (GNU Lesser General Public License version 3; texten finns i LGPL-3.txt och GPL-3.txt här bredvid).

Ändrad: bara gemena ord med minst tre bokstäver, ersatta av sina stammar (Snowball), sorterade.

## ordklasser.txt

Verb, adjektiv och oböjliga ord ur samma hunspell-sv (\`sv_SE.dic\`), med de ändelseregler ur \`sv_SE.aff\` som
bildar deras former. Maskeringen av personuppgifter använder dem för att i en text om någons hälsa bara spara
ord som inte kan vara ett namn.

Copyright: 2003-2014 Göran Andersson <goran@init.se>
License: LGPL-3 (se ovan).

Ändrad: bara gemena ord med verb- eller adjektivflaggor (och bara de flaggorna) eller utan böjning, och bara
ändelsereglerna för de flaggorna, som rader "~flagga stryk lägg-till villkor".

## synonymer.txt

Viggo Kanns svenska synonymlexikon i den form LibreOffice levererar det (Debian-paketet \`mythes-sv\`, filen
\`/usr/share/mythes/th_sv_SE_v2.dat\`), som boten använder som en svag utvidgning av frågans ord.

Copyright: 2009 Viggo Kann

 THIS MATERIAL IS PROVIDED AS IS, WITH ABSOLUTELY NO WARRANTY EXPRESSED
 OR IMPLIED.  ANY USE IS AT YOUR OWN RISK.

 Permission is hereby granted to use or copy this program
 for any purpose,  provided the above notices are retained on all copies.
 Permission to modify the code and to distribute modified code is granted,
 provided the above notices are retained, and a notice that the code was
 modified is included with the above copyright notice.

Modified: only single lower-case words are kept, as lines "headword|synonym|synonym…", the groups of a headword
merged and sorted; the encoding is UTF-8.
`;

export function runLexicon(argv: string[], out: NodeJS.WritableStream): number {
  const { flags } = parseArgs(argv, ['words', 'thesaurus', 'out', 'knowledge'], []);
  const wordsFile = (flags.get('words') as string | undefined) ?? DEBIAN_WORDS;
  const thesaurusFile = (flags.get('thesaurus') as string | undefined) ?? DEBIAN_THESAURUS;
  for (const [file, pkg] of [
    [wordsFile, 'hunspell-sv'],
    [thesaurusFile, 'mythes-sv'],
  ] as const)
    if (!existsSync(file)) throw new UsageError(`${file} finns inte (installera Debian-paketet ${pkg}: apt-get install ${pkg})`);
  const dir = (flags.get('out') as string | undefined) ?? join(knowledgeDir(flags.get('knowledge')), 'lexikon');
  mkdirSync(dir, { recursive: true });
  const stems = wordStems(readFileSync(wordsFile, 'utf8'));
  const synonyms = thesaurusLines(readFileSync(thesaurusFile));
  const affixFile = wordsFile.replace(/\.dic$/u, '.aff');
  if (!existsSync(affixFile))
    throw new UsageError(`${affixFile} finns inte (installera Debian-paketet hunspell-sv: apt-get install hunspell-sv)`);
  const classes = wordClassLines(readFileSync(wordsFile, 'utf8'), readFileSync(affixFile, 'utf8'));
  writeFileSync(join(dir, 'ordlista.txt'), `${stems.join('\n')}\n`);
  writeFileSync(join(dir, 'ordklasser.txt'), `${classes.join('\n')}\n`);
  writeFileSync(join(dir, 'synonymer.txt'), `${synonyms.join('\n')}\n`);
  writeFileSync(join(dir, 'LICENS.md'), NOTICE);
  for (const license of ['LGPL-3', 'GPL-3'])
    if (existsSync(`/usr/share/common-licenses/${license}`))
      writeFileSync(join(dir, `${license}.txt`), readFileSync(`/usr/share/common-licenses/${license}`));
  out.write(`skrev ${dir}: ${stems.length} stammar, ${classes.length} rader ordklasser, ${synonyms.length} synonymgrupper\n`);
  return 0;
}
