// Benchmark of the snapshot analyses at scale (not a timed test): two generated
// 1M-object / 3M-reference columnar snapshots (in .bench-data/, gitignored),
// then load (streamed), retainer BFS, dominators, diff and cycles, each timed,
// with the peak RSS. Targets: everything within 3 s and 1 GB.
//   npm run build && node dist/bench/snapshot.js [--objects N] [--edges M] [--regenerate]
// With --file PATH: the single-snapshot analyses of that file only (e.g. the heap
// the capture benchmark just wrote, so capture and analysis of one heap sit side by side).
import { existsSync, mkdirSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSyntheticSnapshot } from './snapshot-gen.js';
import { loadSnapshot } from '../snapshot/load.js';
import { retainerTree } from '../analysis/retainers.js';
import { reverseEdges } from '../analysis/reverse.js';
import { dominatorTree, superRootStarts } from '../analysis/dominators.js';
import { snapshotDiff } from '../analysis/diff.js';
import { findCycles } from '../analysis/cycles.js';
import { why } from '../analysis/why.js';
import type { GraphFacts } from '../analysis/graph-facts.js';
import type { HeapGraph } from '../snapshot/graph.js';

const TARGET_SECONDS = 3;
const TARGET_MB = 1024;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const fileAt = process.argv.indexOf('--file');
const objects = arg('--objects', 1_000_000);
const edges = arg('--edges', 3 * objects);
const dir = '.bench-data';
const files = { before: join(dir, `snapshot-${objects}-${edges}-before.json`), after: join(dir, `snapshot-${objects}-${edges}-after.json`) };

mkdirSync(dir, { recursive: true });
for (const [variant, file] of Object.entries(files)) {
  if (fileAt > 0 || (existsSync(file) && !process.argv.includes('--regenerate'))) continue;
  const t = performance.now();
  // before: 90% of the objects; after: all of them, 1% of the shared ids now of another type.
  writeSyntheticSnapshot(file, variant === 'before'
    ? { objects: Math.floor(objects * 0.9), edges: Math.floor(edges * 0.9), seed: 7, garbage: 0.05 }
    : { objects, edges, seed: 7, garbage: 0.05, retype: 0.01 });
  console.log(`generated ${file} (${(statSync(file).size / 2 ** 20).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Name, wall-clock ms and CPU ms (user + system: less disturbed when the machine is shared). */
const phases: [string, number, number][] = [];
async function timed<T>(name: string, f: () => T | Promise<T>): Promise<T> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const r = await f();
  const used = process.cpuUsage(cpu);
  phases.push([name, performance.now() - t, (used.user + used.system) / 1000]);
  return r;
}

async function facts(label: string, g: HeapGraph): Promise<GraphFacts> {
  const reverse = await timed(`${label}: reverse edges`, () => reverseEdges(g));
  const tree = await timed(`${label}: retainers (BFS from roots)`, () => retainerTree(g, reverse));
  const dominators = await timed(`${label}: dominators + retained sizes`, () => dominatorTree(g, reverse, superRootStarts(g, tree.outside)));
  return { graph: g, tree, reverse, dominators };
}

if (fileAt > 0) {
  await analyseOne(process.argv[fileAt + 1]);
  process.exit(0);
}

const after = await timed('after: load (streamed)', () => loadSnapshot(files.after));
const afterFacts = await facts('after', after);
const cycles = await timed('after: find-cycles (SCC + model verdict + shapes)', () => findCycles(after, {}, afterFacts.tree));
const single = [phases.reduce((s, [, ms]) => s + ms, 0), phases.reduce((s, [, , cpu]) => s + cpu, 0)];
const before = await timed('before: load (streamed)', () => loadSnapshot(files.before));
const beforeFacts = await facts('before', before);
const diff = await timed('snapshot-diff', () => snapshotDiff(beforeFacts, afterFacts));
const total = [phases.reduce((s, [, ms]) => s + ms, 0), phases.reduce((s, [, , cpu]) => s + cpu, 0)];
const whyType = await timed('(extra) after: why --type app.Node', () => why(afterFacts, { type: 'app.Node' }));
const rssMB = process.resourceUsage().maxRSS / 1024;

const width = Math.max(...phases.map(([p]) => p.length), 52);
const secs = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
console.log(`\nsnapshot benchmark: after ${after.n.toLocaleString('en-US')} objects / ${after.edgeTo.length.toLocaleString('en-US')} references, before ${before.n.toLocaleString('en-US')} / ${before.edgeTo.length.toLocaleString('en-US')} (node ${process.version})`);
console.log(`  ${''.padEnd(width)}    wall      cpu`);
for (const [p, ms, cpu] of phases) console.log(`  ${p.padEnd(width)}  ${secs(ms)}  ${secs(cpu)}`);
console.log(`  ${'one snapshot: load + retainers + dominators + cycles'.padEnd(width)}  ${secs(single[0])}  ${secs(single[1])}  (target ${TARGET_SECONDS} s)`);
console.log(`  ${'both snapshots and the diff (why not included)'.padEnd(width)}  ${secs(total[0])}  ${secs(total[1])}`);
console.log(`  ${'peak RSS'.padEnd(width)}  ${rssMB.toFixed(0).padStart(5)} MB  (target ${TARGET_MB} MB)`);
console.log(`  found: ${cycles.groups.length + cycles.omitted} cycle shapes, ${cycles.totals.garbage.components.toLocaleString('en-US')} garbage cycles; ` +
  `app.Node: ${whyType.count.toLocaleString('en-US')} objects; diff: ${diff.identity.new.toLocaleString('en-US')} new, ${diff.identity.gone.toLocaleString('en-US')} gone, ${diff.identity.reusedOtherType.toLocaleString('en-US')} reused ids`);

// Calibration, after the RSS reading: how fast is this machine at plain JSON.parse
// of the same file (which gcdiag never does above 4 MB)?
{
  const text = readFileSync(files.after, 'utf8');
  const t = performance.now();
  JSON.parse(text);
  console.log(`  calibration: JSON.parse of the after file (${(text.length / 2 ** 20).toFixed(0)} MB) takes ${((performance.now() - t) / 1000).toFixed(2)} s on this machine`);
}

/** The one-snapshot analyses of a given file, timed. */
async function analyseOne(file: string): Promise<void> {
  const g = await timed('load', () => loadSnapshot(file));
  const f = await facts('', g);
  const cycles = await timed('find-cycles (SCC + model verdict + shapes)', () => findCycles(g, {}, f.tree));
  const [ms, cpu] = [phases.reduce((s, [, w]) => s + w, 0), phases.reduce((s, [, , c]) => s + c, 0)];
  console.log(`analysis of ${file}: ${g.n.toLocaleString('en-US')} objects / ${g.edgeTo.length.toLocaleString('en-US')} references`);
  for (const [p, w, c] of phases) console.log(`  ${p.replace(/^: /, '').padEnd(44)} wall ${(w / 1000).toFixed(2)} s, cpu ${(c / 1000).toFixed(2)} s`);
  console.log(`  ${'load + retainers + dominators + cycles'.padEnd(44)} wall ${(ms / 1000).toFixed(2)} s, cpu ${(cpu / 1000).toFixed(2)} s; ` +
    `${cycles.totals.garbage.components.toLocaleString('en-US')} garbage cycles; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
