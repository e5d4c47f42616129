import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';

/**
 * Two tiers. `npm test` (this config) runs every test/**\/*.test.ts except those
 * under test/oracle-tier/: the exhaustive runs in real interpreters, which
 * `npm run test:oracle` (vitest.oracle.config.ts) runs, CI after `npm test`.
 */
export const ORACLE_TIER = 'test/oracle-tier/';

export const shared = {
  // Tests that run real interpreters are chunked to about a minute each; the
  // limit is generous so that a busy machine slows them down without failing them.
  testTimeout: 900_000,
  hookTimeout: 900_000,
  pool: 'forks',
  // Most of the time goes to child interpreters and WebAssembly, one file per
  // worker: use every core (vitest's default leaves one for itself).
  maxWorkers: availableParallelism(),
} as const;

export default defineConfig({
  test: {
    ...shared,
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', `${ORACLE_TIER}**`],
  },
});
