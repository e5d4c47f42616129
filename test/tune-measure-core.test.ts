// The pure parts of tune --measure and --calibrate: interleaving, medians and
// spread, ties by overlapping ranges, the cost fit and the calibration file.
import { test, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCandidates, median, rankByGcTime } from '../src/tune/measure.js';
import { fitCost, medianPoints, type CostPoint } from '../src/tune/calibrate-fit.js';
import { calibration } from '../src/tune/calibrate.js';
import { readCalibration, Calibration } from '../src/tune/calibrate-schema.js';
import { planCandidates, planTarget, planRuns } from '../src/tune/measure-plan.js';
import { measureReporters, countsAgree } from '../src/report/measure.js';
import { InputError, UsageError } from '../src/errors.js';
import type { MeasureCandidate, MeasuredRun } from '../src/tune/measure-types.js';

function fakeRun(gcMs: number, gen0: number): MeasuredRun {
  return {
    python: '3.11.7', collections: [gen0, 1, 0], collected: [0, 0, 0], uncollectable: [0, 0, 0],
    stats: [[gen0, 5, 0], [1, 0, 0], [0, 0, 0]], pauseCpuNs: [gcMs * 1e6, 0, 0], pauseWallNs: [gcMs * 1e6, 0, 0],
    maxPauseCpuNs: 1e6, maxPauseWallNs: 1e6, wallNs: 1e9, cpuNs: 1e9, maxRssKb: 2048, forcedCollections: 0, frozen: false, exitCode: 0,
  };
}

test('candidates run interleaved, K rounds; medians and min/max per metric', async () => {
  const cands = planCandidates({ thresholds: ['700,10,10', '2000', 'disable+collect/100000'] }, '3.11.7');
  const order: string[] = [];
  const times: Record<string, number[]> = { '700,10,10': [30, 10, 20], '2000,10,10': [5, 6, 50], 'disable+collect/100000': [7, 7, 7] };
  const r = await measureCandidates({ python: 'python3', argv: ['app.py'] }, cands, {
    runs: 3,
    run: async (_t, c: MeasureCandidate) => { order.push(c.label); return fakeRun(times[c.label][order.filter((l) => l === c.label).length - 1], 100); },
  });
  expect(order).toEqual(['700,10,10', '2000,10,10', 'disable+collect/100000', '700,10,10', '2000,10,10', 'disable+collect/100000', '700,10,10', '2000,10,10', 'disable+collect/100000']);
  expect(r.rows.map((row) => row.median.gcTimeMs)).toEqual([20, 6, 7]);
  expect(r.rows[1].min.gcTimeMs).toBe(5);
  expect(r.rows[1].max.gcTimeMs).toBe(50);
  // 2000's runs range 5..50: within that of it, 2000 ties with both others.
  expect(rankByGcTime(r.rows)).toEqual([[1, 2, 0]]);
  const text = measureReporters.table({ ...r, predicted: [{ collections: [100, 1, 0] }, { collections: [120, 1, 0] }, { collections: [100, 3, 0] }] });
  const line = (label: string) => text.split('\n').find((l) => l.includes(` ${label} `))!;
  expect(line('700,10,10')).toMatch(/100\/1\/0 +│ +100\/1\/0 +│/);
  expect(line('2000,10,10')).toMatch(/120\/1\/0 +│ +100\/1\/0 ! +│/);
  expect(line('disable\+collect\/100000'.replace(/\\/g, ''))).toMatch(/100\/3\/0 +│ +100\/1\/0 ! +│/);
  expect(JSON.parse(measureReporters.json(r)).format).toBe('gcdiag-tune-measure');
});

