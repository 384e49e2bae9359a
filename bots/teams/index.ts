/**
 * The Teams adapter: POST /api/messages through botbuilder's CloudAdapter. With MicrosoftAppId (and its password,
 * type, tenant) every request is authenticated as botbuilder does, and one without a valid token gets 401.
 *
 * Local mode, for the Agents Playground or the Bot Framework Emulator on this machine, is unauthenticated and so only
 * on when asked for: TEAMS_LOCAL=true, no MicrosoftAppId, and the service on loopback without PUBLIC_URL. It then
 * answers with the console's rules (JSON only, no foreign Origin, a known host name, not through a proxy), and
 * replies only to a serviceUrl on a loopback IP address or exactly "localhost".
 */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { originAllowed } from '../../src/service/access';
import { isLoopback } from '../../src/service/config';
import { type AdapterHandler, HttpError, jsonObject } from '../../src/service/http';
import type { Adapter } from '../../src/service/main';
import type { Service } from '../../src/service/server';
import { baseConversation, type TicketView } from '../../src/service/support';
import { cardActivity, FaktabotTeamsBot, REQUEST_ID } from './bot';
import { deliveredAnswerCard, ticketCard } from './card';
import { quietly } from './quiet';

export class TeamsConfigError extends Error {
  readonly code = 'FAKTABOT_TEAMS_CONFIG';
}

