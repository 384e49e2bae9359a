/**
 * What operations read: /healthz (open, counts only: no file paths, ids or questions), /metrics (Prometheus; labels
 * from fixed sets) and a redirect from / to the console.
 *
 * /healthz is 200 whenever the bot can answer: with knowledge errors the last good index serves and the body says
 * "degraded" (a load balancer must not take the only working bot out of service for a typo in faq.yaml), and with
 * the database down answers still go out (log writes wait in the write queue): "database": "down" says so, and
 * every replica would say the same, so taking them out would silence the bot. It is 503 only when no index is
 * loaded at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { MINUTE_MS } from '../../limits';
import { repoRoot } from '../../paths';
import type { Sql } from '../../store/sql';
import type { Config } from '../config';
import type { LiveKnowledge } from '../knowledge';
import type { Metrics } from '../metrics';
import type { WriteQueue } from '../writequeue';

export interface OpsDeps {
  /** For the privacy page: how long questions are kept, and a conversation's context after its last question. */
  keeping: Pick<Config, 'logRetentionDays' | 'conversationIdleMs'>;
  sql: Sql;
  writes: WriteQueue;
  knowledge: LiveKnowledge;
  metrics: Metrics;
}

export function registerOps(app: FastifyInstance, { sql, writes, knowledge, metrics, keeping }: OpsDeps): void {
  // What is stored, for how long and who sees it, in Swedish: the Teams app's privacy and terms-of-use page.
  const privacy = readFileSync(join(repoRoot(), 'src', 'service', 'pages', 'integritet.html'), 'utf8')
    .replace('LOG_RETENTION_DAYS', String(keeping.logRetentionDays))
    .replace('CONVERSATION_IDLE_MINUTES', String(keeping.conversationIdleMs / MINUTE_MS))
    // SQLite zeroes deleted rows at once; PostgreSQL overwrites them when it reuses the space.
    .replace(
      'och raderad data skrivs över i databasfilen.',
      sql.dialect === 'sqlite'
        ? 'och raderad data skrivs över i databasfilen.'
        : 'och raderad data skrivs över när databasen återanvänder utrymmet.',
    );
  app.get('/integritet', async (_request, reply) =>
    reply
      .headers({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
      })
      .send(privacy),
  );

  app.get('/healthz', async (_request, reply) => {
    // PostgreSQL: "down" from the last statement or probe, without a round trip (a probe must stay cheap and never
    // wait on a database that hangs). SQLite: one trivial statement.
    let database = sql.up ? 'ok' : 'down';
    if (sql.dialect === 'sqlite' && sql.up) {
      try {
        await sql.get('SELECT 1');
      } catch {
        database = 'error';
      }
    }
    if (!knowledge.serving) return reply.code(503).header('cache-control', 'no-store').send({ status: 'down', knowledge: null, database });
    const stats = knowledge.engine.stats;
    // The errors themselves (file:line and text) are for the console and the log: this endpoint is open.
    const errors = knowledge.error?.filter((i) => i.severity === 'error').length ?? 0;
    const ok = database === 'ok' && errors === 0;
    return reply
      .code(200)
      .header('cache-control', 'no-store')
      .send({
        status: ok ? 'ok' : 'degraded',
        serving: true,
        knowledge: { faq: stats.faq, sections: stats.sections, passages: stats.passages, loadedAt: knowledge.loadedAt, errors },
        database,
        dialect: sql.dialect,
        queuedWrites: writes.size,
      });
  });

  app.get('/metrics', async (_request, reply) =>
    reply.headers({ 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).send(await metrics.registry.metrics()),
  );

  app.get('/', async (_request, reply) => reply.redirect('/console', 302));
}
