import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knowledgeCopy, ROOT, realEngine } from '../helpers';

// These run the built CLI (npm test builds first), as other checks call it.
const FAQ = join(ROOT, 'bin', 'faq.js');
const run = (args: string[], input?: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [FAQ, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, ...env } });

describe('faq ask --json (the contract)', () => {
  it('prints one object with the contract fields, exactly named', () => {
    const r = run(['ask', '--json', 'Varför blev IVA-modulerna optioner?']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]!);
    expect(a).toMatchObject({ question: 'Varför blev IVA-modulerna optioner?', answered: true });
    expect(typeof a.answer).toBe('string');
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(a.sources[0]).toEqual(
      expect.objectContaining({
        id: 'laget-iva-anestesi',
        title: expect.any(String),
        url: expect.stringMatching(/^https:\/\/www\.vgregion\.se\//),
        section: 'Läget inom IVA- och anestesivården',
      }),
    );
    expect(Array.isArray(a.suggestions)).toBe(true);
    expect(a.candidates).toHaveLength(5);
    expect(a.candidates[0]).toEqual(expect.objectContaining({ id: 'varfor-optioner', score: expect.any(Number) }));
  });

  it('works through npm run --silent faq, as documented', () => {
    const out = execFileSync('npm', ['run', '--silent', 'faq', '--', 'ask', '--json', 'Vad är FVM?'], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out).candidates[0].id).toBe('fvm');
  });

  it('reads one question per line from stdin and answers each in order', () => {
    const r = run(['ask', '--json'], 'Vad står VGR för?\nHur byter jag lösenord?\n\nVad är FVM?\n');
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.question)).toEqual(['Vad står VGR för?', 'Hur byter jag lösenord?', '', 'Vad är FVM?']);
    expect(out.map((o) => o.answered)).toEqual([true, false, false, true]);
  });

  it('--conversations reads each line with the context of the earlier lines of its own conversation', () => {
    const lines = [
      { conversation: 'a', question: 'Vad beslutade VGR om optionerna för IVA?' },
      { conversation: 'b', question: 'och när då?' },
      { conversation: 'a', question: 'och när då?' },
    ];
    const r = run(['ask', '--json', '--conversations'], `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.question)).toEqual(lines.map((l) => l.question));
    // The same words alone, in a conversation of their own, are not the year of the decision.
    expect(out[1]).toMatchObject({ answered: false });
    expect(out[1].answer).not.toMatch(/2021/);
    expect(out[2]).toMatchObject({
      answered: true,
      outcome: 'interpreted',
      interpretedAs: 'När beslutade VGR att inte avropa optionerna?',
    });
    expect(out[2].answer).toMatch(/2021/);
  });

  it('--conversations answers a bad line with an error in its place and exits with 1', () => {
    const r = run(
      ['ask', '--json', '--conversations'],
      'inte json\n{"conversation": 1, "question": "x"}\n{"conversation":"a","question":"Vad är FVM?"}\n',
    );
    expect(r.status).toBe(1);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out[0].error).toMatch(/^rad 1: inte JSON/);
    expect(out[1].error).toMatch(/^rad 2: .*"conversation"/);
    expect(out[2].candidates[0].id).toBe('fvm');
    expect(run(['ask', '--conversations']).stderr).toMatch(/--json/);
  });

  it('answers from another knowledge folder with --knowledge, giving a passage its own id', () => {
    const dir = knowledgeCopy();
    writeFileSync(
      join(dir, 'p.jsonl'),
      `${JSON.stringify({ id: 'Rutin/42', title: 'Reservrutin vid driftstopp', url: 'https://example.org/r', text: 'Vid driftstopp i journalsystemet används pappersblanketter från reservlådan.' })}\n`,
    );
    const a = JSON.parse(run(['ask', '--json', '--knowledge', dir, 'Vad gör vi vid driftstopp, reservlådan?']).stdout);
    expect(a.candidates[0].id).toBe('Rutin/42');
    const viaEnv = JSON.parse(run(['ask', '--json', 'driftstopp reservlådan'], undefined, { KNOWLEDGE_DIR: dir }).stdout);
    expect(viaEnv.candidates[0].id).toBe('Rutin/42');
  });

  it('prints Swedish text with the source and its date without --json', () => {
    const r = run(['ask', 'När blev huvudavtalet klart?']);
    expect(r.stdout).toContain('hösten 2018');
    expect(r.stdout).toContain('Källa: ”Avtal och möjliga tillval (optioner)” i ');
    expect(r.stdout).toContain('publicerad 2022');
  });

  it('says which question an interpreted answer answered: outcome and interpretedAs in JSON, the line first in text', () => {
    // Paraphrases the shipped engine may answer as an interpretation; the test takes the first it does.
    const paraphrases = [
      'Blir Millennium vårt nya journalsystem?',
      'vad är det som gäller för narkosen',
      'vad ska vi använda istället',
      'vad händer med IVA nu',
      'vad tycker ni om hela millenniumgrejen',
      'hur länge dröjer det',
    ];
    const question = paraphrases.find((q) => realEngine().ask(q).outcome === 'interpreted');
    expect(question, 'none of the paraphrases is answered as an interpretation').toBeDefined();
    const expected = realEngine().ask(question as string);
    const a = JSON.parse(run(['ask', '--json', question as string]).stdout);
    expect(a).toMatchObject({ question, answered: true, outcome: 'interpreted', interpretedAs: expected.interpretedAs });
    expect(a.interpretedAs.length).toBeGreaterThan(0);
    expect(a.suggestions).toEqual(expected.suggestions);
    const plain = JSON.parse(run(['ask', '--json', 'Vad är FVM?']).stdout);
    expect(plain.outcome).toBe('answered');
    expect(plain).not.toHaveProperty('interpretedAs');

    const lines = run(['ask', question as string]).stdout.split('\n');
    expect(lines[0]).toBe(`Jag tolkar frågan som ”${expected.interpretedAs}”.`);
    expect(lines[1]).toBe(expected.answer);
    expect(lines[2]).toMatch(/^Källa: .*publicerad 2022/);
    if (expected.suggestions.length) expect(lines[3]).toBe('Menade du något annat?');
  });

  it('rejects unknown flags with usage and exit 1', () => {
    const r = run(['ask', '--nope']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('okänd flagga --nope');
  });
});

describe('faq check', () => {
  it('passes the real knowledge with exit 0', () => {
    const r = run(['check']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^OK: 1 sida, \d+ frågor, \d+ passager?; 0 fel, \d+ varning(ar)?$/m);
  });

  it('prints errors as file:line and exits 2', () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'bad.jsonl'), '{"id":"a","title":"t","text":"x","url":"https://x"}\nnot json\n');
    const r = run(['check', '--knowledge', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/bad\.jsonl:2: fel: ogiltig JSON/);
  });

  it('makes ask fail with exit 2 and file:line on invalid knowledge', () => {
    const dir = knowledgeCopy();
    writeFileSync(join(dir, 'bad.jsonl'), 'not json\n');
    const r = run(['ask', '--knowledge', dir, 'fråga']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:1: fel/);
  });
});

describe('faq eval', () => {
  it('prints accuracy per category as JSON, and never answers a clinical question', () => {
    const r = run(['eval', '--json', '--split', 'test']);
    const report = JSON.parse(r.stdout);
    expect(report.n).toBeGreaterThan(70);
    const clinical = report.categories.find((c: { category: string }) => c.category === 'clinical');
    expect(clinical.wrong).toBe(0);
    expect(clinical.right).toBe(clinical.n);
  });
});

describe('faq ask with chat messages', () => {
  const ask = (q: string) => JSON.parse(run(['ask', '--json', q]).stdout);

  it('answers the question inside a greeting, a sentence about the writer and a sign-off', () => {
    const plain = ask('När beslutade VGR att inte avropa optionerna?');
    const wrapped = ask('Hej! Jag är IT-samordnare på NU-sjukvården. När beslutade VGR att inte avropa optionerna? Tack! /Olof');
    expect(wrapped.answered).toBe(true);
    expect(wrapped.candidates[0].id).toBe(plain.candidates[0].id);
  });

  it('answers a question in English in Swedish, saying so in one English line', () => {
    const a = ask('Who carried out the risk analysis before the decision on the ICU options?');
    expect(a.answered).toBe(true);
    expect(a.answer.split('\n')[0]).toBe('The source is a Swedish page, so the answer is in Swedish.');
  });

  it('says the page does not mention a name it never uses, and does not state a cost', () => {
    expect(ask('Vilket journalsystem har Sahlgrenska idag?').answer).toMatch(/^Faktasidan nämner inte det namnet\./);
    expect(ask('Vad kostar det att avropa optionerna?').answer).toMatch(/^Faktasidan säger inte vad det kostar\./);
  });
});

describe('faq eval --chat', () => {
  it('scores a chat-style set by the rules of its README, per kind', () => {
    const dir = knowledgeCopy();
    writeFileSync(
      join(dir, 'questions.jsonl'),
      [
        { id: 'x1', kind: 'long', q: 'Hej! När blev huvudavtalet klart? /Eva', expect: ['hösten 2018'] },
        { id: 'x2', kind: 'near-miss', q: 'Vad kostar det att avropa optionerna?', why: 'no amounts on the page' },
        { id: 'x3', kind: 'offtopic', q: 'Hur bokar jag ett konferensrum?', why: 'not about the page' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const r = run(['eval', '--chat', '--json'], undefined, { CHAT_DEV_DIR: dir });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ n: 3, answerable: 1, toDecline: 2, answeredRight: 1, answeredWrong: 0, declinedRight: 1 });
    expect(report.kinds.map((k: { kind: string }) => k.kind)).toEqual(['long', 'near-miss', 'offtopic']);
    const human = run(['eval', '--chat'], undefined, { CHAT_DEV_DIR: dir }).stdout;
    expect(human).toMatch(/^chat-dev: 3 meddelanden \(1 att besvara, 2 att avböja\)/);
  });

  it('says where it looked when the set is not there', () => {
    const r = run(['eval', '--chat'], undefined, { CHAT_DEV_DIR: '/nonexistent/chat-dev' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('/nonexistent/chat-dev');
  });
});

describe('human output is Swedish', () => {
  // A decimal point between digits (0.94, 83.3 %) in a number; dates (2026-11-26) and versions are no such numbers.
  const decimalPoint = /\d\.\d/;

  it('writes numbers with a decimal comma in faq ask, faq eval and faq eval --holdout', () => {
    const ask = run(['ask', 'Varför blev IVA-modulerna optioner?']);
    expect(ask.stdout).toMatch(/\(säkerhet \d,\d\d/);
    const evaluation = run(['eval', '--split', 'dev']);
    expect(evaluation.stdout).toMatch(/^delmängd dev: \d+ frågor; besvarade rätt \d+,\d %/);
    // The hold-out builds one engine per phrasing: three entries are enough to see how its figures are written.
    const small = knowledgeCopy();
    const faq = readFileSync(join(small, 'faq.yaml'), 'utf8');
    writeFileSync(
      join(small, 'faq.yaml'),
      faq
        .split(/\n(?=- id: )/)
        .slice(0, 4)
        .join('\n')
        // Follow-up questions name entries left out here.
        .replace(/\n {2}related:\n(?: {4}- .*\n)+/g, '\n'),
    );
    const holdout = run(['eval', '--holdout', '--knowledge', small]);
    expect(holdout.stdout).toMatch(/rätt fråga först \d+,\d %/);
    for (const r of [ask, evaluation, holdout]) {
      expect(r.status).toBe(0);
      const withPoint = r.stdout.split('\n').filter((l) => decimalPoint.test(l.replace(/https?:\/\/\S+/g, '')));
      expect(withPoint).toEqual([]);
    }
  });

  it('names the outcomes of the misses in Swedish', () => {
    const r = run(['eval', '--split', 'all']);
    expect(r.stdout).not.toMatch(/\[(missed|wrong|right|abstained|answered-out-of-scope|another|declined)\]/);
    expect(r.stdout).not.toMatch(/^split /m);
  });
});
