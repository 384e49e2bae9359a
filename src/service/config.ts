/**
 * Configuration from environment variables, and from a `.env` file if present (the environment wins). Validated
 * at start: a malformed value, or an unknown key in `.env`, stops the start with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError } from '../errors';
import { CONVERSATION_IDLE_MS, HOUR_MS, LOG_RETENTION_DAYS, MAX_BODY_BYTES, MINUTE_MS, REVIEW_AFTER_DAYS } from '../limits';
import { ROLES, type Role } from '../store/sessions';

export { ConfigError };

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /**
   * `postgres://…`: the shared PostgreSQL of two or more replicas (pooled); unset: the SQLite file at databasePath.
   * Holds a password: never logged.
   */
  databaseUrl: string | undefined;
  knowledgeDir: string;
  logRetentionDays: number;
  reviewAfterDays: number;
  /**
   * Signs in communicators with one shared key; without it (and without OIDC) the console answers on loopback
   * only. Ignored when OIDC is set: then only the organisation's sign-in opens the console.
   */
  consoleToken: string | undefined;
  /** Organisation sign-in (OpenID Connect) for the console; undefined when OIDC_ISSUER is unset. */
  oidc: OidcConfig | undefined;
  /** A console session ends after this long without a request… */
  consoleIdleMs: number;
  /** …and this long after sign-in, whatever happens. */
  consoleSessionMs: number;
  /** A conversation's context (what a follow-up is read with) ends after this much silence. */
  conversationIdleMs: number;
  /** Salt for hashing user ids; random and kept in the database when unset. */
  logSalt: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Watch knowledge/ and reload on change. */
  watchKnowledge: boolean;
  maxBodyBytes: number;
  /** Open connections the server accepts at once; more are closed on arrival (a flood of slow clients). */
  maxConnections: number;
  /** Open connections one client address may hold (trusted proxies aside); more are closed on arrival; 0: no cap. */
  maxConnectionsPerClient: number;
  /** Questions one user may ask per minute (per channel); 0 turns the limit off. The console is not limited. */
  rateLimitPerMinute: number;
  /** The service's public address (https://…) when it is reached through a proxy: its host name is accepted by the
   * console, and the console's cookie is marked Secure when it is https. */
  publicUrl: URL | undefined;
  /**
   * Addresses (IPs or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed: a request from one of them
   * has the client address the proxy gives (for the sign-in limit and logs), and is never a local client.
   */
  trustProxy: string[];
  /** How long any outbound call (Slack Web API, Bot Framework connector) may take before it is given up. */
  outboundTimeoutMs: number;
  /**
   * Where the console's *Sidor* may fetch a page from by its address: host names (each with its subdomains) and IP
   * addresses. A name must resolve to public addresses only; an IP address listed here is fetched whatever its
   * range, since the operator named it.
   */
  importAllowedHosts: string[];
  /**
   * The support desk channel for "Fråga supporten" tickets: `slack:C…` or `teams:<conversation id>`. Unset: the
   * Teams desk set with "@Faktabot ställ in supportkanal", if any; else no tickets.
   */
  supportChannel: { platform: 'slack' | 'teams'; channel: string } | undefined;
  /** Settings of the chat adapters (SLACK_*, MicrosoftApp*), from the environment and .env, for bots/ to read. */
  adapterEnv: Record<string, string>;
  /** Environment names that look like our settings but are not (lookalikeWarnings): logged at start. */
  warnings: string[];
}

export interface OidcConfig {
  /** The provider's issuer URL; its metadata is found by discovery (/.well-known/openid-configuration). */
  issuer: URL;
  clientId: string;
  /** Never logged. */
  clientSecret: string;
  /** PUBLIC_URL + /console/auth/callback. */
  redirectUri: string;
  /** The ID token claim that holds the user's roles (an array of strings, or one string). */
  roleClaim: string;
  /** Claim value -> console role. */
  roleValues: Record<string, Role>;
}

