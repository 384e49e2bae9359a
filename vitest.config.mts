import { defineConfig } from 'vitest/config';

/**
 * Two projects. "sqlite": every test, on the embedded default. "postgres": the store and service suites again
 * (browser tests aside: they drive the same API) and the replica end-to-end tests, on a PostgreSQL server from
 * test/pg/global-setup.ts; FAKTABOT_TEST_DB tells the shared helpers which back end to open.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/replicas/**'],
          env: { FAKTABOT_TEST_DB: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/store/**/*.test.ts', 'test/service/**/*.test.ts', 'test/replicas/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts'],
          env: { FAKTABOT_TEST_DB: 'postgres' },
          globalSetup: ['test/pg/global-setup.ts'],
        },
      },
    ],
  },
});
