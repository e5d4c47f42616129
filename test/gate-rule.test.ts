// The regrtest -R rule and the pair budgets, on censuses built in code.
import { test, expect, describe } from 'vitest';
import fc from 'fast-check';
import { measuredDeltas, trend, snapshotsNeeded } from '../src/gate/rule.js';
import { evaluateSeries } from '../src/gate/evaluate.js';
import { rulesFor } from '../src/gate/rules.js';
import type { Census } from '../src/gate/census.js';
import type { GateConfig } from '../src/gate/config-schema.js';

/** A census of one type per entry: name → [count, bytes]. */
function census(types: Record<string, [number, number]>, extra: Partial<Census> = {}): Census {
  return {
    file: 'x.json', kind: 'snapshot', python: '3.11.7', pid: 1, test: null, run: null, warmup: null,
    live: new Map(Object.entries(types).map(([t, [count, bytes]]) => [t, { count, bytes }])),
    garbage: { objects: 0, bytes: 0, cycles: 0 }, uncollectable: { objects: 0, types: new Map() }, suppressed: new Map(),
    ...extra,
  };
}

function gate(counts: number[], warmup = 1, config: GateConfig = {}) {
  const censuses = counts.map((c) => census({ 'app.T': [c, c * 10], 'app.Steady': [5, 50] }));
  return evaluateSeries({ test: null, censuses, warmup, rules: rulesFor(config, null) });
}

const seriesLength = fc.integer({ min: 3, max: 12 });

describe('regrtest -R rule', () => {
  test('the examples in refleak.py: [3,0,0] [0,1,0] [8,-8,1] are fine, [5,5,6] [10,1,1] leak', () => {
    for (const d of [[3, 0, 0], [0, 1, 0], [8, -8, 1]]) expect(trend(d)).not.toBe('leaks');
    for (const d of [[5, 5, 6], [10, 1, 1]]) expect(trend(d)).toBe('leaks');
    expect(trend([0, 1, 0])).toBe('fluctuates');
    expect(trend([0, 0, 0])).toBe('steady');
    expect(trend([0, -2, 0])).toBe('shrinks');
  });

  test('a strictly growing series leaks, whatever the warm-ups', () => {
    fc.assert(fc.property(seriesLength, fc.integer({ min: 0, max: 1000 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 12, maxLength: 12 }), (k, start, steps) => {
      const counts = [start];
      for (let i = 1; i < k; i++) counts.push(counts[i - 1] + steps[i]);
      const warmup = Math.min(k - 2, steps[0] % 3);
      const r = gate(counts, warmup);
      expect(r.failed).toBe(true);
      expect(r.findings.find((f) => f.type === 'app.T')?.verdict).toBe('leaks');
      expect(r.findings.some((f) => f.type === 'app.Steady')).toBe(false);
    }));
  });

  test('a series that does not grow in some measured run does not leak (fluctuates or steady)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 3, maxLength: 12 }), fc.nat(), (steps, at) => {
      const counts = [100];
      for (let i = 1; i < steps.length; i++) counts.push(counts[i - 1] + steps[i]);
      const measured = counts.length - 1; // warmup 1: deltas from index 1
      const flat = 1 + (at % measured); // force one measured delta to be <= 0
      counts[flat] = counts[flat - 1] - Math.abs(steps[0] % 5);
      for (let i = flat + 1; i < counts.length; i++) counts[i] = counts[i - 1] + steps[i];
      const r = gate(counts);
      const t = r.findings.find((f) => f.type === 'app.T');
      expect(r.failed).toBe(false);
      if (t) expect(t.verdict).toBe('fluctuates');
    }));
  });

  test('warm-ups are honoured: growth only during the warm-ups is not a leak, growth after them is', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 5 }), (warmup, measured) => {
      const warming = Array.from({ length: warmup }, (_, i) => 100 + 50 * i);
      const flat = [...warming, ...Array(measured).fill(warming[warmup - 1])];
      expect(gate(flat, warmup).failed).toBe(false);
      const growing = [...warming, ...Array.from({ length: measured }, (_, i) => warming[warmup - 1] + i + 1)];
      expect(gate(growing, warmup).failed).toBe(true);
      expect(measuredDeltas(growing, warmup)).toHaveLength(growing.length - Math.max(warmup, 1));
    }));
  });

  test('the first delta after the warm-ups counts: growth stopped in the last run is fine', () => {
    expect(gate([10, 11, 12, 12], 1).failed).toBe(false);
    expect(gate([10, 11, 12, 13], 1).failed).toBe(true);
    expect(gate([10, 20, 30, 30, 31, 32], 3).failed).toBe(false);
    expect(snapshotsNeeded(0)).toBe(2);
    expect(snapshotsNeeded(3)).toBe(4);
  });

  test('bytes leak on their own (a list that grows in place)', () => {
    const censuses = [1, 2, 3, 4].map((k) => census({ 'builtins.list': [7, 1000 + 64 * k] }));
    const r = evaluateSeries({ test: null, censuses, warmup: 1, rules: rulesFor({}, null) });
    const f = r.findings[0];
    expect([f.countTrend, f.bytesTrend, f.verdict]).toEqual(['steady', 'leaks', 'leaks']);
  });

  test('a per-run budget raises the bar: growth within it every run is not a leak', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 3, max: 8 }), (step, k) => {
      const counts = Array.from({ length: k }, (_, i) => 10 + step * i);
      expect(gate(counts, 1, { types: { 'app.T': { count: step, bytes: step * 10 } } }).failed).toBe(false);
      expect(gate(counts, 1, { types: { 'app.T': { count: step - 1, bytes: step * 10 } } }).failed).toBe(true);
      expect(gate(counts, 1, { maxGrowth: { count: step, bytes: step * 10 } }).failed).toBe(false);
    }));
  });
});