/** Every setting the service reads, with its default; Slack and Teams settings are read by their adapters. */
export const SETTINGS = {
  PORT: '3978',
  HOST: '127.0.0.1',
  DATABASE_PATH: './data/faktabot.db',
  DATABASE_URL: '',
  KNOWLEDGE_DIR: './knowledge',
  LOG_RETENTION_DAYS: String(LOG_RETENTION_DAYS),
  REVIEW_AFTER_DAYS: String(REVIEW_AFTER_DAYS),
  CONSOLE_TOKEN: '',
  LOG_SALT: '',
  LOG_LEVEL: 'info',
  WATCH_KNOWLEDGE: 'true',
  MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  MAX_CONNECTIONS: '1000',
  MAX_CONNECTIONS_PER_CLIENT: '20',
  RATE_LIMIT_PER_MINUTE: '20',
  PUBLIC_URL: '',
  TRUST_PROXY: '',
  OUTBOUND_TIMEOUT_MS: '10000',
  IMPORT_ALLOWED_HOSTS: 'vgregion.se',
  SUPPORT_CHANNEL: '',
  CONSOLE_IDLE_MINUTES: '60',
  CONVERSATION_IDLE_MINUTES: String(CONVERSATION_IDLE_MS / MINUTE_MS),
  CONSOLE_SESSION_HOURS: '12',
  OIDC_ISSUER: '',
  OIDC_CLIENT_ID: '',
  OIDC_CLIENT_SECRET: '',
  OIDC_ROLE_CLAIM: 'roles',
  OIDC_ROLE_ADMIN: 'Faktabot.Admin',
  OIDC_ROLE_KOMMUNIKATOR: 'Faktabot.Kommunikator',
  OIDC_ROLE_SUPPORT: 'Faktabot.Support',
  OIDC_ROLE_LASARE: 'Faktabot.Lasare',
} as const;

/** Settings of the Slack and Teams adapters (bots/slack, bots/teams), which a `.env` may hold besides SETTINGS. */
export const ADAPTER_SETTINGS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'TEAMS_LOCAL',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
] as const;
export const ADAPTER_KEYS = new RegExp(`^(${ADAPTER_SETTINGS.join('|')})$`);

const KNOWN = [...Object.keys(SETTINGS), ...ADAPTER_SETTINGS];
/** First words of our names (DATABASE_…, SLACK_…, Microsoft…): a name that starts with one is checked for typos. */
const PREFIXES = new Set(KNOWN.map((k) => (k.startsWith('Microsoft') ? 'microsoft' : (k.split('_')[0] as string).toLowerCase())));

/**
 * The setting a name that is not ours was probably meant to be: the same but for case or `_`
 * (MICROSOFT_APP_ID: MicrosoftAppId), or, for a name with one of our first words, within two edits (SLACK_BOT_TOKN).
 * Undefined for names of other programs (PATH, HOME, npm_config_…).
 */
export function meantSetting(name: string): string | undefined {
  if (KNOWN.includes(name)) return undefined;
  const flat = (k: string) => k.toLowerCase().replace(/_/g, '');
  const same = KNOWN.find((k) => flat(k) === flat(name));
  if (same) return same;
  const lower = name.toLowerCase();
  const first = lower.startsWith('microsoft') ? 'microsoft' : (lower.split('_')[0] as string);
  // A first word one letter off a long one of ours (DATABSE_PATH, SLAK_BOT_TOKEN) is ours too; short ones (HOST,
  // PORT) are not widened, or HOME would be a typo of HOST.
  if (!PREFIXES.has(first) && ![...PREFIXES].some((p) => p.length >= 5 && editDistance(first, p) <= 1)) return undefined;
  let best: { key: string; d: number } | undefined;
  for (const k of KNOWN) {
    const d = editDistance(lower, k.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { key: k, d };
  }
  return best?.key;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] as number;
}

/** One line per environment name that looks like one of our settings but is not, naming the right one. */
export function lookalikeWarnings(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env).flatMap((name) => {
    const meant = meantSetting(name);
    return meant ? [`${name} is not a Faktabot setting and is ignored; did you mean ${meant}?`] : [];
  });
}

