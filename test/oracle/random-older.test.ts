// The 3.7-3.10 profiles against real CPython 3.7 to 3.10, and 3.12/3.13 against
// native builds (beside Pyodide's WebAssembly ones), when such interpreters are
// installed (pyenv's default folder, or GCDIAG_OLDER_PYTHONS as a colon-separated
// list of executables). Neither Pyodide nor Debian ships native builds of them,
// so on a machine without them these tests are reported as skipped, not passed.
// Half the traces use a legacy tp_del class when the build has _testcapi;
// 3.7/3.8 traces do not observe gc.is_finalized() (new in 3.9).
import { test } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomTrace } from '../../src/gen/random.js';
import { describeDifferences, type BatchItem } from '../../src/oracle/batch.js';
import { compareInChunks, seedOptions } from '../helpers/oracle.js';
import { expect } from 'vitest';

const SEEDS = Math.min(200, Number(process.env.GCDIAG_ORACLE_SEEDS ?? 200));

function findOlder(minor: number): string | undefined {
  const listed = (process.env.GCDIAG_OLDER_PYTHONS ?? '').split(':').filter(Boolean);
  const fromEnv = listed.find((p) => new RegExp(`3\\.${minor}(\\.|$|/)`).test(p));
  if (fromEnv) return fromEnv;
  const root = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (!existsSync(root)) return undefined;
  const dir = readdirSync(root).find((d) => d.startsWith(`3.${minor}.`));
  const exe = dir && join(root, dir, 'bin', 'python3');
  return exe && existsSync(exe) ? exe : undefined;
}

function hasTestcapi(exe: string): boolean {
  return spawnSync(exe, ['-c', 'import _testcapi; _testcapi.with_tp_del'], { stdio: 'ignore' }).status === 0;
}

for (const minor of [7, 8, 9, 10, 12, 13]) {
  const exe = findOlder(minor);
  const tpDel = exe !== undefined && hasTestcapi(exe);
  test.skipIf(!exe)(`${SEEDS} random traces agree with native CPython 3.${minor} (when installed)`, async () => {
    const items: BatchItem[] = [];
    // 3.7/3.8: no gc.is_finalized(), and their weakref.finalize (an *args
    // __init__) is not modelled.
    for (let s = 0; s < SEEDS; s++) items.push({ name: `seed ${s}`, trace: randomTrace({
      ...seedOptions(s, tpDel), isFinalized: minor >= 9, finalize: minor >= 9,
    }) });
    const out = await compareInChunks(exe!, items);
    const bad = out.filter((o) => o.error || o.comparison!.differences > 0);
    expect(out.length).toBe(SEEDS);
    expect(bad.map((o) => describeDifferences(o)).slice(0, 10)).toEqual([]);
  });
}
