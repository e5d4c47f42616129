// Running whole Python programs (the tutorial's examples) in a real interpreter
// and collecting what they print, so fixture traces can be checked against them.
import { spawnSync } from 'node:child_process';
import type { Interpreter } from './interpreters.js';

interface PyodideRunner {
  runPython(code: string): unknown;
  setStdout(o: { batched: (s: string) => void }): void;
}

const loaded = new Map<string, Promise<PyodideRunner>>();

async function pyodide(dir: string): Promise<PyodideRunner> {
  let p = loaded.get(dir);
  if (!p) {
    p = (async () => {
      const mod = (await import(`${dir}/pyodide.mjs`)) as { loadPyodide: (o: object) => Promise<PyodideRunner> };
      return mod.loadPyodide({ indexURL: `${dir}/`, stdout: () => {}, stderr: () => {} });
    })();
    loaded.set(dir, p);
  }
  return p;
}

/**
 * stdout lines of `code` run as a program. Under Pyodide the interpreter is shared
 * and never exits, so the harness makes it look fresh: it collects the loader's
 * own cyclic garbage first (a new python3 process has none), runs the atexit
 * handlers at the end, then puts back what the program changed (debug flags,
 * gc.garbage, thresholds, weakref.finalize's shutdown state).
 */
export async function runProgram(interp: Interpreter, code: string, file = 'program.py'): Promise<string[]> {
  if (interp.kind === 'native') {
    const r = spawnSync(interp.command, ['-c', code], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) throw new Error(`${file} failed under ${interp.name}: ${r.stderr.trim().split('\n').slice(-1)[0]}`);
    return r.stdout.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);
  }
  const py = await pyodide(interp.dir);
  const out: string[] = [];
  py.setStdout({ batched: (s) => out.push(s) });
  const wrapped = [
    'import gc as __gc, atexit as __atexit, weakref as __weakref',
    '__defaults = __gc.get_threshold()', '__gc.collect()',
    `__ns = {"__name__": "__main__", "__file__": ${JSON.stringify(file)}}`,
    'try:',
    `    exec(compile(${JSON.stringify(code)}, ${JSON.stringify(file)}, "exec"), __ns)`,
    '    __atexit._run_exitfuncs()',
    'finally:',
    '    __weakref.finalize._shutdown = False',
    '    __weakref.finalize._registered_with_atexit = False',
    '    __gc.set_debug(0); __gc.garbage.clear(); __gc.set_threshold(*__defaults); __gc.enable()',
    '    del __ns',
    '    __gc.collect()',
  ].join('\n');
  py.runPython(wrapped);
  return out;
}
