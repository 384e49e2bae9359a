/**
 * Robustness as a measured property: questions the engine answers right, wrapped the way staff write in chat, must
 * stay right. Each wrapper is a generator with varied wording (greetings, names, roles, places and sign-offs are
 * drawn from pools, with a seeded random source), not a fixed string; the pools are general chat and workplace
 * words, written apart from knowledge/chat.yaml so that the engine is not measured against its own list.
 *
 * `npm run bench` reports, per wrapper, the share of right answers that stay right; a test keeps a fixed sample.
 */
import { fold } from '../analysis/normalize';

export type Random = () => number;

/** A small seeded random source (mulberry32): the same seed gives the same wrapped questions. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const GREETINGS = ['Hej!', 'Hej,', 'Hejsan!', 'Hej hej!', 'Hallå!', 'God morgon!', 'Hej alla,', 'Tjena!', 'Godmorgon.', 'Hej där!'];
const NAMES = ['Lena', 'Ahmed', 'Karin', 'Johan', 'Sara', 'Mikael', 'Fatima', 'Per', 'Eva', 'Nils', 'A', 'MK'];
const CLOSINGS = [
  (n: string) => `Tack! /${n}`,
  (n: string) => `Tack på förhand! /${n}`,
  (n: string) => `Mvh ${n}`,
  (n: string) => `Tusen tack, ${n}`,
  (n: string) => `Tacksam för svar //${n}`,
  (n: string) => `Vänliga hälsningar ${n}`,
  () => 'Tack så mycket!',
  (n: string) => `Hälsningar, ${n}`,
];
const ROLES = [
  'undersköterska',
  'narkossjuksköterska',
  'IT-samordnare',
  'överläkare',
  'vårdenhetschef',
  'medicinsk sekreterare',
  'IVA-sjuksköterska',
  'anestesiläkare',
];
const UNITS = ['IVA', 'anestesin', 'operation', 'dagkirurgin', 'thoraxintensiven', 'barnintensiven', 'centraloperation'];
const PLACES = ['Borås', 'Skövde', 'Uddevalla', 'Alingsås', 'Trollhättan', 'Lidköping', 'Kungälv', 'Mölndal'];
const ABOUT_WRITER = [
  (r: Random) => `Jag jobbar som ${pick(r, ROLES)} på ${pick(r, UNITS)} i ${pick(r, PLACES)}.`,
  (r: Random) => `Jag är ${pick(r, ROLES)} på ${pick(r, UNITS)}.`,
  (r: Random) => `Vi på ${pick(r, UNITS)} i ${pick(r, PLACES)} pratade om det här på fikat.`,
  (r: Random) => `Jag är ny som ${pick(r, ROLES)} och försöker sätta mig in i allt.`,
  () => 'Vi hade ett APT i går och frågan kom upp.',
  (r: Random) => `Jag ska informera mina kollegor på ${pick(r, UNITS)} nästa vecka.`,
  (r: Random) => `${cap(pick(r, ROLES))} på ${pick(r, UNITS)} i ${pick(r, PLACES)} här.`,
  (r: Random) => `Har jobbat på ${pick(r, UNITS)} i många år.`,
  () => 'Min chef bad mig kolla upp det här inför ett möte.',
];
const HEARSAY = ['Jag läste att', 'Någon sa att', 'Jag har förstått att', 'Det stod någonstans att', 'En kollega berättade att'];

/** Swedish words and the English ones staff borrow for them (a pool of its own, not the engine's lexicon). */
const TO_ENGLISH: Record<string, string> = {
  beslut: 'decision',
  beslutet: 'decisionen',
  upphandling: 'procurement',
  upphandlingen: 'procurementen',
  avtal: 'contract',
  avtalet: 'contractet',
  optioner: 'options',
  optionerna: 'optionsen',
  option: 'option',
  modulerna: 'modulesen',
  intensivvården: 'intensive care',
  intensivvård: 'intensive care',
  iva: 'ICU',
  anestesi: 'anaesthesia',
  anestesin: 'anaesthesia',
  leverantör: 'vendor',
  anbudsgivare: 'bidders',
  krav: 'requirements',
  kraven: 'requirements',
  rekommendation: 'recommendation',
  riskanalys: 'risk analysis',
  riskanalysen: 'risk analysis',
  journalsystem: 'EHR',
  journalsystemet: 'EHR-systemet',
  funktioner: 'features',
  beslutsstöd: 'decision support',
  medier: 'media',
  tidningarna: 'news',
  när: 'when',
  varför: 'why',
  vem: 'who',
  vad: 'what',
  hösten: 'autumn',
};

