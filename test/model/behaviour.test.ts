// What the model claims per CPython family, on small traces. (The oracle tests
// check the same machinery against real interpreters; these pin down the
// behaviours no installed interpreter can show: 2.7, 3.4-3.10, explicit safe points.)
import { test, expect } from 'vitest';
import { trace, replay, collects } from '../helpers/trace.js';
import { heapProblems } from '../../src/model/invariants.js';
import { Replayer } from '../../src/replay/replay.js';
import type { Event } from '../../src/trace/schema.js';

const twoNodeCycle = (type = 'Node'): Event[] => [
  { op: 'new', id: 'a', type, bind: 'a', values: { name: 'a' } },
  { op: 'new', id: 'b', type, bind: 'b', fields: { next: 'a' }, values: { name: 'b' } },
  { op: 'set', obj: 'a', field: 'next', to: 'b' },
  { op: 'unbind', vars: ['a', 'b'] },
  { op: 'collect' },
];

test('instance __dict__ objects are collected with their instances before 3.11 (4 objects, then 2)', () => {
  const t = trace(twoNodeCycle(), { Node: { fields: ['next'] } });
  expect(collects(replay(t, '3.10'))).toEqual([4]);
  expect(collects(replay(t, '3.8'))).toEqual([4]);
  expect(collects(replay(t, '3.11'))).toEqual([2]);
  expect(collects(replay(t, '3.14.2'))).toEqual([2]);
});

test('before PEP 442 (2.7) a __del__ cycle is uncollectable and lands in gc.garbage; from 3.4 it is finalized and freed', () => {
  const t = trace(twoNodeCycle('D'), { D: { fields: ['next'], del: { print: 'del {self.name}' } } });
  const old = replay(t, '2.7');
  expect(old.end.garbage).toEqual(['D a', 'D b']);
  expect(old.calls.filter((c) => c.kind === 'finalizer')).toEqual([]);
  const now = replay(t, '3.11');
  expect(now.end.garbage).toEqual([]);
  expect(now.calls.map((c) => c.text)).toEqual(['del a', 'del b']);
  expect(collects(now)).toEqual([2]);
});

test('3.4-3.8 revive a whole unreachable set when one finalizer resurrects (3.4-3.6 count it, 3.7/3.8 do not); 3.9+ free the rest', () => {
  const t = trace([
    { op: 'new', id: 'p', type: 'R', bind: 'p' },
    { op: 'new', id: 'q', type: 'Node', bind: 'q', fields: { next: 'p' } },
    { op: 'set', obj: 'p', field: 'next', to: 'q' },
    { op: 'new', id: 'x', type: 'Node', bind: 'x' },
    { op: 'set', obj: 'x', field: 'next', to: 'x' },
    { op: 'unbind', vars: ['p', 'q', 'x'] },
    { op: 'collect' },
  ], { R: { fields: ['next'], del: { resurrect: true } }, Node: { fields: ['next'] } });
  expect(collects(replay(t, '3.11'))).toEqual([1]); // x only
  const r36 = replay(t, '3.6');
  expect(collects(r36)).toEqual([6]); // 3 instances + 3 __dict__s counted, all revived
  expect(r36.end.liveByType.find((e) => e.type === 'Node')?.count).toBe(2);
  const r38 = replay(t, '3.8');
  expect(collects(r38)).toEqual([0]); // 3.7/3.8 count after check_garbage: a revived set is 0
  expect(r38.end.liveByType.find((e) => e.type === 'Node')?.count).toBe(2);
});

test('3.12+ only schedule: with explicit safe points the collection waits for the check', () => {
  const t = trace([
    { op: 'set_threshold', thresholds: [50, 10, 10] },
    { op: 'collect' },
    { op: 'new', id: 'keep', type: 'list', bind: 'keep' },
    { op: 'repeat', times: 60, body: [{ op: 'new', id: 'n', type: 'Node', bind: 'n' }, { op: 'append', obj: 'keep', to: 'n' }] },
    { op: 'observe', what: 'count' },
    { op: 'safepoint' },
    { op: 'observe', what: 'count' },
  ], { Node: {} }, { safepoints: 'explicit' });
  const counts = (py: string) => replay(t, py).observations.filter((o) => o.what === 'count').map((o) => o.value);
  expect(counts('3.11')).toEqual([{ tuple: [10, 1, 0] }, { tuple: [11, 1, 0] }]);
  expect(counts('3.12')).toEqual([{ tuple: [61, 0, 0] }, { tuple: [0, 1, 0] }]);
  expect(counts('3.13')).toEqual([{ tuple: [61, 0, 0] }, { tuple: [0, 1, 0] }]);
});

