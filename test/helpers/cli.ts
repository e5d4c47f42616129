// Running the built CLI (npm test builds first) and golden files of its output.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

export function gcdiag(args: string[], opts: { cwd?: string; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gcdiag.js'), ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', input: opts.input, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 600_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** Compare a run with test/golden/NAME.txt (UPDATE_GOLDEN=1 rewrites it; a missing one fails). */
export function expectGolden(name: string, run: CliRun): void {
  const file = join(ROOT, 'test', 'golden', `${name}.txt`);
  const text = `$ exit code ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
  if (!process.env.UPDATE_GOLDEN && !existsSync(file)) {
    throw new Error(`no golden file ${file}: record it with UPDATE_GOLDEN=1 and review it`);
  }
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}
