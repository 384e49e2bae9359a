/**
 * deploy/kubernetes.yaml, the sample for operations, is checked against the code: its probes hit real routes that
 * answer 200 on a running service, its port is the one the service listens on, every variable is a real setting
 * (a typo would be ignored silently by Kubernetes, and refused by the service), the secrets come from a Secret,
 * and the settings it gives pass the service's own validation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ADAPTER_KEYS, loadConfig, SETTINGS } from '../../src/service/config';
import { ROOT } from '../helpers';
import { startService } from './helpers';

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Probe = { httpGet: { path: string; port: string | number } };
type Container = {
  command: string[];
  ports: { name: string; containerPort: number }[];
  env: Env[];
  readinessProbe: Probe;
  livenessProbe: Probe;
};

const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'kubernetes.yaml'), 'utf8')).map((d) => d.toJS());
const deployment = docs.find((d) => d.kind === 'Deployment');
const service = docs.find((d) => d.kind === 'Service');
const container = deployment.spec.template.spec.containers[0] as Container;
const SECRETS = [
  'DATABASE_URL',
  'LOG_SALT',
  'CONSOLE_TOKEN',
  'OIDC_CLIENT_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MicrosoftAppPassword',
];

describe('the Kubernetes sample (deploy/kubernetes.yaml)', () => {
  it('runs at least two replicas of the built service, never both away during a deploy', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(container.command).toEqual(['node', 'dist/bots/main.js']);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start).toContain('node dist/bots/main.js');
  });

  it('names only real settings, and takes every secret from a Secret', () => {
    for (const e of container.env) expect(e.name in SETTINGS || ADAPTER_KEYS.test(e.name), e.name).toBe(true);
    for (const e of container.env.filter((x) => SECRETS.includes(x.name))) {
      expect(e.value, e.name).toBeUndefined();
      expect(e.valueFrom?.secretKeyRef?.key, e.name).toBe(e.name);
    }
    // The console signs in with the organisation: the shared token would be ignored there anyway.
    expect(container.env.map((e) => e.name)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'LOG_SALT', 'OIDC_ISSUER', 'OIDC_CLIENT_SECRET']),
    );
    expect(container.env.map((e) => e.name)).not.toContain('CONSOLE_TOKEN');
  });

  it('gives settings the service accepts, listening on the port the probes and the Service use', () => {
    const env: Record<string, string> = {};
    for (const e of container.env)
      env[e.name] =
        e.value ??
        (e.name === 'LOG_SALT'
          ? 'x'.repeat(64)
          : e.name === 'DATABASE_URL'
            ? 'postgres://faktabot@db:5432/faktabot'
            : 'a-secret-value-0123456789');
    const config = loadConfig(env, '');
    expect(config.databaseUrl).toBeDefined();
    expect(config.oidc?.redirectUri).toBe('https://faktabot.example.se/console/auth/callback');
    const http = container.ports.find((p) => p.name === 'http');
    expect(http?.containerPort).toBe(config.port);
    for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe.httpGet.port).toBe('http');
    expect(service.spec.ports[0].targetPort).toBe('http');
  });

  it('probes a route that answers 200 on a running service', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false' });
    try {
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect(s.service.app.hasRoute({ method: 'GET', url: probe.httpGet.path })).toBe(true);
        expect((await fetch(`${s.url}${probe.httpGet.path}`)).status).toBe(200);
      }
    } finally {
      await s.stop();
    }
  });
});
