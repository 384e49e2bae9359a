/**
 * `faq import` end to end through the built CLI: a web page, a Word document and a PDF made in the test go into a
 * temporary copy of the knowledge folder, their drafts are pasted in as a communicator would, and `faq ask` answers a
 * question on each citing that page's title, address with the section's anchor, and date, as the fact page's answers
 * do. Refused documents exit 2 and leave the folder byte for byte as it was; a re-import keeps anchors.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { knowledgeCopy, ROOT } from '../helpers';
import { brokenDocx, docx, emptyPdf, encryptedPdf, htmlPage, PNG, pdf, type Section } from '../knowledge/import-fixtures';

const FAQ = join(ROOT, 'bin', 'faq.js');
const faq = (args: string[]) => spawnSync(process.execPath, [FAQ, ...args], { cwd: ROOT, encoding: 'utf8' });
const scratch = () => mkdtempSync(join(tmpdir(), 'faktabot-import-'));

/** Every file of a folder (one level, as the loader reads it) with a hash of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { withFileTypes: true }))
    if (f.isFile())
      out[f.name] = createHash('sha256')
        .update(readFileSync(join(dir, f.name)))
        .digest('hex');
  return out;
}

/** Imports `bytes` as `name`; returns the result and, with drafts, pastes them in as `faq-<stem>.yaml`. */
function importInto(dir: string, name: string, bytes: Buffer, url: string, extra: string[] = []) {
  const file = join(scratch(), name);
  writeFileSync(file, bytes);
  const drafts = join(scratch(), 'drafts.yaml');
  const r = faq(['import', file, '--knowledge', dir, '--url', url, '--drafts', drafts, ...extra]);
  return { ...r, drafts: r.status === 0 ? readFileSync(drafts, 'utf8') : '' };
}

/** The drafts as a communicator saves them: each entry's other ways to ask written in, the rest as proposed. */
function reviewed(drafts: string, alternates: string[][]): string {
  const doc = parseDocument(drafts);
  const entries = doc.contents as YAMLSeq<YAMLMap>;
  expect(entries.items).toHaveLength(alternates.length);
  entries.items.forEach((entry, i) => {
    entry.set('alternates', alternates[i]);
  });
  return doc.toString();
}

