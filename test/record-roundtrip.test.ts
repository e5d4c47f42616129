// The round trip (issue 7): a recording replayed under the thresholds it was
// recorded with gives the run's own gc.get_stats() delta, exactly. The
// expected numbers are the real interpreter's (the stats in the trace's first
// and last lines, read through CPython's own counters), never written here.
import { test, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gcdiag } from './helpers/cli.js';
import { PROGRAMS, replayFile, expectRoundTrip } from './record-helpers.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-record-rt-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Smaller than the programs' defaults to keep this tier fast; the oracle tier runs the defaults.
const CASES: [string, string[]][] = [
  ['seed_12_4.py', ['1']],
  ['steady_cycles.py', ['40000']],
  ['long_lived_service.py', ['60000', '100000']],
];

for (const [program, args] of CASES) {
  test(`python3 ${program}: the replay under its own thresholds gives its gc.get_stats() delta`, async () => {
    const out = join(dir, `${program}.ndjson.gz`);
    const run = gcdiag(['record', '--out', out, '--', 'python3', join(PROGRAMS, program), ...args]);
    expect(run.stderr).toMatch(/gcdiag record: wrote .* \(exact: collections \d+\/\d+\/\d+/);
    expect(run.code).toBe(0);
    const r = await replayFile(out);
    expect(r.header.exact).toBe(true);
    expect(r.end.exit_code).toBe(0);
    expect(r.delta[0][0]).toBeGreaterThan(50); // the program did collect: the check has teeth
    expectRoundTrip(r);
  }, 120_000);
}
