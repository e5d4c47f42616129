// Oracle tier: fixtures on pyodide-3.13 (the fast tier runs python3 and pyodide-3.14): the tutorial's examples print what was recorded, their traces
// replay to the same output, and every fixture trace agrees with CPython.
import { test } from 'vitest';
import { expectProgramsPrintRecordedOutput, expectTracesPrintLikePrograms, expectFixtureTracesAgree } from '../helpers/tutorial.js';

test('fixture traces agree with pyodide-3.13, and replay prints what the examples print', async () => {
  const cpython = await expectFixtureTracesAgree('pyodide-3.13');
  expectTracesPrintLikePrograms('pyodide-3.13', cpython);
});

test('the tutorial examples print the recorded output under pyodide-3.13', async () => {
  await expectProgramsPrintRecordedOutput('pyodide-3.13');
});
