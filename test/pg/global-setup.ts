/**
 * Vitest global setup: the PostgreSQL half of the suite gets a server. DATABASE_URL_TEST names one (a database the
 * tests may create databases in); else a throwaway cluster is started (cluster.ts) and removed after the run. With
 * neither possible the PostgreSQL tests are skipped with a message, except under CI, where that is an error.
 */
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { type Cluster, startCluster } from './cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL for the tests, or '' when none could be had (tests then skip the PostgreSQL half). */
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  let cluster: Cluster | undefined;
  let url = process.env.DATABASE_URL_TEST ?? '';
  if (!url) {
    try {
      cluster = await startCluster();
      url = cluster.url;
    } catch (e) {
      const why = `PostgreSQL tests cannot run: DATABASE_URL_TEST is unset and no server could be started (${(e as Error).message})`;
      if (process.env.CI) throw new Error(`${why}. CI must run them.`);
      console.warn(`\n*** ${why}; they are SKIPPED. Install postgresql or set DATABASE_URL_TEST. ***\n`);
    }
  }
  project.provide('pgUrl', url);
  return () => cluster?.stop();
}
