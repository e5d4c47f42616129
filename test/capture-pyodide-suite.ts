// Shared by test/capture-pyodide-3*.test.ts: gcdiag_capture inside Pyodide (real CPython 3.11-3.14 compiled to 32-bit
// WebAssembly): the package files go into Pyodide's file system and the same
// fixture programs as on the native interpreter must give the same exactness:
// type counts, true refcounts, DEBUG_SAVEALL garbage, plus 3.14's generations.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLAG_TRACKED, FLAG_IMMORTAL, GEN_YOUNG, GEN_OLD_VISITED, GEN_OLD_PENDING } from '../src/snapshot/schema.js';
import { loadSnapshot } from '../src/snapshot/load.js';
import { fullCollectionVerdict } from '../src/model/from-graph.js';
import { pyodideDir } from '../src/oracle/interpreters.js';
import { PROGRAMS, PY_DIR, View, expectHeld, expectInvariants, expectNoneOf, tempDir } from './capture-helpers.js';
import { Snapshot } from '../src/snapshot/schema.js';

interface Py {
  runPython(code: string): unknown;
  FS: { mkdirTree(p: string): void; writeFile(p: string, data: string): void; readFile(p: string, o: { encoding: 'utf8' }): string };
}

let dir: string;

async function load(minor: string): Promise<Py> {
  const at = pyodideDir(minor)!;
  const { loadPyodide } = (await import(`${at}/pyodide.mjs`)) as { loadPyodide: (o: object) => Promise<Py> };
  const py = await loadPyodide({ indexURL: `${at}/`, stdout: () => {}, stderr: () => {} });
  py.FS.mkdirTree('/gcdiag/gcdiag_capture');
  py.FS.mkdirTree('/programs');
  for (const f of readdirSync(join(PY_DIR, 'gcdiag_capture')).filter((n) => n.endsWith('.py'))) {
    py.FS.writeFile(`/gcdiag/gcdiag_capture/${f}`, readFileSync(join(PY_DIR, 'gcdiag_capture', f), 'utf8'));
  }
  for (const f of ['exact_counts.py', 'saveall_garbage.py']) py.FS.writeFile(`/programs/${f}`, readFileSync(join(PROGRAMS, f), 'utf8'));
  py.runPython("import sys; sys.path.insert(0, '/gcdiag')");
  return py;
}

/**
 * References CPython does not count: 3.14 tracks its interned-string dict, which
 * holds mortal interned strings borrowed; Pyodide's FFI classes visit their
 * metaclass without owning a reference to it.
 */
function pyodideBorrowed(v: View, i: number): boolean {
  if (v.type[i] === 'builtins.str' && v.doc.python.version.startsWith('3.14.')) return true;
  return v.inn[i].some((k) => v.type[v.edges[k].from].startsWith('pyodide.ffi.'));
}

/** Run a fixture program as __main__ with OUT and SIDE in Pyodide's file system; copy both out. */
function runProgram(py: Py, name: string, tag: string): { file: string; snap: View; side: any } {
  py.runPython(`
import gc, runpy, sys
sys.argv = ['${name}.py', '/tmp/${name}.json', '/tmp/${name}.side.json']
try:
    runpy.run_path('/programs/${name}.py', run_name='__main__')
finally:
    gc.set_debug(0)
    gc.enable()
`);
  const file = join(dir, `${tag}-${name}.json`);
  const text = py.FS.readFile(`/tmp/${name}.json`, { encoding: 'utf8' });
  writeFileSync(file, text);
  const parsed = Snapshot.safeParse(JSON.parse(text));
  expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
  return { file, snap: new View(parsed.data!), side: JSON.parse(py.FS.readFile(`/tmp/${name}.side.json`, { encoding: 'utf8' })) };
}

/** The whole suite for one Pyodide build (one per test file: two builds cannot share a process). */
export function pyodideSuite(minor: string): void {
  describe(`Pyodide ${minor}`, () => {
    let py: Py;
    beforeAll(async () => {
      dir = tempDir();
      py = await load(minor);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('lists exactly what gc.get_objects() lists, with true refcounts', () => {
      const { snap, side } = runProgram(py, 'exact_counts', minor);
      expect(snap.doc.python.version.startsWith(`${minor}.`)).toBe(true);
      expectInvariants(snap, pyodideBorrowed);
      expect(side.getrefcount).toEqual(side.expected);
      const counts: Record<string, number> = {};
      for (let i = 0; i < snap.n; i++) if (snap.flags[i] & FLAG_TRACKED) counts[snap.type[i]] = (counts[snap.type[i]] ?? 0) + 1;
      expect(counts).toEqual(side.counts);   // gcdiag_capture's own left out, as CPython found them
      expectNoneOf(snap, side.own_ids);
      for (const [id, n] of Object.entries(side.refcounts)) expect(snap.refcount[snap.index.get(Number(id))!]).toBe(n);
      expectHeld(snap, side.held);   // small ints (3.11) and array.array
      // Attribute names of inline values and slots, read natively on a 32-bit build.
      const shared = snap.index.get(side.ids.shared)!;
      expect(snap.out[shared].map((k) => snap.edges[k].label)).toEqual(expect.arrayContaining(['name', 'children']));
      const holder = snap.ofType('__main__.Holder')[0];
      expect(snap.out[holder].map((k) => `${snap.edges[k].kind} ${snap.edges[k].label}`)).toContain('slot first');
    });

    it('carries the generations and flags of this collector', () => {
      const { snap } = runProgram(py, 'exact_counts', `${minor}b`);
      const gens = new Set<number>();
      for (let i = 0; i < snap.n; i++) if (snap.flags[i] & FLAG_TRACKED) gens.add(snap.gen[i]);
      if (minor === '3.14') {
        expect(snap.doc.gc.collector).toBe('incremental');
        expect([...gens].every((g) => g === GEN_YOUNG || g === GEN_OLD_VISITED || g === GEN_OLD_PENDING)).toBe(true);
        expect(gens.has(GEN_YOUNG)).toBe(true);
      } else {
        expect(snap.doc.gc.collector).toBe('generational');
        expect([...gens].every((g) => g >= 0 && g <= 2)).toBe(true);
      }
      const none = snap.ofType('builtins.NoneType');
      expect(none).toHaveLength(1);
      expect((snap.flags[none[0]] & FLAG_IMMORTAL) !== 0).toBe(minor !== '3.11');
    });

    it('agrees with gc.collect() under DEBUG_SAVEALL about what is garbage', async () => {
      const { file, side } = runProgram(py, 'saveall_garbage', minor);
      const g = await loadSnapshot(file);
      const { garbage } = fullCollectionVerdict(g);
      const found: number[] = [];
      for (let i = 0; i < g.n; i++) if (garbage[i]) found.push(g.ids[i]);
      expect(found.sort((a, b) => a - b)).toEqual([...side.garbage].sort((a: number, b: number) => a - b));
    });
  });
}
