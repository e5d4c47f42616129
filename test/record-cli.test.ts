// gcdiag record end to end: exit codes and stderr passed through, -m module,
// the program's own gc calls and marks, threads, approximate mode, bad input.
import { test, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { gcdiag, ROOT } from './helpers/cli.js';
import { replayFile, expectRoundTrip, expectRoundTripNear } from './record-helpers.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-record-cli-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const noParts = () => expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);

test('a failing script: its stderr shown, its exit code passed on, its complete trace kept', async () => {
  const s = script('fails.py', 'import sys\nx = [[i] for i in range(5000)]\nsys.stderr.write("own error text\\n")\nsys.exit(3)\n');
  const out = join(dir, 'fails.ndjson');
  const run = gcdiag(['record', '--out', out, '--', 'python3', s]);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('own error text');
  expect(run.stderr).toMatch(/the program exited with code 3/);
  const r = await replayFile(out);
  expect(r.end.exit_code).toBe(3);
  expectRoundTrip(r);
  noParts();
});

test('an uncaught exception: the traceback as Python prints it, exit 1', () => {
  const s = script('raises.py', 'def f():\n    raise ValueError("boom here")\nf()\n');
  const run = gcdiag(['record', '--out', join(dir, 'raises.ndjson'), '--', 'python3', s]);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/Traceback[\s\S]*raises\.py", line 3[\s\S]*ValueError: boom here/);
  expect(run.stderr).not.toMatch(/_runner\.py|record\.py"/);
});

test('an interrupted run leaves no file', () => {
  const s = script('interrupted.py', 'raise KeyboardInterrupt\n');
  const out = join(dir, 'interrupted.ndjson');
  const run = gcdiag(['record', '--out', out, '--', 'python3', s]);
  expect(run.code).toBe(130);
  expect(existsSync(out)).toBe(false);
  noParts();
});

test('-m module: run as python -m would, with its arguments', async () => {
  mkdirSync(join(dir, 'pkg'), { recursive: true });
  writeFileSync(join(dir, 'pkg', '__init__.py'), '');
  writeFileSync(join(dir, 'pkg', 'job.py'), 'import sys\nprint("argv", sys.argv[1:], __name__)\nkeep = [{} for _ in range(3000)]\n');
  const out = join(dir, 'module.ndjson');
  const run = gcdiag(['record', '--out', out, '--', '-m', 'pkg.job', 'a', '--flag'], { cwd: dir });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("argv ['a', '--flag'] __main__");
  const r = await replayFile(out);
  expect(r.header.argv).toEqual(['-m', 'pkg.job', 'a', '--flag']);
  expectRoundTrip(r);
  const missing = gcdiag(['record', '--out', join(dir, 'nomod.ndjson'), '--', '-m', 'pkg.nosuch'], { cwd: dir });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/No module named pkg\.nosuch/);
  expect(existsSync(join(dir, 'nomod.ndjson'))).toBe(false);
});

test('the program\'s gc calls: it sees its own values, they are events in order, and the replay follows them', async () => {
  const s = script('gccalls.py', `
import gc, atexit
from gcdiag_capture.record import mark, recording
assert recording()
junk = []
def churn(n):
    for i in range(n):
        a = []; a.append(a); junk.append([i])
    del junk[:]
churn(3000)
gc.set_threshold(500, 5, 5)
print("threshold", gc.get_threshold())
c = gc.get_count()
print("count ok", 0 <= c[0] <= 500)
mark("warmup")
churn(5000)
gc.disable(); churn(2000); gc.enable()
print("collect", gc.collect(1) >= 0)
gc.freeze(); churn(1000); gc.unfreeze()
gc.set_threshold(0)
churn(1000)
gc.set_threshold(800)
churn(4000)
atexit.register(lambda: print("after", gc.get_threshold(), gc.get_count()[0] < 100000))
`);
  const out = join(dir, 'gccalls.ndjson');
  const run = gcdiag(['record', '--out', out, '--', 'python3', s]);
  expect(run.stderr).toMatch(/wrote/);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('threshold (500, 5, 5)');
  expect(run.stdout).toContain('count ok True');
  expect(run.stdout).toContain('after (800, 5, 5) True'); // restored without the cushion
  const r = await replayFile(out, true);
  const ops = r.events.filter((e) => e.op !== 'path' && e.op !== 'gc').map((e) => (e.op === 'set_threshold' ? `t${e.thresholds[0]}` : e.op === 'mark' ? `mark:${e.name}` : e.op));
  expect(ops).toEqual(['t500', 'mark:warmup', 'disable', 'enable', 'freeze', 'unfreeze', 't0', 't800', 'end']);
  expect(r.events.some((e) => e.op === 'gc' && e.manual && e.gen === 1)).toBe(true);
  expectRoundTrip(r);
});

test('threads: the trace is complete and the round trip holds within the documented tolerance', async () => {
  const s = script('threads.py', `
import threading
def work(k):
    keep = []
    for i in range(20000):
        x = [i]; x.append(x)
        if i % 3 == 0: keep.append({"i": i})
ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in ts: t.start()
for t in ts: t.join()
`);
  const out = join(dir, 'threads.ndjson');
  expect(gcdiag(['record', '--out', out, '--', 'python3', s]).code).toBe(0);
  const r = await replayFile(out);
  expect(r.delta[0][0]).toBeGreaterThan(20);
  expectRoundTripNear(r);
});

test('--approximate: callbacks only, labelled, and still its own round trip', async () => {
  const out = join(dir, 'approx.ndjson');
  const s = script('approx.py', 'keep = []\nfor i in range(30000):\n    a = [i]; a.append(a)\n    if i % 2: keep.append(a)\n');
  expect(gcdiag(['record', '--out', out, '--approximate', '--', 'python3', s]).code).toBe(0);
  const r = await replayFile(out);
  expect(r.header).toMatchObject({ exact: false, sampler: 'none', reason: expect.stringMatching(/approximate/) });
  expect(r.header.start.long_lived_total).toBeNull();
  expectRoundTrip(r);
});

test('mark() and recording() without a recorder: no-ops', () => {
  const r = spawnSync('python3', ['-c', 'from gcdiag_capture.record import mark, recording; mark("x"); print(recording())'], {
    encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(ROOT, 'python') },
  });
  expect(r.stdout.trim()).toBe('False');
  expect(r.status).toBe(0);
});

test('bad usage and interpreters that cannot be recorded: one line, exit 2, no file', () => {
  const out = join(dir, 'never.ndjson');
  const s = script('ok.py', 'pass\n');
  const fake = join(dir, 'fakepy');
  writeFileSync(fake, '#!/bin/sh\necho "PyPy 3.9.18"\n');
  chmodSync(fake, 0o755);
  const cases: [string[], RegExp][] = [
    [['record', '--', 'python3', s], /^gcdiag: record needs --out TRACE/],
    [['record', '--out', out, '--', 'python3', join(dir, 'missing.py')], /^gcdiag: script not found: /],
    [['record', '--out', out, '--python', fake, '--', s], /^gcdiag: .*fakepy is PyPy 3\.9\.18: gcdiag record needs CPython/],
    [['record', '--out', out, '--python', join(dir, 'no-such-python'), '--', s], /^gcdiag: cannot run .*no-such-python: not found/],
    [['record', '--out', join(dir, 'nodir', 'x.ndjson'), '--', 'python3', s], /^gcdiag: --out .*: the folder .* does not exist/],
  ];
  for (const [args, msg] of cases) {
    const run = gcdiag(args);
    expect(run.code, args.join(' ')).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(msg);
  }
  expect(existsSync(out)).toBe(false);
});