const APOLOGY = 'Förlåt, något gick fel hos Faktabot. Försök igen om en stund.';
/** jsonwebtoken's errors for a token that is malformed, badly signed, not yet valid or expired. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function teamsAdapters(service: Service): Adapter[] {
  const env = service.config.adapterEnv;
  const appId = env.MicrosoftAppId;
  // New multi-tenant bots cannot be created since 2025-07-31: a bot is SingleTenant unless the type says otherwise
  // (MultiTenant keeps older registrations working; UserAssignedMSI for a managed identity in Azure).
  const appType = env.MicrosoftAppType ?? (appId ? 'SingleTenant' : undefined);
  const local = env.TEAMS_LOCAL ?? 'false';
  if (!['true', 'false'].includes(local)) throw new TeamsConfigError(`teams: TEAMS_LOCAL="${local}" must be true or false`);
  if (!appId) {
    if (env.MicrosoftAppPassword || env.MicrosoftAppTenantId || env.MicrosoftAppType) {
      throw new TeamsConfigError('teams: MicrosoftAppId is missing while other MicrosoftApp* settings are set');
    }
    if (local !== 'true') {
      service.log.debug('teams: not enabled (set MicrosoftAppId, or TEAMS_LOCAL=true for local testing on this machine)');
      return [];
    }
    if (service.config.publicUrl || !isLoopback(service.config.host))
      throw new TeamsConfigError(
        'teams: TEAMS_LOCAL=true is unauthenticated and only for this machine: it cannot be used with PUBLIC_URL or a HOST other than loopback',
      );
    service.log.info(
      'teams: local mode (TEAMS_LOCAL=true): unauthenticated, loopback only, for the Agents Playground or the Bot Framework Emulator',
    );
  } else {
    if (local === 'true') throw new TeamsConfigError('teams: TEAMS_LOCAL=true is for testing without MicrosoftAppId; unset one of them');
    if (!GUID.test(appId)) throw new TeamsConfigError('teams: MicrosoftAppId must be the Azure Bot registration id (a GUID)');
    if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType ?? ''))
      throw new TeamsConfigError('teams: MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI');
    if (appType !== 'MultiTenant' && !env.MicrosoftAppTenantId)
      throw new TeamsConfigError(
        `teams: MicrosoftAppTenantId is required for a ${appType} bot${env.MicrosoftAppType ? '' : ' (the default type; set MicrosoftAppType=MultiTenant for a multi-tenant bot registered before 2025-07-31)'}`,
      );
    if (appType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) throw new TeamsConfigError('teams: MicrosoftAppPassword is missing');
  }

  const timeout = service.config.outboundTimeoutMs;
  const auth = new TimedAuthentication(
    {
      MicrosoftAppId: appId ?? '',
      MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
      MicrosoftAppType: appType ?? '',
      MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
    },
    timeout,
  );
  const adapter = new ServiceAdapter(auth);
  const bot = new FaktabotTeamsBot(service);

  // Catch-all: log with the request id, and tell the user in short Swedish.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    service.log.error('teams turn failed', { requestId: context.turnState.get(REQUEST_ID), error: error.message });
    try {
      await context.sendActivity(APOLOGY);
    } catch (e) {
      service.log.error('teams: could not send the apology', { requestId: context.turnState.get(REQUEST_ID), error: (e as Error).message });
    }
  };

  // A failure to verify a token because the signing keys cannot be fetched is the operator's to know (a warning
  // with its cause, at most once a minute); a forged, expired or missing token is the sender's problem (401, one
  // line at debug). A token signed by a key other than the one it names fails in jsonwebtoken itself, whose error
  // botbuilder passes on without a status.
  let lastKeyWarning = 0;
  const authFailed = (e: unknown, requestId: string) => {
    const err = e as { statusCode?: number; message?: string; name?: string };
    if (err.statusCode === 401 || TOKEN_ERRORS.has(err.name ?? '')) {
      service.log.debug('teams: request not authenticated', { requestId, reason: err.message });
      return;
    }
    if (Date.now() - lastKeyWarning > 60_000) {
      lastKeyWarning = Date.now();
      service.log.warn('teams: could not verify a request token (are the Bot Framework signing keys reachable?)', {
        requestId,
        cause: err.message,
      });
    }
  };

  const handle: AdapterHandler = async (req, res) => {
    if (req.method !== 'POST') throw new HttpError(405, 'Använd POST.');
    if (!appId) {
      // Local mode has no token: the console's rules keep a web page the operator visits from driving it.
      if (!req.local) throw new HttpError(403, 'Lokalt läge svarar bara på den här datorn.');
      if (!originAllowed(req.headers, service.origins)) throw new HttpError(403, 'Förfrågan kommer från en annan webbplats och nekas.');
      if (!/^application\/json\s*(;|$)/i.test(String(req.headers['content-type'] ?? '')))
        throw new HttpError(415, 'Skicka aktiviteten som JSON (Content-Type: application/json).');
    }
    const body = jsonObject(req.body);
    if (typeof body.type !== 'string') throw new HttpError(400, 'Ingen Bot Framework-aktivitet (fältet "type" saknas).');
    // Local mode has no token: the reply would go wherever the activity's serviceUrl points. Only this machine.
    if (!appId && !loopbackUrl(body.serviceUrl))
      throw new HttpError(403, 'Lokalt läge svarar bara till den här datorn (serviceUrl på 127.0.0.1 eller localhost).');
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    let ran = false;
    try {
      const invoke = await adapter.run(authorization, body as unknown as Activity, async (context) => {
        ran = true;
        context.turnState.set(REQUEST_ID, req.requestId);
        await bot.run(context);
      });
      res.send(invoke?.status ?? 200, (invoke?.body as object | string | undefined) ?? undefined);
    } catch (e) {
      if (ran) throw e;
      if (!appId) throw new HttpError(400, 'Faktabot kunde inte tolka aktiviteten.');
      authFailed(e, req.requestId);
      res.send(401);
    }
  };

  // The desk on Teams (ticket cards posted and updated proactively in the channel set with "ställ in supportkanal"),
  // and delivery of desk answers to Teams askers in a 1:1 chat. Errors are thrown to the support desk, which logs
  // and records them.
  const botAppId = appId ?? '';
  const deskReference = async (channel: string): Promise<ConversationReference> => {
    const desk = await service.support.teamsDesk();
    if (!desk || baseConversation(desk.conversationId) !== baseConversation(channel))
      throw new Error('the Teams desk channel is not set up: write "@Faktabot ställ in supportkanal" in it');
    return desk.reference as ConversationReference;
  };
  // A proactive turn's activity carries a made-up id; without it, sendActivity posts a new message to the
  // conversation instead of a reply to that id.
  const fresh = (ctx: TurnContext) => {
    delete (ctx.activity as { id?: string }).id;
    return ctx;
  };
  const ticketActivity = (v: TicketView) => cardActivity(ticketCard(v), `Ärende ${v.id} (${v.statusLabel}): ${v.question}`);
  const desk = {
    postTicket: async (channel: string, v: TicketView) => {
      let id = '';
      await adapter.continueConversationAsync(botAppId, await deskReference(channel), async (ctx) => {
        id = (await fresh(ctx).sendActivity(ticketActivity(v)))?.id ?? '';
      });
      if (!id) throw new Error('Teams returned no id for the ticket card');
      return id;
    },
    updateTicket: async (channel: string, ref: string, v: TicketView) => {
      await adapter.continueConversationAsync(botAppId, await deskReference(channel), async (ctx) => {
        await ctx.updateActivity({ ...ticketActivity(v), id: ref, type: 'message' });
      });
    },
    deliverAnswer: async (address: unknown, v: TicketView) => {
      const a = address as {
        reference?: ConversationReference;
        user?: { id?: string };
        tenantId?: string;
        serviceUrl?: string;
        conversationType?: string;
      };
      const activity = cardActivity(deliveredAnswerCard(v), `Svar från supporten: ${v.answer ?? ''}`);
      if (!a.reference) throw new Error('no Teams conversation to deliver to');
      if (a.conversationType === 'personal') {
        await adapter.continueConversationAsync(botAppId, a.reference, async (ctx) => {
          await fresh(ctx).sendActivity(activity);
        });
        return;
      }
      // Asked in a channel or group chat: the answer goes privately, in a 1:1 chat the bot starts with the asker.
      if (!a.serviceUrl || !a.user?.id) throw new Error('no Teams user to deliver to');
      await adapter.createConversationAsync(
        botAppId,
        'msteams',
        a.serviceUrl,
        'https://api.botframework.com',
        {
          isGroup: false,
          bot: a.reference.bot,
          members: [{ id: a.user.id, name: '' }],
          tenantId: a.tenantId,
          channelData: { tenant: { id: a.tenantId } },
        } as never,
        async (ctx) => {
          await fresh(ctx).sendActivity(activity);
        },
      );
    },
  };

  return [
    {
      name: 'teams',
      start: async () => {
        service.support.register('teams', desk);
        service.routes.set('/api/messages', handle);
        service.log.info('teams: listening for activities at /api/messages', { authenticated: !!appId });
      },
      stop: async () => {
        service.routes.delete('/api/messages');
        service.support.unregister('teams');
      },
    },
  ];
}

/**
 * CloudAdapter with its activity processing callable from our route: CloudAdapter.process() prints every
 * authentication failure to the console with its stack and answers a failure to fetch the signing keys with 500.
 */
