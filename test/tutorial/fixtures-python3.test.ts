// Fixtures on python3: the tutorial's examples print what was recorded, their traces
// replay to the same output, and every fixture trace agrees with CPython.
import { test } from 'vitest';
import { expectProgramsPrintRecordedOutput, expectTracesPrintLikePrograms, expectFixtureTracesAgree } from '../helpers/tutorial.js';

test('fixture traces agree with python3, and replay prints what the examples print', async () => {
  const cpython = await expectFixtureTracesAgree('python3');
  expectTracesPrintLikePrograms('python3', cpython);
});

test('the tutorial examples print the recorded output under python3', async () => {
  await expectProgramsPrintRecordedOutput('python3');
});
