// Issue 10's regression traces on Pyodide 3.14 (one file per build: two Pyodide
// builds cannot load in one process).
import { test } from 'vitest';
import { pyodideDir } from '../../src/oracle/interpreters.js';
import { expectRegressionTracesAgree } from '../regress-interpreters.js';

test.skipIf(!pyodideDir('3.14'))('the regression traces agree with Pyodide 3.14', async () => {
  await expectRegressionTracesAgree('pyodide-3.14', 14);
}, 600_000);
