// Benchmark of the analysing commands on ~600 MB snapshots (not a timed test):
// two generated columnar snapshots of 7 M / 6.3 M objects and 3 references per
// object (snapshot-gen.ts; in .bench-data/, gitignored), then find-cycles, why
// and snapshot-diff exactly as the CLI runs them, each in a fresh process: wall,
// CPU (all threads) and peak RSS, with the load average. Budget: 1 GB RSS.
//   npm run bench:snapshot-big [-- --objects N] [--regenerate] [--only find-cycles,why,snapshot-diff]
// Internally: --cli ARGS... runs the CLI in this process and prints its resource use on stderr.
import { existsSync, mkdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeSyntheticSnapshot } from './snapshot-gen.js';

const argv = process.argv;
const arg = (name: string): string | undefined => (argv.indexOf(name) > 0 ? argv[argv.indexOf(name) + 1] : undefined);
const MARK = 'gcdiag-bench-usage ';

if (argv.includes('--cli')) {
  const t0 = performance.now();
  process.on('exit', () => {
    const u = process.resourceUsage();
    const usage = { wallS: (performance.now() - t0) / 1000, cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6, maxRssMiB: u.maxRSS / 1024, exit: process.exitCode ?? 0 };
    writeSync(2, `${MARK}${JSON.stringify(usage)}\n`);
  });
  const { main } = await import('../cli.js');
  await main(['node', 'gcdiag', ...argv.slice(argv.indexOf('--cli') + 1)]);
} else {
  const objects = Number(arg('--objects') ?? 7_000_000);
  const dir = '.bench-data';
  const files = { before: join(dir, `snapshot-big-${objects}-before.json`), after: join(dir, `snapshot-big-${objects}-after.json`) };
  mkdirSync(dir, { recursive: true });
  for (const [variant, f] of Object.entries(files)) {
    if (existsSync(f) && !argv.includes('--regenerate')) continue;
    const t = performance.now();
    // As bench:snapshot's pair: before has 90% of the objects; after all, 1% of the shared ids retyped.
    writeSyntheticSnapshot(f, variant === 'before'
      ? { objects: Math.floor(objects * 0.9), edges: Math.floor(3 * objects * 0.9), seed: 7, garbage: 0.05 }
      : { objects, edges: 3 * objects, seed: 7, garbage: 0.05, retype: 0.01 });
    console.log(`generated ${f} (${(statSync(f).size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const commands: Record<string, string[]> = {
    'find-cycles': ['find-cycles', files.after],
    why: ['why', files.after, '--type', 'app.Node'],
    'snapshot-diff': ['snapshot-diff', files.before, files.after],
  };
  const only = arg('--only')?.split(',') ?? Object.keys(commands);
  const mib = (f: string) => (statSync(f).size / 2 ** 20).toFixed(0);
  console.log(`\nanalysing commands on big snapshots (node ${process.version}): after ${mib(files.after)} MiB, before ${mib(files.before)} MiB; budget 1024 MiB RSS`);
  for (const name of only) {
    const load = loadavg()[0].toFixed(1);
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cli', ...commands[name], '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const line = r.stderr.split('\n').find((l) => l.startsWith(MARK));
    if (!line) { console.log(`  ${name}: failed (${r.stderr.trim().split('\n').pop()})`); continue; }
    const u = JSON.parse(line.slice(MARK.length)) as { wallS: number; cpuS: number; maxRssMiB: number; exit: number };
    console.log(`  ${name.padEnd(14)} ${u.wallS.toFixed(1).padStart(6)} s wall ${u.cpuS.toFixed(1).padStart(6)} s CPU ${u.maxRssMiB.toFixed(0).padStart(6)} MiB peak RSS  exit ${u.exit}  (load ${load} before)`);
  }
}
