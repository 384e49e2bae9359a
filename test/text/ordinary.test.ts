/**
 * Redaction leaves ordinary text alone: the knowledge's own texts (every FAQ question, phrasing and answer, the fact
 * page, the questions marked "Ska inte besvaras"), the evaluation questions and the chat development sets pass
 * through `redact` unchanged, except where a chat message truly holds personal data or signs with a name. Each rule
 * that reads white space as a gap, a line break as a continuation or a word as a name's marker is held to this, so
 * that what redaction takes is personal data and not a word a question needs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChatDev } from '../../src/cli/chatdev';
import { chatDev2Dir } from '../../src/cli/devsets';
import { loadEval } from '../../src/cli/eval';
import { safeText } from '../../src/text/clean';
import { healthWordIn, REDACTED, REDACTED_WORDS, redact } from '../../src/text/redact';
import { realEngine } from '../helpers';

const kb = realEngine().kb;

describe("the knowledge's own texts pass through redaction unchanged", () => {
  it('keeps every FAQ question, phrasing and answer as written', () => {
    const texts = kb.faq.flatMap((e) => [e.question, ...e.alternates, e.answer]);
    expect(texts.length).toBeGreaterThan(300);
    for (const text of texts) expect(redact(text), JSON.stringify(text)).toBe(text);
  });

  it('keeps the fact page, its headings and the questions marked out of scope as written', () => {
    const texts = [...kb.pages.flatMap((p) => p.sections.flatMap((s) => [s.heading, s.text])), ...kb.outOfScope.map((o) => o.question)];
    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) expect(redact(text), JSON.stringify(text.slice(0, 80))).toBe(text);
  });

  it('keeps every evaluation question as written, but for the numbers and names a text about health cannot keep', () => {
    const questions = loadEval().map((i) => i.question);
    expect(questions.length).toBeGreaterThan(250);
    for (const q of questions) {
      const out = safeText(q);
      if (out.includes(REDACTED_WORDS)) {
        expect(aboutHealth(q), q).toBe(true);
        expect(standsFor(out, q), `${q} -> ${out}`).toBe(true);
      } else expect(out, JSON.stringify(q)).toBe(q);
    }
  });
});

// The chat sets live in ../shared (or CHAT_DEV_DIR, CHAT_DEV_2_DIR) and are read at run time, never copied here.
const chatSets = [loadChatDev(), existsSync(join(chatDev2Dir(), 'questions.jsonl')) ? loadChatDev(chatDev2Dir()) : null];
const messages = chatSets.flatMap((set) => set ?? []);
/** A name in a signature or greeting: after "/", "//", a greeting or a closing (also on the line after it). */
const SIGNED =
  /(?:\/{1,2} ?(?:\p{L}+ )*|(?:hej|hejsan|hälsningar|hälsning|mvh|tack|tack på förhand!|tacksam för svar)[,!.:]? ?\n?)\[namn\]/giu;

/** The listed patient words (guard.yaml), which make a text one about someone's health. */
const patientWords = new Set(kb.guard.patient.words);

const clinical = new Set(kb.guard.clinical.filter((c) => !c.includes(' ')));
/** Whether a text has a listed health, patient or clinical word: only such a text is stored with "[…]". */
const aboutHealth = (text: string) =>
  !!healthWordIn(text) || [...text.toLowerCase().matchAll(/\p{L}+/gu)].some((w) => clinical.has(w[0]) || patientWords.has(w[0]));

/** Whether `text` is `out` with each placeholder "[namn]" or "[…]" standing for words or numbers, nothing else changed. */
function standsFor(out: string, text: string): boolean {
  const pattern = out
    .split(/\[namn\]|\[…\]/u)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join("[\\p{L}\\p{N}'’ ,.%/-]+?");
  return new RegExp(`^${pattern}$`, 'u').test(text);
}

describe.runIf(messages.length > 0)('the chat development sets pass through redaction unchanged but for personal data', () => {
  it('changes a message without personal data only where it signs or greets with a name', () => {
    const plain = messages.filter((m) => !m.pii?.length);
    expect(plain.length).toBeGreaterThan(100);
    for (const m of plain) {
      const out = safeText(m.q);
      const where = `${m.id}: ${JSON.stringify(out)}`;
      for (const mask of Object.values(REDACTED)) if (mask !== REDACTED.name) expect(out, where).not.toContain(mask);
      expect(out.match(SIGNED)?.length ?? 0, where).toBe(out.split(REDACTED.name).length - 1);
      // Nothing else changed: the message is the output with each "[namn]" (and, in a text about health, "[…]")
      // standing for words.
      if (out.includes(REDACTED_WORDS)) expect(aboutHealth(m.q), where).toBe(true);
      expect(standsFor(out, m.q), where).toBe(true);
    }
  });

  it('redacts the contact data of every message that holds some', () => {
    const contacts = messages.filter((m) => m.pii?.some((p) => /\d{4}|@/.test(p)));
    expect(contacts.length).toBeGreaterThan(10);
    for (const m of contacts) {
      const out = safeText(m.q);
      for (const p of m.pii ?? []) if (/\d{4}|@/.test(p)) expect(out, m.id).not.toContain(p);
    }
  });
});
