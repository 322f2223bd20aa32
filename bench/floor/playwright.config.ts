import { defineConfig } from '@playwright/test';

/**
 * The floor the conformance run is compared with (bench/suite-wall.ts): Playwright starting,
 * one worker running one test, and as many loopback round trips as the suite makes, against a
 * bare node:http server started in the runner process, as the embedded mock is.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'round-trips.floor.ts',
  globalSetup: require.resolve('./bare-server-setup'),
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'off' },
});
