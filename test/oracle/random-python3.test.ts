// The model against real CPython (python3) on seeded random traces: collect()
// results, get_stats(), get_count(), finalizer and callback order, gc.garbage.
import { test } from 'vitest';
import { expectRandomTracesAgree, SEEDS } from '../helpers/oracle.js';

test(`${SEEDS} random traces agree with python3`, async () => {
  await expectRandomTracesAgree('python3');
});