describe('pair budgets', () => {
  test('growth over the budget fails, within it passes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -50, max: 100 }), fc.integer({ min: 0, max: 100 }), (base, growth, budget) => {
      const config: GateConfig = { types: { 'app.T': { count: budget, bytes: budget * 10 } } };
      const r = gate([base + 60, base + 60 + growth], 1, config);
      expect(r.mode).toBe('pair');
      expect(r.failed).toBe(growth > budget);
      const f = r.findings.find((x) => x.type === 'app.T');
      if (growth > budget) expect(f?.verdict).toBe('over budget');
      else if (growth > 0) expect(f?.verdict).toBe('within budget');
    }));
  });

  test('total bytes budget, ignores, per-test overrides', () => {
    const censuses = [census({ 'app.A': [1, 100], 'app.cache.B': [1, 100] }), census({ 'app.A': [1, 150], 'app.cache.B': [9, 900] })];
    const run = (config: GateConfig, test: string | null = null) => evaluateSeries({ test, censuses, warmup: 1, rules: rulesFor(config, test) });
    expect(run({}).findings.filter((f) => f.failed).map((f) => f.type)).toEqual(['app.cache.B', 'app.A']);
    const ignored = run({ ignoreModules: ['app.cache'], maxGrowth: { count: 0, bytes: 100 } });
    expect([ignored.failed, ignored.ignored]).toEqual([false, 1]);
    expect(run({ ignoreTypes: ['app.*'], maxTotalBytesGrowth: 10 }).failed).toBe(false);
    const total = run({ maxGrowth: { count: 10, bytes: 1000 }, maxTotalBytesGrowth: 500 });
    expect([total.failed, total.totalBytes.growth, total.totalBytes.failed]).toEqual([true, 850, true]);
    const t = run({ tests: { 'tests/test_a.py::*': { ignoreTypes: ['app.*'] } } }, 'tests/test_a.py::test_x');
    expect([t.failed, t.override]).toEqual([false, 'tests/test_a.py::*']);
    expect(run({ tests: { 'tests/test_a.py::*': { ignoreTypes: ['app.*'] } } }, 'tests/test_b.py::test_x').failed).toBe(true);
  });

  test('type names are data: __proto__-like names and constructor are plain types', () => {
    const named = (c: number, b: number) => census(Object.fromEntries([['constructor', [c, b]], ['app.toString', [1, 10]]]) as Record<string, [number, number]>);
    const censuses = [named(1, 10), named(2, 20)];
    const r = evaluateSeries({ test: null, censuses, warmup: 1, rules: rulesFor({ types: { constructor: { count: 1, bytes: 10 } } }, null) });
    expect(r.failed).toBe(false);
  });
});

describe('garbage and uncollectable', () => {
  const series = (garbage: number[], unc = 0, failOnGarbage = false) => evaluateSeries({
    test: null, warmup: 1, rules: rulesFor({}, null, [], failOnGarbage),
    censuses: garbage.map((g, i) => census({ 'app.T': [1, 10] }, { garbage: { objects: g, bytes: g * 10, cycles: g / 2 }, uncollectable: { objects: i === garbage.length - 1 ? unc : 0, types: new Map([['app.P', unc]]) } })),
  });
  test('a growing garbage set warns, fails only with --fail-on-garbage', () => {
    const r = series([10, 20, 30, 40]);
    expect([r.failed, r.garbage.growing, r.garbage.perRun]).toEqual([false, true, { objects: 10, cycles: 5 }]);
    expect(series([10, 20, 30, 40], 0, true).failed).toBe(true);
    expect(series([10, 20, 0, 10]).garbage.growing).toBe(false);
  });
  test('uncollectable objects always fail', () => {
    expect(series([0, 0, 0], 2).failed).toBe(true);
    expect(series([0, 0, 0], 2).uncollectable.types).toEqual([{ type: 'app.P', count: 2 }]);
  });
});