test('a million-long chain is freed without recursion', () => {
  const t = trace([
    { op: 'new', id: 'n', type: 'Node', bind: 'head' },
    { op: 'repeat', times: 1_000_000, body: [{ op: 'new', id: 'n', type: 'Node', fields: { next: 'n' }, bind: 'head' }] },
    { op: 'observe', what: 'count' },
  ], { Node: { slots: true, fields: ['next'] } });
  const r = replay(t, '3.11');
  expect(r.end.liveObjects).toBe(1_000_001);
  const { events, ...header } = trace([...t.events, { op: 'unbind', vars: ['head'] }], t.types);
  const rr = new Replayer('chain', header, { python: '3.11' });
  for (const ev of events) rr.apply(ev);
  expect(rr.rt.live).toBe(0);
  expect(heapProblems(rr.rt)).toEqual([]);
});

test('the consistency check notices a wrong reference count', () => {
  const { events, ...header } = trace([{ op: 'new', id: 'a', type: 'Node', bind: 'a' }], { Node: {} });
  const r = new Replayer('t', header, { python: '3.11' });
  for (const ev of events) r.apply(ev);
  expect(heapProblems(r.rt)).toEqual([]);
  r.rt.heap.refcnt[r.rt.objects.get('a')!]++;
  expect(heapProblems(r.rt)[0]).toMatch(/refcount 2 but 1 references exist/);
});

// 3.14's releases differ in ways no installed interpreter shows (only 3.14.2 runs
// here): what each profile claims, from CPython's source (research notes, sec. 1).
test('3.14.0 counts every GC allocation, 3.14.1+ only tracked objects; 3.14.5+ is generational again', () => {
  const t = trace([
    { op: 'collect' },
    { op: 'new', id: 's', type: 'str', bind: 's' },
    // A tuple of atoms: a GC allocation, untracked from birth on 3.14.1+.
    { op: 'repeat', times: 5, body: [{ op: 'new', id: 't', type: 'tuple', items: ['s'], bind: 't' }] },
    { op: 'new', id: 'l', type: 'list', bind: 'l' },
    { op: 'observe', what: 'count' },
    { op: 'observe', what: 'threshold' },
  ]);
  const seen = (py: string) => replay(t, py).observations.filter((o) => o.what !== 'collect').map((o) => o.value);
  const [c0, th0] = seen('3.14.0');
  const [c2, th2] = seen('3.14.2');
  const [c5, th5] = seen('3.14.5');
  expect(th0).toEqual({ tuple: [2000, 10, 0] });
  expect(th2).toEqual({ tuple: [2000, 10, 0] });
  expect(th5).toEqual({ tuple: [2000, 10, 10] });
  // Live GC allocations: the last tuple, the list, get_count()'s own tuple. 3.14.2
  // (which pyodide-3.14 runs: the oracle tests check it) counts only the tracked list.
  expect(c0).toEqual({ tuple: [3, 0, 0] });
  expect(c2).toEqual({ tuple: [1, 0, 0] });
  expect(c5).toEqual({ tuple: [3, 0, 0] });
});

test('dicts: untracked until they hold a GC object up to 3.13, always tracked on 3.14', () => {
  const t = trace([
    { op: 'new', id: 'd', type: 'dict', bind: 'd' },
    { op: 'observe', what: 'tracked', obj: 'd' },
  ]);
  const tracked = (py: string) => replay(t, py).observations[0].value;
  expect(tracked('3.13')).toBe(false);
  expect(tracked('3.14.0')).toBe(true);
  expect(tracked('3.14.2')).toBe(true);
  expect(tracked('3.14.5')).toBe(true);
});

test('a type declared "container": false is refcounted but never tracked, counted or examined', () => {
  const t = trace([
    { op: 'collect' },
    { op: 'new', id: 'b', type: 'Blob', bind: 'b' },
    { op: 'new', id: 'n', type: 'N', bind: 'n', fields: { b: 'b' } },
    { op: 'observe', what: 'tracked', obj: 'b' },
    { op: 'observe', what: 'count' },
    { op: 'unbind', vars: ['b', 'n'] },
    { op: 'collect' },
  ], { Blob: { container: false, size: 1000 }, N: { fields: ['b'] } });
  const r = replay(t, '3.11');
  // Exactly as a builtin non-container (str) would be, which the oracle tests check against CPython.
  const asStr = replay(trace(t.events.map((e) => (e.op === 'new' && e.type === 'Blob' ? { ...e, type: 'str' } : e)), { N: { fields: ['b'] } }), '3.11');
  expect(r.observations).toEqual(asStr.observations);
  expect(r.observations.find((o) => o.what === 'tracked')?.value).toBe(false);
  expect(collects(r)).toEqual([0, 0]);
  expect(r.end.liveObjects).toBe(0);
  expect(r.end.peakBytes).toBeGreaterThanOrEqual(1000);
});
