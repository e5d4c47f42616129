// snapshot-diff across processes on CPython 3.8 and 3.13 (see
// test/capture-crossproc.test.ts for python3): two runs of one program have
// nothing new, a longer run exactly its extra requests' objects.
import { describe, it } from 'vitest';
import { EXTRA_PYTHONS, pythonName } from '../capture-helpers.js';
import { twoRuns } from '../crossproc-helpers.js';

describe('snapshot-diff across processes, other CPythons', () => {
  for (const py of EXTRA_PYTHONS.filter((p) => p.version === '3.8' || p.version === '3.13')) {
    it.skipIf(!py.exe)(`${pythonName(py)}: the same program twice has nothing new; 200 more requests are 200 new pages and services`, () => {
      twoRuns(py.exe!, false);
    }, 300_000);
  }
});
