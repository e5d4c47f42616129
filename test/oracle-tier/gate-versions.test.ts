// gcdiag gate's verdicts on every gate_*.py program with other native CPythons
// (3.8, 3.9, 3.10, 3.12, 3.13 from pyenv, as the capture tests find them): the
// same leaks, the same clean pass, the same garbage warning. A missing
// interpreter is a skipped test that says so.
import { test, describe } from 'vitest';
import { EXTRA_PYTHONS, pythonName } from '../capture-helpers.js';
import { GATE_PROGRAMS, captureRuns, checkVerdict } from '../gate-helpers.js';

for (const py of EXTRA_PYTHONS) {
  describe(`gcdiag gate on ${pythonName(py)}`, () => {
    for (const p of GATE_PROGRAMS) {
      test.skipIf(!py.exe)(p, () => checkVerdict(p, captureRuns(p, py.exe!)));
    }
  });
}
