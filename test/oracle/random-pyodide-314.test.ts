// The model against real CPython (pyodide-3.14) on seeded random traces: collect()
// results, get_stats(), get_count(), finalizer and callback order, gc.garbage.
import { test } from 'vitest';
import { expectRandomTracesAgree, SEEDS } from '../helpers/oracle.js';

test(`${SEEDS} random traces agree with pyodide-3.14`, async () => {
  await expectRandomTracesAgree('pyodide-3.14');
});
