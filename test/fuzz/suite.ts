// The fuzz run shared by both tiers: N mutated inputs in chunks (no single test
// near vitest's timeout), then a spawned sample that must match the in-process
// runs byte for byte (the harness's stubs change nothing). A failure names the
// base seed: FUZZ_SEED=<seed> reruns the same inputs.
import { it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fuzz, describeFindings, Workspace, type FuzzStats } from './harness.js';
import { runInProcess } from './in-process.js';
import { checkRun } from './check.js';
import type { Seed } from './corpus.js';
import { ROOT } from '../helpers/cli.js';

export interface SuiteOptions {
  inputs: number;
  chunk: number;
  spawned: number;
  /** Default base seed when FUZZ_SEED is not set. */
  seed: number;
  seeds: () => Seed[];
}

export function fuzzSuite(o: SuiteOptions): void {
  const base = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : o.seed;
  let seeds: Seed[] | undefined;
  const total: FuzzStats[] = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let first = 0; first < o.inputs; first += o.chunk) {
    const n = Math.min(o.chunk, o.inputs - first);
    it(`inputs ${first}-${first + n - 1} (FUZZ_SEED=${base}): exit 0/2 only, one line on 2, no stack trace, JSON that parses, readers agree`, async () => {
      seeds ??= o.seeds();
      const stats = await fuzz({ seeds, inputs: n, baseSeed: base, first });
      total.push(stats);
      expect(stats.findings, describeFindings(stats, base)).toEqual([]);
      // The mutations reach the analyses, not only the parsers.
      expect(stats.byCode[0] ?? 0).toBeGreaterThan(n / 20);
    });
  }

  it(`a spawned sample of ${o.spawned} inputs gives what the in-process runs gave`, async () => {
    seeds ??= o.seeds();
    const ws = new Workspace(seeds);
    try {
      for (let i = 0; i < o.spawned; i++) {
        const input = ws.input(base, 1_000_000 + i, 0);
        const inProcess = await runInProcess(input.args);
        const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gcdiag.js'), ...input.args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
        const spawned = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: 0, cpuMs: 0 };
        expect(checkRun(input.args, input.file, spawned), `FUZZ_SEED=${base} spawned input ${i}: gcdiag ${input.args.join(' ')}`).toBeNull();
        expect({ code: spawned.code, stderr: spawned.stderr }).toEqual({ code: inProcess.code, stderr: inProcess.stderr });
        // Reports may carry timings; the shape must match.
        expect(spawned.stdout.split('\n').length).toBe(inProcess.stdout.split('\n').length);
      }
    } finally {
      ws.remove();
    }
  });

  it('reports what it ran', () => {
    const sum = (f: (s: FuzzStats) => number) => total.reduce((a, s) => a + f(s), 0);
    const cpu = process.cpuUsage(c0);
    const codes: Record<string, number> = {};
    for (const s of total) for (const [k, v] of Object.entries(s.byCode)) codes[k] = (codes[k] ?? 0) + v;
    console.log(`fuzz: ${sum((s) => s.inputs)} inputs (FUZZ_SEED=${base}), exit codes ${JSON.stringify(codes)}, ${sum((s) => s.readerChecks)} reader comparisons, `
      + `${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, load ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs`);
    expect(sum((s) => s.inputs)).toBe(o.inputs);
  });
}