class ServiceAdapter extends CloudAdapter {
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * True for an http(s) URL whose host is a loopback IP address (127.0.0.0/8, ::1) or exactly "localhost" (local
 * mode replies only there). A name that merely starts like one ("127.0.0.1.evil.example") is not.
 */
export function loopbackUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    // isLoopback takes only an IP literal or exactly "localhost".
    return isLoopback(url.hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

/**
 * Bot Framework authentication whose token check prints nothing to the console, and whose connector clients
 * (replies, proactive messages) give every call a deadline, so that a serviceUrl that never answers cannot hang a
 * turn. The connector factory replaces any request policy passed in its options, so the timeout goes on each
 * operation instead, where the client turns it into the HTTP request's own timeout (the socket is aborted, not
 * left open).
 */
type ConnectorFactory = NonNullable<
  Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>['connectorFactory']
>;

class TimedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    config: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly timeoutMs: number,
  ) {
    super(config);
  }

  // Replies use the factory that authenticateRequest returns; proactive messages the one createConnectorFactory does.
  // The token check prints its failures to the console (quiet.ts): muted, since the caller logs why it failed.
  async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await quietly(() => super.authenticateRequest(...args));
    return result.connectorFactory ? { ...result, connectorFactory: this.timed(result.connectorFactory) } : result;
  }

  createConnectorFactory(...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>) {
    return this.timed(super.createConnectorFactory(...args));
  }

  private timed(inner: ConnectorFactory): ConnectorFactory {
    const ms = this.timeoutMs;
    return {
      async create(serviceUrl: string, audience?: string) {
        const client = await inner.create(serviceUrl, audience);
        const send = client.sendOperationRequest.bind(client);
        client.sendOperationRequest = ((args: { options?: Record<string, unknown> }, spec: unknown, callback?: unknown) =>
          send({ ...args, options: { ...args.options, timeout: ms } } as never, spec as never, callback as never)) as never;
        return client;
      },
    };
  }
}
