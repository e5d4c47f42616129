// The plugin must not change what a test does: the same outcomes (pass, fail,
// xfail, xpass, skip, setup and teardown errors), the same captured output and
// warnings in pytest's report, wider-scoped fixtures set up once, and a fresh
// function-scoped fixture for every run. Compared with the same pytest run
// without --gcdiag-leaks, on pytest 7 and 9.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PYTESTS, runPytest, tempDir } from './plugin-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** pytest's -rA report without the plugin's own section and the timing. */
function comparable(stdout: string): string {
  return stdout
    .replace(/-+ gcdiag leak check -+\n(?:(?:\d+ tests? checked|LEAK|not checked|ok)\b.*\n)*/, '')
    .replace(/ in \d+\.\d+s/, ' in N s');
}

function setups(log: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of log.split('\n').filter(Boolean)) m.set(line, (m.get(line) ?? 0) + 1);
  return m;
}

for (const py of PYTESTS) {
  describe.skipIf(!py.exe)(`outcomes with and without the plugin on ${py.label}`, () => {
    it('same report, same fixtures (function-scoped ones once per run)', () => {
      const plainLog = join(dir, `${py.version}-plain.log`);
      const leakLog = join(dir, `${py.version}-leaks.log`);
      const plain = runPytest(py, 'outcomes', ['-rA'], { GCDIAG_FIXTURE_LOG: plainLog });
      const leaks = runPytest(py, 'outcomes', ['-rA', '--gcdiag-leaks', `--gcdiag-dir=${join(dir, py.version!)}`],
        { GCDIAG_FIXTURE_LOG: leakLog });
      expect(plain.status).toBe(1);
      expect(leaks.status).toBe(1);
      expect(plain.stdout).toMatch(/1 failed, 9 passed, 2 skipped, 1 xfailed, 1 xpassed, 1 warning, 2 errors/);
      expect(comparable(leaks.stdout)).toBe(comparable(plain.stdout));
      expect(leaks.stdout).toMatch(/15 tests checked, 0 leaking/);
      expect(leaks.stdout).toContain('not checked test_outcomes.py::test_fail: stopped at run 1 of 6');
      // passes once, fails when repeated: reported passing (its first run), and said why it is not checked
      expect(leaks.stdout).toContain('not checked test_outcomes.py::test_only_once: passed in run 1, did not pass when run again (run 2)');
      if (py.version!.startsWith('9')) {   // pytest 9 logs unittest subtests as they run: the test runs once
        expect(leaks.stdout).toContain('not checked test_subtests.py::TestWithSubtests::test_squares: reports subtests as it runs');
      }

      const before = setups(readFileSync(plainLog, 'utf8'));
      const after = setups(readFileSync(leakLog, 'utf8'));
      expect(after.get('setup module resource')).toBe(1);
      expect(after.get('teardown module resource')).toBe(1);
      expect(after.get('setup class shared')).toBe(before.get('setup class shared'));
      for (const [line, n] of before) {
        // a passing test runs 3 warm-ups + 3 measured runs; a failing one stops after its first
        const times = line.includes('test_fail') || !line.includes('fresh') ? n : 6 * n;
        expect([line, after.get(line)]).toEqual([line, times]);
      }
    });
  });
}
