// gcdiag snapshot-diff BEFORE AFTER: parse options, load both snapshots, diff,
// hand the result to a reporter.
import type { Command } from 'commander';
import { loadFacts } from '../analysis/facts-parallel.js';
import { snapshotDiff, DIFF_SORTS, DEFAULT_SORT, type DiffSort } from '../analysis/diff.js';
import { MIN_GROWTH } from '../analysis/suspects.js';
import type { GraphFacts } from '../analysis/graph-facts.js';
import { GROUP_BYS, type GroupBy } from '../analysis/groups.js';
import { MATCH_METHODS, type MatchMethod } from '../analysis/identity.js';
import { diffReporters, DIFF_FORMATS, type DiffFormat } from '../report/diff.js';
import { writeOutput } from '../report/output.js';
import { UsageError, InputError } from '../errors.js';
import { pickFormat } from './options.js';
import { parseCount } from './find-cycles.js';
import { checkOutPath } from '../files.js';
import { forFormat } from '../report/escape.js';

interface DiffOpts { top: string; groupBy: string; sort: string; suspects: string; minGrowth: string; format: string; out?: string; match: string }

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} expects ${allowed.join(' or ')} (got ${JSON.stringify(value)})`);
  return value as T;
}

/** --group-by site needs allocation sites in both snapshots. */
function checkSites(facts: GraphFacts[]): void {
  for (const f of facts) {
    if (!f.graph.header.tracemalloc) {
      throw new InputError(f.graph.file, '$.tracemalloc', 'allocation sites for --group-by site: capture with tracemalloc on (PYTHONTRACEMALLOC=1, or tracemalloc.start() early in the program)');
    }
  }
}

export function registerSnapshotDiff(program: Command): void {
  program
    .command('snapshot-diff')
    .description('compare two heap snapshots: the leak suspects (what holds the new objects) first, then per type, module or allocation site: objects and bytes before/after, new and gone objects, retained size, and where the growth is held')
    .argument('<before>', 'the earlier heap snapshot')
    .argument('<after>', 'the later heap snapshot')
    .option('--top <n>', 'show the n fastest growing types (or modules, or sites)', '20')
    .option('--group-by <what>', `group by ${GROUP_BYS.join(' or ')} (site: tracemalloc snapshots)`, 'type')
    .option('--sort <what>', `sort the groups by their Δ ${DIFF_SORTS.join(', ')} (see below)`, DEFAULT_SORT)
    .option('--suspects <n>', 'show the n retainers that gained the most', '3')
    .option('--min-growth <n>', `a retainer grew when it holds n more objects than before (or ${MIN_GROWTH.bytes / 1024} KiB more); below, it is churn`, String(MIN_GROWTH.objects))
    .option('--format <format>', `output format: ${DIFF_FORMATS.join(', ')}`, 'table')
    .option('--match <how>', 'how to match objects: auto (by id within one process, by labelled path from a named root across processes), id or path', 'auto')
    .option('--out <file>', 'write the report to a file (written whole, or not at all)')
    .addHelpText('after', `
Examples:
  gcdiag snapshot-diff fixtures/snapshots/cache-before.json fixtures/snapshots/cache-after.json
  gcdiag snapshot-diff before.json after.json --top 5 --group-by module
  gcdiag snapshot-diff before.json after.json --sort count --suspects 5
  gcdiag snapshot-diff before.json after.json --format markdown --out growth.md

Leak suspects: each new object is charged to the object that retains it (the
nearest object of the before snapshot that dominates it: MAT's accumulation
point), less what that object held before and lost. A clean diff says
"Nothing grew" in one line.

--sort retained (the default) puts the leak first on real programs: a leaked
HTTPError or repository retains its response, session and frames, while by
Δ count the str, tuple, int and dict everything is made of come first.
Groups with Δ 0 are not shown.

An id in both snapshots is the same object only if its type matches (CPython
reuses the address of a dead object); otherwise it counts as gone + new.
Snapshots of two runs (two processes) are matched by each object's labelled
path from a named root instead: gcdiag snapshot-diff run1.json run2.json`)
    .action(async (beforeFile: string, afterFile: string, opts: DiffOpts) => {
      checkOutPath(opts.out, '--out', [beforeFile, afterFile]);
      const format = pickFormat<DiffFormat>(opts.format, DIFF_FORMATS);
      const groupBy = oneOf<GroupBy>('--group-by', opts.groupBy, GROUP_BYS);
      const sort = oneOf<DiffSort>('--sort', opts.sort, DIFF_SORTS);
      const match = oneOf<MatchMethod>('--match', opts.match, MATCH_METHODS);
      const top = parseCount('--top', opts.top);
      const suspects = { limit: parseCount('--suspects', opts.suspects, 0), minObjects: parseCount('--min-growth', opts.minGrowth) };
      const [before, after] = await loadFacts([beforeFile, afterFile]);
      if (groupBy === 'site') checkSites([before, after]);
      const result = snapshotDiff(before, after, { top, groupBy, sort, suspects, match });
      writeOutput(diffReporters[format](forFormat(format, result)), opts.out);
    });
}
