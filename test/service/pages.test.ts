/**
 * "Sidor" over HTTP on loopback: importing a page into the knowledge from the console (upload or address), the
 * preview that writes nothing, the save through the editor's audit trail and undo, re-imports that keep anchors, the
 * drafts it hands to *Granska*, refusals of bad input with nothing written, and the fetch's SSRF rules against a real
 * HTTP server on loopback. The pages are made here, with invented facts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../src/knowledge/import';
import { interpreting } from '../helpers';
import { signIn } from '../oidc/signin';
import { ROLE_ACCOUNTS, type Running, startService, startWithProvider, storedBytes } from './helpers';
import { pageHtml } from './pages-fixture';

const TOKEN = 'test-console-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const PAGE_URL = 'https://www.vgregion.se/nattugglan/';

const NATTUGGLAN: [string, string][] = [
  [
    'Vad är Nattugglan?',
    'Nattugglan är ett påhittat schemaverktyg för nattbemanning som Solängens sjukhus började använda hösten 2025. Verktyget visar vilka sköterskor som har jour under natten och skickar påminnelser till avdelningarnas samordnare. Det ersätter de pappersscheman som tidigare sattes upp i personalrummen.',
  ],
  [
    'Vem ansvarar för Nattugglan?',
    'Förvaltningen för digitala schemaverktyg på Solängens sjukhus ansvarar för Nattugglan och för utbildningen i verktyget. Frågor om behörigheter ställs till förvaltningens servicedesk, som har öppet vardagar.',
  ],
  [
    'När byts Nattugglan ut?',
    'Nattugglan ska enligt planen användas till och med år 2029. Därefter ska schemaläggningen flyttas in i det regiongemensamma systemet för bemanning.',
  ],
];

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const upload = (html: string, name = 'nattugglan.html') => ({ file: { name, data: b64(html) }, url: PAGE_URL });

/** The knowledge folder's files and their texts: what "nothing written" compares. */
const folder = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => [f.name, readFileSync(join(dir, f.name), 'utf8')]),
  );