const ask = (dir: string, question: string) => {
  const r = faq(['ask', '--json', '--knowledge', dir, question]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
};

// Facts invented for the tests: a ward alarm, a parking rule and a badge system that exist nowhere.
const PIPRA: Section[] = [
  {
    heading: 'När började larmsystemet Pipra användas?',
    paragraphs: ['Larmsystemet Pipra började användas på IVA i Borås hösten 2024. Pipra ersatte då de gamla personsökarna.'],
  },
  {
    heading: 'Vem utbildade personalen i Pipra?',
    paragraphs: ['Medicinsk teknik utbildade personalen i Pipra under september 2024.', 'Varje utbildning tog två timmar.'],
  },
];
const PIPRA_ASKED = [
  ['När kom Pipra?', 'Sedan när finns Pipra på IVA?', 'När ersattes personsökarna?'],
  ['Vem lärde ut Pipra?', 'Hur länge var utbildningen i Pipra?', 'Vilka höll i Pipra-utbildningen?'],
];
const PARKING: Section[] = [
  {
    heading: 'Hur länge fick nattpersonalen parkera i garaget Ekbacken?',
    paragraphs: ['Under 2023 fick nattpersonalen parkera gratis i garaget Ekbacken i högst tolv timmar per pass.'],
  },
  {
    heading: 'Vem beslutade om parkeringen?',
    paragraphs: ['Fastighetsnämnden beslutade om parkeringsregeln för garaget Ekbacken i mars 2023.'],
  },
];
const BADGE: Section[] = [
  {
    heading: 'Vilket passerkort infördes på operation?',
    paragraphs: [
      'Passerkortet Nyckla infördes på operationsavdelningen i Alingsås våren 2025. Nyckla öppnade då alla dörrar till operationssalarna.',
    ],
  },
  {
    heading: 'Vem fick ett nytt passerkort?',
    paragraphs: ['Våren 2025 fick alla anställda på operationsavdelningen i Alingsås ett nytt passerkort.'],
  },
];

describe('faq import', () => {
  it('imports a web page, a Word document and a PDF, and answers cite each page with its section and date', async () => {
    const dir = knowledgeCopy();
    const pages = [
      {
        name: 'pipra.html',
        bytes: htmlPage('Pipra på IVA i Borås', PIPRA),
        url: 'https://example.se/nyheter/pipra',
        title: 'Pipra på IVA i Borås',
        published: '2024-05-02',
        question: 'När började man använda Pipra på IVA?',
        anchor: 'nar-borjade-larmsystemet-pipra-anvandas',
        alternates: PIPRA_ASKED,
      },
      {
        name: 'parkering.docx',
        bytes: await docx('Parkering för nattpersonal', PARKING),
        url: 'https://example.se/dokument/parkering',
        title: 'Parkering för nattpersonal',
        published: '2023-09-14',
        question: 'Vem bestämde parkeringsregeln i Ekbacken?',
        anchor: 'vem-beslutade-om-parkeringen',
        alternates: [
          ['Hur länge får man stå i Ekbacken på natten?', 'Får nattpersonal parkera gratis?', 'Hur många timmar gratis parkering?'],
          ['Vem bestämde om parkeringen?', 'Vilken nämnd beslutade om garaget?', 'Vem tog beslutet om Ekbacken?'],
        ],
      },
      {
        name: 'passerkort.pdf',
        bytes: await pdf('Nytt passerkort på operation', BADGE),
        url: 'https://example.se/dokument/passerkort.pdf',
        title: 'Nytt passerkort på operation',
        published: '2025-01-20',
        question: 'Vilket passerkort fick operation i Alingsås?',
        anchor: 'vilket-passerkort-infordes-pa-operation',
        alternates: [
          ['Vad heter det nya passerkortet?', 'Vilket kort öppnar operationssalarna?', 'Vilket passerkort har operation?'],
          ['Vilka fick nya passerkort?', 'Får alla på operation nytt kort?', 'Vem har fått Nyckla?'],
        ],
      },
    ];
    for (const p of pages) {
      const r = importInto(dir, p.name, p.bytes, p.url);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`#${p.anchor}`);
      // The communicator reviews the drafts, writes other ways to ask, and pastes them in.
      writeFileSync(join(dir, `faq-${p.name.replace(/\.\w+$/, '')}.yaml`), reviewed(r.drafts, p.alternates));
    }
    const check = faq(['check', '--json', '--knowledge', dir]);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, counts: { pages: 4 } });

    for (const p of pages) {
      const a = ask(dir, p.question);
      expect(a.answered, `${p.question}: ${a.answer}`).toBe(true);
      expect(a.sources[0]).toEqual({ id: p.anchor, title: p.title, url: p.url, section: expect.any(String), published: p.published });
    }
    // The fact page still answers as before, with its own source.
    const fact = ask(dir, 'Varför blev IVA-modulerna optioner?');
    expect(fact.sources[0]).toMatchObject({ id: 'laget-iva-anestesi', published: '2022' });
  });

  it('keeps the anchors of unchanged and edited sections on a re-import, and lists the removed ones', () => {
    const dir = knowledgeCopy();
    const url = 'https://example.se/nyheter/pipra';
    const first = importInto(dir, 'pipra.html', htmlPage('Pipra på IVA i Borås', PIPRA), url, ['--owner', 'Larmgruppen']);
    expect(first.status).toBe(0);
    const file = 'pipra-pa-iva-i-boras.md';
    expect(readFileSync(join(dir, file), 'utf8')).toContain('{#vem-utbildade-personalen-i-pipra}');

    const second = importInto(
      dir,
      'pipra.html',
      htmlPage('Pipra på IVA i Borås', [
        { heading: PIPRA[0]!.heading, paragraphs: ['Larmsystemet Pipra började användas på IVA i Borås hösten 2024 och i Skövde 2025.'] },
        { heading: 'Utbildningen i Pipra', paragraphs: PIPRA[1]!.paragraphs },
        { heading: 'Vad kostade Pipra?', paragraphs: ['Pipra kostade regionen fyra miljoner kronor under 2024.'] },
      ]),
      url,
      ['--title', 'Pipra på IVA i Borås'],
    );
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/Uppdaterade pipra-pa-iva-i-boras\.md/);
    expect(second.stdout).toMatch(/#nar-borjade-larmsystemet-pipra-anvandas +När började larmsystemet Pipra användas\? +\(ändrad\)/);
    // Renamed with the same text: the anchor stays, so links and entries citing it still hold.
    expect(second.stdout).toMatch(/#vem-utbildade-personalen-i-pipra +Utbildningen i Pipra +\(ändrad\)/);
    expect(second.stdout).toMatch(/#vad-kostade-pipra +Vad kostade Pipra\? +\(ny\)/);
    expect(readdirSync(dir).filter((f) => f.startsWith('pipra'))).toEqual([file]);
    expect(readFileSync(join(dir, file), 'utf8')).toMatch(/^owner: Larmgruppen$/m);

    const third = importInto(dir, 'pipra.html', htmlPage('Pipra på IVA i Borås', PIPRA), url);
    expect(third.status).toBe(0);
    expect(third.stdout).toMatch(/Borttagna avsnitt: #vad-kostade-pipra$/m);
    expect(readFileSync(join(dir, file), 'utf8')).not.toContain('Vad kostade Pipra?');
  });

  it('refuses a re-import that drops a section an FAQ entry cites, and writes nothing', () => {
    const dir = knowledgeCopy();
    const url = 'https://example.se/nyheter/pipra';
    const first = importInto(dir, 'pipra.html', htmlPage('Pipra på IVA i Borås', PIPRA), url);
    writeFileSync(join(dir, 'faq-pipra.yaml'), reviewed(first.drafts, PIPRA_ASKED));
    const before = snapshot(dir);
    const r = importInto(dir, 'pipra.html', htmlPage('Pipra på IVA i Borås', [PIPRA[0]!]), url);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/okänt avsnitt "vem-utbildade-personalen-i-pipra"/);
    expect(r.stderr).toContain('Inget skrevs.');
    expect(snapshot(dir)).toEqual(before);
  });

  const refusals: [string, string, () => Promise<Buffer> | Buffer, RegExp][] = [
    ['a broken Word document', 'rapport.docx', brokenDocx, /Word-dokumentet är skadat/],
    ['an empty PDF', 'rapport.pdf', emptyPdf, /PDF-filen har ingen text/],
    ['an image renamed as a Word document', 'rapport.docx', () => PNG, /Filen är en bild \(PNG\)/],
    ['an image renamed as a web page', 'sida.html', () => PNG, /Filen är en bild \(PNG\)/],
    ['a password-protected PDF', 'hemlig.pdf', encryptedPdf, /lösenordsskyddad/],
    ['a PDF named as a Word document', 'rapport.docx', emptyPdf, /Filen heter \.docx men är en PDF/],
    ['an empty file', 'tom.html', () => Buffer.alloc(0), /Filen är tom/],
  ];
  for (const [what, name, make, message] of refusals)
    it(`refuses ${what} with exit 2 and a Swedish message, leaving the folder unchanged`, async () => {
      const dir = knowledgeCopy();
      const before = snapshot(dir);
      const r = importInto(dir, name, await make(), 'https://example.se/dokument');
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(snapshot(dir)).toEqual(before);
    });

  it('refuses a page that states no date unless --published gives one', () => {
    const dir = knowledgeCopy();
    const before = snapshot(dir);
    const page = htmlPage('Pipra på IVA i Borås', PIPRA, '');
    const refused = importInto(dir, 'pipra.html', page, 'https://example.se/pipra');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/säger inte när det publicerades.*--published/s);
    expect(snapshot(dir)).toEqual(before);
    const given = importInto(dir, 'pipra.html', page, 'https://example.se/pipra', ['--published', '2024']);
    expect(given.status).toBe(0);
    expect(readFileSync(join(dir, 'pipra-pa-iva-i-boras.md'), 'utf8')).toMatch(/^published: "2024"$/m);
  });

  it('writes drafts nowhere in the knowledge folder', () => {
    const dir = knowledgeCopy();
    const before = snapshot(dir);
    const file = join(scratch(), 'pipra.html');
    writeFileSync(file, htmlPage('Pipra på IVA i Borås', PIPRA));
    const r = faq(['import', file, '--knowledge', dir, '--url', 'https://example.se/pipra', '--drafts', join(dir, 'faq-pipra.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--drafts ska vara en fil utanför kunskapsmappen/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('takes no file without --url, as a usage mistake', () => {
    const r = faq(['import', join(scratch(), 'x.html')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--url/);
  });
});
