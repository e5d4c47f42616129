// Issue 10's regression traces on Pyodide 3.12 (one file per build: two Pyodide
// builds cannot load in one process).
import { test } from 'vitest';
import { pyodideDir } from '../../src/oracle/interpreters.js';
import { expectRegressionTracesAgree } from '../regress-interpreters.js';

test.skipIf(!pyodideDir('3.12'))('the regression traces agree with Pyodide 3.12', async () => {
  await expectRegressionTracesAgree('pyodide-3.12', 12);
}, 600_000);
