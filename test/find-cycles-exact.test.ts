// Exactness of find-cycles against CPython itself (the section 5): for
// a snapshot taken with the collector off, the objects `find-cycles --format
// json` calls garbage are exactly those CPython's own full gc.collect() then
// puts in gc.garbage under DEBUG_SAVEALL, by count and by identity, on real
// programs. fixtures/programs/cycles_saveall.py runs each program, captures
// the heap, then collects: gc.garbage lists first what the collection frees
// (delete_garbage), then what legacy finalizers keep (handle_legacy_finalizers),
// and gc.get_stats() says how many of each, so both halves are compared.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CyclesReport as CyclesResult } from '../src/report/schemas/cycles.js';
import { gcdiag } from './helpers/cli.js';
import { EXTRA_PYTHONS, PROGRAMS, PYTHON, pythonName, runPython, tempDir } from './capture-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Saveall { garbage: number[]; collected: number; uncollectable: number; returned: number }

/** Run a program under cycles_saveall.py; find-cycles' JSON on its snapshot and what CPython collected. */
function run(program: string, args: string[], python: string): { r: CyclesResult; side: Saveall } {
  const tag = `${program}-${python.replace(/\W+/g, '_')}`;
  const out = join(dir, `${tag}.json`);
  const sideFile = join(dir, `${tag}.side.json`);
  const p = runPython([join(PROGRAMS, 'cycles_saveall.py'), out, sideFile, join(PROGRAMS, `${program}.py`), ...args], python);
  expect(p.stderr, `${program} failed`).not.toMatch(/Traceback/);
  expect(p.status).toBe(0);
  const cli = gcdiag(['find-cycles', out, '--format', 'json', '--limit', '1000000']);
  expect(cli.stderr).toBe('');
  expect(cli.code).toBe(0);
  return { r: JSON.parse(cli.stdout) as CyclesResult, side: JSON.parse(readFileSync(sideFile, 'utf8')) as Saveall };
}