test('ties only within the run-to-run spread', () => {
  const row = (lo: number, mid: number, hi: number) => ({
    median: { gcTimeMs: mid }, min: { gcTimeMs: lo }, max: { gcTimeMs: hi },
  }) as never;
  // Pooled spread: the median of 20 %, 8 %, 7 % = 8 %; 12 and 13 differ by 7.7 %: a tie; 100 stands apart.
  expect(rankByGcTime([row(90, 100, 110), row(11.5, 12, 12.5), row(12.5, 13, 13.4)])).toEqual([[1, 2], [0]]);
  // 12 and 14 differ by 14 %, more than the pooled spread and than their own ranges (1): ordered.
  expect(rankByGcTime([row(90, 100, 110), row(11.5, 12, 12.5), row(13.5, 14, 14.5)])).toEqual([[1], [2], [0]]);
  // One candidate's wide own range makes it tie with its neighbour.
  expect(rankByGcTime([row(97.5, 100, 102.5), row(11.5, 12, 12.5), row(10, 14, 16)])).toEqual([[1, 2], [0]]);
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 2, 3])).toBe(2.5);
  expect(countsAgree(105, 100)).toBe(true);
  expect(countsAgree(106, 100)).toBe(false);
  expect(countsAgree(2, 1)).toBe(true);
});

test('the cost fit recovers a known line, and its quality says how well', () => {
  const pts: CostPoint[] = [];
  for (const x of [0, 1000, 5000, 20000, 100000]) for (const noise of [-1, 0, 1]) pts.push([0, x, 3000 + 80 * x + noise * 10, x]);
  const mid = medianPoints(pts);
  expect(mid).toHaveLength(5);
  const f = fitCost(mid);
  expect(f.perCollectionNs).toBe(3000);
  expect(f.perObjectNs).toBeCloseTo(80, 6);
  expect(f.r2).toBeCloseTo(1, 9);
  const c = calibration('3.11.7', 'python3', pts, new Date('2026-12-07T03:00:00Z'));
  expect(Calibration.parse(c)).toEqual(c);
  expect(c).toMatchObject({ format: 'gcdiag-calibration', version: 1, python: '3.11.7', perCollectionNs: 3000, perObjectNs: 80, created: '2026-12-07T03:00:00Z' });
});

test('a calibration file is read back; anything else is one InputError naming the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcdiag-cal-'));
  const good = join(dir, 'cal.json');
  writeFileSync(good, JSON.stringify({ format: 'gcdiag-calibration', version: 1, python: '3.12.1', perCollectionNs: 4000, perObjectNs: 95 }));
  expect(readCalibration(good).perObjectNs).toBe(95);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ format: 'gcdiag-calibration', version: 1, python: '3.12.1', perCollectionNs: -1, perObjectNs: 95 }));
  expect(() => readCalibration(bad)).toThrow(InputError);
  expect(() => readCalibration(bad)).toThrow(/bad\.json: perCollectionNs: expected a gcdiag-calibration file/);
  writeFileSync(bad, 'not json');
  expect(() => readCalibration(bad)).toThrow(/line 1: expected a JSON calibration file/);
  expect(() => readCalibration(join(dir, 'none.json'))).toThrow(/no such file/);
});

test('bad candidate lists and programs are usage errors', () => {
  expect(() => planCandidates({ thresholds: ['700,-1,10'] }, '3.11.7')).toThrow(UsageError);
  expect(() => planCandidates({ thresholds: ['7.5'] }, '3.11.7')).toThrow(UsageError);
  expect(() => planCandidates({ thresholds: ['1,2,3,4'] }, '3.11.7')).toThrow(UsageError);
  expect(() => planCandidates({ thresholds: ['700,10,10', '700'] }, '3.11.7')).toThrow(/given twice/);
  expect(() => planCandidates({}, '3.11.7')).toThrow(/needs candidates/);
  expect(() => planCandidates({ thresholds: ['disable+collect/0'] }, '3.11.7')).toThrow(UsageError);
  // Missing thresholds come from the interpreter's defaults.
  expect(planCandidates({ thresholds: ['5000'], freezeAt: 'warmup' }, '3.13.0').map((c) => c.label)).toEqual(['5000,10,10', '2000,10,10+freeze@warmup']);
  expect(() => planRuns('0')).toThrow(UsageError);
  expect(() => planTarget(['python3', 'nope.py'])).toThrow(/script not found: nope.py/);
  expect(() => planTarget(['python3'])).toThrow(/needs a program/);
  expect(planTarget(['python3.12', '-m', 'pkg', 'x'])).toEqual({ python: 'python3.12', argv: ['-m', 'pkg', 'x'] });
});
