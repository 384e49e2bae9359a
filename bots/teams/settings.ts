/**
 * The Teams adapter's settings, checked before anything listens: MicrosoftAppId with its password, type and tenant
 * (authenticated, as botbuilder does), or TEAMS_LOCAL=true without them (unauthenticated, for the Agents Playground
 * or the Bot Framework Emulator on this machine only). A wrong combination is a TeamsConfigError.
 */
import type { AdapterHost } from '../../src/service/main';

export class TeamsConfigError extends Error {
  readonly code = 'FAKTABOT_TEAMS_CONFIG';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsSettings {
  /** The Azure Bot registration id; undefined in local mode. */
  appId: string | undefined;
  appType: string | undefined;
  password: string;
  tenantId: string;
}

/** The settings, or undefined when Teams is not enabled (logged at debug); throws TeamsConfigError when they conflict. */
export function teamsSettings(host: Pick<AdapterHost, 'env' | 'log' | 'localOnly'>): TeamsSettings | undefined {
  const { env } = host;
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
      host.log.debug('teams: not enabled (set MicrosoftAppId, or TEAMS_LOCAL=true for local testing on this machine)');
      return undefined;
    }
    if (!host.localOnly)
      throw new TeamsConfigError(
        'teams: TEAMS_LOCAL=true is unauthenticated and only for this machine: it cannot be used with PUBLIC_URL or a HOST other than loopback',
      );
    host.log.info(
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
  return { appId, appType, password: env.MicrosoftAppPassword ?? '', tenantId: env.MicrosoftAppTenantId ?? '' };
}
