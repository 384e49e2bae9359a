/**
 * The `faq` command: ask | check | import | eval | calibrate | bench | migrate | move-log.
 *   faq ask [--json] [--knowledge DIR] ["fråga"]   (no question: one question per line on stdin)
 *   faq ask --json --conversations                (JSON lines of conversations on stdin: follow-ups read in context)
 */
import { createInterface } from 'node:readline';
import { createEngine } from '../answer/create';
import type { Engine } from '../answer/engine';
import type { ConversationContext } from '../answer/followup';
import { answerJson } from '../answer/json';
import { formatIssue, KnowledgeError, UsageError } from '../errors';
import { checkKnowledge } from '../knowledge/load';
import { REVIEW_AFTER_DAYS } from '../limits';
import { ConfigError } from '../service/config';
import { knowledgeDir, parseArgs } from './args';
import { answerText, count } from './format';

const USAGE = `Användning:
  faq ask [--json] [--knowledge MAPP] ["fråga"]   svara på en fråga (utan fråga: en fråga per rad på stdin)
  faq ask --json --conversations                  samtal: {"conversation","question"} per rad på stdin, följdfrågor i sitt samtal
  faq check [--json] [--knowledge MAPP]           kontrollera kunskapsmappen (fel ger exit 2)
  faq import FIL --url ADRESS [--knowledge MAPP] [--published ÅÅÅÅ] [--title T] [--owner O] [--drafts FIL]
                                                  importera en webbsida, ett Word-dokument eller en PDF som sida (fel ger exit 2)
  faq eval [--json] [--split dev|test|test-r1|test-r2|all]  utvärdera mot testfrågorna i test/eval
  faq eval --holdout [--json]                     parafrastest: varje alternativ formulering tas bort och ställs
  faq eval --chat [--json]                        chattfrågorna i chat-dev (../shared eller CHAT_DEV_DIR), per slag
  faq eval --set dev|chat-dev|chat-dev-2|holdout [--json]  en utvecklingsmängd som npm run bench räknar den
  faq calibrate                                   anpassa säkerheten och trösklarna på utvecklingsmängderna
  faq bench                                       jämförande mätningar (samma som npm run bench)
  faq lexicon                                     bygg om kunskapens lexikon/ ur Debians hunspell-sv och mythes-sv
  faq migrate                                     uppdatera databasens schema (DATABASE_URL eller DATABASE_PATH)
  faq move-log --from FIL                         flytta en SQLite-logg till PostgreSQL (DATABASE_URL, LOG_SALT)`;

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ask':
        return await ask(rest, out);
      case 'check':
        return check(rest, out);
      // Commands other than ask and check are loaded when used: `faq ask` starts without the evaluation sets, the
      // database clients or the lexicon builder.
      case 'eval':
        return (await import('./eval.js')).runEval(rest, out);
      case 'calibrate':
        return (await import('./calibrate.js')).runCalibrate(rest, out);
      case 'import':
        return await (await import('./import.js')).runImport(rest, out, err);
      case 'bench': {
        const { runBench } = await import('../../bench/run.js');
        return await runBench(rest, out);
      }
      case 'lexicon':
        return (await import('./lexicon.js')).runLexicon(rest, out);
      case 'migrate':
        return await (await import('./database.js')).runMigrate(rest, out);
      case 'move-log':
        return await (await import('./database.js')).runMoveLog(rest, out, err);
      case undefined:
      case 'help':
      case '--help':
        out.write(`${USAGE}\n`);
        return command ? 0 : 1;
      default:
        throw new UsageError(`okänt kommando "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`faq: ${e.message}\n${USAGE}\n`);
      return 1;
    }
    if (e instanceof ConfigError) {
      err.write(`faq: ${e.message}\n`);
      return 78;
    }
    if (e instanceof KnowledgeError) {
      err.write(`faq: kunskapen har fel:\n${e.issues.map(formatIssue).join('\n')}\n`);
      return 2;
    }
    throw e;
  }
}

async function ask(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { flags, positional } = parseArgs(argv, ['knowledge'], ['json', 'conversations']);
  const json = flags.has('json');
  if (flags.has('conversations') && (!json || positional.length))
    throw new UsageError('--conversations läser JSON-rader på stdin och skriver JSON: använd det med --json och utan fråga');
  const { engine } = createEngine(knowledgeDir(flags.get('knowledge')));
  if (flags.has('conversations')) return askConversations(engine, out);
  const print = (q: string) => {
    const a = engine.ask(q);
    out.write(json ? `${JSON.stringify(answerJson(a))}\n` : `${answerText(a)}\n\n`);
  };
  if (positional.length > 0) {
    print(positional.join(' '));
    return 0;
  }
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) print(line);
  return 0;
}

/**
 * `faq ask --json --conversations`: one `{"conversation": "<id>", "question": "<text>"}` per line on stdin, one Answer
 * JSON per line out, in order, each read with the context the earlier lines of its conversation left (in memory,
 * without expiry). A line that is not such an object gets `{"error": "…"}` in its place and the exit code 1.
 */
async function askConversations(engine: Engine, out: NodeJS.WritableStream): Promise<number> {
  const contexts = new Map<string, ConversationContext | undefined>();
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let failed = false;
  for await (const text of rl) {
    line++;
    if (!text.trim()) continue;
    const item = conversationLine(text);
    if (typeof item === 'string') {
      failed = true;
      out.write(`${JSON.stringify({ error: `rad ${line}: ${item}` })}\n`);
      continue;
    }
    const { answer, context } = engine.askInConversation(item.question, contexts.get(item.conversation));
    contexts.set(item.conversation, context);
    out.write(`${JSON.stringify(answerJson(answer))}\n`);
  }
  return failed ? 1 : 0;
}

/** One line of `--conversations`, or what is wrong with it (Swedish, for the person who wrote the file). */
function conversationLine(text: string): { conversation: string; question: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'inte JSON; skriv {"conversation": "…", "question": "…"}';
  }
  const v = value as { conversation?: unknown; question?: unknown } | null;
  if (!v || typeof v !== 'object' || typeof v.conversation !== 'string' || typeof v.question !== 'string')
    return 'fälten "conversation" och "question" ska vara text';
  return { conversation: v.conversation, question: v.question };
}

function check(argv: string[], out: NodeJS.WritableStream): number {
  const { flags } = parseArgs(argv, ['knowledge', 'review-after-days'], ['json']);
  const reviewAfterDays = Number(flags.get('review-after-days') ?? process.env.REVIEW_AFTER_DAYS ?? REVIEW_AFTER_DAYS);
  if (!Number.isFinite(reviewAfterDays) || reviewAfterDays <= 0) throw new UsageError('--review-after-days ska vara ett positivt tal');
  const { kb, issues } = checkKnowledge(knowledgeDir(flags.get('knowledge')), { reviewAfterDays });
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (flags.has('json')) {
    out.write(
      `${JSON.stringify({ ok: errors === 0, errors, warnings: issues.length - errors, issues, counts: { pages: kb.pages.length, sections: kb.pages.reduce((n, p) => n + p.sections.length, 0), faq: kb.faq.length, passages: kb.passages.length } })}\n`,
    );
  } else {
    for (const i of issues) out.write(`${formatIssue(i)}\n`);
    out.write(
      `${errors === 0 ? 'OK' : 'FEL'}: ${count(kb.pages.length, 'sida', 'sidor')}, ${count(kb.faq.length, 'fråga', 'frågor')}, ${count(kb.passages.length, 'passage', 'passager')}; ${errors} fel, ${count(issues.length - errors, 'varning', 'varningar')}\n`,
    );
  }
  return errors === 0 ? 0 : 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`faq: oväntat fel: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 70;
    },
  );
}
