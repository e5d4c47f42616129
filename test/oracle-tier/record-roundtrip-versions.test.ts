// The round trip on every CPython the recorder supports (issue 7): the three
// fixture programs at their default sizes, recorded once per interpreter, and
// the replay under the recorded thresholds must give that run's own
// gc.get_stats() delta exactly. A missing interpreter is a skipped test.
// Also: the same program's gc calls and threads on each version, and the
// approximate fallback where the layout is not recognised (3.14, if present).
import { test, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, homedir } from 'node:os';
import { EXTRA_PYTHONS, pythonName } from '../capture-helpers.js';
import { PROGRAMS, recordWith, replayFile, expectRoundTrip, expectRoundTripNear } from '../record-helpers.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-record-versions-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PYTHONS = [{ version: '3.11 (python3)', exe: 'python3' as string | undefined }, ...EXTRA_PYTHONS];
const PROGRAM_NAMES = ['seed_12_4.py', 'steady_cycles.py', 'long_lived_service.py'];

for (const py of PYTHONS) {
  for (const program of PROGRAM_NAMES) {
    test.skipIf(!py.exe)(`${pythonName(py)} ${program}: exact round trip`, async () => {
      const out = join(dir, `${py.version}-${program}.ndjson.gz`);
      const run = recordWith(py.exe!, out, [join(PROGRAMS, program)]);
      expect(run.stderr).toMatch(/wrote .*\(exact:/);
      expect(run.code).toBe(0);
      const r = await replayFile(out);
      expect(r.header.exact).toBe(true);
      expect(r.header.sampler).toBe(/^3\.(8|9|10|11)/.test(r.header.python) ? 'setprofile' : 'monitoring');
      expect(r.header.start.freelists.list).not.toBeNull();
      expect(r.header.start.freelists.tuple).toHaveLength(19);
      expect(r.delta[0][0]).toBeGreaterThan(100);
      expectRoundTrip(r);
    });
  }

  test.skipIf(!py.exe)(`${pythonName(py)}: the program's gc calls, threads and generators: round trip within the threads tolerance`, async () => {
    const s = join(dir, 'mixed.py');
    writeFileSync(s, `
import gc, threading
def gen(n):
    for i in range(n):
        yield [i, {"k": i}]
def work():
    junk = []
    for x in gen(20000):
        a = [x]; a.append(a); junk.append(a)
        if len(junk) > 100: del junk[:50]
gc.set_threshold(450, 7, 7)
work()
ts = [threading.Thread(target=work) for _ in range(3)]
for t in ts: t.start()
gc.collect(0)
for t in ts: t.join()
gc.disable(); work(); gc.enable()
gc.freeze(); work(); gc.unfreeze()
assert gc.get_threshold() == (450, 7, 7), gc.get_threshold()
`);
    const out = join(dir, `${py.version}-mixed.ndjson`);
    const run = recordWith(py.exe!, out, [s]);
    expect(run.stderr).toMatch(/wrote/);
    expect(run.code).toBe(0);
    const r = await replayFile(out);
    expectRoundTripNear(r);
  });
}

test('memory while recording does not grow with the trace (streamed a chunk at a time)', async () => {
  const s = join(dir, 'long.py');
  writeFileSync(s, 'import sys\ndef step(i):\n    a = [i]; a.append(a)\n    return {"i": i}\nfor i in range(int(sys.argv[1])):\n    step(i)\n');
  const rss: number[] = [];
  for (const n of ['200000', '1600000']) {
    const out = join(dir, `long-${n}.ndjson.gz`);
    expect(recordWith('python3', out, [s, n]).code).toBe(0);
    const r = await replayFile(out);
    expectRoundTrip(r);
    rss.push(r.end.max_rss_kb);
  }
  // 8x the path items: the peak may not grow by more than 4 MB (a held trace would add tens of MB)
  expect(rss[1] - rss[0]).toBeLessThan(4096);
});

/** 3.14 (a new collector state layout): recorded approximately, labelled, and still replayable. */
const py314 = findPyenv('3.14');
test.skipIf(!py314)(`${py314 ?? 'CPython 3.14 (not installed)'}: approximate recording with a reason`, async () => {
  const out = join(dir, '314.ndjson');
  const run = recordWith(py314!, out, [join(PROGRAMS, 'seed_12_4.py'), '1']);
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/approximate/);
  const r = await replayFile(out);
  expect(r.header).toMatchObject({ exact: false, sampler: 'none' });
  expect(r.header.reason).toMatch(/3\.14/);
});

function findPyenv(version: string): string | undefined {
  const root = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (!existsSync(root)) return undefined;
  const d = readdirSync(root).find((x) => x.startsWith(`${version}.`) && !x.endsWith('t'));
  const exe = d && join(root, d, 'bin', 'python3');
  return exe && existsSync(exe) ? exe : undefined;
}
