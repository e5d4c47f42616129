// Running traces in a real interpreter with python/gcdiag_oracle.py.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { oracleScript } from './paths.js';
import type { Interpreter } from './interpreters.js';
import { UsageError } from '../errors.js';

export interface OracleCall {
  kind: string;
  obj?: string;
  text?: string | null;
}

export interface OracleEnd {
  count: number[];
  stats: number[][];
  threshold: number[];
  enabled: boolean;
  garbage: string[];
  freezeCount: number;
}

export type OracleResult =
  | {
    ok: true; python: string; collects: number[]; calls: OracleCall[];
    observations: { what: string; value: unknown }[]; end: OracleEnd;
    baseline: { permanent: number; immortal: number };
  }
  | { ok: false; python: string; error: string };

/** Run traces (parsed JSON documents) and return one result per trace. */
export async function runOracle(interp: Interpreter, traces: unknown[]): Promise<OracleResult[]> {
  return interp.kind === 'native' ? runNative(interp.command, traces) : runPyodide(interp.dir, traces);
}

/** gcdiag_oracle.py's exit status for an interpreter too old to run traces. */
const EXIT_UNSUPPORTED = 4;

function runNative(command: string, traces: unknown[]): Promise<OracleResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [oracleScript(), '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('error', (e) => reject(new UsageError(`cannot run ${command}: ${e.message}`)));
    // An interpreter that stops early closes its stdin: the error is in its exit status.
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      const last = err.trim().split('\n').slice(-1)[0] ?? '';
      if (code === EXIT_UNSUPPORTED || /^SyntaxError/.test(last)) {
        reject(new UsageError(`${command} cannot run traces: ${code === EXIT_UNSUPPORTED ? last : 'not CPython 3.7 or newer'}`));
        return;
      }
      // 126/127: the shell's "cannot execute" / "not found" (a pyenv shim for a version not selected says so).
      if (code === 126 || code === 127) {
        reject(new UsageError(`cannot run ${command}: ${err.trim().split('\n')[0] || 'not found'} (exit ${code})`));
        return;
      }
      if (code !== 0) {
        reject(new Error(`${command} gcdiag_oracle.py exited with ${code}: ${err.trim().split('\n').slice(-1)[0] ?? ''}`));
        return;
      }
      resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as OracleResult));
    });
    child.stdin.end(JSON.stringify(traces));
  });
}

interface PyodideApi {
  runPython(code: string): unknown;
  globals: { get(name: string): unknown };
}

const loaded = new Map<string, Promise<PyodideApi>>();

async function loadPyodideAt(dir: string): Promise<PyodideApi> {
  let p = loaded.get(dir);
  if (!p) {
    p = (async () => {
      const mod = (await import(`${dir}/pyodide.mjs`)) as { loadPyodide: (o: object) => Promise<PyodideApi> };
      const py = await mod.loadPyodide({ indexURL: `${dir}/`, stdout: () => {}, stderr: () => {} });
      py.runPython(readFileSync(oracleScript(), 'utf8').replace(/\nif __name__ == '__main__':[\s\S]*$/, '\n'));
      return py;
    })();
    loaded.set(dir, p);
  }
  return p;
}

async function runPyodide(dir: string, traces: unknown[]): Promise<OracleResult[]> {
  const py = await loadPyodideAt(dir);
  const fn = py.globals.get('run_many_json') as (s: string) => string;
  const text = fn(JSON.stringify(traces));
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as OracleResult);
}
