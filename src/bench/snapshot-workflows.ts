// The workflows the snapshot benchmark times, each run in a fresh process (as
// the CLI runs) so each has its own peak RSS and cold JIT:
//   single: one snapshot, load + retainers + dominators + find-cycles (and why);
//   diff:   what `gcdiag snapshot-diff` runs: both snapshots loaded, the facts
//           of each (retainer tree, dominators: loadFacts, the first in a
//           worker thread when both files are big), then the diff;
//   serial: the same diff with everything on one thread, phase by phase.
import { loadSnapshot } from '../snapshot/load.js';
import { retainerTree } from '../analysis/retainers.js';
import { reverseEdges } from '../analysis/reverse.js';
import { dominatorTree, superRootStarts } from '../analysis/dominators.js';
import { snapshotDiff } from '../analysis/diff.js';
import { findCycles } from '../analysis/cycles.js';
import { why } from '../analysis/why.js';
import type { GraphFacts } from '../analysis/graph-facts.js';
import { loadFacts } from '../analysis/facts-parallel.js';
import type { HeapGraph } from '../snapshot/graph.js';

export const WORKFLOWS = ['single', 'diff', 'serial'] as const;
export type Workflow = (typeof WORKFLOWS)[number];

/** Name, wall-clock ms and CPU ms of the process (user + system, every thread: less disturbed when the machine is shared). */
export type Phase = [string, number, number];

export interface WorkflowResult { phases: Phase[]; rssMB: number; notes: string[] }

export async function runWorkflow(workflow: Workflow, files: { before: string; after: string }, withWhy: boolean): Promise<WorkflowResult> {
  const phases: Phase[] = [];
  const notes: string[] = [];
  const timed = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await f();
    const used = process.cpuUsage(cpu);
    phases.push([name, performance.now() - t, (used.user + used.system) / 1000]);
    return r;
  };
  const facts = async (label: string, g: HeapGraph): Promise<GraphFacts> => {
    const reverse = await timed(`${label}reverse edges`, () => reverseEdges(g));
    const tree = await timed(`${label}retainers (BFS from roots)`, () => retainerTree(g, reverse));
    const dominators = await timed(`${label}dominators + retained sizes`, () => dominatorTree(g, reverse, superRootStarts(g, tree.outside)));
    return { graph: g, tree, reverse, dominators };
  };
  if (workflow === 'single') {
    const g = await timed('load (streamed)', () => loadSnapshot(files.after));
    const f = await facts('', g);
    const cycles = await timed('find-cycles (SCC + model verdict + shapes)', () => findCycles(g, {}, f.tree));
    notes.push(`${g.n.toLocaleString('en-US')} objects / ${g.edgeTo.length.toLocaleString('en-US')} references; ` +
      `${cycles.groups.length + cycles.omitted} cycle shapes, ${cycles.totals.garbage.components.toLocaleString('en-US')} garbage cycles`);
    if (withWhy) {
      const w = await timed('(extra) why --type app.Node', () => why(f, { type: 'app.Node' }));
      notes.push(`app.Node: ${w.count.toLocaleString('en-US')} objects`);
    }
  } else {
    let before: GraphFacts;
    let after: GraphFacts;
    if (workflow === 'diff') {
      [before, after] = await timed('load + facts of both (before in a worker thread)', () => loadFacts([files.before, files.after]));
    } else {
      before = await facts('before: ', await timed('before: load (streamed)', () => loadSnapshot(files.before)));
      after = await facts('after: ', await timed('after: load (streamed)', () => loadSnapshot(files.after)));
    }
    const d = await timed('snapshot-diff', () => snapshotDiff(before, after));
    notes.push(`diff: ${d.identity.new.toLocaleString('en-US')} new, ${d.identity.gone.toLocaleString('en-US')} gone, ${d.identity.reusedOtherType.toLocaleString('en-US')} reused ids`);
    // Matching by labelled path (match-*.ts), as for two processes: the after
    // snapshot against itself (the generator's before is another random heap).
    const p = await timed('(extra) after vs after --match path', () => snapshotDiff(after, after, { match: 'path' }));
    notes.push(`after vs after --match path: ${p.identity.same.toLocaleString('en-US')} matched, ${p.identity.new.toLocaleString('en-US')} new, ${p.identity.gone.toLocaleString('en-US')} gone, ${(p.matching.unmatchedBefore + p.matching.unmatchedAfter).toLocaleString('en-US')} unmatched`);
  }
  return { phases, rssMB: process.resourceUsage().maxRSS / 1024, notes };
}
