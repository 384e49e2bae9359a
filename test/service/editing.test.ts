import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declining, interpreting } from '../helpers';
import { asStaff, type Running, startService, storedBytes } from './helpers';

const TOKEN = 'test-console-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const DECLINED = 'är det klart vilket system vi får på anestesin';

describe('the learning loop through the console API', () => {
  let s: Running;
  beforeAll(async () => {
    // The bot declines what it is not sure of: the questions these tests teach it are declined whatever the shipped
    // thresholds.
    s = await startService({ CONSOLE_TOKEN: TOKEN, WATCH_KNOWLEDGE: 'false' }, { calibration: declining() });
  });
  afterAll(() => s.stop());

  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${s.url}/console/api/${path}`, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test walks the API's JSON freely; a wrong path fails its expect
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };
  const entries = async () => (await call('GET', 'entries')).body;
  const faqFile = () => join(s.knowledgeDir, 'faq.yaml');

  it('turns a declined question into an answered one with "Lägg till som formulering", and undo restores the file byte for byte', async () => {
    const asked = await asStaff(s).ask(DECLINED);
    expect(asked.answer.answered).toBe(false);
    const review = (await call('GET', 'review?days=7')).body;
    const group = review.unanswered.find((g: { example: string }) => g.example === DECLINED);
    expect(group).toMatchObject({ count: 1, handled: null, now: { answered: false } });
    expect(group.candidates.length).toBeGreaterThan(0);

    const before = readFileSync(faqFile());
    const { versions } = await entries();
    const saved = await call('POST', 'entries/nytt-system-istallet/phrasings', {
      text: DECLINED,
      version: versions['faq.yaml'],
      groupKey: group.groupKey,
      ask: DECLINED,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ saved: true, file: 'faq.yaml', change: { target: 'nytt-system-istallet' } });
    expect(saved.body.change.diff).toContain(`+     - ${DECLINED}`);
    // What the bot now answers, on the new knowledge.
    expect(saved.body.reask.answer).toMatchObject({ answered: true, answerId: 'nytt-system-istallet' });
    expect(readFileSync(faqFile(), 'utf8')).toContain(`    - ${DECLINED}\n`);
    const after = (await call('GET', 'review?days=7')).body.unanswered.find((g: { groupKey: string }) => g.groupKey === group.groupKey);
    expect(after).toMatchObject({ handled: { action: 'phrasing', entryId: 'nytt-system-istallet' }, now: { answered: true } });

    const changes = (await call('GET', 'changes')).body.changes;
    expect(changes[0]).toMatchObject({ action: 'add-phrasing', target: 'nytt-system-istallet', session: 'token', undoable: true });
    const undo = await call('POST', `changes/${saved.body.change.id}/undo`, {});
    expect(undo.status).toBe(200);
    expect(readFileSync(faqFile()).equals(before)).toBe(true);
    expect((await call('POST', 'ask', { question: DECLINED })).body.answer.answered).toBe(false);
    // Only once, and the review shows the group as open again.
    expect((await call('POST', `changes/${saved.body.change.id}/undo`, {})).status).toBe(409);
    expect(
      (await call('GET', 'review?days=7')).body.unanswered.find((g: { groupKey: string }) => g.groupKey === group.groupKey).handled,
    ).toBe(null);
  });

  it('refuses a write when the file changed on disk since the console read it (409), and writes nothing', async () => {
    const { versions } = await entries();
    const text = readFileSync(faqFile(), 'utf8');
    writeFileSync(faqFile(), `${text}\n# ändrad i en editor\n`);
    const edited = readFileSync(faqFile());
    const r = await call('POST', 'entries/fvm/phrasings', { text: 'vad betyder fvm nu igen', version: versions['faq.yaml'] });
    expect(r.status).toBe(409);
    expect(r.body.error).toContain('har ändrats sedan konsolen läste den');
    expect(readFileSync(faqFile()).equals(edited)).toBe(true);
    writeFileSync(faqFile(), text);
  });

  it('refuses an entry edit from a form filled before the entry last changed, however new the file version it sends', async () => {
    const before = (await entries()).entries.find((e: { id: string }) => e.id === 'vad-ar-millennium');
    const saved = await call('PUT', 'entries/vad-ar-millennium', {
      reviewedToday: true,
      version: (await entries()).versions['faq.yaml'],
      entryVersion: before.version,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const now = await entries();
    const after = now.entries.find((e: { id: string }) => e.id === 'vad-ar-millennium');
    expect(after.version).not.toBe(before.version);
    // The file version is the newest, but the form was filled from the entry before the save above: refused.
    const text = readFileSync(faqFile());
    const stale = await call('PUT', 'entries/vad-ar-millennium', {
      answer: before.answer,
      version: now.versions['faq.yaml'],
      entryVersion: before.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toContain('Posten har ändrats sedan formuläret fylldes i');
    expect(readFileSync(faqFile()).equals(text)).toBe(true);

    // The change, as the entry's fields before and after.
    const change = await call('GET', `changes/${saved.body.change.id}`);
    expect(change.body.fields).toEqual([{ field: 'reviewed', label: 'Granskad', before: before.reviewed, after: after.reviewed }]);
    expect((await call('GET', 'changes/999999')).status).toBe(404);
  });

  it('refuses personal data and clinical questions as phrasings, before anything is written', async () => {
    const before = readFileSync(faqFile());
    const { versions } = await entries();
    for (const [text, message] of [
      ['vad är fvm 19850312-1234', 'personuppgifter'],
      ['vad är fvm [personnummer]', 'personuppgifter'],
      ['ring [telefon] om fvm', 'personuppgifter'],
      ['skriv till [E-post] om fvm', 'personuppgifter'],
      ['ring mig på 070-123 45 67 om fvm', 'personuppgifter'],
      ['hur mycket propofol ska patienten få', 'klinisk fråga'],
    ]) {
      const r = await call('POST', 'entries/fvm/phrasings', { text, version: versions['faq.yaml'] });
      expect(r.status, text).toBe(422);
      expect(r.body.error).toContain(message);
    }
    expect((await call('POST', 'entries/fvm/phrasings', { text: 'x'.repeat(501), version: versions['faq.yaml'] })).status).toBe(400);
    expect((await call('POST', 'entries/finns-inte/phrasings', { text: 'en fråga', version: versions['faq.yaml'] })).status).toBe(404);
    expect(readFileSync(faqFile()).equals(before)).toBe(true);
  });

  it('validates a new entry with the rules of faq check: every error once, in Swedish without file:line, nothing written', async () => {
    const before = readFileSync(faqFile());
    const { versions } = await entries();
    const r = await call('POST', 'entries', {
      question: 'Hur länge gäller avtalet?',
      answer: 'Det säger faktasidan inte.',
      section: 'finns-inte',
      alternates: ['en', 'Vad är Millennium?'],
      version: versions['faq.yaml'],
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('Ändringen sparades inte.');
    expect(r.body.issues).toEqual([
      expect.stringMatching(/^”Andra formuleringar” ska ha minst 3/),
      expect.stringMatching(/^okänt avsnitt "finns-inte"/),
      'Frågan "Vad är Millennium?" finns redan i en annan post (vad-ar-millennium).',
    ]);
    expect(readFileSync(faqFile()).equals(before)).toBe(true);
  });

  it('saves a phrasing that repeats the question or another phrasing once, and the knowledge then has no warning', async () => {
    const { versions } = await entries();
    const r = await call('POST', 'entries', {
      question: 'vad kostar upphandlingen för IVA?',
      answer:
        'Hösten 2022 beslutade koncernledning hälso- och sjukvård i VGR att göra en separat upphandling av IT-stöd för IVA- och anestesivård.',
      section: 'laget-iva-anestesi',
      alternates: [
        'Vad kostar upphandlingen för IVA',
        'upphandlingens kostnad iva',
        'UPPHANDLINGENS KOSTNAD, IVA?',
        'kostnad separat upphandling',
        'pris på upphandlingen',
      ],
      version: versions['faq.yaml'],
      confirm: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const saved = (await entries()).entries.find((e: { question: string }) => e.question === 'vad kostar upphandlingen för IVA?');
    expect(saved?.alternates).toEqual(['upphandlingens kostnad iva', 'kostnad separat upphandling', 'pris på upphandlingen']);
    const health = (await call('GET', 'knowledge')).body;
    expect(health.issues.filter((i: { plain: string }) => /två gånger/.test(i.plain))).toEqual([]);
    expect((await call('POST', `changes/${r.body.change.id}/undo`, {})).status).toBe(200);
  });

  it('refuses an answer that says more than its section, or tells 2022 as today, with the word and the field', async () => {
    const before = readFileSync(faqFile());
    const { versions } = await entries();
    const r = await call('POST', 'entries', {
      question: 'När i oktober valde VGR en ny leverantör?',
      answer: 'VGR gör en separat upphandling i oktober.',
      section: 'laget-iva-anestesi',
      alternates: ['ny leverantör iva', 'Vem blir leverantör för IVA?', 'vilken leverantör väljer regionen'],
      version: versions['faq.yaml'],
    });
    expect(r.status).toBe(422);
    expect(r.body.issues).toEqual([
      'Svaret nämner ”oktober”, men det står inte i avsnittet ”Läget inom IVA- och anestesivården” på faktasidan. Ta bort det eller skriv som faktasidan.',
      expect.stringMatching(
        /^Svaret säger ”VGR gör en separat upphandling i oktober\.” som om det gällde i dag, men faktasidan beskriver läget år 2022/,
      ),
    ]);
    expect(readFileSync(faqFile()).equals(before)).toBe(true);
  });

  it("refuses an edited answer that names a person the page does not, and saves one in inflections of the page's words", async () => {
    const before = readFileSync(faqFile());
    const { versions } = await entries();
    const named = await call('PUT', 'entries/beslut-2022', {
      answer:
        'Hösten 2022 beslutade Ann i koncernledning hälso- och sjukvård i VGR att göra en separat upphandling av IT-stöd för IVA- och anestesivård.',
      version: versions['faq.yaml'],
    });
    expect(named.status).toBe(422);
    expect(named.body).toEqual({
      error: 'Ändringen sparades inte.',
      issues: [
        'Svaret nämner ”Ann”, men det står inte i avsnittet ”Läget inom IVA- och anestesivården” på faktasidan. Ta bort det eller skriv som faktasidan.',
      ],
    });
    expect(readFileSync(faqFile()).equals(before)).toBe(true);

    const inflected = await call('PUT', 'entries/beslut-2022', {
      answer:
        'Beslutet hösten 2022 var att ledningen för hälso- och sjukvård i VGR skulle göra en separat upphandling av IT-stöd för IVA- och anestesivård.',
      version: versions['faq.yaml'],
    });
    expect(inflected.status, JSON.stringify(inflected.body)).toBe(200);
    expect(inflected.body).toMatchObject({ saved: true });
    expect((await call('POST', `changes/${inflected.body.change.id}/undo`, {})).status).toBe(200);
    expect(readFileSync(faqFile()).equals(before)).toBe(true);
  });

  it('creates a new entry that the bot answers at once, and edits it with "Granskad i dag"', async () => {
    const { versions, today } = await entries();
    const r = await call('POST', 'entries', {
      question: 'Vem gör upphandlingen av IT-stödet för IVA?',
      answer: 'Hösten 2022 beslutade VGR att göra en separat upphandling av IT-stöd för IVA- och anestesivårdens speciella behov.',
      section: 'laget-iva-anestesi',
      alternates: ['vem upphandlar iva-stödet', 'Vem köper in IT-stödet för intensivvården?', 'vem sköter upphandlingen för anestesin'],
      version: versions['faq.yaml'],
      ask: 'vem upphandlar iva-stödet',
      // Flagging is tested below; a new entry shifts word weights, which may flag unrelated evaluation questions.
      confirm: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.saved, JSON.stringify(r.body.flagged)).toBe(true);
    expect(r.body.change.target).toBe('vem-gor-upphandlingen-av-it-stodet-for');
    expect(r.body.reask.answer).toMatchObject({ answered: true, answerId: 'vem-gor-upphandlingen-av-it-stodet-for' });
    const entry = (await entries()).entries.find((e: { id: string }) => e.id === r.body.change.target);
    expect(entry).toMatchObject({ reviewed: today, file: 'faq.yaml' });

    const edit = await call('PUT', `entries/${entry.id}`, {
      answer: 'Enligt faktasidan upphandlar VGR IT-stödet för IVA och anestesi separat.',
      reviewedToday: true,
      version: r.body.version,
    });
    expect(edit.status).toBe(200);
    expect(readFileSync(faqFile(), 'utf8')).toContain(
      '  answer: Enligt faktasidan upphandlar VGR IT-stödet för IVA och anestesi separat.\n',
    );
    // A stale version (the one before the edit) is a conflict.
    expect((await call('PUT', `entries/${entry.id}`, { answer: 'x y z.', version: r.body.version })).status).toBe(409);
  });

  it('edits the follow-up questions of an entry: refuses an unknown id and the entry itself in plain Swedish, saves and undoes the list', async () => {
    const before = readFileSync(faqFile());
    const fvm = () => entries().then((e) => e.entries.find((x: { id: string }) => x.id === 'fvm'));
    const put = async (related: string[]) => {
      const { versions } = await entries();
      return call('PUT', 'entries/fvm', {
        related,
        version: versions['faq.yaml'],
        entryVersion: (await fvm()).version,
        ask: 'Vad är FVM?',
      });
    };
    expect((await fvm()).related).toEqual([]);
    const unknown = await put(['cerner', 'finns-inte']);
    expect(unknown.status).toBe(422);
    expect(unknown.body.issues).toEqual(['Följdfrågan "finns-inte" finns inte bland posterna. Välj en annan post.']);
    const itself = await put(['fvm']);
    expect(itself.status).toBe(422);
    expect(itself.body.issues).toEqual(['En post kan inte ha sig själv som följdfråga.']);
    const many = await put(['cerner', 'riskanalys', 'beslut-2021', 'rekommendation']);
    expect(many.status).toBe(422);
    expect(many.body.issues).toEqual(['”Följdfrågor” får ha högst 3 frågor (har 4)']);
    expect(readFileSync(faqFile()).equals(before)).toBe(true);

    const saved = await put(['vad-ar-vgr', 'mer-information']);
    expect(saved.status).toBe(200);
    expect(saved.body.change.diff).toContain('+   related:\n+     - vad-ar-vgr\n+     - mer-information');
    // Right after the section, where the shipped entries keep it.
    expect(readFileSync(faqFile(), 'utf8')).toMatch(
      /- id: fvm\n(?:.*\n)*? {2}section: laget-iva-anestesi\n {2}related:\n {4}- vad-ar-vgr\n {4}- mer-information\n {2}reviewed:/,
    );
    expect((await fvm()).related).toEqual(['vad-ar-vgr', 'mer-information']);
    // The bot offers them at once, first, under its answer.
    expect(saved.body.reask.answer.followUps.slice(0, 2)).toEqual([
      { id: 'vad-ar-vgr', question: 'Vad står VGR för?' },
      { id: 'mer-information', question: 'Var kan jag läsa mer om IVA, anestesi och Millennium?' },
    ]);
    const change = (await call('GET', `changes/${saved.body.change.id}`)).body;
    expect(change.fields).toContainEqual({
      field: 'related',
      label: 'Följdfrågor',
      before: null,
      after: ['vad-ar-vgr', 'mer-information'],
    });
    expect((await call('POST', `changes/${saved.body.change.id}/undo`, {})).status).toBe(200);
    expect(readFileSync(faqFile()).equals(before)).toBe(true);
  });

  it('marks a question "Ska inte besvaras": the bot keeps declining it, and a phrasing that would capture it is flagged', async () => {
    const question = 'Hur ser Millenniums tidplan ut för min enhet?';
    const { versions } = await entries();
    const marked = await call('POST', 'out-of-scope', {
      text: question,
      version: versions['utanfor.yaml'],
      ask: 'hur ser tidplanen ut för min enhet i millennium',
    });
    expect(marked.status).toBe(200);
    expect(marked.body.reask.answer.answered).toBe(false);
    expect(readFileSync(join(s.knowledgeDir, 'utanfor.yaml'), 'utf8')).toContain(`- question: ${question}\n`);
    expect((await entries()).outOfScope).toEqual([expect.objectContaining({ question })]);
    // The log names entries, never question text.
    expect(s.logs.join('\n')).not.toMatch(/tidplan/i);

    const v = (await entries()).versions['faq.yaml'];
    const flagged = await call('POST', 'entries/vad-ar-millennium/phrasings', {
      text: 'Hur ser Millenniums tidplan ut för min enhet nu?',
      version: v,
    });
    expect(flagged.status).toBe(200);
    expect(flagged.body.saved).toBe(false);
    expect(flagged.body.flagged).toEqual(expect.arrayContaining([expect.objectContaining({ question, from: 'utanfor' })]));
    expect((await entries()).versions['faq.yaml']).toBe(v);
    const confirmed = await call('POST', 'entries/vad-ar-millennium/phrasings', {
      text: 'Hur ser Millenniums tidplan ut för min enhet nu?',
      version: v,
      confirm: true,
    });
    expect(confirmed.body.saved).toBe(true);
    // The marked question itself is still declined: the mark wins over the new phrasing.
    expect((await call('POST', 'ask', { question })).body.answer.answered).toBe(false);
  });

  it('shows which entries staff chose after a declined question, and hides a dismissed group', async () => {
    const q = 'vad tycker ni om hela millenniumgrejen';
    const staff = asStaff(s);
    const first = await staff.ask(q);
    expect(first.answer.answered).toBe(false);
    const suggestion = first.answer.suggestions[0] as string;
    expect((await staff.ask(suggestion, { questionId: first.questionId as number, kind: 'suggestion' })).answer.answered).toBe(true);
    const review = (await call('GET', 'review?days=7')).body;
    const group = review.unanswered.find((g: { example: string }) => g.example === q);
    expect(group.chosen).toEqual([expect.objectContaining({ count: 1, question: suggestion })]);

    expect((await call('POST', 'review/dismiss', { groupKey: group.groupKey })).status).toBe(200);
    expect((await call('GET', 'review?days=7')).body.unanswered.some((g: { example: string }) => g.example === q)).toBe(false);
    expect(
      (await call('GET', 'review?days=7&all=1')).body.unanswered.find((g: { example: string }) => g.example === q).handled.action,
    ).toBe('dismissed');
  });

  it('refuses on every other write path too: out-of-scope and entry edits with personal data, stale versions, duplicates, too long', async () => {
    const utanfor = join(s.knowledgeDir, 'utanfor.yaml');
    const before = [readFileSync(faqFile()), readFileSync(utanfor)];
    const { versions } = await entries();
    const refused = [
      await call('POST', 'out-of-scope', { text: 'Ring mig på 070-123 45 67 om semestern', version: versions['utanfor.yaml'] }),
      await call('POST', 'out-of-scope', { text: 'Hur bokar jag semester?', version: 'a-stale-version' }),
      await call('PUT', 'entries/fvm', { answer: 'Kontakta Karin, 19850312-1234.', version: versions['faq.yaml'] }),
      await call('PUT', 'entries/fvm', { alternates: ['Vad är Millennium?', 'fvm', 'vad betyder fvm'], version: versions['faq.yaml'] }),
      await call('PUT', 'entries/fvm', { answer: 'x'.repeat(2001), version: versions['faq.yaml'] }),
      await call('PUT', 'entries/fvm', { version: versions['faq.yaml'] }),
    ];
    expect(refused.map((r) => r.status)).toEqual([422, 409, 422, 422, 400, 400]);
    expect(refused[0]?.body.error).toContain('personuppgifter');
    expect(refused[2]?.body.error).toContain('personuppgifter');
    expect(refused[3]?.body.issues).toEqual(['Frågan "Vad är Millennium?" finns redan i en annan post (vad-ar-millennium).']);
    expect(refused[5]?.body.error).toBe('Inget att ändra.');
    expect(readFileSync(faqFile()).equals(before[0] as Buffer)).toBe(true);
    expect(readFileSync(utanfor).equals(before[1] as Buffer)).toBe(true);
  });

  it('refuses edits from outside: no sign-in is 401, a form post is 415, unknown fields are 400', async () => {
    const { versions } = await entries();
    const body = JSON.stringify({ text: 'vad betyder fvm', version: versions['faq.yaml'] });
    expect(
      (await fetch(`${s.url}/console/api/entries/fvm/phrasings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }))
        .status,
    ).toBe(401);
    expect(
      (
        await fetch(`${s.url}/console/api/entries/fvm/phrasings`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'text/plain' },
          body,
        })
      ).status,
    ).toBe(415);
    expect((await call('POST', 'entries/fvm/phrasings', { text: 'vad betyder fvm', version: versions['faq.yaml'], evil: 1 })).status).toBe(
      400,
    );
  });
});

describe('edits in parallel', () => {
  it('takes 14 undo requests at once without exhausting the database pool or calling the database down', async () => {
    const s = await startService({ CONSOLE_TOKEN: TOKEN, WATCH_KNOWLEDGE: 'false' });
    try {
      const call = async (method: string, path: string, body?: unknown) => {
        const r = await fetch(`${s.url}/console/api/${path}`, {
          method,
          headers: auth,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return {
          status: r.status,
          body: (await r.json()) as { entries: { id: string }[]; versions: Record<string, string>; change: { id: number } },
        };
      };
      const ids = (await call('GET', 'entries')).body.entries.slice(0, 14).map((e) => e.id);
      const changes: number[] = [];
      for (const [i, id] of ids.entries()) {
        const { versions } = (await call('GET', 'entries')).body;
        // Saved even where a phrasing would make the bot answer an evaluation question it declines today.
        const saved = await call('POST', `entries/${id}/phrasings`, {
          text: `parallell formulering nummer ${'abcdefghijklmn'[i]}`,
          version: versions['faq.yaml'],
          confirm: true,
        });
        expect(saved.status, JSON.stringify(saved.body)).toBe(200);
        changes.push(saved.body.change.id);
      }
      const undone = await Promise.all(changes.map((id) => call('POST', `changes/${id}/undo`, {})));
      // Each is 200, or 409 when a later change to the same file came first (undo restores only the newest state);
      // never 503: the edits queue in the process instead of each holding a pool connection for the lock.
      const statuses = undone.map((u) => u.status);
      expect(
        statuses.every((x) => x === 200 || x === 409),
        JSON.stringify(statuses),
      ).toBe(true);
      expect(statuses).toContain(200);
      expect(s.logs.some((l) => l.includes('database unreachable'))).toBe(false);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  }, 60_000);
});

describe('interpreted answers through the console API', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ CONSOLE_TOKEN: TOKEN, WATCH_KNOWLEDGE: 'false' }, { calibration: interpreting() });
  });
  afterAll(() => s.stop());
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${s.url}/console/api/${path}`, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test walks the API's JSON freely; a wrong path fails its expect
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };

  it('answers "Testa en fråga" with the outcome, the interpretation line, the rule and both thresholds', async () => {
    const r = (await call('POST', 'ask', { question: 'vad ska vi använda istället' })).body;
    const expected = s.service.knowledge.engine.ask('vad ska vi använda istället');
    expect(r).toMatchObject({
      threshold: 0.9,
      interpretThreshold: 0.05,
      rule: expected.rule,
      interpretation: `Jag tolkar frågan som ”${expected.interpretedAs}”.`,
      answer: { outcome: 'interpreted', interpretedAs: expected.interpretedAs, suggestions: expected.suggestions },
    });
    const plain = (await call('POST', 'ask', { question: 'Vad är FVM?' })).body;
    // Word for word an entry's own question: answered plainly by that rule, whatever the thresholds.
    expect(plain).toMatchObject({ interpretation: null, rule: 'known-phrasing', answer: { outcome: 'answered' } });
  });

  it('asks "Testa en fråga" in the conversation the page names, kept only as a hash, and refuses an id that is not short and plain', async () => {
    const conversation = 'Konsol_test-0123456789';
    const r = await call('POST', 'ask', { question: 'Vad är FVM?', conversation });
    expect(r.status).toBe(200);
    expect(r.body.answer.followUps.length).toBeGreaterThan(0);
    const row = await s.service.sql.get<{ c: string | null; ch: string }>(
      'SELECT conversation_hash AS "c", channel AS "ch" FROM questions WHERE id = ?',
      [r.body.questionId],
    );
    expect(row?.ch).toBe('console');
    expect(row?.c).toBeTruthy();
    expect(row?.c).not.toContain(conversation);
    // The same conversation twice is the same hash; another is another.
    const again = await call('POST', 'ask', { question: 'Vad är FVM?', conversation });
    const other = await call('POST', 'ask', { question: 'Vad är FVM?', conversation: 'en-annan-konversation' });
    const hash = (id: number) => s.service.sql.get<{ c: string }>('SELECT conversation_hash AS "c" FROM questions WHERE id = ?', [id]);
    expect((await hash(again.body.questionId))?.c).toBe(row?.c);
    expect((await hash(other.body.questionId))?.c).not.toBe(row?.c);
    for (const bad of ['kort', 'x'.repeat(65), '<script>alert(1)</script>', 'med mellanslag i', 'åäö-konversation', 42]) {
      const refused = await call('POST', 'ask', { question: 'Vad är FVM?', conversation: bad });
      expect(refused.status, String(bad)).toBe(400);
      expect(refused.body.error, String(bad)).toMatch(/^Fältet "conversation" (är ogiltigt|är för långt|ska vara)/);
    }
  });

  it('answers plainly, at once, a question a communicator adds word for word as a phrasing of the entry it was read as', async () => {
    const question = 'vad ska vi använda istället';
    const before = (await call('POST', 'ask', { question })).body;
    expect(before.answer.outcome).toBe('interpreted');
    const id = before.answer.answerId;
    const { versions } = (await call('GET', 'entries')).body;
    const saved = await call('POST', `entries/${id}/phrasings`, {
      text: 'Vad ska vi använda istället?',
      version: versions['faq.yaml'],
      ask: question,
      confirm: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.reask.answer).toMatchObject({ outcome: 'answered', answerId: id });
    expect(saved.body.reask.rule).toBe('known-phrasing');
    const after = (await call('POST', 'ask', { question })).body;
    expect(after).toMatchObject({ interpretation: null, rule: 'known-phrasing', answer: { outcome: 'answered', answerId: id } });
    expect((await call('POST', `changes/${saved.body.change.id}/undo`, {})).status).toBe(200);
    expect((await call('POST', 'ask', { question })).body.answer.outcome).toBe('interpreted');
  });

  it('lists interpreted answers staff did not take under "Tolkade svar att se över", with the entry clicked instead', async () => {
    // Staff gives 👎 on one interpretation, clicks another question under a second, and takes a third (👍).
    const staff = asStaff(s);
    const down = await staff.ask('vad ska vi använda istället');
    expect(down.answer.outcome).toBe('interpreted');
    expect((await staff.feedback(down.questionId as number, false)).result).toBe('saved');
    const clicked = await staff.ask('vad använder vi istället');
    expect(clicked.answer.outcome).toBe('interpreted');
    const other = clicked.answer.suggestions[0] as string;
    await staff.ask(other, { questionId: clicked.questionId as number, kind: 'suggestion' });
    const liked = await staff.ask('blir det nytt system på IVA?');
    expect(liked.answer.outcome).toBe('interpreted');
    expect((await staff.feedback(liked.questionId as number, true)).result).toBe('saved');

    const review = (await call('GET', 'review?days=7')).body;
    const engine = s.service.knowledge.engine;
    const otherId = engine.kb.faq.find((e) => e.question === other)?.id;
    const examples = review.interpreted.map((g: { example: string }) => g.example);
    expect(examples).not.toContain('blir det nytt system på IVA?');
    const groupOf = (q: string) => review.interpreted.find((g: { groupKey: string }) => g.groupKey === engine.contentKey(q));
    expect(groupOf('vad använder vi istället')).toMatchObject({
      interpretedAs: [{ id: clicked.answer.answerId, question: clicked.answer.interpretedAs }],
      choseInstead: [{ id: otherId, question: other, count: 1 }],
      handled: null,
    });
    expect(groupOf('vad ska vi använda istället')).toMatchObject({
      notHelpful: expect.any(Number),
      interpretedAs: expect.arrayContaining([{ id: down.answer.answerId, question: down.answer.interpretedAs }]),
    });
    expect(groupOf('vad ska vi använda istället').notHelpful).toBeGreaterThanOrEqual(1);
  });
});

describe("the console's own test questions", () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ CONSOLE_TOKEN: TOKEN, WATCH_KNOWLEDGE: 'false' }, { calibration: declining() });
  });
  afterAll(() => s.stop());

  it('are left out of Granska, "Mest frågat", the figures and the CSV, and stored redacted like any question', async () => {
    const call = async (method: string, path: string, body?: unknown) =>
      fetch(`${s.url}/console/api/${path}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
    const staff = 'Hur bokar jag semester?';
    expect((await asStaff(s).ask(staff)).answer.answered).toBe(false);
    // One communicator tests an answer thirteen times, gives feedback on one, and pastes a number once.
    for (let i = 0; i < 12; i++) expect((await call('POST', 'ask', { question: DECLINED })).status).toBe(200);
    const tested = await (await call('POST', 'ask', { question: `${DECLINED}, ring 070-123 45 67` })).json();
    expect(tested.questionId).toEqual(expect.any(Number));
    expect((await call('POST', 'feedback', { questionId: tested.questionId, helpful: false, comment: 'mitt test' })).status).toBe(200);

    const review = await (await call('GET', 'review?days=7')).json();
    expect(review.totals).toEqual({ questions: 1, answered: 0, helpful: 0, notHelpful: 0 });
    expect(review.perDay.reduce((n: number, d: { total: number }) => n + d.total, 0)).toBe(1);
    expect(review.unanswered.map((g: { example: string; count: number }) => [g.example, g.count])).toEqual([[staff, 1]]);
    expect(review.mostAsked.map((g: { example: string; count: number }) => [g.example, g.count])).toEqual([[staff, 1]]);
    expect([...review.lowConfidence, ...review.notHelpful, ...review.interpreted, ...review.negativeFeedback]).toEqual([]);
    const csv = await (await call('GET', 'export.csv?days=7')).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain(staff);
    expect(csv).not.toContain(DECLINED);
    expect(await storedBytes(s.service)).not.toContain('070-123 45 67');
  });
});