describe('importing pages in "Sidor"', () => {
  let s: Running;
  let site: Server;
  let siteUrl: string;

  beforeAll(async () => {
    // A site on loopback: the page, redirects on and off the allow-list, a page too large to fetch.
    site = createServer((req, res) => {
      if (req.url === '/nattugglan.html')
        return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml('Nattugglan', NATTUGGLAN));
      if (req.url === '/flyttad') return res.writeHead(301, { location: '/nattugglan.html' }).end();
      if (req.url === '/bort') return res.writeHead(302, { location: 'http://example.org/nattugglan.html' }).end();
      if (req.url === '/stor') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        for (let i = 0; i <= MAX_IMPORT_BYTES / chunk.length; i++) res.write(chunk);
        return res.end();
      }
      return res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    // The operator's allow-list names this machine's address, as a test must; "localhost" is a name, and a name that
    // resolves to an internal address is refused whatever the list says.
    // The bot answers (as an interpretation) from what it finds, so that a question on the page is answered whatever
    // the shipped thresholds; the answer must cite the page either way.
    s = await startService(
      { CONSOLE_TOKEN: TOKEN, WATCH_KNOWLEDGE: 'false', IMPORT_ALLOWED_HOSTS: '127.0.0.1,localhost,vgregion.se' },
      { calibration: interpreting() },
    );
  });
  afterAll(async () => {
    await s?.stop();
    await new Promise((resolve) => site?.close(resolve));
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${s.url}/console/api/${path}`, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test walks the API's JSON freely; a wrong path fails its expect
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };
  const importDrafts = async () => (await call('GET', 'drafts')).body.drafts.filter((d: { sourceTitle: string | null }) => d.sourceTitle);
  const ask = async (question: string) => (await call('POST', 'ask', { question })).body.answer;

  it('previews an uploaded page: its sections with anchors and openings, and drafts with their grounding; nothing is written', async () => {
    const before = folder(s.knowledgeDir);
    const changes = (await call('GET', 'changes')).body.changes.length;
    const r = await call('POST', 'pages/preview', upload(pageHtml('Nattugglan', NATTUGGLAN)));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ title: 'Nattugglan', url: PAGE_URL, published: '2025-03-14', version: 'ny', removed: [] });
    expect(r.body.file).toMatch(/^nattugglan.*\.md$/);
    const headings = r.body.sections.map((x: { heading: string }) => x.heading);
    expect(headings).toEqual(expect.arrayContaining(NATTUGGLAN.map(([h]) => h)));
    for (const x of r.body.sections) expect(x).toMatchObject({ anchor: expect.stringMatching(/^[a-z0-9-]+$/), status: 'new' });
    expect(r.body.sections.find((x: { heading: string }) => x.heading === 'Vad är Nattugglan?').opening).toMatch(
      /^Nattugglan är ett påhittat/,
    );
    // Navigation and footer are not content.
    expect(JSON.stringify(r.body)).not.toContain('Jobba hos oss');
    expect(r.body.drafts.length).toBeGreaterThan(0);
    for (const d of r.body.drafts)
      expect(d).toMatchObject({ question: expect.any(String), answer: expect.any(String), grounded: expect.any(Boolean) });
    expect(folder(s.knowledgeDir)).toEqual(before);
    expect((await call('GET', 'changes')).body.changes.length).toBe(changes);
  });

  it('saves the page through the audit trail so answers cite it, lists its drafts, and undo takes the page and its drafts away', async () => {
    const before = folder(s.knowledgeDir);
    const preview = await call('POST', 'pages/preview', upload(pageHtml('Nattugglan', NATTUGGLAN)));
    const saved = await call('POST', 'pages', { ...upload(pageHtml('Nattugglan', NATTUGGLAN)), version: preview.body.version });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({
      saved: true,
      file: preview.body.file,
      title: 'Nattugglan',
      change: { target: `sida:${preview.body.file}` },
    });
    expect(readFileSync(join(s.knowledgeDir, preview.body.file), 'utf8')).toContain(`url: ${PAGE_URL}`);
    const change = (await call('GET', 'changes')).body.changes[0];
    expect(change).toMatchObject({
      id: saved.body.change.id,
      action: 'import',
      file: preview.body.file,
      question: 'Nattugglan',
      undoable: true,
    });

    // The bot answers from the page at once, citing it as the fact page is cited: title, address, section and year.
    const answer = await ask('Hur länge ska Nattugglan användas?');
    expect(answer.answered, answer.answer).toBe(true);
    const anchors = preview.body.sections.map((x: { anchor: string }) => x.anchor);
    expect(answer.sources[0]).toMatchObject({ title: 'Nattugglan', url: PAGE_URL, published: '2025-03-14' });
    expect(answer.sources[0].id).toBe(
      preview.body.sections.find((x: { heading: string }) => x.heading === 'När byts Nattugglan ut?').anchor,
    );
    expect(anchors).toContain(answer.sources[0].id);
    const anchor = preview.body.sections.find((x: { heading: string }) => x.heading === 'Vad är Nattugglan?').anchor;
    // Kunskapens hälsa lists the page with its date and review date.
    const pages = (await call('GET', 'knowledge')).body.pages;
    expect(pages).toContainEqual(
      expect.objectContaining({
        title: 'Nattugglan',
        url: PAGE_URL,
        published: '2025-03-14',
        reviewed: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      }),
    );

    const drafts = await importDrafts();
    expect(drafts.length).toBe(saved.body.drafts);
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) expect(d).toMatchObject({ sourceTitle: 'Nattugglan', status: 'open' });
    expect(drafts.map((d: { sourceAnchor: string }) => d.sourceAnchor)).toContain(anchor);

    const undone = await call('POST', `changes/${saved.body.change.id}/undo`, {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(folder(s.knowledgeDir)).toEqual(before);
    expect(await importDrafts()).toEqual([]);
    expect((await ask('Hur länge ska Nattugglan användas?')).sources?.[0]?.title).not.toBe('Nattugglan');
  });

  it('re-imports the same address into the same file, keeping the anchors of unchanged sections; undo brings the first import back', async () => {
    const first = await call('POST', 'pages', { ...upload(pageHtml('Nattugglan', NATTUGGLAN)), version: 'ny' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const file = first.body.file as string;
    const firstText = readFileSync(join(s.knowledgeDir, file), 'utf8');
    const draftsAfterFirst = (await importDrafts()).length;

    const edited: [string, string][] = [
      NATTUGGLAN[0] as [string, string],
      [
        NATTUGGLAN[1]?.[0] as string,
        'Förvaltningen för digitala schemaverktyg på Solängens sjukhus ansvarar för Nattugglan. Behörigheter beställs i beställningsportalen sedan januari 2026.',
      ],
    ];
    const preview = await call('POST', 'pages/preview', upload(pageHtml('Nattugglan', edited)));
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.file).toBe(file);
    expect(preview.body.version).not.toBe('ny');
    const firstSections = (await call('POST', 'pages/preview', upload(pageHtml('Nattugglan', NATTUGGLAN)))).body.sections;
    const anchorOf = (sections: { heading: string; anchor: string }[], heading: string) =>
      sections.find((x) => x.heading === heading)?.anchor;
    const status = (heading: string) => preview.body.sections.find((x: { heading: string }) => x.heading === heading)?.status;
    expect(anchorOf(preview.body.sections, 'Vad är Nattugglan?')).toBe(anchorOf(firstSections, 'Vad är Nattugglan?'));
    expect(status('Vad är Nattugglan?')).toBe('unchanged');
    expect(status('Vem ansvarar för Nattugglan?')).toBe('changed');
    expect(preview.body.removed).toEqual([anchorOf(firstSections, 'När byts Nattugglan ut?')]);

    const saved = await call('POST', 'pages', { ...upload(pageHtml('Nattugglan', edited)), version: preview.body.version });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.file).toBe(file);
    // Only the changed section proposes a new draft; the unchanged one keeps the draft it got the first time.
    expect(saved.body.drafts).toBe(1);
    expect((await importDrafts()).length).toBe(draftsAfterFirst + 1);
    // A preview's version that a save has overtaken is refused, and nothing is written.
    const stale = await call('POST', 'pages', { ...upload(pageHtml('Nattugglan', NATTUGGLAN)), version: preview.body.version });
    expect(stale.status).toBe(409);

    const undone = await call('POST', `changes/${saved.body.change.id}/undo`, {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(readFileSync(join(s.knowledgeDir, file), 'utf8')).toBe(firstText);
    expect((await importDrafts()).length).toBe(draftsAfterFirst);
    // Only the newest change to a page can be undone: the first import stays.
    expect((await call('POST', `changes/${first.body.change.id}/undo`, {})).status).toBe(409);
  });

  it("turns a draft whose question is its section's heading into an entry with an id of its own; the import's undo waits until that entry is undone", async () => {
    const url = 'https://www.vgregion.se/nattugglan-2/';
    const saved = await call('POST', 'pages', { ...upload(pageHtml('Nattugglan i Solängen', NATTUGGLAN)), url, version: 'ny' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const draft = (await importDrafts()).find(
      (d: { sourceTitle: string; question: string }) =>
        d.sourceTitle === 'Nattugglan i Solängen' && d.question === 'När byts Nattugglan ut?',
    );
    const { versions } = (await call('GET', 'entries')).body;
    const entry = await call('POST', 'entries', {
      question: draft.question,
      // The section's dated sentence alone: the grounding check wants the other one to say when.
      answer: 'Nattugglan ska enligt planen användas till och med år 2029.',
      section: draft.sourceAnchor,
      alternates: ['Hur länge ska Nattugglan användas?', 'Till när används Nattugglan?', 'Vad händer med Nattugglan efter 2029?'],
      draftId: draft.id,
      version: versions['faq.yaml'],
      confirm: true,
    });
    expect(entry.status, JSON.stringify(entry.body)).toBe(200);
    const refused = await call('POST', `changes/${saved.body.change.id}/undo`, {});
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.issues.join(' ')).toContain(draft.sourceAnchor);
    expect(readdirSync(s.knowledgeDir)).toContain(saved.body.file);
    expect((await call('POST', `changes/${entry.body.change.id}/undo`, {})).status).toBe(200);
    expect((await call('POST', `changes/${saved.body.change.id}/undo`, {})).status).toBe(200);
    expect(readdirSync(s.knowledgeDir)).not.toContain(saved.body.file);
  });

  it('refuses a document with personal data or a patient description, naming the section, in the preview and the save; nothing is stored', async () => {
    const before = folder(s.knowledgeDir);
    const changes = (await call('GET', 'changes')).body.changes.length;
    const url = 'https://www.vgregion.se/nattugglan-kontakt/';
    const pages: [string, [string, string][]][] = [
      [
        'an e-mail address and a phone number',
        [
          [
            'Vem svarar på frågor?',
            'Frågor om Nattugglan besvaras på telefon 031-765 43 21 eller via nattugglan.forvaltning@example.se vardagar.',
          ],
        ],
      ],
      ['a patient in psychiatric care', [['Ett exempel från avdelningen', 'Falk läggs in på psyk i kväll och får kortison varje morgon.']]],
      [
        "a person's sleeping pills, the verb no rule lists",
        [['Ett exempel från natten', 'Björk sov inte i natt och fick sömntabletter, vilket dokumenterades i Nattugglan vid tretiden.']],
      ],
      [
        'a person drinking alcohol on the ward',
        [['Ett exempel från avdelningen', 'Falk drack alkohol på avdelningen och det dokumenterades.']],
      ],
      ['a blood clot after surgery', [['Ett exempel från natten', 'Efter operationen fick Sommar blodpropp i natt.']]],
      ['a person on a ventilator', [['Ett exempel från natten', 'Sommar är intuberad sedan i går.']]],
      [
        'a name in small letters where a person stands',
        [['Ett exempel från avdelningen', 'När patienten linden har cancer dokumenteras allt i Nattugglan.']],
      ],
      [
        'a patient',
        [
          [
            'Ett exempel från avdelningen',
            'Patienten Karin Lindqvist, 84 år, på sal 4 fick vänta på sin journal i två timmar hösten 2025.',
          ],
        ],
      ],
    ];
    for (const [what, sections] of pages)
      for (const path of ['pages/preview', 'pages']) {
        const page = { ...upload(pageHtml('Nattugglan kontakt', [...NATTUGGLAN, ...sections])), url };
        const r = await call('POST', path, path === 'pages' ? { ...page, version: 'ny' } : page);
        expect(r.status, `${what}, ${path}: ${JSON.stringify(r.body)}`).toBe(422);
        expect(r.body.error, what).toContain(`Avsnittet ”${sections[0]?.[0]}”`);
      }
    // A personnummer in the address's query would be written to the front matter and cited in answers.
    for (const path of ['pages/preview', 'pages']) {
      const page = { ...upload(pageHtml('Nattugglan kontakt', NATTUGGLAN)), url: `${url}?pnr=196503121234` };
      const r = await call('POST', path, path === 'pages' ? { ...page, version: 'ny' } : page);
      expect(r.status, `the address, ${path}: ${JSON.stringify(r.body)}`).toBe(422);
      expect(r.body.error).toMatch(/adress innehåller personuppgifter/);
    }
    expect(folder(s.knowledgeDir)).toEqual(before);
    expect((await call('GET', 'changes')).body.changes.length).toBe(changes);
    const stored = await storedBytes(s.service);
    for (const written of ['nattugglan.forvaltning@example.se', 'Lindqvist', 'Björk', 'Falk']) expect(stored).not.toContain(written);
  });

  it('previews a page that speaks of health without naming anyone, its own name from its title included', async () => {
    const health: [string, string] = [
      'Sömntabletter och dialys på natten',
      'Nattugglan visar vilka sköterskor som delar ut sömntabletter och vem som följer dialysen under natten.',
    ];
    const r = await call('POST', 'pages/preview', upload(pageHtml('Nattugglan', [...NATTUGGLAN, health])));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.sections.map((x: { heading: string }) => x.heading)).toContain(health[0]);
  });

  it('refuses bad input with a 4xx and a Swedish message, and writes nothing', async () => {
    const before = folder(s.knowledgeDir);
    const changes = (await call('GET', 'changes')).body.changes.length;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const cases: [string, unknown, number, RegExp][] = [
      ['a renamed image', { file: { name: 'sida.html', data: b64(png) }, url: PAGE_URL }, 415, /bild/],
      ['an empty file', { file: { name: 'tom.pdf', data: '' }, url: PAGE_URL }, 422, /tom/i],
      [
        'a broken Word document',
        { file: { name: 'trasig.docx', data: b64(Buffer.from('PK\u0003\u0004 inte ett riktigt arkiv')) }, url: PAGE_URL },
        422,
        /Word/,
      ],
      ['a page that states no date', upload(pageHtml('Nattugglan', NATTUGGLAN, '')), 422, /publicerades/],
      ['a date that is not one', { ...upload(pageHtml('Nattugglan', NATTUGGLAN)), published: 'i våras' }, 422, /ÅÅÅÅ/],
      ['invalid base64', { file: { name: 'sida.html', data: 'inte base64!' }, url: PAGE_URL }, 400, /base64/],
      ['an upload without its address', { file: { name: 'sida.html', data: b64('<p>x</p>') } }, 400, /adress/],
      ['both a file and an address', { ...upload('<p>x</p>'), address: `${siteUrl}/nattugglan.html` }, 400, /en av dem/],
      ['neither', { url: PAGE_URL }, 400, /fil/],
      ['a field it does not know', { ...upload('<p>x</p>'), markdown: '# x' }, 400, /markdown/],
    ];
    for (const [what, body, status, message] of cases) {
      const r = await call('POST', 'pages', { ...(body as object), version: 'ny' });
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error, what).toMatch(message);
    }
    // The form asks for the date when the page states none: it gets the reason's code.
    expect((await call('POST', 'pages/preview', upload(pageHtml('Nattugglan', NATTUGGLAN, '')))).body.code).toBe('no-date');
    // Not JSON at all.
    const raw = await fetch(`${s.url}/console/api/pages`, { method: 'POST', headers: auth, body: '{"file": ' });
    expect(raw.status).toBe(400);
    expect(folder(s.knowledgeDir)).toEqual(before);
    expect((await call('GET', 'changes')).body.changes.length).toBe(changes);
  });

  it("refuses a file over the import limit with the importer's message, and a body far over it with a 413", async () => {
    const over = Buffer.alloc(MAX_IMPORT_BYTES + 1, 'a');
    const r = await call('POST', 'pages/preview', { file: { name: 'stor.html', data: b64(over) }, url: PAGE_URL });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/för stor/);
    const far = await fetch(`${s.url}/console/api/pages/preview`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ file: { name: 'stor.html', data: 'a'.repeat(Math.ceil(MAX_IMPORT_BYTES * 1.5)) }, url: PAGE_URL }),
    });
    expect(far.status).toBe(413);
    // The message names this route's limit, not the service's smaller one for every other request.
    expect((await far.json()).error).toContain(`${Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 16_384} byte`);
  });

  it('fetches a page by its address from an allowed host, following a redirect that stays on the list', async () => {
    for (const path of ['/nattugglan.html', '/flyttad']) {
      const r = await call('POST', 'pages/preview', { address: `${siteUrl}${path}`, url: PAGE_URL });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.sections.map((x: { heading: string }) => x.heading)).toContain('Vad är Nattugglan?');
    }
    // Without a url of its own, the page is cited by the address it was fetched from.
    const own = await call('POST', 'pages/preview', { address: `${siteUrl}/nattugglan.html` });
    expect(own.body.url).toBe(`${siteUrl}/nattugglan.html`);
  });

  it('refuses addresses off the allow-list, names that resolve to internal addresses, redirects off the list, other schemes and oversized pages', async () => {
    const before = folder(s.knowledgeDir);
    const port = (site.address() as AddressInfo).port;
    const cases: [string, string, number, RegExp][] = [
      ['a host not on the list', 'http://example.org/nattugglan.html', 422, /hämtar inte sidor från example\.org/],
      ['a look-alike of an allowed host', 'https://vgregion.se.example.org/', 422, /hämtar inte sidor från/],
      ['an allowed name that resolves to loopback', `http://localhost:${port}/nattugglan.html`, 422, /internt nät/],
      ['a redirect off the list', `${siteUrl}/bort`, 422, /hämtar inte sidor från example\.org/],
      ['an IP address not on the list', `http://[::1]:${port}/nattugglan.html`, 422, /hämtar inte sidor från ::1/],
      ['a file address', 'file:///etc/passwd', 400, /https:\/\//],
      ['user and password in the address', `http://user:secret@127.0.0.1:${port}/nattugglan.html`, 400, /https:\/\//],
      ['a page over the size limit', `${siteUrl}/stor`, 413, /för stor/],
      ['a page that is not there', `${siteUrl}/saknas`, 422, /404/],
    ];
    for (const [what, address, status, message] of cases) {
      const r = await call('POST', 'pages/preview', { address, url: PAGE_URL });
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error, what).toMatch(message);
    }
    expect(folder(s.knowledgeDir)).toEqual(before);
  });
});

