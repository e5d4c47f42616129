import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The oracle tests run hundreds of traces in real interpreters (Pyodide loads take seconds).
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
