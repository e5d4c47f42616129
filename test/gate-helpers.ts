// Shared by the gate tests on real programs: run fixtures/programs/gate_*.py
// in a real interpreter (a snapshot after each run), then gate what it wrote.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { gcdiag, ROOT } from './helpers/cli.js';
import type { GateResult } from '../src/gate/result.js';
import { runGate } from '../src/gate/gate.js';
import type { GateConfig } from '../src/gate/config-schema.js';
import { GateReport } from '../src/report/schemas/gate.js';

export const GATE_PROGRAMS = ['module_cache', 'listeners', 'bound_method', 'clean', 'garbage', 'slow_leak', 'saveall'] as const;
export type GateProgram = (typeof GATE_PROGRAMS)[number];
export const RUNS = 5;

/** Run gate_NAME.py for RUNS runs; the snapshot files in run order. */
export function captureRuns(program: GateProgram, python: string, runs = RUNS): string[] {
  const dir = mkdtempSync(join(tmpdir(), `gcdiag-gate-${program}-`));
  const r = spawnSync(python, [join(ROOT, 'fixtures', 'programs', `gate_${program}.py`), dir, String(runs)], {
    encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(ROOT, 'python') }, timeout: 300_000,
  });
  expect(r.stderr, `${program} on ${python}`).not.toMatch(/Traceback/);
  expect(r.status).toBe(0);
  return readdirSync(dir).filter((f) => /^run-\d+\.json$/.test(f)).sort().map((f) => join(dir, f));
}

export function gateJson(files: string[], extra: string[] = [], cwd?: string): { code: number; result: GateResult; stderr: string } {
  const run = gcdiag(['gate', ...files, '--format', 'json', ...extra], { cwd });
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as GateResult;
  GateReport.strict().parse(result);   // every real gate report holds schema/gate-report.schema.json
  return { code: run.code, result, stderr: run.stderr };
}

export const failingTypes = (r: GateResult) => r.series.flatMap((s) => s.findings.filter((f) => f.failed).map((f) => f.type)).sort();

/** The gate in this process (the CLI's exit code is 1 exactly when result.failed). */
export async function gateHere(files: string[], config: GateConfig = {}, failOnGarbage = false): Promise<{ code: number; result: GateResult }> {
  const result = await runGate(files, { config: { file: null, config }, failOnGarbage });
  return { code: result.failed ? 1 : 0, result };
}

/** Expected verdicts, the same on every CPython: the leaking types each program must show (at least), or a clean pass. */
export async function checkVerdict(program: GateProgram, files: string[]): Promise<void> {
  const { code, result } = await gateHere(files);
  const s = result.series[0];
  const types = failingTypes(result);
  const pathOf = (t: string) => s.findings.find((f) => f.type === t)?.path?.path;
  switch (program) {
    case 'module_cache':
      expect(code).toBe(1);
      expect(types).toEqual(expect.arrayContaining(['__main__.Page', 'builtins.bytes']));
      expect(pathOf('__main__.Page')?.root).toMatchObject({ name: 'module __main__', label: '_PAGES' });
      break;
    case 'listeners':
      expect(code).toBe(1);
      expect(types).toEqual(expect.arrayContaining(['__main__.Session', 'builtins.function']));
      expect(pathOf('builtins.function')?.root).toMatchObject({ name: 'module __main__', label: 'BUS' });
      expect(pathOf('builtins.function')?.steps.map((x) => x.label)).toContain('listeners');
      break;
    case 'bound_method':
      expect(code).toBe(1);
      expect(types).toEqual(expect.arrayContaining(['__main__.Widget', 'builtins.method']));
      expect(pathOf('__main__.Widget')?.root).toMatchObject({ name: 'module __main__', label: 'CALLBACKS' });
      expect(pathOf('__main__.Widget')?.steps.map((x) => x.label)).toContain('__self__');
      break;
    case 'clean':
      expect([code, types]).toEqual([0, []]);
      expect(s.suppressed.map((x) => x.id)).toEqual(expect.arrayContaining(['re', 'typing', 'logging', 'linecache']));
      break;
    case 'garbage':
      expect([code, types]).toEqual([0, []]);
      expect(s.garbage.growing).toBe(true);
      expect(s.garbage.perRun.cycles).toBe(40);
      break;
    case 'slow_leak':
      expect(code).toBe(1);
      expect(types).toEqual(['__main__.Token']);
      expect(s.findings.find((f) => f.type === '__main__.Token')?.countDeltas).toEqual([1, 1, 1, 1].slice(0, RUNS - 1));
      break;
    case 'saveall':
      expect(code).toBe(1);
      expect(types).toEqual([]);
      // 3.8-3.10 also keep each Pair's __dict__: the Pairs are there whatever the version.
      expect(s.uncollectable.failed).toBe(true);
      expect(s.uncollectable.types).toContainEqual({ type: '__main__.Pair', count: 2 * RUNS });
      break;
  }
}
