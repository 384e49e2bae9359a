import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groundingIssues } from '../../src/knowledge/grounding';
import { checkKnowledge, readGrounding } from '../../src/knowledge/load';
import { parsePage } from '../../src/knowledge/markdown';
import type { Page } from '../../src/knowledge/types';
import { KNOWLEDGE, knowledgeCopy } from '../helpers';

const NOW = new Date('2026-11-26T12:00:00Z');

/** A copy of the knowledge with one FAQ answer replaced; the issues of the copy, and the answer's line. */
function withAnswer(id: string, answer: string) {
  const dir = knowledgeCopy();
  const file = join(dir, 'faq.yaml');
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.indexOf(`- id: ${id}`);
  const at = lines.findIndex((l, i) => i > start && l.startsWith('  answer: '));
  lines[at] = `  answer: ${answer}`;
  writeFileSync(file, lines.join('\n'));
  const issues = checkKnowledge(dir, { now: NOW }).issues.filter((i) => i.message.startsWith(`${id}:`));
  return { issues, line: at + 1 };
}

describe('the grounding check', () => {
  it('finds nothing to report in the shipped knowledge', () => {
    const { issues } = checkKnowledge(KNOWLEDGE, { now: NOW });
    expect(issues.filter((i) => /inte står i avsnittet|i presens/.test(i.message))).toEqual([]);
  });

  it('reports an added month at the answer line, with the word', () => {
    const { issues, line } = withAnswer(
      'beslut-2021',
      'I oktober 2021 beslutade VGR att inte avropa optionerna inom tidsramen för programmet FVM.',
    );
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        line,
        message: expect.stringContaining('svaret nämner ”oktober”, som inte står i avsnittet ”Läget inom IVA- och anestesivården”'),
      }),
    ]);
  });

  it('reports an added name and a number the section does not have', () => {
    const { issues } = withAnswer(
      'rekommendation',
      'Chefssamrådet för anestesi och IVA, med Anna Berg, gjorde en rekommendation att avstå från 3 optioner och upphandla annan lösning.',
    );
    const words = issues.map((i) => /nämner ”([^”]+)”/.exec(i.message)?.[1]);
    expect(words).toEqual(expect.arrayContaining(['Anna', 'Berg', '3']));
    // 2021 is not 2022, however alike the digits.
    expect(withAnswer('beslut-2021', 'Hösten 2020 beslutade VGR att inte avropa optionerna.').issues.map((i) => i.message)).toEqual([
      expect.stringContaining('”2020”'),
    ]);
  });

  it('reports a 2022 state told in the present tense, and accepts it with its time', () => {
    const { issues, line } = withAnswer('it-stod-idag', 'VGR saknar ett regiongemensamt IT-stöd för anestesi- och intensivvård.');
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        line,
        message: expect.stringMatching(/^it-stod-idag: ”saknar” berättar i presens om läget, men faktasidan beskriver läget år 2022/),
      }),
    ]);
    for (const dated of [
      'Enligt faktasidan saknar VGR ett regiongemensamt IT-stöd för anestesi- och intensivvård.',
      'På faktasidan från 2022 saknar VGR ett regiongemensamt IT-stöd för anestesi- och intensivvård.',
    ])
      expect(withAnswer('it-stod-idag', dated).issues, dated).toEqual([]);
  });

  it('reads words as the engine does: inflections, compounds and suspended compounds of the section count', () => {
    const ok = withAnswer(
      'beslut-2022',
      'Hösten 2022 beslutades det att IVA- och anestesivårdens speciella behov av funktionaliteten upphandlas separat.',
    );
    expect(ok.issues).toEqual([]);
    // A sentence about what the page does not say makes no claim.
    expect(
      withAnswer('beslut-2022', 'Hösten 2022 beslutade VGR om en separat upphandling. Vad den kostar står inte på faktasidan.').issues,
    ).toEqual([]);
  });

  it('checks the small words that make a claim: numbers in words, negations, quantities, time words', () => {
    const words = (id: string, answer: string) => withAnswer(id, answer).issues.map((i) => /nämner ”([^”]+)”/.exec(i.message)?.[1]);
    expect(words('antal-optioner', 'Enligt faktasidan finns tre optioner i avtalet om Millennium.')).toEqual(['tre']);
    expect(words('it-stod-idag', 'Enligt faktasidan har alla förvaltningar redan samma IT-stöd.')).toEqual(['redan', 'samma']);
  });

  it('exempts only a clause that says what the page does not say, and still checks its numbers and names', () => {
    const words = (answer: string) =>
      withAnswer('vad-upphandlas', `Hösten 2022 beslutade VGR om en separat upphandling. ${answer}`).issues.map(
        (i) => /nämner ”([^”]+)”/.exec(i.message)?.[1] ?? 'tense',
      );
    expect(words('Vilken leverantör det blir står inte på faktasidan, men det blir Epic för 40 miljoner.')).toEqual(
      expect.arrayContaining(['Epic', '40', 'miljoner']),
    );
    expect(words('Leverantören står inte på faktasidan. 2024 väljs Epic.')).toEqual(expect.arrayContaining(['2024', 'Epic']));
    expect(words('Leverantören står inte på faktasidan (Epic valdes 2024).')).toEqual(expect.arrayContaining(['Epic', '2024']));
    expect(words('Vilken leverantör det blir står inte på faktasidan.')).toEqual([]);
  });

  it('takes a capitalised word the page never uses as a name, also at the start of a sentence', () => {
    const { issues } = withAnswer('riskanalys', 'Ja. Anna gjorde en riskanalys för att belysa helheten runt patienten.');
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('”Anna”')]);
  });

  it('catches a short first name the page does not have, in any case and place, and never as an inflection of a page word', () => {
    const words = (answer: string) => withAnswer('beslut-2022', answer).issues.map((i) => /nämner ”([^”]+)”/.exec(i.message)?.[1]);
    const rest = 'att göra en separat upphandling av IT-stöd för IVA- och anestesivård.';
    expect(words(`Hösten 2022 beslutade Ann i koncernledning hälso- och sjukvård i VGR ${rest}`)).toEqual(['Ann']);
    expect(words(`Ann beslutade hösten 2022 ${rest}`)).toEqual(['Ann']);
    expect(words(`Hösten 2022 beslutade ann ${rest}`)).toEqual(['ann']);
    expect(words(`Hösten 2022 beslutade Bo ${rest}`)).toEqual(['Bo']);
    expect(words(`Hösten 2022 beslutade eva ${rest}`)).toEqual(['eva']);
    // The page's own names pass.
    expect(words(`Hösten 2022 beslutade VGR ${rest}`)).toEqual([]);
  });

  it("passes inflections and compound parts of the section's own words, also first in a sentence", () => {
    for (const answer of [
      'Beslutet hösten 2022 var att göra en separat upphandling av IT-stöd för IVA- och anestesivård.',
      'Hösten 2022 beslutade ledningen för hälso- och sjukvård i VGR att göra en separat upphandling.',
      'Hösten 2022 beslutade koncernledning hälso- och sjukvård i VGR om en separat upphandling; ledning betyder här koncernledning.',
    ])
      expect(withAnswer('beslut-2022', answer).issues, answer).toEqual([]);
  });

  it('quotes only words the answer writes, as it writes them, and says in plain words which field', () => {
    const { issues } = withAnswer('beslut-2022', 'Hösten 2022 beslutade hälso- och sjukvårdsdirektören att göra en separat upphandling.');
    expect(issues.map((i) => /nämner ”([^”]+)”/.exec(i.message)?.[1])).toEqual(['hälso- och sjukvårdsdirektören']);
    expect(issues.map((i) => i.plain)).toEqual([
      'Svaret nämner ”hälso- och sjukvårdsdirektören”, men det står inte i avsnittet ”Läget inom IVA- och anestesivården” på faktasidan. Ta bort det eller skriv som faktasidan.',
    ]);
  });

  it('grounds the page year only where the answer cites the page by it, and a year dates only its own sentence', () => {
    expect(withAnswer('huvudavtal-klart', 'Huvudavtalet blev klart hösten 2022.').issues.map((i) => i.message)).toEqual([
      expect.stringContaining('”2022”'),
    ]);
    const { issues } = withAnswer('huvudavtal-klart', 'Huvudavtalet blev klart hösten 2018. Optionerna ligger utanför huvudavtalet.');
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('”ligger” berättar i presens')]);
  });

  it('says so with a warning, and checks nothing, in a knowledge folder without grounding.yaml', () => {
    const dir = knowledgeCopy();
    rmSync(join(dir, 'grounding.yaml'));
    const { issues } = checkKnowledge(dir, { now: NOW });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues).toContainEqual(
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('grounding.yaml saknas') }),
    );
  });

  it('makes faq check fail with file:line, as a communicator runs it', async () => {
    const dir = knowledgeCopy();
    const file = join(dir, 'faq.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('Hösten 2021 beslutade VGR att inte avropa', 'I oktober 2021 beslutade VGR att inte avropa'),
    );
    const { execFileSync } = await import('node:child_process');
    let out = '';
    let code = 0;
    try {
      execFileSync(process.execPath, [join(KNOWLEDGE, '..', 'dist', 'src', 'cli', 'main.js'), 'check', '--knowledge', dir], {
        encoding: 'utf8',
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout);
      code = (e as { status?: number }).status ?? 0;
    }
    expect(code).toBe(2);
    expect(out).toMatch(/faq\.yaml:\d+: fel: [\w-]+: svaret nämner ”oktober”/);
  });
});

