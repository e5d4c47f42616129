// `gcdiag capture` and `python -m gcdiag_capture` as a user runs them: the
// built binary, exit codes, one-line usage errors, snapshots at exit and on
// SIGUSR1 (forwarded by gcdiag to the child), atomic output.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON, PY_DIR, ROOT, expectInvariants, readSnapshot, runPython, tempDir } from './capture-helpers.js';

const BIN = join(ROOT, 'bin', 'gcdiag.js');
let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gcdiag(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, cwd: dir });
}

function script(name: string, body: string): string {
  const f = join(dir, name);
  writeFileSync(f, body);
  return f;
}

describe('gcdiag capture', () => {
  it('--python-path prints the folder that holds gcdiag_capture', () => {
    const r = gcdiag(['capture', '--python-path']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(PY_DIR);
    expect(existsSync(join(r.stdout.trim(), 'gcdiag_capture', '__init__.py'))).toBe(true);
  });

  it('runs the script with its arguments as __main__ and writes a snapshot at exit', () => {
    const s = script('argv.py', 'import sys, os\nkeep = {"argv": sys.argv[1:], "main": __name__, "path0": sys.path[0]}\n'
      + 'print(keep)\nsys.exit(3)\n');
    const out = join(dir, 'argv.json');
    const r = gcdiag(['capture', '--out', out, '--label', 'cli', '--', s, 'a', '--flag']);
    expect(r.stdout).toContain(`'argv': ['a', '--flag'], 'main': '__main__', 'path0': '${dir}'`);
    expect(r.status).toBe(3);   // the script's own exit code
    const v = readSnapshot(out);
    expectInvariants(v);
    expect(v.doc.label).toBe('cli');
    expect(v.doc.layout).toBe('columnar');
    expect(v.root('module __main__')!.to.map((t) => t.label)).toContain('keep');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--layout friendly and --collect-first reach the snapshot', () => {
    const s = script('small.py', 'x = [1, 2, 3]\n');
    const out = join(dir, 'small.json');
    expect(gcdiag(['capture', '--out', out, '--layout', 'friendly', '--collect-first', '--', s]).status).toBe(0);
    const v = readSnapshot(out);
    expect(v.doc.layout).toBe('friendly');
    expect(v.doc.collectedFirst).toBe(true);
  });

  const bad: [string, string[], RegExp][] = [
    ['no script', ['capture'], /capture needs a script/],
    ['a missing script', ['capture', '--', 'nope.py'], /script not found: nope\.py/],
    ['a bad --on', ['capture', '--on', 'later', '--', 'x.py'], /--on expects exit, signal or exit,signal/],
    ['a bad --layout', ['capture', '--layout', 'pretty', '--', 'x.py'], /--layout expects columnar or friendly/],
    ['a missing interpreter', ['capture', '--python', 'no-such-python', '--', 'x.py'], /cannot run no-such-python/],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 with one line for ${what}`, () => {
      script('x.py', 'pass\n');
      const r = gcdiag(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('writes a numbered snapshot for every SIGUSR1 sent to gcdiag', async () => {
    const flag = join(dir, 'stop');
    const s = script('loop.py', `import os, sys, time\nitems = []\nwhile not os.path.exists(${JSON.stringify(flag)}):\n`
      + `    items.append(bytes(100))\n    sys.stderr.write('tick %d\\n' % len(items))\n    sys.stderr.flush()\n    time.sleep(0.02)\n`);
    const out = join(dir, 'sig.json');
    const child = spawn(process.execPath, [BIN, 'capture', '--on', 'signal', '--out', out, '--', s], { cwd: dir });
    let err = '';
    const wait = (re: RegExp) => new Promise<void>((resolve) => {
      const check = () => { if (re.test(err)) resolve(); };
      child.stderr.on('data', (d) => { err += String(d); check(); });
      check();
    });
    await wait(/send SIGUSR1[\s\S]*tick 1\n/);   // the handler is installed and `items` exists
    child.kill('SIGUSR1');
    await wait(/wrote .*sig\.1\.json[\s\S]*tick \d+\n[\s\S]*tick \d+\n/);   // and the list grew since
    child.kill('SIGUSR1');
    await wait(/wrote .*sig\.2\.json/);
    writeFileSync(flag, '');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const first = readSnapshot(join(dir, 'sig.1.json'));
    const second = readSnapshot(join(dir, 'sig.2.json'));
    expectInvariants(second);
    expect(first.doc.label).toBe('loop.py signal 1');
    const main = (v: typeof first) => v.root('module __main__')!.to.find((t) => t.label === 'items')!.id;
    const len = (v: typeof first) => v.out[v.index.get(main(v))!].length;
    expect(len(second)).toBeGreaterThan(len(first));   // the list kept growing between signals
    expect(existsSync(out)).toBe(false);   // --on signal alone: nothing at exit
  });
});

describe('python -m gcdiag_capture', () => {
  it('exits 2 with one line for bad usage', () => {
    for (const args of [['nope.py'], ['--on', 'never', 'x.py'], ['--layout'], []]) {
      const r = runPython(['-m', 'gcdiag_capture', ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('snapshots a script that raises, after its traceback is printed', () => {
    const s = script('raises.py', 'data = [bytes(10)]\nraise KeyError("boom")\n');
    const out = join(dir, 'raises.json');
    const r = runPython(['-m', 'gcdiag_capture', '--out', out, s]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/KeyError: 'boom'[\s\S]*wrote/);
    expectInvariants(readSnapshot(out));
  });

  it('records allocation sites while tracemalloc traces', () => {
    // Dicts and lists may come from a free list, which tracemalloc never sees, and 3.11's
    // tracemalloc misses objects with a managed __dict__: a slotted instance it finds.
    const s = script('traced.py', 'import tracemalloc\ntracemalloc.start()\nclass Marker: __slots__ = ("x",)\nmarker = Marker()\n');
    const out = join(dir, 'traced.json');
    expect(runPython(['-m', 'gcdiag_capture', '--layout', 'friendly', '--out', out, s]).status).toBe(0);
    const v = readSnapshot(out);
    expect(v.doc.tracemalloc).toBe(true);
    const doc = v.doc as Extract<typeof v.doc, { layout: 'friendly' }>;
    const marker = v.root('module __main__')!.to.find((t) => t.label === 'marker')!.id;
    expect(doc.objects.find((o) => o.id === marker)!.site).toBe(`${s}:4`);
  });

  it('reports frozen objects in the permanent generation', () => {
    const s = script('frozen.py', 'import gc\nclass Config: pass\nconfig = Config()\nconfig.table = {"k": [1]}\n'
      + 'gc.freeze()\nafter = [config]\n');
    const out = join(dir, 'frozen.json');
    expect(runPython(['-m', 'gcdiag_capture', '--out', out, s]).status).toBe(0);
    const v = readSnapshot(out);
    expectInvariants(v);
    expect(v.doc.gc.freezeCount).toBeGreaterThan(1000);
    const config = v.ofType('__main__.Config');
    expect(config.map((i) => v.gen[i])).toEqual([3]);
    expect(v.gen[v.follow(config[0], 'table', 'attr')[0]]).toBe(3);
    const after = v.root('module __main__')!.to.find((t) => t.label === 'after')!.id;
    expect([0, 1, 2]).toContain(v.gen[v.index.get(after)!]);
  });

  it('leaves no cyclic garbage behind when imported', () => {
    // The standard library modules it uses first (their own imports may leave garbage).
    const code = 'import gc; gc.disable(); import array, ctypes, json, itertools, operator, types, time, signal, atexit\n'
      + 'gc.collect(); import gcdiag_capture, gcdiag_capture._runner\ngc.set_debug(gc.DEBUG_SAVEALL); print(gc.collect())';
    const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: PY_DIR } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });

  it('is importable and callable from inside a program', () => {
    const out = join(dir, 'inside.json');
    const code = 'import gc, gcdiag_capture as g\ngc.set_threshold(123, 4, 5); gc.set_debug(gc.DEBUG_STATS)\n'
      + `r = g.snapshot(${JSON.stringify(out)}, label='in')\nprint(r.objects, gc.isenabled(), gc.get_threshold(), gc.get_debug())`;
    const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: PY_DIR } });
    expect(r.status).toBe(0);
    const v = readSnapshot(out);
    const [objects, ...state] = r.stdout.trim().split(' ');
    expect(Number(objects)).toBe(v.n);
    expect(state.join(' ')).toBe('True (123, 4, 5) 1');   // the collector's state is as it was
    expect(v.doc.gc).toMatchObject({ enabled: true, thresholds: [123, 4, 5], debug: 1 });
    expect(v.doc.label).toBe('in');
  });
});
