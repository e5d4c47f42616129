// Shared by the pytest plugin tests: find the machine's pytests, run one on a
// fixture suite under fixtures/pytest/, read back the typestats it wrote.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PY_DIR, ROOT } from './capture-helpers.js';

export const SUITES = join(ROOT, 'fixtures', 'pytest');

/** A Python with pytest: exe is undefined when the machine has none (the tests skip, naming it). */
export interface Pytest { label: string; exe: string | undefined; version: string | undefined }

function pytestVersion(exe: string): string | undefined {
  if (!existsSync(exe)) return undefined;
  const r = spawnSync(exe, ['-c', 'import pytest; print(pytest.__version__)'], { encoding: 'utf8', cwd: tmpdir() });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function pyenv(version: string): string | undefined {
  const root = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (!existsSync(root)) return undefined;
  const dir = readdirSync(root).find((d) => d === version || d.startsWith(`${version}.`));
  return dir ? join(root, dir, 'bin', 'python3') : undefined;
}

function found(label: string, exe: string | undefined, major: string): Pytest {
  const version = exe ? pytestVersion(exe) : undefined;
  const ok = version !== undefined && version.split('.')[0] === major;
  return { label: ok ? `${label} (pytest ${version})` : `${label} (not installed)`, exe: ok ? exe : undefined, version };
}

/** pytest 7 from Debian's python3-pytest (/usr/bin/python3) and pytest 9 in pyenv's 3.11.7. */
export const PYTESTS: Pytest[] = [
  found('Debian /usr/bin/python3', process.env.GCDIAG_PYTEST7_PYTHON ?? '/usr/bin/python3', '7'),
  found('pyenv 3.11.7', process.env.GCDIAG_PYTEST9_PYTHON ?? pyenv('3.11.7'), '9'),
];

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gcdiag-plugin-'));
}

/** pytest on fixtures/pytest/SUITE with the plugin from python/ (-p), no other plugins autoloaded. */
export function runPytest(py: Pytest, suite: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(py.exe!, ['-m', 'pytest', '-p', 'gcdiag_capture.pytest_plugin', '-p', 'no:cacheprovider', ...args], {
    cwd: join(SUITES, suite),
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: PY_DIR, PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1', ...env },
    timeout: 300_000,
  });
}

export interface TypestatsDoc {
  format: string; version: number; python: string; label: string; test: string | null; run: number; warmup: number;
  created: string; pid: number; gc: { enabled: boolean; threshold: number[]; freeze_count: number };
  types: [string, number, number][]; collected: number; garbage: number;
}

/** The run-NN.json files of one test, checked against FORMATS.md's shape, in run order. */
export function readSeries(dir: string): TypestatsDoc[] {
  const files = readdirSync(dir).filter((f) => /^run-\d\d\.json$/.test(f)).sort();
  const docs = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as TypestatsDoc);
  docs.forEach((d, i) => {
    expect(d.format).toBe('gcdiag-typestats');
    expect(d.version).toBe(1);
    expect(d.run).toBe(i + 1);
    expect(d.python).toMatch(/^3\.\d+\.\d+$/);
    expect(d.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(d.gc.threshold).toHaveLength(3);
    for (const row of d.types) {
      expect(typeof row[0]).toBe('string');
      expect(Number.isInteger(row[1]) && row[1] > 0).toBe(true);
      expect(Number.isInteger(row[2]) && row[2] >= 0).toBe(true);
    }
  });
  return docs;
}

/** A type's count after each run (0 when absent). */
export function counts(series: TypestatsDoc[], name: string): number[] {
  return series.map((d) => d.types.find((t) => t[0] === name)?.[1] ?? 0);
}

/** The test directories the plugin made under DIR (one per checked test). */
export function testDirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).map((d) => join(dir, d)) : [];
}
