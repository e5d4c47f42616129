// The pytest plugin's verdict on each fixture suite, with the real pytest 7 and 9:
// three leaks (module cache, listener list, bound method in a registry), one of a
// single object per run, a clean suite that fills interpreter caches, and one that
// only makes cyclic garbage. Expected growth is read back from the files the
// plugin wrote, and must be what the failure message says.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PY_DIR } from './capture-helpers.js';
import { Snapshot } from '../src/snapshot/schema.js';
import { PYTESTS, counts, readSeries, runPytest, tempDir, testDirs } from './plugin-helpers.js';

interface Leaky { suite: string; type: string; retainer: RegExp }

const LEAKS: Leaky[] = [
  { suite: 'leak_cache', type: 'leak_cache_app.Result', retainer: /leak_cache_app\._CACHE \(builtins\.dict\)/ },
  { suite: 'leak_listeners', type: 'leak_listeners_app.Listener',
    retainer: /\.BUS \(leak_listeners_app\.Bus\) -> .*\.listeners \(builtins\.list\) -> \[\d+\] \(leak_listeners_app\.Listener\)/ },
  { suite: 'leak_bound_method', type: 'leak_bound_method_app.Session',
    retainer: /leak_bound_method_app\.CALLBACKS \(builtins\.dict\) -> \[\d+\] \(builtins\.method\) -> \.__self__ \(leak_bound_method_app\.Session\)/ },
  { suite: 'few_objects', type: 'few_objects_app.Token', retainer: /few_objects_app\.ISSUED \(builtins\.list\) -> \[\d+\]/ },
];

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const py of PYTESTS) {
  describe.skipIf(!py.exe)(`pytest --gcdiag-leaks on ${py.label}`, () => {
    const out = (suite: string) => join(dir, `${py.version}-${suite}`);

    for (const leak of LEAKS) {
      it(`${leak.suite}: fails the test, names ${leak.type} growing +1 per run and its retainer`, () => {
        const r = runPytest(py, leak.suite, ['--gcdiag-leaks', `--gcdiag-dir=${out(leak.suite)}`,
          `--junitxml=${out(leak.suite)}.xml`]);
        expect(r.status, r.stdout + r.stderr).toBe(1);
        const [testDir] = testDirs(out(leak.suite));
        const series = readSeries(testDir);
        expect(series).toHaveLength(6);                         // regrtest's -R 3:3
        expect(series.every((d) => d.warmup === 3)).toBe(true);
        const c = counts(series, leak.type);
        const measured = c.slice(3).map((n, i) => n - c[2 + i]);
        expect(measured).toEqual([1, 1, 1]);
        expect(r.stdout).toContain(`${leak.type}`);
        expect(r.stdout).toMatch(new RegExp(`${leak.type.replace('.', '\\.')}\\s+\\+1 \\+1 \\+1 objects/run`));
        expect(r.stdout).toMatch(leak.retainer);
        expect(r.stdout).toMatch(/1 test checked, 1 leaking/);
        const junit = readFileSync(`${out(leak.suite)}.xml`, 'utf8');
        expect(junit).toMatch(/<failure message="gcdiag: [^"]*leaks/);
        expect(existsSync(join(testDir, 'full.json'))).toBe(true);
      });
    }

    it('few_objects: 40 bytes a run is caught by the rule, no threshold', () => {
      const series = readSeries(testDirs(out('few_objects'))[0]);
      const bytes = series.map((d) => d.types.find((t) => t[0] === 'few_objects_app.Token')![2]);
      expect(bytes[5] - bytes[4]).toBeLessThan(100);
    });

    it('leak_cache: full.json is a gcdiag snapshot holding the leaked objects', () => {
      const full = JSON.parse(readFileSync(join(testDirs(out('leak_cache'))[0], 'full.json'), 'utf8'));
      const parsed = Snapshot.safeParse(full);
      expect(parsed.success).toBe(true);
      const types: string[] = full.layout === 'columnar'
        ? full.objects.type.map((t: number) => full.strings[t]) : full.objects.map((o: { type: string }) => o.type);
      expect(types.filter((t) => t === 'leak_cache_app.Result')).toHaveLength(6);
    });

    it('clean_caches: re, typing, lru_cache and logging caches filling up are not a leak', () => {
      const r = runPytest(py, 'clean_caches', ['--gcdiag-leaks', `--gcdiag-dir=${out('clean_caches')}`]);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/4 tests checked, 0 leaking/);
      expect(testDirs(out('clean_caches'))).toHaveLength(4);
    });

    it('clean_caches without the cache list: re and typing caches would be blamed', () => {
      // a plugin module that empties the list: proves the clearing is what makes the suite clean
      writeFileSync(join(dir, 'gcdiag_no_caches.py'), 'from gcdiag_capture import _caches\n_caches.clear_all = lambda: None\n');
      const r = runPytest(py, 'clean_caches', ['-p', 'gcdiag_no_caches', '--gcdiag-leaks',
        `--gcdiag-dir=${out('no_caches')}`], { PYTHONPATH: `${PY_DIR}${delimiter}${dir}` });
      expect(r.status, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(/LEAK test_caches\.py::test_new_regex_patterns: re\.Pattern/);
      expect(r.stdout).toMatch(/LEAK test_caches\.py::test_typing_generics_of_new_classes:/);
    });

    it('cyclic_garbage: garbage freed by the collection is reported, not failed', () => {
      const r = runPytest(py, 'cyclic_garbage', ['--gcdiag-leaks', `--gcdiag-dir=${out('cyclic_garbage')}`]);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/creates cyclic garbage every run \(100, 100, 100 objects freed/);
      const series = readSeries(testDirs(out('cyclic_garbage'))[0]);
      expect(series.slice(3).map((d) => d.collected)).toEqual([100, 100, 100]);
      expect(counts(series, 'test_cycles.Node').slice(3)).toEqual([0, 0, 0]);
    });

    it('the marker selects a test without --gcdiag-leaks and sets its runs', () => {
      const r = runPytest(py, 'marker', [`--gcdiag-dir=${out('marker')}`]);
      expect(r.status, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(/1 passed/);
      const dirs = testDirs(out('marker'));
      expect(dirs).toHaveLength(1);
      expect(dirs[0]).toMatch(/test_marked_leaks$/);
      const series = readSeries(dirs[0]);
      expect(series).toHaveLength(3);
      expect(counts(series, 'test_marker.Blob').map((n, i, a) => n - (a[i - 1] ?? 0)).slice(1)).toEqual([1, 1]);
    });

    it('a bad option value is a usage error', () => {
      const r = runPytest(py, 'marker', ['--gcdiag-leaks', '--gcdiag-runs', '0']);
      expect(r.status).toBe(4);
      expect(r.stderr).toMatch(/--gcdiag-runs must be a whole number >= 1/);
    });
  });
}
