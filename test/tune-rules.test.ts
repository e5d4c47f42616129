// Each CPython rule of the recording simulator on small hand-built recordings:
// the counter floor, the allocator (<= 3.11) and safe-point (3.12+) triggers, the
// 25 % rule, freelist refunds, manual collections, the program's threshold
// changes, freeze and disable; and the shared accruals on their own.
import { test, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { tune } from '../src/tune/tune.js';
import { LongAccrual, Accrual } from '../src/tune/accrual.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-tune-rules-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FL = { list: 0, dict: 0, tuple: null };
interface Start { count?: number[]; total?: number; pending?: number; thresholds?: number[]; python?: string; enabled?: boolean }

function header(s: Start): object {
  return {
    format: 'gcdiag-recording', version: 1, python: s.python ?? '3.11.7', implementation: 'CPython', argv: ['t.py'],
    thresholds: s.thresholds ?? [700, 10, 10], enabled: s.enabled ?? true, sampler: 'setprofile', exact: true, reason: null,
    start: { count: s.count ?? [0, 0, 0], long_lived_total: s.total ?? 0, long_lived_pending: s.pending ?? 0, freelists: FL, freeze_count: 0 },
    stats: [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
  };
}

function gc(gen: number, o: { manual?: boolean; count?: number[]; fl?: [number, number]; ll?: [number, number, number, number]; collected?: number } = {}): object {
  const [t, p, ta, pa] = o.ll ?? [0, 0, 0, 0];
  return {
    op: 'gc', gen, manual: o.manual ?? false, count: o.count ?? [0, 0, 0], long_lived: [t, p], long_lived_after: [ta, pa],
    collected: o.collected ?? 0, uncollectable: 0, examined: 0, freelists: { ...FL, list: o.fl?.[0] ?? 0 },
    freelists_after: { ...FL, list: o.fl?.[1] ?? 0 }, after: 0, cpu_ns: 0, t_ns: 0,
  };
}

const END = { op: 'end', stats: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], count: [0, 0, 0], wall_s: 1, cpu_s: 1, max_rss_kb: 1000, exit_code: 0 };
let n = 0;

/** Collections per generation predicted for each candidate. */
async function predict(start: Start, events: object[], candidates: string[], python?: string): Promise<Map<string, number[]>> {
  const file = join(dir, `r${n++}.ndjson`);
  writeFileSync(file, [header(start), ...events, END].map((l) => JSON.stringify(l)).join('\n') + '\n');
  const r = await tune(file, { thresholds: candidates, python });
  return new Map(r.candidates.map((c) => [c.candidate.label, c.predicted.collections]));
}

const path = (...d: number[]): object => ({ op: 'path', d });

test('the counter never goes below 0: frees at 0 are lost', async () => {
  // 5 - 10 + 6: floored it is 6 (> 5: one collection), unfloored it would be 1.
  const r = await predict({}, [path(5, -10, 6)], ['5,10,10']);
  expect(r.get('5,10,10')).toEqual([1, 0, 0]);
});

test('<= 3.11 collects inside the item at count0 = t0 + 1; 3.12+ at the item end', async () => {
  const r11 = await predict({}, [path(25)], ['10,100,100']);
  expect(r11.get('10,100,100')).toEqual([2, 0, 0]); // at allocations 11 and 22
  const r12 = await predict({ python: '3.12.1' }, [path(25)], ['10,100,100']);
  expect(r12.get('10,100,100')).toEqual([1, 0, 0]); // one eval-breaker check, after the item
  const again = await predict({}, [path(25)], ['10,100,100'], '3.12');
  expect(again.get('10,100,100')).toEqual([1, 0, 0]); // --python 3.12 on a 3.11 recording: 3.12's trigger
});

test('gen 2 only when long_lived_pending >= long_lived_total / 4', async () => {
  const below = await predict({ count: [0, 1, 1], total: 1000, pending: 249 }, [path(2)], ['1,0,0']);
  expect(below.get('1,0,0')).toEqual([0, 1, 0]);
  const at = await predict({ count: [0, 1, 1], total: 1000, pending: 250 }, [path(2)], ['1,0,0']);
  expect(at.get('1,0,0')).toEqual([0, 0, 1]);
});

test('recorded gen-1 survivors feed the 25 % rule of the candidates', async () => {
  // Recorded at (10,0,100): a gen-1 collection whose survivors (300) take pending over total/4.
  const events = [path(11), gc(1, { count: [11, 1, 0], ll: [1000, 0, 1000, 300] }), path(11)];
  const start = { thresholds: [10, 0, 100], count: [0, 1, 0], total: 1000 };
  const r = await predict(start, events, ['10,0,0']);
  // (10,0,0): the first collection is gen 1 (survivors 300), the second may be full: 300 >= 250.
  expect(r.get('10,0,0')).toEqual([0, 1, 1]);
});

test('freelist refunds: allocations the recorded collection\'s refill served count when no collection refills', async () => {
  const events = [path(11), gc(0, { count: [11, 0, 0], fl: [0, 80], collected: 100 }), path(5)];
  const r = await predict({ thresholds: [10, 10, 10] }, events, ['10,10,10', '20,10,10']);
  expect(r.get('10,10,10')).toEqual([1, 0, 0]); // the own collection refills and absorbs them again
  expect(r.get('20,10,10')).toEqual([1, 0, 0]); // 11 + 80 refunded + 5 > 20 (without refunds: 16, none)
});

test('a manual gc.collect() happens under every candidate, even with automatic collection off', async () => {
  const r = await predict({}, [path(3), gc(2, { manual: true, count: [3, 0, 0] }), path(3)], ['0', '700,10,10']);
  expect(r.get('0')).toEqual([0, 0, 1]);
  expect(r.get('700,10,10')).toEqual([0, 0, 1]);
});

test('the program\'s set_threshold applies to the recorded policy, candidates keep theirs', async () => {
  const events = [path(5), { op: 'set_threshold', thresholds: [3, 10, 10] }, path(5)];
  const r = await predict({}, events, ['700,10,10', '4,10,10']);
  expect(r.get('700,10,10')).toEqual([2, 0, 0]); // as run: at 3 after the call (5+1, then 4 more)
  expect(r.get('4,10,10')).toEqual([2, 0, 0]); // at allocation 5, then again at 5 more
  const other = await predict({ thresholds: [600, 10, 10] }, events, ['700,10,10']);
  expect(other.get('700,10,10')).toEqual([0, 0, 0]); // not the recorded policy: the call is replaced
});

test('gc.freeze() restarts count0; freeze@N and freeze@MARK candidates', async () => {
  const r = await predict({}, [path(8), { op: 'freeze' }, path(5)], ['10,10,10']);
  expect(r.get('10,10,10')).toEqual([0, 0, 0]); // 13 without the freeze
  const c = await predict({}, [path(8), { op: 'mark', name: 'warmup' }, path(5)], ['10,10,10', '10,10,10+freeze@warmup', '10,10,10+freeze@8']);
  expect(c.get('10,10,10')).toEqual([1, 0, 0]);
  expect(c.get('10,10,10+freeze@warmup')).toEqual([0, 0, 0]);
  expect(c.get('10,10,10+freeze@8')).toEqual([0, 0, 0]);
});

test('gc.disable() stops automatic collections; disable+collect/N collects every N allocations', async () => {
  const r = await predict({}, [path(5), { op: 'disable' }, path(30), { op: 'enable' }, path(1)], ['10,10,10', 'disable+collect/10']);
  expect(r.get('10,10,10')).toEqual([1, 0, 0]); // none while disabled; the first allocation after enable
  expect(r.get('disable+collect/10')).toEqual([0, 0, 3]); // at 10, 20, 30 of 36 allocations
});

test('accruals: pro rata within a window; a long window is exact at its end, estimated before', () => {
  const a = new Accrual();
  a.begin(0, 50, 100);
  expect(a.value(50)).toBeCloseTo(25);
  expect(a.weighted(100)).toBeCloseTo(50 * 50); // mean position 50
  const l = new LongAccrual();
  l.window(0, 100, null); // nothing known yet
  l.window(100, 100, 40); // closes: 40 over the long window 0..200, brought to 40 at 200
  expect(l.value(200)).toBeCloseTo(40);
  l.window(200, 100, null); // estimated at the last rate (40 per 200)
  expect(l.value(300)).toBeCloseTo(60);
  l.window(300, 100, 10); // the true total was 10: downwards, so sums stay exact
  expect(l.value(400)).toBeCloseTo(50);
});

test('--python: the report names the rules that change; 3.14.0-3.14.4 ignore t2 and count increments as gen 1', async () => {
  const file = join(dir, `v${n++}.ndjson`);
  writeFileSync(file, [header({}), path(25), END].map((l) => JSON.stringify(l)).join('\n') + '\n');
  const r13 = await tune(file, { thresholds: ['10,100,100'], python: '3.13' });
  expect(r13.python.profile).toBe('3.13');
  expect(r13.python.changes.join('\n')).toMatch(/default thresholds \(700, 10, 10\) → \(2000, 10, 10\)/);
  expect(r13.python.changes.join('\n')).toMatch(/no samples at loop back-edges/);
  expect(r13.ownCheck).toBeNull(); // another version: nothing to reproduce
  const r14 = await tune(file, { thresholds: ['10,100'], python: '3.14.2' });
  expect(r14.notes.join('\n')).toMatch(/t2 is ignored/);
  expect(r14.candidates.find((c) => c.candidate.label === '10,100,0')?.predicted.collections).toEqual([0, 1, 0]);
  const own = await tune(file, { thresholds: [] });
  expect(own.python.changes).toEqual([]);
});
