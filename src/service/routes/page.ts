/**
 * The console page and its own files (scripts, styles): no CDN, a strict Content-Security-Policy, the same for
 * everyone (public). The page's `{{NAME}}` placeholders are filled from src/limits.ts once, at start, so the page's
 * fields stop where the server stops reading.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_ANSWER_LENGTH, MAX_COMMENT_LENGTH, MAX_QUESTION_LENGTH } from '../../limits';
import { repoRoot } from '../../paths';

const CONSOLE_DIR = join(repoRoot(), 'src', 'service', 'console');
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

/** The numbers the page and its scripts enforce (as maxlength), by their placeholder in index.html. */
const PAGE_LIMITS: Record<string, number> = { MAX_QUESTION_LENGTH, MAX_ANSWER_LENGTH, MAX_COMMENT_LENGTH };

/** index.html with its placeholders filled; one the table does not know is a mistake in the page, found at start. */
export function consolePage(): string {
  return readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = PAGE_LIMITS[name];
    if (value === undefined) throw new Error(`console: index.html names {{${name}}}, which src/limits.ts does not give the page`);
    return String(value);
  });
}

export async function registerPage(scope: FastifyInstance): Promise<void> {
  const html = consolePage();
  const page = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .headers({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      })
      .send(html);
  scope.get('/console', { config: { roles: 'public' } }, page);
  scope.get('/console/', { config: { roles: 'public' } }, page);
  await scope.register(fastifyStatic, {
    root: join(CONSOLE_DIR, 'assets'),
    prefix: '/console/assets/',
    index: false,
    list: false,
    dotfiles: 'deny',
    decorateReply: false,
    cacheControl: false,
    // Headers set on the reply here win over the plugin's own (cache-control among them).
    setHeaders: (reply) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'no-cache');
    },
  });
}
