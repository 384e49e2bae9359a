/**
 * Who acted, by the name Slack shows for them: the profile's display name or full name (users.info, scope
 * users:read), not the handle an interaction carries. The support desk shows it on tickets.
 */
import type { WebClient } from '@slack/web-api';
import { type Actor, displayName } from '../../src/index';
import type { Logger } from '../../src/service/main';

/** The user an interaction names. */
export interface SlackUser {
  id: string;
  name?: string;
  username?: string;
}

/** A name from the profile is kept this long; the handle after a failed look-up only a minute. */
const PROFILE_KEPT_MS = 3_600_000;
const HANDLE_KEPT_MS = 60_000;
const NAMES_KEPT = 1000;

export class SlackPeople {
  private readonly names = new Map<string, { name: string; until: number }>();
  private warned = false;

  constructor(private readonly log: Logger) {}

  /** Someone acting in Slack, with the name the desk sees; without the users:read scope, their handle. */
  async actor(client: WebClient, user: SlackUser, conversationId?: string): Promise<Actor> {
    return { platform: 'slack', userId: user.id, name: await this.nameOf(client, user), conversationId };
  }

  private async nameOf(client: WebClient, user: SlackUser): Promise<string> {
    // Each name as it is kept and shown (names.ts): a name of nothing but direction marks is no name.
    const handle = [user.name, user.username].map((n) => displayName(typeof n === 'string' ? n : '')).find(Boolean) ?? 'okänd';
    const known = this.names.get(user.id);
    if (known && Date.now() < known.until) return known.name;
    let name = handle;
    let keep = HANDLE_KEPT_MS;
    try {
      const r = (await client.users.info({ user: user.id })) as {
        user?: { real_name?: string; profile?: { display_name?: string; real_name?: string } };
      };
      const p = r.user?.profile;
      name = [p?.display_name, p?.real_name, r.user?.real_name].map((n) => displayName(n ?? '')).find(Boolean) ?? handle;
      keep = PROFILE_KEPT_MS;
    } catch (e) {
      this.warnOnce((e as { data?: { error?: string } }).data?.error ?? (e as Error).message);
    }
    if (this.names.size >= NAMES_KEPT) this.names.delete(this.names.keys().next().value as string);
    this.names.set(user.id, { name, until: Date.now() + keep });
    return name;
  }

  private warnOnce(code: string): void {
    if (this.warned) return;
    this.warned = true;
    this.log.warn(
      code === 'missing_scope'
        ? 'slack: users.info failed, so the desk sees Slack handles; add the users:read scope and reinstall the app'
        : 'slack: users.info failed, so the desk sees Slack handles until it works again',
      { error: code },
    );
  }
}
