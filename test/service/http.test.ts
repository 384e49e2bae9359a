import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUESTION_LENGTH } from '../../src/answer/engine';
import { asStaff, type Running, startService } from './helpers';

const TOKEN = 'test-console-token-0123456789';
// State-changing console calls must be JSON (a cross-site form or text/plain post is refused with 415).
const JSON_TYPE = { 'content-type': 'application/json' };

describe('service on loopback (with CONSOLE_TOKEN)', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ CONSOLE_TOKEN: TOKEN, WATCH_KNOWLEDGE: 'true' });
  });
  afterAll(() => s.stop());

  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const ask = (question: string) =>
    fetch(`${s.url}/console/api/ask`, { method: 'POST', headers: auth, body: JSON.stringify({ question }) });

  it('reports health with knowledge counts and load time', async () => {
    const r = await fetch(`${s.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      knowledge: { faq: 28, sections: 4, passages: 0, loadedAt: expect.any(String) },
    });
  });

  it('serves the Swedish privacy and terms page the Teams manifest links to, with the real retention period', async () => {
    const r = await fetch(`${s.url}/integritet`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    const page = await r.text();
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain(`raderas efter <span id="retention">${s.service.config.logRetentionDays}</span> dagar`);
    expect(page).toContain('id="villkor"');
    // What a follow-up is read with, and how soon it goes: the setting's own value.
    expect(page).toContain(
      `raderas efter <span id="conversation-idle">${s.service.config.conversationIdleMs / 60_000}</span> minuter utan nya frågor`,
    );
    // What deletion means depends on the database: SQLite zeroes the bytes at once, PostgreSQL reuses the space.
    expect(page).toContain(s.service.sql.dialect === 'sqlite' ? 'skrivs över i databasfilen' : 'när databasen återanvänder utrymmet');
    expect(page).not.toMatch(/https?:\/\//);
  });

  it('serves the console page and its own assets (no CDN)', async () => {
    const page = await (await fetch(`${s.url}/console`)).text();
    expect(page).toContain('<html lang="sv">');
    // The question field stops where the engine stops reading.
    expect(page).toContain(`id="question" name="question" type="text" maxlength="${MAX_QUESTION_LENGTH}"`);
    expect(page).not.toMatch(/https?:\/\//);
    expect((await fetch(`${s.url}/console/assets/main.mjs`)).status).toBe(200);
    expect((await fetch(`${s.url}/console/assets/../../package.json`)).status).toBe(404);
  });

  it('refuses the console API without sign-in, and signs in with the token as a cookie', async () => {
    expect((await fetch(`${s.url}/console/api/review`)).status).toBe(401);
    const bad = await fetch(`${s.url}/console/api/login`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ token: 'wrong-token-wrong-token' }),
    });
    expect(bad.status).toBe(401);
    const login = await fetch(`${s.url}/console/api/login`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ token: TOKEN }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    expect((await fetch(`${s.url}/console/api/review`, { headers: { cookie } })).status).toBe(200);
  });

  it('answers as the bots would and logs the question redacted, with feedback', async () => {
    const r = await ask('Varför blev IVA-modulerna optioner? Mitt pnr är 19850312-1234');
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.answer).toMatchObject({
      answered: true,
      sources: [expect.objectContaining({ section: 'Läget inom IVA- och anestesivården' })],
    });
    expect(body.answer.candidates).toHaveLength(5);
    const fb = await fetch(`${s.url}/console/api/feedback`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ questionId: body.questionId, helpful: false, comment: 'för långt' }),
    });
    expect(fb.status).toBe(200);
    const row = await s.service.sql.get('SELECT channel, question, answered FROM questions WHERE id = ?', [body.questionId]);
    expect(row).toEqual({ channel: 'console', question: 'Varför blev IVA-modulerna optioner? Mitt pnr är [personnummer]', answered: 1 });
    expect(s.logs.join('')).not.toContain('19850312');
  });

  it('stores no text of a clinical question, which may carry patient details, only that one was asked', async () => {
    const body = await (await ask('Patienten Anna Andersson på sal 4 har feber, vilken dos paracetamol?')).json();
    expect(body.answer.kind).toBe('clinical');
    const row = await s.service.sql.get('SELECT question, kind FROM questions WHERE id = ?', [body.questionId]);
    expect(row).toEqual({ question: '[klinisk fråga – texten sparas inte]', kind: 'clinical' });
    expect(JSON.stringify(await s.service.sql.all('SELECT * FROM questions'))).not.toContain('Anna Andersson');
  });

  it("lists staff's unanswered questions grouped in the review, and exports CSV", async () => {
    const staff = asStaff(s);
    await staff.ask('Hur byter jag lösenord?');
    const second = await staff.ask('hur byter jag lösenordet?');
    expect((await staff.feedback(second.questionId as number, false)).result).toBe('saved');
    const review = await (await fetch(`${s.url}/console/api/review?days=7`, { headers: auth })).json();
    expect(review.unanswered[0]).toMatchObject({ count: 2 });
    expect(review.negativeFeedback[0]).toMatchObject({ question: 'hur byter jag lösenordet?', channel: 'teams' });
    const csv = await fetch(`${s.url}/console/api/export.csv`, { headers: auth });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="faktabot-fragor-/);
    expect(await csv.text()).toContain('Hur byter jag lösenord?');
  });

  it('answers bad requests with 4xx and stays up', async () => {
    expect((await fetch(`${s.url}/nope`)).status).toBe(404);
    expect((await fetch(`${s.url}/console/api/ask`, { method: 'POST', headers: auth, body: '{not json' })).status).toBe(400);
    expect((await fetch(`${s.url}/console/api/ask`, { method: 'POST', headers: auth, body: '[1,2]' })).status).toBe(400);
    expect((await fetch(`${s.url}/console/api/ask`, { method: 'POST', headers: auth, body: '{"question": 5}' })).status).toBe(400);
    expect(
      (await fetch(`${s.url}/console/api/ask`, { method: 'POST', headers: auth, body: JSON.stringify({ question: 'x'.repeat(70_000) }) }))
        .status,
    ).toBe(413);
    expect(
      (await fetch(`${s.url}/console/api/feedback`, { method: 'POST', headers: auth, body: '{"questionId": 123456, "helpful": true}' }))
        .status,
    ).toBe(404);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('keeps serving the last good index when knowledge breaks, and shows the error with file:line', async () => {
    const faq = join(s.knowledgeDir, 'faq.yaml');
    const good = readFileSync(faq, 'utf8');
    writeFileSync(faq, good.replace('section: las-mer', 'section: saknas'));
    try {
      const reload = await fetch(`${s.url}/console/api/reload`, { method: 'POST', headers: auth, body: '{}' });
      expect(reload.status).toBe(422);
      const failed = await reload.json();
      expect(failed.issues.map((i: { text: string }) => i.text).join('\n')).toMatch(
        /faq\.yaml:\d+: fel: mer-information: okänt avsnitt "saknas"/,
      );
      // 200 while the last good index serves: a load balancer must not take the only working bot out for a typo.
      const health = await fetch(`${s.url}/healthz`);
      expect(health.status).toBe(200);
      // /healthz is open: it counts the errors; where they are (file:line) is for the console and the log.
      const body = await health.json();
      expect(body).toMatchObject({ status: 'degraded', serving: true, knowledge: { errors: 1 } });
      expect(JSON.stringify(body)).not.toMatch(/faq\.yaml|mer-information|\//);
      expect((await (await ask('Vad är FVM?')).json()).answer.answered).toBe(true);
      expect(s.logs.some((l) => l.includes('knowledge reload failed'))).toBe(true);
    } finally {
      writeFileSync(faq, good);
    }
    expect((await fetch(`${s.url}/console/api/reload`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(200);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('keeps serving the last good index when synonyms.yaml is full of YAML aliases (it used to crash the process)', async () => {
    const synonyms = join(s.knowledgeDir, 'synonyms.yaml');
    const good = readFileSync(synonyms, 'utf8');
    writeFileSync(synonyms, `- &g [iva, intensivvård]\n${'- *g\n'.repeat(150)}`);
    try {
      const reload = await fetch(`${s.url}/console/api/reload`, { method: 'POST', headers: auth, body: '{}' });
      expect(reload.status).toBe(422);
      expect((await reload.json()).issues.map((i: { text: string }) => i.text).join('\n')).toMatch(
        /synonyms\.yaml:\d+: fel: filen kunde inte läsas: för många YAML-alias/,
      );
      const health = await (await fetch(`${s.url}/healthz`)).json();
      expect(health).toMatchObject({ status: 'degraded', serving: true });
      expect((await (await ask('Vad är FVM?')).json()).answer.answered).toBe(true);
    } finally {
      writeFileSync(synonyms, good);
    }
    expect((await fetch(`${s.url}/console/api/reload`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(200);
  });

  it('keeps serving the last good index when faq.yaml is emptied (an empty file is an error, not no knowledge)', async () => {
    const faq = join(s.knowledgeDir, 'faq.yaml');
    const good = readFileSync(faq, 'utf8');
    for (const emptied of ['', '[]\n']) {
      writeFileSync(faq, emptied);
      try {
        const reload = await fetch(`${s.url}/console/api/reload`, { method: 'POST', headers: auth, body: '{}' });
        expect(reload.status).toBe(422);
        expect((await (await ask('Vad är FVM?')).json()).answer.answered).toBe(true);
      } finally {
        writeFileSync(faq, good);
      }
    }
    expect((await fetch(`${s.url}/console/api/reload`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(200);
  });

  it('picks up a change under knowledge/ without a restart (file watching)', async () => {
    const before = s.service.knowledge.loadedAt;
    writeFileSync(
      join(s.knowledgeDir, 'nytt.jsonl'),
      `${JSON.stringify({ id: 'ny-rutin', title: 'Ny rutin', url: 'https://example.org/ny', text: 'Kaffeautomaten på plan tre lagas på fredag.' })}\n`,
    );
    const deadline = Date.now() + 5000;
    while (s.service.knowledge.loadedAt === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(s.service.knowledge.loadedAt).not.toBe(before);
    const body = await (await ask('När lagas kaffeautomaten på plan tre?')).json();
    expect(body.answer.candidates[0].id).toBe('ny-rutin');
  });

  it('answers even when the question log cannot be written, and logs the failure', async () => {
    await s.service.sql.run('ALTER TABLE questions RENAME TO questions_moved');
    try {
      const r = await ask('Vad står VGR för?');
      expect(r.status).toBe(200);
      const body = await r.json();
      expect(body.answer.answered).toBe(true);
      expect(body.questionId).toBeUndefined();
      expect(s.logs.some((l) => l.includes('question log write failed'))).toBe(true);
    } finally {
      await s.service.sql.run('ALTER TABLE questions_moved RENAME TO questions');
    }
  });

  it('never writes the console token to the log', () => {
    expect(s.logs.length).toBeGreaterThan(5);
    expect(s.logs.join('\n')).not.toContain(TOKEN);
    for (const line of s.logs) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('console sign-in attempts', () => {
  it('refuses more than 10 sign-in attempts a minute from one address with 429', async () => {
    const s = await startService({ CONSOLE_TOKEN: TOKEN, WATCH_KNOWLEDGE: 'false' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push(
          (
            await fetch(`${s.url}/console/api/login`, {
              method: 'POST',
              headers: JSON_TYPE,
              body: JSON.stringify({ token: `guess-${i}-guess-guess-guess` }),
            })
          ).status,
        );
      expect(statuses.slice(0, 10).every((x) => x === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      const right = await fetch(`${s.url}/console/api/login`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ token: TOKEN }),
      });
      expect(right.status).toBe(429);
    } finally {
      await s.stop();
    }
  });
});

describe('service without CONSOLE_TOKEN', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false' });
  });
  afterAll(() => s.stop());

  it('opens the console on loopback without sign-in and says so', async () => {
    const session = await (await fetch(`${s.url}/console/api/session`)).json();
    expect(session).toMatchObject({
      signedIn: true,
      mode: 'loopback',
      tokenRequired: false,
      loopbackOnly: true,
      forbidden: false,
      user: null,
    });
    // Without organisation sign-in, whoever gets in may do everything, as the console always allowed.
    expect(session.roles).toEqual([{ id: 'admin', label: 'Administratör' }]);
    expect(session.tabs).toEqual(['ask', 'review', 'entries', 'pages', 'tickets', 'health']);
    expect(session.can).toEqual({ edit: true, reload: true, drafts: true });
    expect((await fetch(`${s.url}/console/api/review`)).status).toBe(200);
    expect(s.logs.some((l) => l.includes('no CONSOLE_TOKEN set: the console answers on loopback only'))).toBe(true);
  });

  it("keeps an idle connection open past Node's 5 s default, so a proxy reusing it gets no reset", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(`${s.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get()).toEqual({ status: 200, reused: false });
    await new Promise((r) => setTimeout(r, 6_000));
    // With the default the server would have closed the socket after 5 s and this request would need a new one.
    expect(await get()).toEqual({ status: 200, reused: true });
    agent.destroy();
  }, 15_000);
});
