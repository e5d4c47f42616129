// `gcdiag capture -- -m module`, console scripts, --tracemalloc, a capture that
// cannot be written, and a working folder that would shadow the package or the
// standard library (issue 9 §3, issue 10 §3). What the program sees (sys.argv,
// sys.path[0], __name__, the interpreter) is compared with the same program run
// by Python itself, not with expected values written here.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON, PY_DIR, ROOT, readSnapshot, runPython, tempDir } from './capture-helpers.js';

const BIN = join(ROOT, 'bin', 'gcdiag.js');
const DEBIAN = '/usr/bin/python3';
let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gcdiag(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8', cwd: opts.cwd ?? dir, env: { ...process.env, NO_COLOR: '1', ...opts.env }, timeout: 300_000,
  });
}

function file(path: string, body: string, mode?: number): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, body);
  if (mode !== undefined) chmodSync(path, mode);
  return path;
}

function has(python: string, module: string): boolean {
  return existsSync(python) && spawnSync(python, ['-c', `import ${module}`]).status === 0;
}

/** What a program prints about how it was started: one JSON line. */
const SHOW = 'import json, sys\nprint("SEEN " + json.dumps({"argv": sys.argv, "path0": sys.path[0], "name": __name__, '
  + '"exe": sys.version.split()[0], "spec": getattr(__spec__, "name", None)}))\n';
const seen = (out: string) => JSON.parse(/^SEEN (.*)$/m.exec(out)![1]);
const stderrLines = (s: string) => s.trim().split('\n').filter(Boolean);

