// Benchmark of `gcdiag gate` at scale (not a timed test): a series of ten
// generated 1M-object / 3M-reference columnar snapshots (in .bench-data/,
// gitignored), identical but for a type that takes over 100 more objects in
// each (the one leak: its retainer path is computed, the others' are not).
// Each run is a fresh process running what the command runs (load, census,
// rule, retainer paths for failing types, the table and JSON reports); the
// best and median wall and CPU times, peak RSS and the load average are shown.
// Target (issue 8): 10 full snapshots of 1M objects in 10 s.
//   npm run bench:gate [-- --objects N] [--snapshots K] [--runs R] [--regenerate]
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { writeSyntheticSnapshot } from './snapshot-gen.js';
import { runGate } from '../gate/gate.js';
import { gateReporters } from '../report/gate.js';

const TARGET_SECONDS = 10;
const argv = process.argv;
const arg = (name: string): string | undefined => (argv.indexOf(name) > 0 ? argv[argv.indexOf(name) + 1] : undefined);

interface ChildResult { wallMs: number; cpuMs: number; rssMB: number; failing: string[]; types: number }

if (argv.includes('--child')) {
  const files = argv.slice(argv.indexOf('--child') + 1);
  const t = performance.now();
  const cpu = process.cpuUsage();
  const r = await runGate(files, { config: { file: null, config: {} } });
  gateReporters.table(r);
  gateReporters.json(r);
  const used = process.cpuUsage(cpu);
  const out: ChildResult = {
    wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000, rssMB: process.resourceUsage().maxRSS / 1024,
    failing: r.series[0].findings.filter((f) => f.failed).map((f) => `${f.type}${f.path ? ' (path)' : ''}`), types: r.series[0].gated,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

const objects = Number(arg('--objects') ?? 1_000_000);
const count = Number(arg('--snapshots') ?? 10);
const runs = Number(arg('--runs') ?? 3);
const dir = '.bench-data';
mkdirSync(dir, { recursive: true });
const files = Array.from({ length: count }, (_, k) => join(dir, `gate-${objects}-${k + 1}.json`));
for (const [k, f] of files.entries()) {
  if (existsSync(f) && !argv.includes('--regenerate')) continue;
  const t = performance.now();
  // retype: the first (k + 1) * 100 objects become app.models.Response, the leak.
  writeSyntheticSnapshot(f, { objects, edges: 3 * objects, seed: 7, garbage: 0.05, retype: ((k + 1) * 100) / objects });
  console.log(`generated ${f} (${(statSync(f).size / 2 ** 20).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const self = fileURLToPath(import.meta.url);
const results: ChildResult[] = [];
for (let k = 0; k < runs; k++) {
  const load = loadavg()[0];
  const out = execFileSync(process.execPath, [self, '--child', ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
  results.push(r);
  console.log(`run ${k + 1}: wall ${(r.wallMs / 1000).toFixed(2)} s, CPU ${(r.cpuMs / 1000).toFixed(2)} s, peak RSS ${r.rssMB.toFixed(0)} MB (load average ${load.toFixed(1)} before)`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const walls = results.map((r) => r.wallMs / 1000);
const cpus = results.map((r) => r.cpuMs / 1000);
console.log(`\ngcdiag gate over ${count} snapshots of ${objects.toLocaleString('en-US')} objects (node ${process.version})`);
console.log(`  wall: best ${Math.min(...walls).toFixed(2)} s, median ${median(walls).toFixed(2)} s (target ${TARGET_SECONDS} s: ${Math.min(...walls) <= TARGET_SECONDS ? 'met' : 'NOT met'})`);
console.log(`  CPU:  best ${Math.min(...cpus).toFixed(2)} s, median ${median(cpus).toFixed(2)} s`);
console.log(`  peak RSS ${Math.max(...results.map((r) => r.rssMB)).toFixed(0)} MB; load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`  ${results[0].types} types gated; failing: ${results[0].failing.join(', ') || 'none'}`);
