import { defineConfig } from 'vitest/config';
import { ORACLE_TIER, shared } from './vitest.config.js';

/** The oracle tier (`npm run test:oracle`): only test/oracle-tier/, which `npm test` leaves out. */
export default defineConfig({
  test: {
    ...shared,
    include: [`${ORACLE_TIER}**/*.test.ts`],
  },
});
