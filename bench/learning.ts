/**
 * `npm run bench:learning`: a replay of the learning loop. Takes the evaluation's dev questions the engine misses
 * today, applies "Lägg till som formulering" to each one's expected entry through the code the console uses
 * (KnowledgeEditor: validation, capture check, atomic write, audit trail, reload) on a copy of the knowledge, and
 * reports answered-right before and after on the dev half (the added questions themselves), on the test half
 * (untouched questions: does one added phrasing generalise to other phrasings?) and abstained-right (must not drop).
 *
 * Edits the capture check flags are not confirmed (the console's default: a communicator would have to decide), and
 * refused edits are counted, not forced.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EvalItem, type EvalReport, engineEvalAnswer, evaluate, loadEval, splitItems } from '../src/cli/eval';
import { EditError } from '../src/knowledge/edit';
import { repoRoot } from '../src/paths';
import { KnowledgeEditor } from '../src/service/editor';
import { LiveKnowledge } from '../src/service/knowledge';
import { createLogger } from '../src/service/logger';
import { ChangeLog } from '../src/store/changes';
import { openDatabase } from '../src/store/db';
import { SqliteSql } from '../src/store/sql';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function report(knowledge: LiveKnowledge, items: EvalItem[]): Record<string, EvalReport> {
  const engine = knowledge.engine;
  const sectionOf = (id: string) => engine.faqEntry(id)?.section;
  return Object.fromEntries(
    ['dev', 'test', 'test-r1', 'test-r2'].map((split) => [
      split,
      evaluate(splitItems(items, split), engineEvalAnswer(engine), sectionOf, split),
    ]),
  );
}

export async function runLearningBench(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'faktabot-learning-'));
  cpSync(join(repoRoot(), 'knowledge'), dir, { recursive: true });
  const log = createLogger('error');
  const knowledge = new LiveKnowledge(dir, log);
  knowledge.reload();
  const editor = new KnowledgeEditor(knowledge, new ChangeLog(new SqliteSql(openDatabase(':memory:'))), log, {
    evalFile: join(repoRoot(), 'test', 'eval', 'questions.jsonl'),
  });
  const items = loadEval();
  const before = report(knowledge, items);
  const missed = (before.dev as EvalReport).details.filter((d) => d.expect.length > 0 && d.outcome !== 'right');

  const outcomes = { saved: 0, flagged: 0, refused: 0 };
  const refusals: string[] = [];
  const flags: string[] = [];
  const ms: number[] = [];
  for (const d of missed) {
    const entryId = d.expect[0] as string;
    const entry = knowledge.engine.faqEntry(entryId);
    if (!entry) {
      outcomes.refused++;
      refusals.push(`${d.question}: ${entryId} is not an FAQ entry`);
      continue;
    }
    const started = performance.now();
    try {
      const file = entry.file.split('/').at(-1) as string;
      const r = await editor.apply(
        { action: 'add-phrasing', entryId, text: d.question },
        { version: editor.versions()[file] as string, actor: { session: 'bench' } },
      );
      if (r.saved) outcomes.saved++;
      else {
        outcomes.flagged++;
        flags.push(`${d.question} → ${entryId}: would answer ${r.flagged?.map((f) => `"${f.question}" (${f.answerId})`).join(', ')}`);
      }
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
      outcomes.refused++;
      refusals.push(`${d.question}: ${e.message}`);
    }
    ms.push(performance.now() - started);
  }
  const after = report(knowledge, items);
  knowledge.close();

  const row = (label: string, split: string, key: 'answeredRight' | 'abstainedRight' | 'answeredWrong') => {
    const b = (before[split] as EvalReport)[key];
    const a = (after[split] as EvalReport)[key];
    const delta = (a - b) * 100;
    return `| ${label} | ${split} | ${pct(b)} | ${pct(a)} | ${delta >= 0 ? '+' : ''}${delta.toFixed(1)} |`;
  };
  ms.sort((x, y) => x - y);
  const lines = [
    '### Learning loop replay (npm run bench:learning)',
    '',
    `Dev questions the engine misses today: ${missed.length} of ${(before.dev as EvalReport).details.filter((d) => d.expect.length > 0).length} in scope.`,
    `"Lägg till som formulering" applied through the console's editor: ${outcomes.saved} saved, ${outcomes.flagged} flagged (not confirmed), ${outcomes.refused} refused.`,
    `Time per edit (validate, capture check, write, audit, reload): median ${(ms[Math.floor(ms.length / 2)] ?? 0).toFixed(0)} ms, max ${(ms.at(-1) ?? 0).toFixed(0)} ms.`,
    '',
    '| measure | split | before | after | change (points) |',
    '|---|---|---|---|---|',
    row('answered right', 'dev', 'answeredRight'),
    row('answered right', 'test', 'answeredRight'),
    row('answered right', 'test-r1', 'answeredRight'),
    row('answered right', 'test-r2', 'answeredRight'),
    row('abstained right', 'dev', 'abstainedRight'),
    row('abstained right', 'test', 'abstainedRight'),
    row('answered wrong', 'dev', 'answeredWrong'),
    row('answered wrong', 'test', 'answeredWrong'),
  ];
  if (flags.length) lines.push('', 'Flagged (the console would ask before saving):', ...flags.map((f) => `- ${f}`));
  if (refusals.length) lines.push('', 'Refused:', ...refusals.map((r) => `- ${r}`));
  out.write(`${lines.join('\n')}\n`);
  return 0;
}

if (require.main === module)
  runLearningBench().then((code) => {
    process.exitCode = code;
  });
