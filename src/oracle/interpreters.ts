// Real interpreters gcdiag can run a trace in: a native `python3` (or any path),
// or a Pyodide build from npm (real CPython compiled to WebAssembly, offline).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { packageRoot } from './paths.js';
import { UsageError } from '../errors.js';

export type Interpreter =
  | { kind: 'native'; command: string; name: string }
  | { kind: 'pyodide'; dir: string; name: string; version: string };

/** Pyodide npm builds and the CPython they contain (installed as aliased devDependencies). */
export const PYODIDE_BUILDS: Record<string, { pkg: string; npm: string; cpython: string }> = {
  '3.11': { pkg: 'pyodide-311', npm: 'pyodide@0.25.1', cpython: '3.11.3' },
  '3.12': { pkg: 'pyodide-312', npm: 'pyodide@0.27.7', cpython: '3.12.7' },
  '3.13': { pkg: 'pyodide-313', npm: 'pyodide@0.28.3', cpython: '3.13.2' },
  '3.14': { pkg: 'pyodide-314', npm: 'pyodide@314.0.7', cpython: '3.14.2' },
};

export function pyodideDir(minor: string): string | undefined {
  const b = PYODIDE_BUILDS[minor];
  if (!b) return undefined;
  const direct = join(packageRoot(), 'node_modules', b.pkg);
  if (existsSync(join(direct, 'pyodide.mjs'))) return direct;
  try {
    const req = createRequire(join(packageRoot(), 'package.json'));
    return join(req.resolve(`${b.pkg}/package.json`), '..');
  } catch {
    return undefined;
  }
}

/** "python3", "/usr/bin/python3.12", "pyodide-3.13" (or "pyodide-313"). */
export function resolveInterpreter(spec: string): Interpreter {
  const m = /^pyodide-?(3)\.?(1[1-4])$/.exec(spec);
  if (m) {
    const minor = `${m[1]}.${m[2]}`;
    const dir = pyodideDir(minor);
    if (!dir) {
      throw new UsageError(`${spec}: Pyodide for CPython ${minor} is not installed (npm install ${PYODIDE_BUILDS[minor].pkg}@npm:${PYODIDE_BUILDS[minor].npm})`);
    }
    return { kind: 'pyodide', dir, name: spec, version: PYODIDE_BUILDS[minor].cpython };
  }
  if (spec.startsWith('pyodide')) throw new UsageError(`unknown Pyodide build ${JSON.stringify(spec)} (expected pyodide-3.11, -3.12, -3.13 or -3.14)`);
  return { kind: 'native', command: spec, name: spec };
}
