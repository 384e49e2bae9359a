import { describe, expect, it } from 'vitest';
import { answerCard, faqCard, sourceText, welcomeCard } from '../../../bots/teams/card';
import { realEngine } from '../../helpers';

const engine = realEngine();
type Node = { type?: string; text?: string; actions?: Node[]; data?: Record<string, unknown>; title?: string };
const content = (a: { content: Record<string, unknown> }) =>
  a.content as { body: Node[]; actions?: Node[]; fallbackText: string; version: string };

describe('Adaptive Card rendering', () => {
  it('renders the answer, its source with link and date, and feedback buttons carrying the log id', () => {
    const c = content(answerCard(engine.ask('Varför blev IVA-modulerna optioner?'), { questionId: 12 }));
    expect(c.version).toBe('1.5');
    expect(c.body[0]!.text).toContain('anbudsgivarna');
    expect(c.body[1]!.text).toMatch(
      /^Källa: Läget inom IVA- och anestesivården – \[Millennium, IVA och anestesi - fakta och lägesbeskrivning\]\(https:\/\/www\.vgregion\.se\/.+\) · publicerad 2022$/,
    );
    expect(c.actions!.map((a) => a.data)).toEqual([
      { faktabot: 'feedback', helpful: true, questionId: 12 },
      { faktabot: 'feedback', helpful: false, questionId: 12 },
    ]);
  });

  it('reads well in a client that shows only the fallback text', () => {
    const c = content(answerCard(engine.ask('När blev huvudavtalet klart?')));
    expect(c.fallbackText).toContain('hösten 2018');
    expect(c.fallbackText).toContain(
      'Källa: Avtal och möjliga tillval (optioner) – Millennium, IVA och anestesi - fakta och lägesbeskrivning (publicerad 2022) https://www.vgregion.se/',
    );
  });

  it('offers "Menade du…?" buttons that ask the suggested question', () => {
    const a = engine.ask('Vad kostar Millennium?');
    const c = content(answerCard(a, { questionId: 41 }));
    // Once: the answer text ends with it, so there is no heading as well.
    expect(JSON.stringify(c.body).split('Menade du…?')).toHaveLength(2);
    const asks = c.body.filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions ?? []);
    expect(asks.map((x) => x.data)).toEqual(a.suggestions.map((question) => ({ faktabot: 'ask', question, from: 41, kind: 'suggestion' })));
    expect(c.fallbackText.split('Menade du')).toHaveLength(2);
  });

  it('shows no source for a clinical question', () => {
    const c = content(answerCard(engine.ask('Vilken dos propofol?'), { questionId: 1 }));
    expect(JSON.stringify(c)).not.toContain('Källa');
    expect(c.body[0]!.text).toContain('kliniska frågor');
  });

  it('keeps Markdown in text from becoming links', () => {
    expect(sourceText({ id: 'x', title: 'A [b]', url: 'https://e.org', section: 'S*', published: '' })).toBe(
      'Källa: S\\* – [A \\[b\\]](https://e.org)',
    );
  });

  it('renders welcome and FAQ cards with sources', () => {
    const w = content(welcomeCard('Hej!', ['A?', 'B?'], { url: 'https://e.org', published: '2022' }));
    expect(w.fallbackText).toContain('Prova till exempel: A? | B?');
    const entry = engine.faqEntry('fvm')!;
    const f = content(faqCard(entry, engine.sourceOf('fvm')!));
    expect(f.body.map((b) => b.text)).toEqual([
      entry.question,
      expect.stringContaining('Framtidens vårdinformationsmiljö'),
      expect.stringContaining('publicerad 2022'),
    ]);
  });
});