/** Parses KEY=VALUE lines; # starts a comment; values may be quoted. Returns problems as "file:line: ...". */
export function parseDotenv(text: string, file = '.env'): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      problems.push(`${file}:${i + 1}: expected KEY=value`);
      return;
    }
    const key = m[1] as string;
    let value = (m[2] as string).trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] as string;
    else value = value.replace(/\s+#.*$/, '');
    if (!(key in SETTINGS) && !ADAPTER_KEYS.test(key)) {
      const meant = meantSetting(key);
      problems.push(`${file}:${i + 1}: unknown setting ${key}${meant ? `; did you mean ${meant}?` : ''} (known: ${KNOWN.join(', ')})`);
    }
    values[key] = value;
  });
  return { values, problems };
}

/**
 * `serving`: the settings are for running the service (the default), so the rules that keep a reachable service
 * safe apply; tools that only read settings (teams:package) pass false.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath = '.env', options: { serving?: boolean } = {}): Config {
  const problems: string[] = [];
  let fileValues: Record<string, string> = {};
  if (dotenvPath && existsSync(dotenvPath)) {
    const parsed = parseDotenv(readFileSync(dotenvPath, 'utf8'), dotenvPath);
    fileValues = parsed.values;
    problems.push(...parsed.problems);
  }
  const get = (key: keyof typeof SETTINGS): string => env[key] ?? fileValues[key] ?? SETTINGS[key];
  const int = (key: keyof typeof SETTINGS, min: number, max: number): number => {
    const raw = get(key);
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) problems.push(`${key}="${raw}" must be a whole number from ${min} to ${max}`);
    return n;
  };
  const port = int('PORT', 0, 65535);
  const logRetentionDays = int('LOG_RETENTION_DAYS', 1, 3650);
  const reviewAfterDays = int('REVIEW_AFTER_DAYS', 1, 3650);
  const maxBodyBytes = int('MAX_BODY_BYTES', 1024, 10 * 1048576);
  const maxConnections = int('MAX_CONNECTIONS', 2, 100_000);
  const maxConnectionsPerClient = int('MAX_CONNECTIONS_PER_CLIENT', 0, 100_000);
  const rateLimitPerMinute = int('RATE_LIMIT_PER_MINUTE', 0, 100_000);
  const outboundTimeoutMs = int('OUTBOUND_TIMEOUT_MS', 100, 120_000);
  const consoleIdleMs = int('CONSOLE_IDLE_MINUTES', 5, 24 * 60) * MINUTE_MS;
  const conversationIdleMs = int('CONVERSATION_IDLE_MINUTES', 1, 24 * 60) * MINUTE_MS;
  const consoleSessionMs = int('CONSOLE_SESSION_HOURS', 1, 7 * 24) * HOUR_MS;
  let publicUrl: URL | undefined;
  if (get('PUBLIC_URL')) {
    try {
      publicUrl = new URL(get('PUBLIC_URL'));
      if (!['http:', 'https:'].includes(publicUrl.protocol)) throw new Error('protocol');
    } catch {
      problems.push(`PUBLIC_URL="${get('PUBLIC_URL')}" must be an http(s) URL such as https://faktabot.example.se`);
    }
  }
  const host = get('HOST');
  if (!host || /\s/.test(host)) problems.push(`HOST="${host}" must be an address such as 127.0.0.1 or 0.0.0.0`);
  const logLevel = get('LOG_LEVEL');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) problems.push(`LOG_LEVEL="${logLevel}" must be debug, info, warn or error`);
  const watch = get('WATCH_KNOWLEDGE');
  if (!['true', 'false'].includes(watch)) problems.push(`WATCH_KNOWLEDGE="${watch}" must be true or false`);
  const consoleToken = get('CONSOLE_TOKEN') || undefined;
  if (consoleToken && consoleToken.length < 16) problems.push('CONSOLE_TOKEN must be at least 16 characters (use a long random string)');
  if (!get('DATABASE_PATH')) problems.push('DATABASE_PATH must not be empty');
  const oidc = oidcConfig(get, publicUrl, problems);
  // Without a token or OIDC the console trusts "this machine"; reachable from elsewhere, that would be everyone a
  // proxy forwards without X-Forwarded-For.
  if (options.serving !== false && !consoleToken && !oidc && (get('PUBLIC_URL') || (host && !isLoopback(host))))
    problems.push(
      `CONSOLE_TOKEN or OIDC_ISSUER is required when the service is reachable from other machines (${get('PUBLIC_URL') ? 'PUBLIC_URL is set' : `HOST="${host}"`}): set up organisation sign-in (OIDC_*), or a long random CONSOLE_TOKEN (openssl rand -hex 32)`,
    );
  const trustProxy = proxyList(get('TRUST_PROXY'), problems);
  const databaseUrl = get('DATABASE_URL') || undefined;
  // The value holds a password: the messages never repeat it.
  if (databaseUrl) {
    let url: URL | undefined;
    try {
      url = new URL(databaseUrl);
    } catch {}
    if (!url || !['postgres:', 'postgresql:'].includes(url.protocol))
      problems.push('DATABASE_URL must be a PostgreSQL URL such as postgres://faktabot@db.example.se:5432/faktabot');
    // Replicas must hash and seal alike, and the salt must not live in the database it protects.
    if (!get('LOG_SALT') || get('LOG_SALT').length < 32)
      problems.push(
        'DATABASE_URL needs LOG_SALT: the same random string of at least 32 characters on every replica (openssl rand -hex 32)',
      );
  }
  const importAllowedHosts = hostList(get('IMPORT_ALLOWED_HOSTS'), problems);
  let supportChannel: Config['supportChannel'];
  if (get('SUPPORT_CHANNEL')) {
    const m = /^(slack|teams):(\S{1,300})$/.exec(get('SUPPORT_CHANNEL'));
    if (!m || (m[1] === 'slack' && !/^[CG][A-Z0-9]{2,}$/.test(m[2] as string)))
      problems.push(`SUPPORT_CHANNEL="${get('SUPPORT_CHANNEL')}" must be slack:<channel id, C…> or teams:<conversation id>`);
    else supportChannel = { platform: m[1] as 'slack' | 'teams', channel: m[2] as string };
  }
  if (problems.length) throw new ConfigError(problems);
  const adapterEnv: Record<string, string> = {};
  for (const source of [fileValues, env]) {
    for (const [k, v] of Object.entries(source)) if (ADAPTER_KEYS.test(k) && v !== undefined && v !== '') adapterEnv[k] = v;
  }
  return {
    adapterEnv,
    warnings: lookalikeWarnings(env),
    port,
    host,
    databasePath: get('DATABASE_PATH'),
    databaseUrl,
    knowledgeDir: get('KNOWLEDGE_DIR'),
    logRetentionDays,
    reviewAfterDays,
    consoleToken,
    oidc,
    consoleIdleMs,
    conversationIdleMs,
    consoleSessionMs,
    logSalt: get('LOG_SALT') || undefined,
    logLevel: logLevel as Config['logLevel'],
    watchKnowledge: watch === 'true',
    maxBodyBytes,
    maxConnections,
    maxConnectionsPerClient,
    rateLimitPerMinute,
    publicUrl,
    trustProxy,
    outboundTimeoutMs,
    importAllowedHosts,
    supportChannel,
  };
}

/** TRUST_PROXY: IP addresses and CIDR ranges of reverse proxies. */
function proxyList(raw: string, problems: string[]): string[] {
  const proxies = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of proxies) {
    const [ip, bits, extra] = p.split('/');
    const family = isIP(ip ?? '');
    const max = family === 6 ? 128 : 32;
    // A range wider than /8 (IPv4) or /16 (IPv6) would trust clients, not proxies (0.0.0.0/0: anyone sets the address).
    const min = family === 6 ? 16 : 8;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max && Number(bits) >= min)))
      problems.push(`TRUST_PROXY="${p}" must be IP addresses or CIDR ranges of your proxies, comma separated (e.g. 10.0.0.5, 10.1.0.0/16)`);
  }
  return proxies;
}

