// Issue 10's regression traces (fixtures/traces/regress-*.json) on every other
// interpreter found at run time: pyenv's native CPython 3.8-3.10, 3.12, 3.13 and
// the Pyodide builds from npm. A missing one is a skipped test with its reason.
import { test, expect } from 'vitest';
import { compareBatch } from '../../src/oracle/batch.js';
import { pyodideDir, PYODIDE_BUILDS } from '../../src/oracle/interpreters.js';
import { agreeingTraces, regressTrace, pyenvPython, disagreements } from '../regress-interpreters.js';

const natives = [8, 9, 10, 12, 13].map((minor) => ({ minor, name: `native CPython 3.${minor} (pyenv)`, spec: pyenvPython(minor) }));
const pyodides = Object.entries(PYODIDE_BUILDS).map(([minor, b]) => ({
  minor: Number(minor.split('.')[1]), name: `Pyodide ${minor} (CPython ${b.cpython})`, spec: pyodideDir(minor) ? `pyodide-${minor}` : undefined,
}));

for (const { minor, name, spec } of [...natives, ...pyodides]) {
  test.skipIf(!spec)(`the regression traces agree with ${name}${spec ? '' : ': not installed'}`, async () => {
    // 3.7/3.8's weakref.finalize is not modelled (README, Known gaps).
    const items = agreeingTraces().filter(({ trace }) => minor >= 9 || !trace.events.some((e) => e.op === 'finalize'));
    const out = await compareBatch(spec!, items);
    expect(out).toHaveLength(items.length);
    expect(disagreements(out)).toEqual([]);
    // The trashcan gap: at most the order of the finalizers differs.
    const [chain] = await compareBatch(spec!, [regressTrace('trashcan-chain', 'known-gaps')]);
    const rows = chain.comparison!.rows;
    expect(rows.filter((r) => !r.same && !r.item.startsWith('call '))).toEqual([]);
    const calls = rows.filter((r) => r.item.startsWith('call '));
    expect(calls.map((r) => r.model).sort()).toEqual(calls.map((r) => r.cpython).sort());
  }, 600_000);
}