export interface Wrapper {
  name: string;
  /** What it does, for the bench's table. */
  label: string;
  wrap(question: string, r: Random, others: readonly string[]): string;
}

/** A fact from another entry, told as hearsay: it shares words with another answer, not with the question. */
function distractor(r: Random, others: readonly string[]): string {
  const other = others.length ? pick(r, others) : 'VGR har tagit flera beslut';
  const first = (other.split(/(?<=[.!?])\s+/u)[0] ?? other).replace(/[.!?]+$/u, '');
  const lowered = /^[A-ZÅÄÖ][a-zåäö]/u.test(first) ? first.charAt(0).toLowerCase() + first.slice(1) : first;
  return `${pick(r, HEARSAY)} ${lowered}.`;
}

export const WRAPPERS: readonly Wrapper[] = [
  {
    name: 'greeting',
    label: 'greeting in front, thanks and a name after',
    wrap: (q, r) => `${pick(r, GREETINGS)} ${q} ${pick(r, CLOSINGS)(pick(r, NAMES))}`,
  },
  {
    name: 'writer',
    label: 'a sentence about the writer in front',
    wrap: (q, r) => `${pick(r, ABOUT_WRITER)(r)} ${q}`,
  },
  {
    name: 'distractor',
    label: "a sentence sharing words with another entry's answer in front",
    wrap: (q, r, others) => `${distractor(r, others)} ${/[?]$/u.test(q.trim()) ? q : `${q}?`}`,
  },
  {
    name: 'lowercase',
    label: 'lower case, no punctuation',
    wrap: (q) =>
      q
        .toLocaleLowerCase('sv-SE')
        .replace(/[?!.,:;"]/gu, '')
        .trim(),
  },
  {
    name: 'ascii',
    label: 'å/ä/ö written as a/a/o',
    wrap: (q) => fold(q),
  },
  {
    name: 'english',
    label: 'one content word in English',
    wrap: (q, r) => {
      const words = [...q.matchAll(/[\p{L}]+/gu)].filter((m) => TO_ENGLISH[m[0].toLocaleLowerCase('sv-SE')] !== undefined);
      if (words.length === 0) return q;
      const m = pick(r, words);
      const at = m.index ?? 0;
      return q.slice(0, at) + TO_ENGLISH[m[0].toLocaleLowerCase('sv-SE')] + q.slice(at + m[0].length);
    },
  },
];

export interface RobustnessRow {
  wrapper: string;
  label: string;
  /** Questions answered right before wrapping. */
  n: number;
  /** Of those, answered right after wrapping. */
  stayed: number;
  share: number;
  /** A few that did not stay right, for the developer. */
  lost: { question: string; wrapped: string }[];
}

/**
 * For each wrapper: wrap every question that `right` accepts unwrapped (with `variants` different draws each) and
 * count how many stay right. `others` are answer texts of other entries, for the distractor.
 */
export function robustness(
  questions: readonly { question: string; right: (q: string) => boolean; others: readonly string[] }[],
  seed = 1,
  variants = 2,
): RobustnessRow[] {
  const base = questions.filter((q) => q.right(q.question));
  return WRAPPERS.map((w) => {
    const r = seeded(seed);
    let n = 0;
    let stayed = 0;
    const lost: RobustnessRow['lost'] = [];
    for (const q of base)
      for (let v = 0; v < variants; v++) {
        const wrapped = w.wrap(q.question, r, q.others);
        if (wrapped === q.question) continue;
        n++;
        if (q.right(wrapped)) stayed++;
        else if (lost.length < 5) lost.push({ question: q.question, wrapped });
      }
    return { wrapper: w.name, label: w.label, n, stayed, share: n ? stayed / n : 1, lost };
  });
}
