/**
 * The Teams adapter: POST /api/messages through botbuilder's CloudAdapter. With MicrosoftAppId (and its password,
 * type, tenant) every request is authenticated as botbuilder does, and one without a valid token gets 401. Without
 * an app id the bot runs in local mode for the Bot Framework Emulator or Agents Playground, only on loopback.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { isLoopback } from '../../src/service/config';
import { HttpError, readJson, sendJson } from '../../src/service/http';
import type { Adapter } from '../../src/service/main';
import type { Service } from '../../src/service/server';
import { FaktabotTeamsBot, REQUEST_ID } from './bot';

export class TeamsConfigError extends Error {
  readonly code = 'FAKTABOT_TEAMS_CONFIG';
}

const APOLOGY = 'Förlåt, något gick fel hos Faktabot. Försök igen om en stund.';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function teamsAdapters(service: Service): Adapter[] {
  const env = service.config.adapterEnv;
  const appId = env.MicrosoftAppId;
  const appType = env.MicrosoftAppType ?? (appId ? 'MultiTenant' : undefined);
  if (!appId) {
    if (env.MicrosoftAppPassword || env.MicrosoftAppTenantId || env.MicrosoftAppType) {
      throw new TeamsConfigError('teams: MicrosoftAppId is missing while other MicrosoftApp* settings are set');
    }
    if (!isLoopback(service.config.host)) {
      service.log.warn('teams: not enabled; without MicrosoftAppId the bot only runs in local mode, which listens on loopback only', {
        host: service.config.host,
      });
      return [];
    }
    service.log.info(
      'teams: local mode (no MicrosoftAppId): unauthenticated, loopback only, for the Bot Framework Emulator or Agents Playground',
    );
  } else {
    if (!GUID.test(appId)) throw new TeamsConfigError('teams: MicrosoftAppId must be the Azure Bot registration id (a GUID)');
    if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType ?? ''))
      throw new TeamsConfigError('teams: MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI');
    if (appType === 'SingleTenant' && !env.MicrosoftAppTenantId)
      throw new TeamsConfigError('teams: MicrosoftAppTenantId is required for a SingleTenant bot');
    if (appType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) throw new TeamsConfigError('teams: MicrosoftAppPassword is missing');
  }

  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType: appType ?? '',
    MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
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

  const handle = async (req: IncomingMessage, res: ServerResponse, ctx: { requestId: string }): Promise<void> => {
    if (req.method !== 'POST') throw new HttpError(405, 'Använd POST.');
    if (!appId && !isLoopback(req.socket.remoteAddress)) throw new HttpError(403, 'Lokalt läge svarar bara på den här datorn.');
    const body = await readJson(req, service.config.maxBodyBytes);
    if (typeof body.type !== 'string') throw new HttpError(400, 'Ingen Bot Framework-aktivitet (fältet "type" saknas).');
    let status = 200;
    let payload: unknown;
    const response = {
      socket: req.socket,
      status: (code: number) => {
        status = code;
      },
      header: (name: string, value: unknown) => {
        if (!res.headersSent) res.setHeader(name, String(value));
      },
      send: (b?: unknown) => {
        payload = b;
      },
      end: () => {
        if (res.headersSent) return;
        if (payload === undefined || payload === null || payload === '') {
          res.writeHead(status);
          res.end();
        } else if (typeof payload === 'string') {
          res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(payload);
        } else sendJson(res, status, payload);
      },
    };
    await adapter.process({ body, headers: req.headers as Record<string, string>, method: req.method }, response, async (context) => {
      context.turnState.set(REQUEST_ID, ctx.requestId);
      await bot.run(context);
    });
    if (!res.headersSent) response.end();
  };

  return [
    {
      name: 'teams',
      start: async () => {
        service.routes.set('/api/messages', handle);
        service.log.info('teams: listening for activities at /api/messages', { authenticated: !!appId });
      },
      stop: async () => {
        service.routes.delete('/api/messages');
      },
    },
  ];
}
