// gcdiag snapshot-diff BEFORE AFTER: parse options, load both snapshots, diff,
// hand the result to a reporter.
import type { Command } from 'commander';
import { loadFacts } from '../analysis/facts-parallel.js';
import { snapshotDiff } from '../analysis/diff.js';
import { GROUP_BYS, type GroupBy } from '../analysis/groups.js';
import { MATCH_METHODS, type MatchMethod } from '../analysis/identity.js';
import { diffReporters, DIFF_FORMATS, type DiffFormat } from '../report/diff.js';
import { writeOutput } from '../report/output.js';
import { UsageError } from '../errors.js';
import { pickFormat } from './options.js';
import { parseCount } from './find-cycles.js';
import { checkOutPath } from '../files.js';
import { forFormat } from '../report/escape.js';

interface DiffOpts { top: string; groupBy: string; format: string; out?: string; match: string }

export function registerSnapshotDiff(program: Command): void {
  program
    .command('snapshot-diff')
    .description('compare two heap snapshots: per type or module, objects and bytes before/after, new and gone objects, retained size, and where the growth is held')
    .argument('<before>', 'the earlier heap snapshot')
    .argument('<after>', 'the later heap snapshot')
    .option('--top <n>', 'show the n fastest growing types (or modules)', '20')
    .option('--group-by <what>', `group by ${GROUP_BYS.join(' or ')}`, 'type')
    .option('--format <format>', `output format: ${DIFF_FORMATS.join(', ')}`, 'table')
    .option('--match <how>', 'how to match objects: auto (by id within one process, by labelled path from a named root across processes), id or path', 'auto')
    .option('--out <file>', 'write the report to a file (written whole, or not at all)')
    .addHelpText('after', `
Examples:
  gcdiag snapshot-diff fixtures/snapshots/cache-before.json fixtures/snapshots/cache-after.json
  gcdiag snapshot-diff before.json after.json --top 5 --group-by module
  gcdiag snapshot-diff before.json after.json --format markdown --out growth.md

An id in both snapshots is the same object only if its type matches (CPython
reuses the address of a dead object); otherwise it counts as gone + new.
Snapshots of two runs (two processes) are matched by each object's labelled
path from a named root instead: gcdiag snapshot-diff run1.json run2.json`)
    .action(async (beforeFile: string, afterFile: string, opts: DiffOpts) => {
      checkOutPath(opts.out, '--out', [beforeFile, afterFile]);
      const format = pickFormat<DiffFormat>(opts.format, DIFF_FORMATS);
      if (!(GROUP_BYS as readonly string[]).includes(opts.groupBy)) {
        throw new UsageError(`--group-by expects ${GROUP_BYS.join(' or ')} (got ${JSON.stringify(opts.groupBy)})`);
      }
      if (!(MATCH_METHODS as readonly string[]).includes(opts.match)) {
        throw new UsageError(`--match expects ${MATCH_METHODS.join(', ')} (got ${JSON.stringify(opts.match)})`);
      }
      const top = parseCount('--top', opts.top);
      const [before, after] = await loadFacts([beforeFile, afterFile]);
      const result = snapshotDiff(before, after, { top, groupBy: opts.groupBy as GroupBy, match: opts.match as MatchMethod });
      writeOutput(diffReporters[format](forFormat(format, result)), opts.out);
    });
}
