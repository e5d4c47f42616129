// Benchmark of the snapshot analyses at scale (not a timed test): two generated
// 1M-object / 3M-reference columnar snapshots (in .bench-data/, gitignored).
// Each workflow (snapshot-workflows.ts) runs in a fresh process, K times in
// turn; per phase the best wall and the best CPU time of the K runs are shown
// (a shared machine inflates both, wall the most), with the median total.
// Targets: the one-snapshot analyses within 3 s, and 1 GB.
//   npm run build && node dist/bench/snapshot.js [--objects N] [--edges M] [--regenerate] [--runs K]
// With --file PATH: the one-snapshot analyses of that file only (e.g. the heap
// the capture benchmark just wrote, so capture and analysis of one heap sit side by side).
// Internally: --workflow W --before F --after F runs one workflow and prints its JSON.
import { existsSync, mkdirSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeSyntheticSnapshot } from './snapshot-gen.js';
import { runWorkflow, WORKFLOWS, type Workflow, type WorkflowResult, type Phase } from './snapshot-workflows.js';

const TARGET_SECONDS = 3;
const TARGET_MB = 1024;
const argv = process.argv;
const arg = (name: string): string | undefined => (argv.indexOf(name) > 0 ? argv[argv.indexOf(name) + 1] : undefined);

if (arg('--workflow')) {
  const r = await runWorkflow(arg('--workflow') as Workflow, { before: arg('--before')!, after: arg('--after')! }, !argv.includes('--no-why'));
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
}

const file = arg('--file');
const runs = Number(arg('--runs') ?? 3);
const objects = Number(arg('--objects') ?? 1_000_000);
const edges = Number(arg('--edges') ?? 3 * objects);
const dir = '.bench-data';
const files = file ? { before: file, after: file } : { before: join(dir, `snapshot-${objects}-${edges}-before.json`), after: join(dir, `snapshot-${objects}-${edges}-after.json`) };

mkdirSync(dir, { recursive: true });
for (const [variant, f] of file ? [] : Object.entries(files)) {
  if (existsSync(f) && !argv.includes('--regenerate')) continue;
  const t = performance.now();
  // before: 90% of the objects; after: all of them, 1% of the shared ids now of another type.
  writeSyntheticSnapshot(f, variant === 'before'
    ? { objects: Math.floor(objects * 0.9), edges: Math.floor(edges * 0.9), seed: 7, garbage: 0.05 }
    : { objects, edges, seed: 7, garbage: 0.05, retype: 0.01 });
  console.log(`generated ${f} (${(statSync(f).size / 2 ** 20).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const self = fileURLToPath(import.meta.url);
function child(w: Workflow): WorkflowResult {
  const out = execFileSync(process.execPath, [self, '--workflow', w, '--before', files.before, '--after', files.after, ...(file ? ['--no-why'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!) as WorkflowResult;
}

const workflows: Workflow[] = file ? ['single'] : [...WORKFLOWS];
const results = new Map<Workflow, WorkflowResult[]>(workflows.map((w) => [w, []]));
for (let k = 0; k < runs; k++) for (const w of workflows) results.get(w)!.push(child(w)); // in turn: load drifts hit all alike

const secs = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TITLES: Record<Workflow, string> = {
  single: `one snapshot (${files.after}): load + retainers + dominators + cycles`,
  diff: 'snapshot-diff as the command runs it: both snapshots, the facts of each, the diff',
  serial: 'the same diff on one thread, phase by phase',
};
console.log(`\nsnapshot benchmark, best of ${runs} runs per phase (node ${process.version}); columns: wall, cpu`);
for (const w of workflows) {
  const rs = results.get(w)!;
  const names = rs[0].phases.map(([p]) => p);
  const width = Math.max(...names.map((p) => p.length), 44);
  console.log(`\n${TITLES[w]}${w === 'single' ? ` (target ${TARGET_SECONDS} s)` : ''}`);
  for (const [i, p] of names.entries()) {
    console.log(`  ${p.padEnd(width)}  ${secs(Math.min(...rs.map((r) => r.phases[i][1])))}  ${secs(Math.min(...rs.map((r) => r.phases[i][2])))}`);
  }
  const counted = (ph: Phase[]) => ph.filter(([p]) => !p.startsWith('(extra)'));
  const totals = rs.map((r) => [0, 1].map((c) => counted(r.phases).reduce((s, ph) => s + (ph[c + 1] as number), 0)));
  console.log(`  ${'total, best run'.padEnd(width)}  ${secs(Math.min(...totals.map((t) => t[0])))}  ${secs(Math.min(...totals.map((t) => t[1])))}`);
  console.log(`  ${'total, median run'.padEnd(width)}  ${secs(median(totals.map((t) => t[0])))}  ${secs(median(totals.map((t) => t[1])))}`);
  console.log(`  ${'peak RSS'.padEnd(width)}  ${Math.max(...rs.map((r) => r.rssMB)).toFixed(0).padStart(5)} MB  (target ${TARGET_MB} MB)`);
  console.log(`  ${rs[0].notes.join('; ')}`);
}

// Calibration, after the runs: how fast is this machine at plain JSON.parse
// of the same file (which gcdiag never does above 4 MB)?
{
  const text = readFileSync(files.after, 'utf8');
  const t = performance.now();
  JSON.parse(text);
  console.log(`\ncalibration: JSON.parse of ${files.after} (${(text.length / 2 ** 20).toFixed(0)} MB) takes ${((performance.now() - t) / 1000).toFixed(2)} s on this machine`);
}
