/**
 * The console's role matrix. Every console route declares who may use it in its route options
 * (`config: { roles }`); the console's access hook reads that declaration, so a route without one is refused, never
 * open. Admin may use every route. Without organisation sign-in the one who gets in (loopback, or CONSOLE_TOKEN) is
 * admin, as the console always was.
 */
import type { Role } from '../store/sessions';

/** Who may use a route: these roles (and admin), or anyone who reaches the console ('public': pages, sign-in). */
export type RouteRoles = readonly Role[] | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    roles?: RouteRoles;
  }
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administratör',
  kommunikator: 'Kommunikatör',
  support: 'Support',
  lasare: 'Läsare',
};

/** The groups routes are declared with. */
export const MAY = {
  /** Every signed-in role: try a question. */
  ask: ['kommunikator', 'support', 'lasare'],
  /** Review, statistics, CSV, knowledge health, the entries and their audit trail: reading, no changes. */
  read: ['kommunikator', 'lasare'],
  /** Entries, phrasings, out-of-scope, undo, review actions, feedback. */
  edit: ['kommunikator'],
  /** The support desk's tickets, and turning a desk answer into a FAQ draft. */
  desk: ['support'],
  /** Importing pages and documents into the knowledge ("Sidor"). */
  import: ['kommunikator'],
  /** FAQ drafts: support writes them, communicators read them and turn them into entries. */
  drafts: ['kommunikator', 'support'],
  /** Reload, and what changes the service for everyone. */
  admin: [],
} as const satisfies Record<string, readonly Role[]>;

export const permitted = (roles: readonly Role[], need: RouteRoles): boolean =>
  need === 'public' || roles.includes('admin') || need.some((r) => roles.includes(r));

/** The console's tabs and who sees them (as the routes each tab calls allow: a hidden tab's calls would be refused). */
export const TABS = {
  ask: MAY.ask,
  review: MAY.read,
  entries: MAY.edit,
  pages: MAY.import,
  tickets: MAY.desk,
  health: MAY.read,
} as const satisfies Record<string, readonly Role[]>;

/** What the console page needs to know about the signed-in user: the tabs and controls to show. */
export function abilities(roles: readonly Role[]) {
  return {
    tabs: Object.entries(TABS)
      .filter(([, need]) => permitted(roles, need))
      .map(([tab]) => tab),
    can: { edit: permitted(roles, MAY.edit), reload: permitted(roles, MAY.admin), drafts: permitted(roles, MAY.drafts) },
  };
}
