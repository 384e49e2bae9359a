/** Faktabot's public surface: load knowledge, build an engine, ask. Everything else is internal. */
export type { Answer, AnswerKind, Candidate, Source } from './answer/answer';
export { formatSource, wantsFeedback } from './answer/answer';
export { createEngine, loadCalibration } from './answer/create';
export { Engine, type EngineOptions } from './answer/engine';
export { answerJson } from './answer/json';
export { MESSAGES } from './answer/messages';
export { formatIssue, KnowledgeError, type KnowledgeIssue } from './errors';
export { checkKnowledge, loadKnowledge } from './knowledge/load';
export type { KnowledgeBase } from './knowledge/types';
