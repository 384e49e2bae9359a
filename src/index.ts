/**
 * Faktabot's public surface: load knowledge, build an engine, ask; and the chat port with what the chat adapters
 * (bots/) render and check. Everything else is internal; bots/ reach src/ only here and through the start-up wiring
 * (service/main.ts).
 */
export type { Answer, AnswerKind, Candidate, FollowUp, Source } from './answer/answer';
export { formatSource, relatedHeading, wantsFeedback } from './answer/answer';
export { createEngine, loadCalibration } from './answer/create';
export { Engine, type EngineOptions, MAX_QUESTION_LENGTH } from './answer/engine';
export { answerJson } from './answer/json';
export { MESSAGES } from './answer/messages';
export { formatIssue, KnowledgeError, type KnowledgeIssue } from './errors';
export { checkKnowledge, loadKnowledge } from './knowledge/load';
export type { KnowledgeBase } from './knowledge/types';
export { repoRoot } from './paths';
export type { AskContext, AskResult } from './service/ask';
export { isLoopback } from './service/config';
export { FEEDBACK_MESSAGES, feedbackLine } from './service/messages';
export type {
  AnswerProblem,
  ChatPort,
  ChosenFrom,
  FaqHit,
  FaqSearch,
  FeedbackOutcome,
  KnowledgeAbout,
  SupportPort,
} from './service/port';
export {
  type Actor,
  type ActResult,
  type DeskPlatform,
  type DeskPlatformName,
  ESCALATE_REPLY,
  type EscalateResult,
  TICKET_REPLY,
  type TicketView,
} from './service/support';
export { displayName } from './store/names';
export type { FeedbackResult } from './store/questions';
export { cleanText, safeTextCut } from './text/clean';
