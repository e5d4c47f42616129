// Benchmark of `gcdiag tune` over a recording (not a timed test): a synthetic
// 10-million-item recording (src/tune/synthetic.ts, 3.11 rules at 700,10,10) in
// .bench-data/ (gitignored), then `tune` of 4 candidates and of --grid (100),
// each in a fresh process: wall, CPU time, peak RSS, and the load average.
// Targets: 4 candidates <= 5 s, --grid <= 60 s, memory bounded (not by the trace).
//   npm run bench:tune [-- --items N] [--regenerate]
// Internally: --run FILE CANDIDATE... runs one tune in this process and prints its JSON.
import { existsSync, mkdirSync, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { syntheticRecording } from '../tune/synthetic.js';
import { tune } from '../tune/tune.js';

const argv = process.argv;
const arg = (name: string): string | undefined => (argv.indexOf(name) > 0 ? argv[argv.indexOf(name) + 1] : undefined);

interface RunStats { wallS: number; cpuS: number; maxRssMiB: number; candidates: number; allocations: number }

if (arg('--run')) {
  const rest = argv.slice(argv.indexOf('--run') + 2);
  const grid = rest.includes('--grid');
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const r = await tune(arg('--run')!, { thresholds: rest.filter((a) => a !== '--grid'), grid });
  const cpu = process.cpuUsage(c0);
  const out: RunStats = {
    wallS: Number(process.hrtime.bigint() - t0) / 1e9, cpuS: (cpu.user + cpu.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024, candidates: r.candidates.length, allocations: r.allocations,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

const items = Number(arg('--items') ?? 10_000_000);
const dir = '.bench-data';
const file = join(dir, `tune-${items}.ndjson`);
if (!existsSync(file) || argv.includes('--regenerate')) {
  mkdirSync(dir, { recursive: true });
  const t = Date.now();
  const out = createWriteStream(file);
  for (const line of syntheticRecording({ seed: 7, items, thresholds: [700, 10, 10], python: '3.11.7', trigger: 'sync', callRate: 1e-6 })) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  process.stderr.write(`generated ${file} (${items.toLocaleString('en-US')} items) in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
}
const self = fileURLToPath(import.meta.url);
const run = (args: string[]): RunStats => JSON.parse(execFileSync(process.execPath, [self, '--run', file, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 }));

const size = statSync(file).size / 2 ** 20;
const rows: [string, RunStats, number][] = [];
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`recording: ${file}, ${items.toLocaleString('en-US')} path items, ${size.toFixed(0)} MiB; load before: ${load()}`);
for (const [name, args, target] of [['4 candidates', ['700,10,10', '2000,10,10', '5000,20,20', '50000,20,100'], 5], ['--grid (100)', ['--grid'], 60]] as const) {
  const s = run([...args]);
  rows.push([name, s, target]);
  console.log(`${name}: ${s.candidates} candidates, ${s.wallS.toFixed(2)} s wall, ${s.cpuS.toFixed(2)} s CPU, peak RSS ${s.maxRssMiB.toFixed(0)} MiB, ` +
    `${(s.allocations / 1e6).toFixed(1)} M counted allocations — target ≤ ${target} s: ${s.wallS <= target ? 'met' : 'MISSED'}; load ${load()}`);
}
