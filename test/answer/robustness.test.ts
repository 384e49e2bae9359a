import { describe, expect, it } from 'vitest';
import { robustness, seeded, WRAPPERS } from '../../src/cli/robustness';
import { realEngine } from '../helpers';

const engine = realEngine();
// A fixed sample of questions the engine answers, one per kind of entry, with the entry that answers each.
const SAMPLE: [string, string][] = [
  ['När beslutade VGR att inte avropa optionerna?', 'beslut-2021'],
  ['Varför lades IVA- och anestesimodulerna som optioner?', 'varfor-optioner'],
  ['Ska IVA och anestesi dokumentera journalen i Millennium?', 'journal-i-millennium'],
  ['Hur många IT-system ersätter Millennium?', 'antal-system-ersatts'],
  ['Vad rekommenderade chefssamrådet för anestesi och IVA?', 'rekommendation'],
  ['När blev huvudavtalet om det nya vårdinformationssystemet klart?', 'huvudavtal-klart'],
  ['Gjordes det en riskanalys inför beslutet om optionerna?', 'riskanalys'],
  ['Vad beslutade koncernledningen hösten 2022?', 'beslut-2022'],
];

describe('robustness: right answers stay right when wrapped as chat', () => {
  const rows = robustness(
    SAMPLE.map(([question, id]) => ({
      question,
      right: (q: string) => engine.ask(q).answerId === id,
      others: engine.kb.faq.filter((e) => e.id !== id).map((e) => e.answer),
    })),
    7,
    3,
  );

  it.each(WRAPPERS.map((w) => w.name))('keeps at least 9 in 10 right under the "%s" wrapper', (name) => {
    const row = rows.find((r) => r.wrapper === name);
    expect(row?.n).toBeGreaterThan(0);
    expect(row?.share, JSON.stringify(row?.lost)).toBeGreaterThanOrEqual(0.9);
  });

  it('wraps with varied wording, the same for the same seed', () => {
    const greeting = WRAPPERS.find((w) => w.name === 'greeting');
    const a = seeded(3);
    const b = seeded(3);
    const wrapped = Array.from({ length: 6 }, () => greeting?.wrap('Vad är FVM?', a, []));
    expect(new Set(wrapped).size).toBeGreaterThan(2);
    expect(Array.from({ length: 6 }, () => greeting?.wrap('Vad är FVM?', b, []))).toEqual(wrapped);
  });
});
