/** Builds an engine from a knowledge folder with the fitted calibration, the way every entry point does. */
import type { KnowledgeIssue } from '../errors';
import { type LoadOptions, loadKnowledge } from '../knowledge/load';
import calibrationJson from './calibration.json';
import type { Calibration } from './confidence';
import { Engine } from './engine';

/** The calibration written by `npm run calibrate` (fitted on the dev half of the evaluation set). */
export function loadCalibration(): Calibration {
  return calibrationJson as Calibration;
}

/** Loads the knowledge folder (throws KnowledgeError with file:line issues) and builds an engine over it. */
export function createEngine(dir: string, options: LoadOptions = {}): { engine: Engine; issues: KnowledgeIssue[] } {
  const { kb, issues } = loadKnowledge(dir, options);
  return { engine: new Engine(kb, { calibration: loadCalibration() }), issues };
}
