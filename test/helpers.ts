import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Analyzer } from '../src/analysis/analyzer';
import { loadCalibration } from '../src/answer/create';
import { Engine } from '../src/answer/engine';
import { loadKnowledge } from '../src/knowledge/load';

export const ROOT = resolve(__dirname, '..');
export const KNOWLEDGE = join(ROOT, 'knowledge');

let cached: Engine | undefined;
/** The engine over the real knowledge folder, built once per test file. */
export function realEngine(): Engine {
  cached ??= new Engine(loadKnowledge(KNOWLEDGE).kb, { calibration: loadCalibration() });
  return cached;
}

/** A copy of the real knowledge folder in a temporary directory, for tests that break or extend it. */
export function knowledgeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faktabot-kb-'));
  cpSync(KNOWLEDGE, dir, { recursive: true });
  return dir;
}

export function analyzerOver(texts: string[], synonyms: string[][] = []): Analyzer {
  return Analyzer.fromTexts(texts, synonyms);
}
