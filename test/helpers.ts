import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Analyzer } from '../src/analysis/analyzer';
import type { Calibration } from '../src/answer/confidence';
import { loadCalibration } from '../src/answer/create';
import { Engine } from '../src/answer/engine';
import { loadKnowledge } from '../src/knowledge/load';

export const ROOT = resolve(__dirname, '..');
export const KNOWLEDGE = join(ROOT, 'knowledge');

/**
 * A calibration under which the bot answers plainly only when very sure (an FAQ question as written) and interprets
 * nearly everything else it finds: channel tests of the interpreted answer then do not depend on where the shipped
 * thresholds lie.
 */
export function interpreting(): Calibration {
  return { ...loadCalibration(), threshold: 0.9, interpretThreshold: 0.05 };
}

/** A calibration under which the bot answers only when very sure and never interprets: it declines the rest. */
export function declining(): Calibration {
  return { ...loadCalibration(), threshold: 0.9, interpretThreshold: 0.9 };
}

let cached: Engine | undefined;
let cachedInterpreting: Engine | undefined;
let cachedDeclining: Engine | undefined;
/** The engine over the real knowledge folder with the `interpreting` calibration, sharing the real engine's index. */
export function interpretingEngine(): Engine {
  cachedInterpreting ??= realEngine().withCalibration(interpreting());
  return cachedInterpreting;
}

/** The engine over the real knowledge folder with the `declining` calibration, sharing the real engine's index. */
export function decliningEngine(): Engine {
  cachedDeclining ??= realEngine().withCalibration(declining());
  return cachedDeclining;
}

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
