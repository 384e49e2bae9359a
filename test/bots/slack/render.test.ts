import { describe, expect, it } from 'vitest';
import { parseBody } from '../../../bots/slack/receiver';
import {
  ACTIONS,
  parseAskValue,
  parseFeedbackValue,
  renderAnswer,
  renderEscalateModal,
  renderFeedbackDone,
  renderHome,
  suggestedPrompts,
} from '../../../bots/slack/render';
import { decliningEngine, interpretingEngine, realEngine } from '../../helpers';
import { askButtons, feedbackButtons } from './harness';

const engine = realEngine();
type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: unknown }[];
};
const actionIds = (blocks: Block[]) =>
  blocks
    .flatMap((b) => b.elements ?? [])
    .map((e) => e.action_id)
    .filter(Boolean);

describe('Block Kit rendering', () => {
  it("renders an answer with its sources as a context block and Slack's feedback buttons last, in context_actions", () => {
    const m = renderAnswer(engine.ask('Varför blev IVA-modulerna optioner?'), { questionId: 7 });
    const blocks = m.blocks as Block[];
    expect(blocks[0]).toMatchObject({ type: 'section', block_id: 'answer' });
    const context = blocks.find((b) => b.block_id === 'sources')!;
    expect(JSON.stringify(context)).toContain('Källa: ”Läget inom IVA- och anestesivården” i <https://www.vgregion.se/');
    expect(JSON.stringify(context)).toContain('publicerad 2022');
    expect(blocks.at(-1)).toEqual({
      type: 'context_actions',
      block_id: 'feedback',
      elements: [
        {
          type: 'feedback_buttons',
          action_id: ACTIONS.feedback,
          positive_button: { text: { type: 'plain_text', text: '👍' }, value: 'positive:7', accessibility_label: 'Svaret var hjälpsamt' },
          negative_button: {
            text: { type: 'plain_text', text: '👎' },
            value: 'negative:7',
            accessibility_label: 'Svaret var inte hjälpsamt',
          },
        },
      ],
    });
    // The buttons of their own are gone from the tools row.
    expect(actionIds(blocks)).not.toContain(ACTIONS.helpful);
    expect(actionIds(blocks)).not.toContain(ACTIONS.notHelpful);
  });

  it('reads a feedback value back as the vote and the logged question, and nothing else', () => {
    expect(parseFeedbackValue('positive:7')).toEqual({ vote: 'positive', questionId: 7 });
    expect(parseFeedbackValue('negative:123456789')).toEqual({ vote: 'negative', questionId: 123456789 });
    for (const v of [
      '',
      '7',
      'positive',
      'positive:',
      'positive:7x',
      'neutral:7',
      'positive:-7',
      ` positive:7`,
      `positive:${'9'.repeat(40)}`,
    ])
      expect(parseFeedbackValue(v), v).toBeUndefined();
  });

  it('shows no feedback buttons without a logged question, and drops them once a vote is in', () => {
    expect(feedbackButtons(renderAnswer(engine.ask('Vad är FVM?')).blocks)).toBeUndefined();
    const m = renderAnswer(engine.ask('Vad är FVM?'), { questionId: 3 });
    expect(feedbackButtons(m.blocks)).toBeDefined();
    const done = renderFeedbackDone(m.blocks, { line: 'Tack!' });
    expect(feedbackButtons(done)).toBeUndefined();
    expect(done.map((b) => b.block_id)).toEqual([
      ...m.blocks.filter((b) => b.block_id !== 'feedback').map((b) => b.block_id),
      'feedback_done',
    ]);
  });

  it('suggests up to four distinct questions for the agent view, the most asked first, each sent as it reads', () => {
    const long = `Varför ${'mycket '.repeat(20)}?`;
    const s = suggestedPrompts(['Vad är FVM?', ' Vad är FVM? ', '', long, 'När blev huvudavtalet klart?', 'A?', 'B?'], 4);
    expect(s.title).toBe('Vanliga frågor');
    expect(s.prompts.map((p) => p.message)).toEqual(['Vad är FVM?', long, 'När blev huvudavtalet klart?', 'A?']);
    expect(s.prompts[1]!.title).toHaveLength(75);
    expect(s.prompts[1]!.title.endsWith('…')).toBe(true);
    expect(suggestedPrompts([], 4).prompts).toEqual([]);
  });

  it('reads well as plain text: the fallback has the answer, source and date', () => {
    const m = renderAnswer(engine.ask('När blev huvudavtalet klart?'));
    expect(m.text).toContain('hösten 2018');
    expect(m.text).toContain('Källa: ”Avtal och möjliga tillval (optioner)” i ');
    expect(m.text).toContain('(publicerad 2022)');
  });

  it('escapes Slack markup in the fallback text as in the blocks (notifications show the fallback)', () => {
    const a = engine.ask('När blev huvudavtalet klart?');
    const m = renderAnswer({ ...a, answer: 'Se <!channel> & <https://evil.example|vgregion.se>', suggestions: ['<@U0ADMIN>?'] });
    expect(m.text).toContain('Se &lt;!channel&gt; &amp; &lt;https://evil.example|vgregion.se&gt;');
    expect(m.text).toContain('&lt;@U0ADMIN&gt;?');
    expect(m.text).not.toMatch(/<[!@#]|<https?:/);
  });

  it('offers "Menade du…?" buttons that carry the question when unsure', () => {
    const a = decliningEngine().ask('Hur gick det med optionerna för IVA?');
    expect(a.outcome).toBe('declined');
    const blocks = renderAnswer(a, { questionId: 41 }).blocks as Block[];
    // Once: the answer text ends with it, so there is no heading as well.
    expect(JSON.stringify(blocks).split('Menade du…?')).toHaveLength(2);
    const suggest = askButtons(blocks, 'suggestions');
    expect(suggest.map((e) => parseAskValue(e.value))).toEqual(a.suggestions.map((q) => ({ q, f: 41, k: 's' })));
    expect(suggest.every((e) => /^faktabot_ask_\d+$/.test(e.action_id))).toBe(true);
    // A button from before clicks were recorded carries the plain question.
    expect(parseAskValue('Vad är FVM?')).toEqual({ q: 'Vad är FVM?' });
  });

  it('says first which question an interpreted answer answers, then the answer, its source, "Menade du något annat?" and feedback', () => {
    const a = interpretingEngine().ask('vad ska vi använda istället');
    expect(a.outcome).toBe('interpreted');
    expect(a.suggestions.length).toBeGreaterThan(0);
    const m = renderAnswer(a, { questionId: 9 });
    const blocks = m.blocks as Block[];
    const line = `Jag tolkar frågan som ”${a.interpretedAs}”.`;
    expect(blocks.map((b) => b.block_id)).toEqual([
      'interpretation',
      'answer',
      'sources',
      'suggest_title',
      ...blocks.slice(4, -1).map((b) => b.block_id),
      'feedback',
    ]);
    expect(blocks[0]!.text!.text).toBe(`_${line}_`);
    expect(blocks[1]!.text!.text).toBe(a.answer);
    expect(JSON.stringify(blocks[2])).toContain('publicerad 2022');
    expect(blocks[3]!.text!.text).toBe('*Menade du något annat?*');
    // The alternatives ask their question and are recorded as suggestion clicks on this answer.
    expect(askButtons(blocks, 'suggestions').map((e) => parseAskValue(e.value))).toEqual(a.suggestions.map((q) => ({ q, f: 9, k: 's' })));
    expect(feedbackButtons(blocks)?.positive_button.value).toBe('positive:9');
    expect(JSON.stringify(blocks)).not.toContain('Menade du…?');
    // A notification or a client without blocks reads the same, in the same order.
    const lines = m.text.split('\n');
    expect(lines[0]).toBe(line);
    expect(lines[1]).toBe(a.answer);
    expect(lines[2]).toMatch(/^Källa: .*publicerad 2022/);
    expect(lines.at(-1)).toBe(`Menade du något annat? ${a.suggestions.join(' | ')}`);
    // A plain answer says nothing of the kind.
    const plain = renderAnswer(realEngine().ask('Varför lades IVA- och anestesimodulerna som optioner?'), { questionId: 9 });
    expect(JSON.stringify(plain)).not.toMatch(/Jag tolkar|något annat/);
  });

  it('escapes Slack markup in the text fallback as in the blocks', () => {
    const a = { ...interpretingEngine().ask('vad ska vi använda istället') };
    a.interpretedAs = 'Vad är <!channel> & <@U1>?';
    a.answer = 'Svar med <https://evil.example|länk> & <!here>';
    const m = renderAnswer(a);
    for (const text of [m.text, JSON.stringify(m.blocks)]) {
      expect(text).not.toMatch(/<!channel>|<!here>|<@U1>|<https:\/\/evil/);
      expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    }
  });

  it('shows no button text over 40 characters: long questions are text lines, each with a "Fråga" button', () => {
    const long = { ...engine.ask('vad tycker ni om hela millenniumgrejen') };
    long.suggestions = ['Vad är FVM?', 'Vad rekommenderade chefssamrådet för anestesi och IVA?'];
    const blocks = renderAnswer(long, { questionId: 7 }).blocks as Block[];
    const lines = blocks.filter((b) => b.block_id?.startsWith('suggestions_'));
    expect(lines.map((b) => b.text?.text)).toEqual(long.suggestions);
    expect(askButtons(blocks, 'suggestions').map((b) => b.text.text)).toEqual(['Fråga', 'Fråga']);
    expect(askButtons(blocks, 'suggestions').map((b) => parseAskValue(b.value).q)).toEqual(long.suggestions);
    // Short questions stay one row of buttons carrying their own text.
    const short = { ...long, suggestions: ['Vad är FVM?', 'Vad är en option?'] };
    const row = renderAnswer(short, { questionId: 7 }).blocks as Block[];
    expect(row.filter((b) => b.block_id === 'suggestions')).toHaveLength(1);
    expect(askButtons(row, 'suggestions').map((b) => b.text.text)).toEqual(short.suggestions);
    // Every answer to a chat-style question: no button text longer than 40.
    for (const q of ['vad tycker ni om hela millenniumgrejen', 'Varför blev IVA och anestesi optioner?', 'hjälp', 'Vad är FVM?']) {
      const all = renderAnswer(engine.ask(q), { questionId: 1, share: true }).blocks as Record<string, unknown>[];
      const buttons = JSON.stringify(all).match(/"type":"button"[^}]*"text":\{"type":"plain_text","text":"([^"]*)"/g) ?? [];
      for (const b of buttons) expect(/"text":"([^"]*)"$/.exec(b)?.[1]?.length ?? 0, b).toBeLessThanOrEqual(40);
    }
  });

  it('never shows source, share or thread buttons for a clinical question', () => {
    const m = renderAnswer(engine.ask('Hur mycket propofol ska jag ge?'), {
      share: true,
      postInThread: { channel: 'C', threadTs: '1' },
      questionId: 1,
    });
    expect(JSON.stringify(m.blocks)).not.toContain('Källa');
    expect(actionIds(m.blocks as Block[])).not.toContain(ACTIONS.share);
    expect(actionIds(m.blocks as Block[])).not.toContain(ACTIONS.postInThread);
  });

  it('escapes Slack markup in the question and keeps within Slack limits', () => {
    const a = engine.ask(`<!channel> ${'x'.repeat(5000)}`);
    const m = renderAnswer(a, { share: true });
    expect(JSON.stringify(m.blocks)).not.toContain('<!channel>');
    for (const b of m.blocks as Block[]) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(m.text.length).toBeLessThanOrEqual(3000);
  });

  it('renders the App Home', () => {
    const view = renderHome({ faqCount: 28, published: '2022', url: 'https://example.org', examples: ['A?'], mostAsked: [] });
    expect(view.type).toBe('home');
    expect(JSON.stringify(view)).toContain('Inga frågor ännu.');
  });
});

describe('the "Fråga supporten" form', () => {
  it('says that names, numbers and addresses in what the asker adds are removed before the desk sees it', () => {
    const text = JSON.stringify(renderEscalateModal({ question: 'Vad är FVM?' }));
    expect(text).toContain('utan namn, telefonnummer, personnummer och adresser (de tas bort)');
  });
});

describe('Slack body parsing', () => {
  it('rejects interactivity payloads that are not objects (found by fuzzing: payload=null gave a 500)', () => {
    for (const payload of ['null', '5', '"x"', '[1]'])
      expect(() => parseBody(`payload=${encodeURIComponent(payload)}`, 'application/x-www-form-urlencoded')).toThrow();
    expect(parseBody('command=%2Ffraga&text=hej', 'application/x-www-form-urlencoded')).toEqual({ command: '/fraga', text: 'hej' });
  });
});
