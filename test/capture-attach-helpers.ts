// Shared by the --pid tests (test/capture-attach.test.ts on python3, and
// test/oracle-tier/capture-attach-versions.test.ts on CPython 3.8-3.13): a live
// program holding a known leak, its main thread asleep in a system call, spinning
// in Python or joining a thread; gcdiag capture --pid must find the leak, and the
// program must run on and keep its exit code.
import { it, expect } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON, ROOT, readSnapshot } from './capture-helpers.js';

export const BIN = join(ROOT, 'bin', 'gcdiag.js');
export const LEAKED = 321;
export const MODES = ['sleep', 'busy', 'join'] as const;

/** Why --pid cannot be tested here, or undefined. */
export function cannotAttach(): string | undefined {
  if (process.platform !== 'linux') return 'attach is tested on Linux only';
  if (spawnSync('gdb', ['--version']).status !== 0) return 'gdb is not installed';
  const child = spawn(PYTHON, ['-c', 'import time; time.sleep(30)']);
  try {
    const r = spawnSync('gdb', ['-q', '-nx', '-batch', '-p', String(child.pid), '-ex', 'detach'], { encoding: 'utf8', timeout: 60_000 });
    if (/Operation not permitted|Could not attach/.test(r.stdout + r.stderr)) return 'ptrace is not permitted here';
  } finally {
    child.kill('SIGKILL');
  }
  return undefined;
}
export const NO_ATTACH = cannotAttach();

const PROGRAM = String.raw`
import os, sys, threading, time
class LeakyThing:
    def __init__(self, i):
        self.payload = [i]
_registry = [LeakyThing(i) for i in range(${LEAKED})]
stop, mode = sys.argv[1], sys.argv[2]
def wait():
    while not os.path.exists(stop):
        time.sleep(0.05)
sys.stdout.write('leaked\n')
sys.stdout.flush()
if mode == 'sleep':
    wait()
elif mode == 'busy':       # the main thread runs bytecode: a pending call
    while not os.path.exists(stop):
        for _ in range(20000):
            pass
else:                      # the main thread waits on a lock: join()
    t = threading.Thread(target=wait)
    t.start()
    t.join()
sys.exit(3)
`;

export function gcdiag(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 300_000 });
}

/** Start the leaking program; resolves once its leak exists. */
export async function startTarget(dir: string, python: string, mode: string, stop: string): Promise<{ child: ChildProcess; err: () => string }> {
  const program = join(dir, 'leaky.py');
  writeFileSync(program, PROGRAM);
  const child = spawn(python, [program, stop, mode], { cwd: dir });
  let err = '';
  child.stderr!.on('data', (d) => { err += String(d); });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => { out += String(d); if (out.includes('leaked')) resolve(); });
    child.on('exit', (code) => reject(new Error(`target exited ${code}: ${err}`)));
  });
  return { child, err: () => err };
}

/** One `it`: attach to `python` running the leak with its main thread in `mode`. */
export function attachCase(dirOf: () => string, name: string, python: string | undefined, mode: string): void {
  it.skipIf(!python)(`${name}${python ? '' : ' (not installed)'}, main thread ${mode}: the snapshot holds the leak; the program runs on`, async () => {
    const dir = dirOf();
    const stop = join(dir, `stop-${name}-${mode}`.replace(/\W/g, '_'));
    const { child, err } = await startTarget(dir, python!, mode, stop);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const out = join(dir, `live-${mode}.json`);
    try {
      const r = gcdiag(dir, ['capture', '--pid', String(child.pid), '--out', out]);
      expect(r.stderr).toMatch(new RegExp(`^gcdiag_capture: wrote ${out} .* in pid ${child.pid}, gdb`));
      expect(r.status).toBe(0);
    } finally {
      writeFileSync(stop, '');
    }
    expect(await exited).toBe(3);   // ran on, exit code intact
    expect(err()).toBe('');         // nothing printed into the program's stderr
    const v = readSnapshot(out);
    expect(v.ofType('__main__.LeakyThing')).toHaveLength(LEAKED);
    expect(v.root('module __main__')!.to.map((t) => t.label)).toContain('_registry');
    expect(v.doc.label).toBe(`pid ${child.pid}`);
  });
}