/** IMPORT_ALLOWED_HOSTS: host names and IP addresses (an IPv6 address with or without brackets), lower case. */
function hostList(raw: string, problems: string[]): string[] {
  const hosts = raw
    .split(',')
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1'),
    )
    .filter(Boolean);
  for (const h of hosts)
    if (!isIP(h) && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(h))
      problems.push(`IMPORT_ALLOWED_HOSTS="${h}" must be host names or IP addresses, comma separated (e.g. vgregion.se)`);
  return hosts;
}

/** The OIDC_* settings: all of issuer, client id and secret, or none; the redirect URI needs PUBLIC_URL. */
function oidcConfig(get: (key: keyof typeof SETTINGS) => string, publicUrl: URL | undefined, problems: string[]): OidcConfig | undefined {
  const issuerText = get('OIDC_ISSUER');
  const clientId = get('OIDC_CLIENT_ID');
  const clientSecret = get('OIDC_CLIENT_SECRET');
  if (!issuerText) {
    if (clientId || clientSecret)
      problems.push(
        'OIDC_CLIENT_ID and OIDC_CLIENT_SECRET need OIDC_ISSUER (the provider, e.g. https://login.microsoftonline.com/<tenant>/v2.0)',
      );
    return undefined;
  }
  let issuer: URL | undefined;
  try {
    issuer = new URL(issuerText);
  } catch {}
  // The provider's keys and tokens come from here: plain http only to a provider on this machine (tests, trials).
  if (!issuer || !(issuer.protocol === 'https:' || (issuer.protocol === 'http:' && isLoopback(hostOf(issuer)))))
    problems.push(`OIDC_ISSUER="${issuerText}" must be an https URL such as https://login.microsoftonline.com/<tenant id>/v2.0`);
  // Entra's shared issuers take the tenant from each token: any organisation's users (with an app role their own
  // admin gave them) would get in. The region's own tenant id belongs in the URL.
  if (issuer && /\/(common|organizations|consumers)(\/|$)/i.test(issuer.pathname))
    problems.push(
      `OIDC_ISSUER="${issuerText}" is a shared Entra issuer that admits every tenant: use https://login.microsoftonline.com/<your tenant id>/v2.0`,
    );
  // The sign-in code and the session cookie must not cross the network in clear text.
  if (publicUrl && publicUrl.protocol !== 'https:' && !isLoopback(hostOf(publicUrl)))
    problems.push(
      `PUBLIC_URL="${publicUrl.href}" must be https with organisation sign-in (the sign-in code and the session cookie travel in it)`,
    );
  if (!clientId) problems.push('OIDC_ISSUER needs OIDC_CLIENT_ID (the application (client) id of the app registration)');
  // The value is a secret: the message never repeats it.
  if (!clientSecret) problems.push('OIDC_ISSUER needs OIDC_CLIENT_SECRET (a client secret of the app registration)');
  if (!publicUrl)
    problems.push('OIDC_ISSUER needs PUBLIC_URL: the redirect URI registered at the provider is PUBLIC_URL + /console/auth/callback');
  const roleClaim = get('OIDC_ROLE_CLAIM');
  if (!/^[\w.:/-]{1,100}$/.test(roleClaim))
    problems.push(`OIDC_ROLE_CLAIM="${roleClaim}" must be the name of a claim, such as roles or groups`);
  const roleValues: Record<string, Role> = {};
  for (const role of ROLES) {
    const key = `OIDC_ROLE_${role.toUpperCase()}` as keyof typeof SETTINGS;
    const value = get(key);
    if (!value || /\s/.test(value) || value.length > 200)
      problems.push(`${key}="${value}" must be the claim value of that role, such as Faktabot.Admin`);
    else if (roleValues[value]) problems.push(`${key}="${value}" is the value of another role too: each role needs its own value`);
    else roleValues[value] = role;
  }
  if (!issuer || !publicUrl || !clientId || !clientSecret) return undefined;
  return { issuer, clientId, clientSecret, redirectUri: `${publicUrl.origin}/console/auth/callback`, roleClaim, roleValues };
}

const hostOf = (url: URL) => (url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname);

/**
 * True for loopback addresses: an IP literal in 127.0.0.0/8 (also IPv4-mapped), ::1, or exactly "localhost". A host
 * name that only starts like one ("127.0.0.1.evil.example") is not.
 */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  if (a === 'localhost' || a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return isIP(v4) === 4 && v4.startsWith('127.');
}
