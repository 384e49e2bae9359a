/**
 * The Teams adapter: POST /api/messages through botbuilder's CloudAdapter (endpoint.ts), with the settings checked
 * first (settings.ts), a catch-all that apologises in Swedish, and the support desk on Teams (desk.ts). Local mode,
 * for the Agents Playground or the Bot Framework Emulator on this machine, is unauthenticated and so only on when
 * asked for: TEAMS_LOCAL=true, no MicrosoftAppId, and the service on loopback without PUBLIC_URL.
 */
import type { TurnContext } from 'botbuilder';
import type { Adapter, AdapterHost } from '../../src/service/main';
import { FaktabotTeamsBot, REQUEST_ID } from './bot';
import { ServiceAdapter, TimedAuthentication } from './connector';
import { teamsDesk } from './desk';
import { teamsEndpoint } from './endpoint';
import { teamsSettings } from './settings';

export { TeamsConfigError } from './settings';

const APOLOGY = 'Förlåt, något gick fel hos Faktabot. Försök igen om en stund.';

/** The Teams adapter for this service, or none when Teams is not enabled. */
export function teamsAdapters(host: AdapterHost): Adapter[] {
  const settings = teamsSettings(host);
  if (!settings) return [];
  const { appId, appType } = settings;
  const auth = new TimedAuthentication(
    {
      MicrosoftAppId: appId ?? '',
      MicrosoftAppPassword: settings.password,
      MicrosoftAppType: appType ?? '',
      MicrosoftAppTenantId: settings.tenantId,
    },
    host.outboundTimeoutMs,
  );
  const adapter = new ServiceAdapter(auth);
  const bot = new FaktabotTeamsBot(host);
  const { log } = host;

  // Catch-all: log with the request id, and tell the user in short Swedish.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error('teams turn failed', { requestId: context.turnState.get(REQUEST_ID), error: error.message });
    try {
      await context.sendActivity(APOLOGY);
    } catch (e) {
      log.error('teams: could not send the apology', { requestId: context.turnState.get(REQUEST_ID), error: (e as Error).message });
    }
  };

  const handle = teamsEndpoint({ adapter, run: (context) => bot.run(context), appId, host });
  const desk = teamsDesk(adapter, host.port, appId ?? '');
  return [
    {
      name: 'teams',
      start: async () => {
        host.port.support.register('teams', desk);
        host.mount('/api/messages', handle);
        log.info('teams: listening for activities at /api/messages', { authenticated: !!appId });
      },
      stop: async () => {
        host.unmount('/api/messages');
        host.port.support.unregister('teams');
      },
    },
  ];
}
