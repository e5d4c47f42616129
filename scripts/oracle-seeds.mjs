// The random-trace options the oracle tests use per seed and interpreter
// (test/helpers/oracle.ts seedOptions, test/oracle-tier/random-native.test.ts), so the
// dev scripts check exactly the traces CI runs. Env: LEGACY=0|1, EXTRAS=0|1 force them.
import { spawnSync } from 'node:child_process';
import { randomTrace } from '../dist/gen/random.js';

const testcapi = new Map();
/** Whether the interpreter can make legacy tp_del classes (_testcapi.with_tp_del). */
function hasLegacy(spec) {
  if (spec === 'python3' || /^pyodide-?3\.?14$/.test(spec)) return true;
  if (spec.startsWith('pyodide')) return false;
  if (!testcapi.has(spec)) testcapi.set(spec, spawnSync(spec, ['-c', 'import _testcapi; _testcapi.with_tp_del'], { stdio: 'ignore' }).status === 0);
  return testcapi.get(spec);
}

/** CPython 3.x minor of a native interpreter (undefined for Pyodide or when it cannot run). */
function minorOf(spec) {
  if (spec.startsWith('pyodide')) return Number(/1[1-4]/.exec(spec)?.[0]);
  const r = spawnSync(spec, ['-c', 'import sys; print(sys.version_info[1])'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : undefined;
}

export function traceFor(spec, seed, events) {
  const minor = traceFor.minors.get(spec) ?? traceFor.minors.set(spec, minorOf(spec)).get(spec);
  const legacy = process.env.LEGACY ? process.env.LEGACY === '1' : hasLegacy(spec) && seed % 2 === 0;
  const extras = process.env.EXTRAS ? process.env.EXTRAS === '1' : seed % 4 === 3;
  return randomTrace({
    seed, legacy, extras,
    // 3.7/3.8: no gc.is_finalized(); their weakref.finalize (an *args __init__) is not modelled.
    isFinalized: minor === undefined || minor >= 9, finalize: minor === undefined || minor >= 9,
    // 3.14.0-3.14.4's increments follow references through an unfrozen interpreter heap.
    ...(/3\.?14/.test(spec) ? { unfreeze: false, tiny: false } : {}),
    ...(events ? { events: Number(events) } : {}),
  });
}
traceFor.minors = new Map();
