// gcdiag capture --pid on python3: a live program holding a known leak, with
// its main thread asleep in a system call (gdb runs the bootstrap at once),
// spinning in Python (a pending call) or joining a thread (a lock wait nudged to
// run pending calls), and one-line errors. CPython 3.8-3.13: the oracle tier's
// capture-attach-versions.test.ts. Skipped, with the reason, where gdb is missing
// or ptrace is not permitted.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PYTHON, PY_DIR, tempDir } from './capture-helpers.js';
import { MODES, NO_ATTACH, attachCase, gcdiag as run, startTarget } from './capture-attach-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const gcdiag = (args: string[], env: NodeJS.ProcessEnv = {}) => run(dir, args, env);

describe.skipIf(NO_ATTACH)(`gcdiag capture --pid${NO_ATTACH ? ` (skipped: ${NO_ATTACH})` : ''}`, () => {
  for (const mode of MODES) attachCase(() => dir, 'python3', PYTHON, mode);

  it('one line, exit 2: no such process, not Python, a program given too', () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      for (const [args, message] of [
        [['--pid', '999999999'], /^gcdiag: --pid 999999999: no such process$/],
        [['--pid', String(sleeper.pid)], /^gcdiag_capture: --pid \d+: not a Python process \(its executable is .*sleep\)$/],
        [['--pid', '1', 'app.py'], /^gcdiag: --pid attaches to a running process: give no program to run$/],
        [['--pid', 'x'], /^gcdiag: --pid expects a process id/],
      ] as [string[], RegExp][]) {
        const r = gcdiag(['capture', ...args]);
        expect(r.status).toBe(2);
        expect(r.stderr.trim()).toMatch(message);
      }
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('one line, exit 2, when gdb is not on PATH', async () => {
    const python = spawnSync(PYTHON, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
    const { child } = await startTarget(dir, python, 'sleep', join(dir, 'stop-nogdb'));
    try {
      const r = gcdiag(['capture', '--python', python, '--pid', String(child.pid), '--out', join(dir, 'nogdb.json')], { PATH: join(dir, 'empty') });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(/^gcdiag_capture: --pid \d+: gdb is not installed/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  const rootSetpriv = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0 && existsSync('/usr/bin/python3');
  it.skipIf(!rootSetpriv)(`one line, exit 2, when ptrace is not permitted${rootSetpriv ? '' : ' (skipped: needs root, setpriv and /usr/bin/python3)'}`, async () => {
    // Another user's process that made itself undumpable: that user may not trace it either.
    const shared = mkdtempSync(join(tmpdir(), 'gcdiag-attach-'));
    try {
      chmodSync(shared, 0o755);
      mkdirSync(join(shared, 'out'), { mode: 0o777 });
      chmodSync(join(shared, 'out'), 0o777);
      cpSync(join(PY_DIR, 'gcdiag_capture'), join(shared, 'gcdiag_capture'), { recursive: true, filter: (s) => !s.includes('__pycache__') });
      spawnSync('chmod', ['-R', 'a+rX', shared]);
      const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
      const target = spawn('setpriv', [...nobody, '/usr/bin/python3', '-c',
        'import ctypes, sys, time\nctypes.CDLL(None).prctl(4, 0, 0, 0, 0)\nprint("ready", flush=True)\ntime.sleep(60)']);
      await new Promise<void>((resolve) => target.stdout!.on('data', () => resolve()));
      try {
        const r = spawnSync('setpriv', [...nobody, '/usr/bin/python3', '-m', 'gcdiag_capture', '--pid', String(target.pid), '--out', join(shared, 'out', 'x.json')],
          { encoding: 'utf8', cwd: shared, env: { ...process.env, PYTHONPATH: shared } });
        expect(r.status).toBe(2);
        expect(r.stderr.trim()).toMatch(/^gcdiag_capture: --pid \d+: ptrace is not permitted .*CAP_SYS_PTRACE/);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      } finally {
        target.kill('SIGKILL');
      }
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});
