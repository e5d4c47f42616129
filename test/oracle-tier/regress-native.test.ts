// Issue 10's regression traces (fixtures/traces/regress-*.json) on pyenv's native
// CPython 3.8-3.10, 3.12 and 3.13, found at run time (a missing one is a skipped test).
import { test } from 'vitest';
import { pyenvPython, expectRegressionTracesAgree } from '../regress-interpreters.js';

for (const minor of [8, 9, 10, 12, 13]) {
  const exe = pyenvPython(minor);
  test.skipIf(!exe)(`the regression traces agree with native CPython 3.${minor}${exe ? '' : ' (not installed under pyenv)'}`, async () => {
    await expectRegressionTracesAgree(exe!, minor);
  }, 600_000);
}