describe('who may import pages', () => {
  it('lets a communicator and an administrator import, and refuses support and readers with 403 before reading the body', async () => {
    const { provider, running, base } = await startWithProvider(ROLE_ACCOUNTS, { WATCH_KNOWLEDGE: 'false' });
    try {
      const as = async (login: string, path: string, body: unknown) => {
        const { session } = await signIn(base, login);
        const r = await fetch(`${base}/console/api/${path}`, {
          method: 'POST',
          headers: { cookie: `faktabot_console=${session}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: await r.json() };
      };
      const page = upload(pageHtml('Nattugglan', NATTUGGLAN));
      expect((await as('sara', 'pages/preview', page)).status).toBe(403);
      expect((await as('lars', 'pages/preview', page)).status).toBe(403);
      expect((await as('sara', 'pages', { ...page, version: 'ny' })).status).toBe(403);
      expect(readdirSync(running.knowledgeDir).filter((f) => f.startsWith('nattugglan'))).toEqual([]);
      const preview = await as('anna', 'pages/preview', page);
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect((await as('ada', 'pages/preview', page)).status).toBe(200);
      const saved = await as('anna', 'pages', { ...page, version: preview.body.version });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(readFileSync(join(running.knowledgeDir, saved.body.file), 'utf8')).toContain('Nattugglan');
    } finally {
      await running.stop();
      await provider.stop();
    }
  });
});
