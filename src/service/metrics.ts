/**
 * Prometheus metrics (prom-client, own registry): questions by channel and outcome, the answered share, answer
 * latency, HTTP requests, knowledge reloads and failures, the database's reachability and write queue, and the
 * process's own metrics (memory, event loop).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly questions = new Counter({
    name: 'faktabot_questions_total',
    help: 'Questions by channel and outcome (answer, abstain, clinical, smalltalk, empty, too_long, rate_limited, refused)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly answerSeconds = new Histogram({
    name: 'faktabot_answer_duration_seconds',
    help: 'Time to answer one question in the engine',
    labelNames: ['channel'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25],
    registers: [this.registry],
  });
  readonly httpSeconds = new Histogram({
    name: 'faktabot_http_request_duration_seconds',
    help: 'HTTP requests by route and status class',
    labelNames: ['route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly reloads = new Counter({
    name: 'faktabot_knowledge_reloads_total',
    help: 'Knowledge reloads by result (ok, failed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly answeredShare = new Gauge({
    name: 'faktabot_answered_share',
    help: 'Share of questions answered from the knowledge since start (0..1)',
    registers: [this.registry],
  });
  readonly databaseUp = new Gauge({
    name: 'faktabot_database_up',
    help: '1 while the database answers, 0 while it is unreachable',
    registers: [this.registry],
  });
  readonly writeQueue = new Gauge({
    name: 'faktabot_db_write_queue',
    help: 'Database writes waiting in memory for the database to come back',
    registers: [this.registry],
  });
  readonly writesRetried = new Counter({
    name: 'faktabot_db_writes_retried_total',
    help: 'Queued database writes saved after the database came back',
    registers: [this.registry],
  });
  readonly writesLost = new Counter({
    name: 'faktabot_db_writes_lost_total',
    help: 'Database writes given up (queue full, refused on replay, or queued at shutdown)',
    registers: [this.registry],
  });
  readonly knowledgeNotices = new Counter({
    name: 'faktabot_knowledge_notices_total',
    help: 'Knowledge changes announced by other replicas (PostgreSQL NOTIFY) that this replica reloaded for',
    registers: [this.registry],
  });
  private answered = 0;
  private total = 0;

  constructor() {
    this.answeredShare.set(0);
    this.databaseUp.set(1);
    this.writeQueue.set(0);
    collectDefaultMetrics({ register: this.registry, prefix: 'faktabot_' });
  }

  /** Records one question's outcome. */
  question(channel: string, outcome: string, answered: boolean, seconds: number): void {
    this.questions.inc({ channel, outcome });
    this.answerSeconds.observe({ channel }, seconds);
    this.total++;
    if (answered) this.answered++;
    this.answeredShare.set(this.answered / this.total);
  }
}