describe('the grounding check on a page dated to the day (an imported page)', () => {
  const page = parsePage(
    'pipra.md',
    '---\ntitle: Pipra\nurl: https://example.se/pipra\npublished: "2024-05-02"\nreviewed: 2026-11-26\nowner: Test\n---\n\n# Pipra {#pipra}\n\nPipra är ett larm som bärs på armen.\n',
    [],
  ) as Page;
  const check = (answer: string) => {
    const { lists, context } = readGrounding(KNOWLEDGE);
    const entry = {
      id: 'pipra-larm',
      question: 'Vad är Pipra?',
      alternates: [],
      answer,
      section: 'pipra',
      reviewed: '2026-11-26',
      file: 'faq.yaml',
      line: 1,
    };
    return groundingIssues([entry], [page], lists, 'knowledge', context).map((i) => i.message);
  };

  it('tells the time by the year, as the answer would write it', () => {
    const [message] = check('Pipra är ett larm som bärs på armen.');
    expect(message).toContain('faktasidan beskriver läget år 2024:');
    expect(message).toContain('”Hösten 2024 …”');
    expect(message).not.toContain('2024-05-02');
  });

  it('takes "sidan från" its year as the page citing itself', () => {
    expect(check('Enligt sidan från 2024 är Pipra ett larm som bärs på armen.')).toEqual([]);
    expect(check('Enligt faktasidan från 2024-05-02 är Pipra ett larm som bärs på armen.')).toEqual([]);
  });
});