/** Ids find-cycles says a full collection frees (garbage, garbage with finalizers) and keeps unreachable (uncollectable). */
function unreachable(r: CyclesResult): { freed: number[]; kept: number[] } {
  const freed: number[] = [];
  const kept: number[] = [];
  const add = (cls: string, ids: number[]) => (cls === 'uncollectable' ? kept : freed).push(...ids);
  for (const gr of r.groups) if (gr.unreachable) add(gr.class, gr.ids!);
  for (const u of r.unowned) add(u.class, u.ids);
  return { freed, kept };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** Whether this interpreter's _testcapi can make a legacy tp_del type. */
const hasTpDel = (python: string) => runPython(['-c', 'import _testcapi; _testcapi.with_tp_del'], python).status === 0;

/** [program, arguments, at least this many objects in gc.garbage]. */
const CASES: [string, string[], number][] = [
  ['cycles_hanging', [], 4000],        // cycles with dicts, lists, tuples and nested containers off them; one dict two shapes keep
  ['cycles_finalizers', [], 2000],     // __del__ cycles, a __del__ object in no cycle, plain objects off __del__ cycles
  ['cycles_weakrefs', [], 1000],       // weakrefs (with callbacks), proxies, WeakValueDictionary, WeakSet, finalize
  ['cycles_legacy', [], 300],          // legacy tp_del cycles (where _testcapi has with_tp_del)
  ['cycles_methods', [], 200],         // a class with methods: cached live cycles and garbage copies
  ['batch_cycles', [], 1000],          // Batch <-> Records cycles piling up with the collector off
  ['del_cycles', [], 0],               // finalizer flags; its garbage was collected before the snapshot
  ['cache_service', ['300'], 0],       // unbounded cache, lru_cache on a method: nothing to free
];

function expectExact(program: string, args: string[], atLeast: number, python: string): void {
  const { r, side } = run(program, args, python);
  expect(r.omitted).toBe(0);
  const { freed, kept } = unreachable(r);
  expect(side.garbage.length).toBeGreaterThanOrEqual(atLeast);
  expect(side.collected + side.uncollectable).toBe(side.garbage.length);
  // Counts: the totals of the classes a collection frees, and of what it keeps.
  expect({ freed: r.totals.garbage.objects + r.totals.garbageFinalizers.objects, kept: kept.length })
    .toEqual({ freed: side.collected, kept: side.uncollectable });
  // Identities, each object once.
  expect(sorted(freed)).toEqual(sorted(side.garbage.slice(0, side.collected)));
  expect(sorted(kept)).toEqual(sorted(side.garbage.slice(side.collected)));
  // Where tp_del can be made, the legacy program keeps 8 objects a round, 2 of them a Legacy in no cycle and
  // its list (more before 3.11, where instances have __dict__ objects).
  if (program === 'cycles_legacy' && hasTpDel(python)) expect(side.uncollectable).toBeGreaterThanOrEqual(400);
}

describe('find-cycles garbage is what gc.collect() puts in gc.garbage under DEBUG_SAVEALL', () => {
  for (const py of [{ version: 'python3', exe: PYTHON }, ...EXTRA_PYTHONS]) {
    for (const [program, args, atLeast] of CASES) {
      it.skipIf(!py.exe)(`${program}.py on ${pythonName(py)}`, () => expectExact(program, args, atLeast, py.exe!));
    }
  }
});

describe('cycles_hanging.py: what goes with the garbage cycles', () => {
  it('each shape keeps its own containers; the config dict two shapes keep is counted once, in neither', () => {
    const { r } = run('cycles_hanging', [], PYTHON);
    const garbage = r.groups.filter((gr) => gr.class === 'garbage').map((gr) => [gr.types.map((t) => t.type).join(' '), gr.count, gr.members, gr.keeps!.objects]);
    expect(garbage).toEqual([
      ['__main__.Node', 300, 2, 300 * 10],            // per pair: 2 meta dicts, 4 lists, 4 tuples
      ['__main__.Holder', 100, 1, 100 * 10],          // rows, 3 lists, 3 dicts, 3 lists
      ['__main__.Ring builtins.dict builtins.list', 100, 3, 100],
    ]);
    expect(r.unowned.map((u) => [u.class, u.objects, u.types])).toEqual([
      ['garbage', 2, [{ type: 'builtins.dict', count: 1 }, { type: 'builtins.list', count: 1 }]],
    ]);
    expect(r.totals.garbage).toMatchObject({ components: 500, objects: 5102, outsideCycles: 4102 });
  });
});

describe('cycles_methods.py: a live leak of a class with methods', () => {
  it('is one row per leaked shape, not one giant component', () => {
    const { r } = run('cycles_methods', [], PYTHON);
    const shape = (type: string, cls: string) => r.groups.filter((gr) => gr.class === cls && gr.types.some((t) => t.type === type))
      .map((gr) => ({ count: gr.count, members: gr.members, types: gr.types }));
    expect(shape('__main__.Node', 'live')).toEqual([{ count: 500, members: 2, types: [{ type: '__main__.Node', count: 2 }] }]);
    expect(shape('__main__.Callback', 'live')).toEqual([{
      count: 500, members: 4, types: [{ type: '__main__.Callback', count: 2 }, { type: 'builtins.method', count: 2 }],
    }]);
    expect(shape('__main__.Node', 'garbage')).toEqual([{ count: 100, members: 2, types: [{ type: '__main__.Node', count: 2 }] }]);
    const node = r.groups.find((gr) => gr.class === 'live' && gr.types[0].type === '__main__.Node')!;
    expect(node.heldBy?.steps.map((s) => s.label)).toContain("['_CACHE']");
    // The biggest live component is the interpreter's own, far from the 2,500 objects the leak would make it.
    expect(Math.max(...r.groups.filter((gr) => gr.class === 'live').map((gr) => gr.members))).toBeLessThan(1000);
  });
});
