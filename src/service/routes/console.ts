/**
 * The communicators' console under /console: this module composes its routes, one file per concern. Every request
 * passes the console's door first (console-access.ts: host, origin, JSON only, who is in); then the page and its
 * files (page.ts), signing in (login.ts, and auth.ts for the organisation's sign-in), and under /console/api, behind
 * each route's declared roles: "Testa en fråga" (ask.ts), "Granska" (review.ts), the edits that teach the bot
 * (editing.ts), importing pages in "Sidor" (pages.ts), the support desk's tickets (tickets.ts) and "Kunskapens
 * hälsa" (health.ts).
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { QuestionLog } from '../../store/questions';
import type { SessionStore } from '../../store/sessions';
import type { TicketStore } from '../../store/tickets';
import type { AskContext, AskResult, ChosenFrom } from '../ask';
import type { Config } from '../config';
import type { KnowledgeEditor } from '../editor';
import type { LiveKnowledge } from '../knowledge';
import type { Logger } from '../logger';
import type { OidcSignIn } from '../oidc';
import type { RouteRoles } from '../roles';
import { registerAsk } from './ask';
import { registerAuth } from './auth';
import { ConsoleDoor, guardConsoleRequests } from './console-access';
import { registerEditing } from './editing';
import { registerHealth } from './health';
import { registerLogin } from './login';
import { registerPage } from './page';
import { registerPages } from './pages';
import { registerReview } from './review';
import { registerTickets } from './tickets';

export interface ConsoleDeps {
  config: Config;
  log: Logger;
  hosts: Set<string>;
  /** The service's own origins (access.ts): where a state-changing call may come from. */
  origins: ReadonlySet<string>;
  /** TRUST_PROXY: a request from one of these is never local. */
  trustedProxy: (address: string | undefined) => boolean;
  knowledge: LiveKnowledge;
  questions: QuestionLog;
  sessions: SessionStore;
  ask(question: string, ctx: AskContext): Promise<AskResult>;
  choose(question: string, from: ChosenFrom | undefined, ctx: AskContext): Promise<AskResult>;
  editor: KnowledgeEditor;
  tickets: TicketStore;
  /** Organisation sign-in, when OIDC is set. */
  oidc: OidcSignIn | undefined;
  /** Filled with every console route as it is registered, with the roles it declares. */
  routeTable: ConsoleRoute[];
}

/** A console route as declared: the route-table test walks these. */
export interface ConsoleRoute {
  method: string;
  url: string;
  roles: RouteRoles | undefined;
}

export function registerConsole(app: FastifyInstance, deps: ConsoleDeps): void {
  app.register(async (scope) => consoleScope(scope, deps));
}

async function consoleScope(scope: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { config, log, sessions, knowledge, questions, tickets, oidc } = deps;
  // Every route in this scope is recorded with the roles it declares (the route-table test reads the record). The
  // console's own files (scripts, styles) are the same for everyone: they are declared public here.
  scope.addHook('onRoute', (route) => {
    if (route.url.startsWith('/console/assets/')) route.config = { ...route.config, roles: 'public' };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) deps.routeTable.push({ method, url: route.url, roles: route.config?.roles });
  });
  await scope.register(fastifyCookie);
  // JSON only: no form, text/plain or other body reaches a console route (415 instead).
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
  guardConsoleRequests(scope, deps.hosts, deps.origins);
  const door = new ConsoleDoor(deps);

  await registerPage(scope);
  registerLogin(scope, { config, log, sessions, oidc, door });
  registerAuth(scope, { config, log, sessions, oidc, secure: door.secure });

  scope.register(async (api) => {
    // Before the body is read or validated: a caller without the role learns nothing about the route's input.
    api.addHook('onRequest', door.requireRoles);
    registerEditing(api, {
      draftUsed: (id) => tickets.setDraftStatus(id, 'used'),
      undone: async (change) => (change.action === 'import' ? tickets.dismissImportDrafts(change.id) : undefined),
      knowledge,
      questions,
      editor: deps.editor,
      actor: (request) => door.actor(request),
    });
    registerTickets(api, tickets);
    registerPages(api, { config, knowledge, editor: deps.editor, tickets, actor: (request) => door.actor(request) });
    registerAsk(api, { knowledge, questions, choose: deps.choose, door });
    registerReview(api, { knowledge, questions });
    registerHealth(api, knowledge, config.reviewAfterDays);
  });
}
