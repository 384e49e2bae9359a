import { describe, expect, it } from 'vitest';
import {
  answerCard,
  answerSummary,
  escalateCard,
  faqCard,
  MAX_BUTTON_TITLE,
  plain,
  sourceText,
  welcomeCard,
} from '../../../bots/teams/card';
import { decliningEngine, interpretingEngine, realEngine } from '../../helpers';
import { adaptiveCardProblems } from '../payload-rules';

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
      /^Källa: ”Läget inom IVA- och anestesivården” i \[Millennium, IVA och anestesi - fakta och lägesbeskrivning\]\(https:\/\/www\.vgregion\.se\/.+\) · publicerad 2022$/,
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
      'Källa: ”Avtal och möjliga tillval (optioner)” i Millennium, IVA och anestesi - fakta och lägesbeskrivning (publicerad 2022) https://www.vgregion.se/',
    );
  });

  it('offers "Menade du…?" buttons that ask the suggested question', () => {
    const a = decliningEngine().ask('Hur gick det med optionerna för IVA?');
    expect(a.outcome).toBe('declined');
    const c = content(answerCard(a, { questionId: 41 }));
    // Once: the answer text ends with it, so there is no heading as well.
    expect(JSON.stringify(c.body).split('Menade du…?')).toHaveLength(2);
    // Each as whole, wrapped text the user clicks (no title Teams would cut).
    const asks = c.body
      .filter((b) => b.type === 'Container')
      .map((b) => (b as unknown as { selectAction: { title: string; data: unknown } }).selectAction);
    expect(asks.map((x) => x.data)).toEqual(a.suggestions.map((question) => ({ faktabot: 'ask', question, from: 41, kind: 'suggestion' })));
    expect(asks.every((x) => x.title.length <= MAX_BUTTON_TITLE)).toBe(true);
    expect(c.fallbackText.split('Menade du')).toHaveLength(2);
  });

  it('says first, subtle and in italics, which question an interpreted answer answers, and offers the others under "Menade du något annat?"', () => {
    const a = interpretingEngine().ask('vad ska vi använda istället');
    expect(a.outcome).toBe('interpreted');
    expect(a.suggestions.length).toBeGreaterThan(0);
    const card = answerCard(a, { questionId: 7 });
    const c = content(card);
    expect(adaptiveCardProblems(card.content)).toEqual([]);
    const line = `Jag tolkar frågan som ”${a.interpretedAs}”.`;
    expect(c.body[0]).toMatchObject({ type: 'TextBlock', text: `_${line}_`, isSubtle: true, wrap: true });
    expect(c.body[1]).toMatchObject({ type: 'TextBlock', text: a.answer });
    expect(c.body[2]!.text).toMatch(/^Källa: .*publicerad 2022$/);
    expect(c.body[3]).toMatchObject({ type: 'TextBlock', text: 'Menade du något annat?', weight: 'Bolder' });
    // Each alternative asks its question with Action.Submit, recorded as a suggestion click on this answer.
    const followUps = c.body.findIndex((b) => b.text === 'Vill du veta mer?');
    expect(followUps).toBeGreaterThan(4);
    const asks = c.body.slice(4, followUps).map((b) => (b as unknown as { selectAction: { type: string; data: unknown } }).selectAction);
    expect(asks.map((x) => x.type)).toEqual(a.suggestions.map(() => 'Action.Submit'));
    expect(asks.map((x) => x.data)).toEqual(a.suggestions.map((question) => ({ faktabot: 'ask', question, from: 7, kind: 'suggestion' })));
    expect(c.actions!.map((x) => x.data)).toEqual([
      { faktabot: 'feedback', helpful: true, questionId: 7 },
      { faktabot: 'feedback', helpful: false, questionId: 7 },
    ]);
    expect(JSON.stringify(c.body)).not.toContain('Menade du…?');
    // The fallback and the notification say it too, first.
    expect(c.fallbackText.split('\n')).toEqual([
      line,
      a.answer,
      expect.stringMatching(/^Källa: .*\(publicerad 2022\)/),
      `Menade du något annat? ${a.suggestions.join(' | ')}`,
    ]);
    expect(answerSummary(a)).toBe(`${line} ${a.answer}`);
    // After 👍/👎 the card keeps what it said.
    const done = content(answerCard(a, { questionId: 7, voted: { helpful: true, desk: false } }));
    expect(done.body[0]!.text).toBe(`_${line}_`);
  });

  it('shows no source for a clinical question', () => {
    const c = content(answerCard(engine.ask('Vilken dos propofol?'), { questionId: 1 }));
    expect(JSON.stringify(c)).not.toContain('Källa');
    expect(c.body[0]!.text).toContain('kliniska frågor');
  });

  it('keeps Markdown in text from becoming links, emphasis or lists, without backslashes Teams would show', () => {
    expect(sourceText({ id: 'x', title: 'A [b]', url: 'https://e.org', section: 'S*', published: '' })).toBe(
      'Källa: ”S\u2217” i [A (b)](https://e.org)',
    );
    expect(plain('Se [här](https://evil.example) och *fetstil*\n- punkt\n1. nummer (2022)')).toBe(
      'Se [här]\u200b(https://evil.example) och \u2217fetstil\u2217\n\u200b- punkt\n\u200b1. nummer (2022)',
    );
  });

  it('shows no backslash in any card text, for any answer in the knowledge', () => {
    for (const e of engine.kb.faq) {
      const a = engine.ask(e.question);
      const text = JSON.stringify(content(answerCard(a, { questionId: 1 })).body);
      // JSON escapes a backslash as two; the card text itself has none (parentheses, colons and dashes show as typed).
      expect(text.includes('\\\\'), e.id).toBe(false);
    }
  });

  it('renders welcome and FAQ cards with sources', () => {
    const w = content(welcomeCard('Hej!', ['A?', 'B?'], { url: 'https://e.org', published: '2022' }));
    expect(w.fallbackText).toContain('Prova till exempel: A? | B?');
    const entry = engine.faqEntry('fvm')!;
    const f = content(faqCard(entry, engine.sourceOf('fvm')!));
    expect(f.body.map((b) => b.text)).toEqual([
      entry.question,
      expect.stringContaining('förkortningen FVM'),
      expect.stringContaining('publicerad 2022'),
    ]);
  });
});

describe('the "Fråga supporten" form', () => {
  it('says that names, numbers and addresses in what the asker adds are removed before the desk sees it', () => {
    const text = JSON.stringify(escalateCard({ question: 'Vad är FVM?' }).content);
    expect(text).toContain('utan namn, telefonnummer, personnummer och adresser (de tas bort)');
  });
});