describe('gcdiag capture -- -m module', () => {
  it('runs a module as `python -m` does: sys.argv, sys.path[0], __main__, exit code', () => {
    const pkg = join(dir, 'mods');
    file(join(pkg, 'shown.py'), `${SHOW}keep = [bytes(3)]\nraise SystemExit(5)\n`);
    file(join(pkg, 'app', '__init__.py'), '');
    file(join(pkg, 'app', '__main__.py'), SHOW);
    for (const [mod, args] of [['shown', ['a', '--b']], ['app', ['x']]] as const) {
      const plain = spawnSync(PYTHON, ['-m', mod, ...args], { encoding: 'utf8', cwd: pkg });
      const out = join(dir, `mod-${mod}.json`);
      const r = gcdiag(['capture', '--out', out, '--', '-m', mod, ...args], { cwd: pkg });
      expect(r.status).toBe(plain.status);
      expect(seen(r.stdout)).toEqual(seen(plain.stdout));
      expect(r.stderr).toContain(`wrote ${out}`);
      if (mod === 'shown') {
        const v = readSnapshot(out);
        expect(v.root('module __main__')!.to.map((t) => t.label)).toContain('keep');
        expect(v.doc.label).toBe('-m shown at exit');
      }
    }
  });

  it('runs standard-library modules that exit, with their output and exit code', () => {
    for (const args of [['calendar', '2024', '2']]) {
      const plain = spawnSync(PYTHON, ['-m', ...args], { encoding: 'utf8' });
      const out = join(dir, `std-${args[0]}.json`);
      const r = gcdiag(['capture', '--out', out, '--', '-m', ...args]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(plain.stdout);
      readSnapshot(out);
    }
  });

  it('a module that does not exist: one line, exit 2, no snapshot', () => {
    const r = gcdiag(['capture', '--out', join(dir, 'none.json'), '--', '-m', 'no_such_module_xyz']);
    expect(r.status).toBe(2);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/No module named no_such_module_xyz/);
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
  });

  it.skipIf(!has(DEBIAN, 'pytest'))('-m pytest on a test folder (Debian python3-pytest), pytest\'s exit code kept', () => {
    const tests = join(dir, 'pyt');
    file(join(tests, 'test_leak.py'), '_kept = []\nclass Session:\n    pass\n'
      + 'def test_keeps():\n    _kept.extend(Session() for _ in range(37))\ndef test_fails():\n    assert 1 == 2\n');
    const out = join(dir, 'pytest.json');
    const r = gcdiag(['capture', '--python', DEBIAN, '--out', out, '--', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', tests]);
    expect(r.stdout).toMatch(/1 failed, 1 passed/);
    expect(r.status).toBe(1);   // pytest's: a test failed
    const v = readSnapshot(out);
    expect(v.doc.python.version).toBe(spawnSync(DEBIAN, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).stdout.trim());
    expect(v.ofType('test_leak.Session')).toHaveLength(37);
  });
});

describe('gcdiag capture -- console scripts', () => {
  it('finds a console script on PATH and runs it under its shebang\'s interpreter, as exec would', () => {
    const bin = join(dir, 'bin');
    // The shebang names the interpreter by its own path: the one that must run it.
    const exe = spawnSync(PYTHON, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
    const tool = file(join(bin, 'mytool'), `#!${exe}\n${SHOW}`, 0o755);
    const plain = spawnSync(tool, ['one', 'two'], { encoding: 'utf8' });
    const out = join(dir, 'tool.json');
    const r = gcdiag(['capture', '--out', out, '--', 'mytool', 'one', 'two'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.status).toBe(0);
    expect(seen(r.stdout)).toEqual(seen(plain.stdout));
    expect(readSnapshot(out).doc.label).toBe('mytool at exit');
  });

  it('refuses a command that is not a Python script, in one line', () => {
    const r = gcdiag(['capture', '--', 'ls', '-l']);
    expect(r.status).toBe(2);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/ls .* is not a Python script/);
  });

  it.skipIf(!existsSync('/usr/bin/flask') || !has(DEBIAN, 'flask'))('runs Debian\'s flask console script under /usr/bin/python3', () => {
    const plain = spawnSync('/usr/bin/flask', ['--version'], { encoding: 'utf8' });
    const out = join(dir, 'flask.json');
    const r = gcdiag(['capture', '--out', out, '--', '/usr/bin/flask', '--version']);
    expect(r.status).toBe(plain.status);
    expect(r.stdout).toBe(plain.stdout);
    const v = readSnapshot(out);
    expect(v.doc.python.version).toBe(/^Python (\S+)/m.exec(plain.stdout)![1]);
    expect(v.root('module flask')).toBeDefined();
  });
});

describe('gcdiag capture --tracemalloc', () => {
  it('traces from the program\'s first line, with the frame depth asked for', () => {
    // A slotted instance: 3.11's tracemalloc misses objects with a managed __dict__.
    const s = file(join(dir, 'sites.py'), 'class Marker:\n    __slots__ = ("x",)\nmarker = Marker()\n'
      + 'import tracemalloc\nprint("LIMIT", tracemalloc.get_traceback_limit())\n');
    for (const [flag, limit] of [[['--tracemalloc'], 1], [['--tracemalloc', '3'], 3]] as const) {
      const out = join(dir, `sites-${limit}.json`);
      const r = gcdiag(['capture', ...flag, '--out', out, '--', s]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`LIMIT ${limit}`);
      const v = readSnapshot(out);
      expect(v.doc.tracemalloc).toBe(true);
      const doc = v.doc as Extract<typeof v.doc, { layout: 'columnar' }>;
      const marker = v.index.get(v.root('module __main__')!.to.find((t) => t.label === 'marker')!.id)!;
      expect(doc.strings[doc.objects.site![marker]]).toBe(`${s}:3`);
    }
  });

  it('rejects a frame count out of range', () => {
    const r = gcdiag(['capture', '--tracemalloc', '0', '--', 'x.py']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--tracemalloc expects a frame count/);
  });
});

describe('a capture that fails never hurts the program (issue 10 §3)', () => {
  it('--on signal: the folder removed, the program runs on past the signal and keeps its exit code', () => {
    const folder = join(dir, 'gone-signal');
    mkdirSync(folder);
    const s = file(join(dir, 'sig_gone.py'), `import os, shutil, signal, time\nshutil.rmtree(${JSON.stringify(folder)})\n`
      + 'os.kill(os.getpid(), signal.SIGUSR1)\ntime.sleep(0.2)\nprint("still running")\nraise SystemExit(7)\n');
    const r = gcdiag(['capture', '--on', 'signal', '--out', join(folder, 'h.json'), '--', s]);
    expect(r.stdout).toBe('still running\n');
    expect(r.status).toBe(7);
    expect(r.stderr).not.toMatch(/Traceback|Error in/);
    expect(r.stderr).toMatch(/^gcdiag_capture: snapshot .*h\.1\.json failed: FileNotFoundError/m);
  });

  it('--on signal: a write that fails half-way (file size limit, as a full disk) leaves no file and the program running', () => {
    const folder = join(dir, 'full');
    mkdirSync(folder);
    const s = file(join(dir, 'full.py'), 'import os, resource, signal, time\nsignal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n'
      + 'resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\nos.kill(os.getpid(), signal.SIGUSR1)\ntime.sleep(0.2)\n'
      + 'print("still running")\nraise SystemExit(6)\n');
    const r = gcdiag(['capture', '--on', 'signal', '--out', join(folder, 'h.json'), '--', s]);
    expect(r.stdout).toBe('still running\n');
    expect(r.status).toBe(6);
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.stderr).toMatch(/^gcdiag_capture: snapshot .*h\.1\.json failed: OSError: \[Errno \d+\] File too large/m);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('--on exit: one line on stderr, no traceback, the exit code intact (0 and 4)', () => {
    for (const code of [0, 4]) {
      const folder = join(dir, `gone-exit-${code}`);
      mkdirSync(folder);
      const s = file(join(dir, `exit_gone_${code}.py`), `import shutil\nshutil.rmtree(${JSON.stringify(folder)})\nraise SystemExit(${code})\n`);
      const r = gcdiag(['capture', '--out', join(folder, 'h.json'), '--', s]);
      expect(r.status).toBe(code);
      expect(stderrLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/^gcdiag_capture: snapshot .*h\.json failed: FileNotFoundError/);
    }
  });
});

describe('a working folder that would shadow the package or the standard library', () => {
  it('imports the real gcdiag_capture and json, and gives the program Python\'s sys.path[0]', () => {
    const shadow = join(dir, 'shadow');
    file(join(shadow, 'gcdiag_capture.py'), 'print("SHADOW gcdiag_capture")\nraise SystemExit(9)\n');
    file(join(shadow, 'json.py'), 'print("SHADOW json")\nraise SystemExit(9)\n');
    file(join(shadow, 'shown.py'), SHOW.replace('import json, sys', 'import sys; import json as _j; json = _j'));
    const elsewhere = file(join(dir, 'elsewhere', 'plain.py'), 'import sys\nprint("SEEN " + repr(sys.path[0]).replace("\'", \'"\'))\n');
    const out = join(dir, 'shadowed.json');
    // A script in another folder, run from the shadowing one: its own folder is sys.path[0].
    const r1 = gcdiag(['capture', '--out', out, '--', elsewhere], { cwd: shadow });
    expect(r1.stdout).not.toContain('SHADOW');
    expect(r1.status).toBe(0);
    expect(JSON.parse(/^SEEN (.*)$/m.exec(r1.stdout)![1])).toBe(join(dir, 'elsewhere'));
    readSnapshot(out);
    // python -m from the shadowing folder: the folder is the program's sys.path[0], as in a plain run.
    const plain = spawnSync(PYTHON, ['-c', 'import sys; print(sys.path[0] if False else __import__("os").getcwd())'], { encoding: 'utf8', cwd: shadow });
    const r2 = gcdiag(['capture', '--out', out, '--', '-m', 'shown'], { cwd: shadow });
    expect(r2.stdout.split('\n').filter((l) => l.startsWith('SHADOW'))).toEqual([]);
    expect(r2.status).toBe(0);
    expect(seen(r2.stdout).path0).toBe(plain.stdout.trim());
    expect(r2.stderr).toContain(`wrote ${out}`);
  });
});

describe('gcdiag capture starts the runner through _boot.py', () => {
  it('whose objects, frames and namespace stay out of the snapshot, at exit and on SIGUSR1', () => {
    // fixtures/programs/own_objects.py lists the package's objects itself (see capture-own.test.ts).
    const program = join(ROOT, 'fixtures', 'programs', 'own_objects.py');
    for (const mode of ['exit', 'signal']) {
      const out = join(dir, `own-${mode}.json`);
      const side = join(dir, `own-${mode}.side.json`);
      const r = gcdiag(['capture', '--on', mode, '--out', out, '--', program, side, ...(mode === 'signal' ? ['signal'] : [])]);
      expect(r.status).toBe(0);
      const v = readSnapshot(mode === 'signal' ? join(dir, `own-${mode}.1.json`) : out);
      const own = JSON.parse(readFileSync(side, 'utf8')).own_ids as number[];
      expect(own.length).toBeGreaterThan(200);
      expect(own.filter((id) => v.index.has(id))).toEqual([]);
      expect(v.doc.roots.map((x) => x.name).filter((n) => /gcdiag_capture|_boot\.py/.test(n))).toEqual([]);
    }
  });
});

describe('--out is checked before the program runs', () => {
  const marker = () => join(dir, 'ran');
  const prog = () => file(join(dir, 'marks.py'), `open(${JSON.stringify(marker())}, "w").close()\n`);
  const cases: [string, () => string[]][] = [
    ["''", () => ['--out', '']],
    ['the script itself', () => ['--out', prog()]],
    ['a symbolic link', () => { const l = join(dir, 'link.json'); rmSync(l, { force: true }); symlinkSync(join(dir, 'target.json'), l); return ['--out', l]; }],
    ['a missing folder', () => ['--out', join(dir, 'no', 'such', 'h.json')]],
  ];
  for (const [what, outArgs] of cases) {
    it(`refuses ${what}: one line, exit 2, the program not run (gcdiag capture and python -m gcdiag_capture)`, () => {
      const args = outArgs();
      for (const r of [gcdiag(['capture', ...args, '--', prog()]), runPython(['-m', 'gcdiag_capture', ...args, prog()])]) {
        rmSync(marker(), { force: true });
        expect(r.status).toBe(2);
        expect(stderrLines(r.stderr)).toHaveLength(1);
        expect(r.stderr).toMatch(/--out/);
      }
      expect(existsSync(marker())).toBe(false);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }
  it('python -m gcdiag_capture --help names -m, --tracemalloc and --pid', () => {
    const r = runPython(['-m', 'gcdiag_capture', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/-m module[\s\S]*--tracemalloc[\s\S]*--pid/);
    expect(PY_DIR).toBeTruthy();
  });
});
