// Exactness against CPython itself: with the collector off, a snapshot holds
// exactly the objects gc.get_objects() lists (by type), the true reference
// counts of objects whose referrers are known by construction, and the same
// unreachable set that gc.collect() with DEBUG_SAVEALL puts in gc.garbage.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FLAG_TRACKED } from '../src/snapshot/schema.js';
import { loadSnapshot } from '../src/snapshot/load.js';
import { fullCollectionVerdict } from '../src/model/from-graph.js';
import {
  EXTRA_PYTHONS, PYTHON, expectHeld, expectInvariants, expectNoneOf, pythonName, runSelfCapture, tempDir, type View,
} from './capture-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trackedCounts(v: View): Record<string, number> {
  const c: Record<string, number> = {};
  for (let i = 0; i < v.n; i++) if (v.flags[i] & FLAG_TRACKED) c[v.type[i]] = (c[v.type[i]] ?? 0) + 1;
  return c;
}

function expectExact(python: string, args: string[] = []): void {
  const { snap, side } = runSelfCapture('exact_counts', dir, python, args);
  expectInvariants(snap);
  // The program's own expectations agree with sys.getrefcount …
  expect(side.getrefcount).toEqual(side.expected);
  // … the snapshot lists the same objects by type as gc.get_objects() did, but for
  // gcdiag_capture's own, which it leaves out: the program found those with CPython's
  // collector (unload the package, collect with DEBUG_SAVEALL), not with the capture's
  // code, and took them out of side.counts …
  expect(trackedCounts(snap)).toEqual(side.counts);
  expectNoneOf(snap, side.own_ids);
  // … and carries the true counts (no reference of the capture's own left in).
  const got: Record<string, number> = {};
  for (const id of Object.keys(side.refcounts)) got[id] = snap.refcount[snap.index.get(Number(id))!];
  expect(got).toEqual(side.refcounts);
  expectHeld(snap, side.held);
  expect(snap.doc.gc.enabled).toBe(false);
  expect(snap.doc.label).toBe('exact');
}

describe('type counts and refcounts match the interpreter', () => {
  it(`${PYTHON}`, () => expectExact(PYTHON));
  for (const py of EXTRA_PYTHONS) it.skipIf(!py.exe)(pythonName(py), () => expectExact(py.exe!));
});

// The same through the capture's fallback id -> index dict (forced: heaps of big or
// scattered objects take it), on the oldest and newest interpreters at hand.
describe('type counts and refcounts match the interpreter, id -> index by dict', () => {
  it(`${PYTHON}`, () => expectExact(PYTHON, ['dict']));
  const ends = EXTRA_PYTHONS.filter((py) => py.exe);
  for (const py of [ends[0], ends[ends.length - 1]].filter(Boolean)) it(pythonName(py!), () => expectExact(py!.exe!, ['dict']));
});

async function expectSaveall(python: string): Promise<void> {
  const { side } = runSelfCapture('saveall_garbage', dir, python);
  const g = await loadSnapshot(join(dir, 'saveall_garbage.json'));
  const { garbage } = fullCollectionVerdict(g);
  const modelGarbage: number[] = [];
  for (let i = 0; i < g.n; i++) if (garbage[i]) modelGarbage.push(g.ids[i]);
  const real = side.garbage as number[];
  expect(real.length).toBeGreaterThan(5);
  expect(modelGarbage.sort((a, b) => a - b)).toEqual([...real].sort((a, b) => a - b));
}

describe('the model on a snapshot finds what gc.collect() (DEBUG_SAVEALL) found', () => {
  it(`${PYTHON}`, () => expectSaveall(PYTHON));
  for (const py of EXTRA_PYTHONS) it.skipIf(!py.exe)(pythonName(py), () => expectSaveall(py.exe!));
});
