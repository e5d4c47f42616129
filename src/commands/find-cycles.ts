// gcdiag find-cycles SNAPSHOT: parse options, find and classify the cycles,
// hand the result to a reporter.
import type { Command } from 'commander';
import { loadSnapshot } from '../snapshot/load.js';
import { findCycles } from '../analysis/cycles.js';
import { cycleReporters, CYCLE_FORMATS, type CycleFormat } from '../report/cycles.js';
import { writeOutput } from '../report/output.js';
import { UsageError } from '../errors.js';
import { pickFormat } from './options.js';
import { checkOutPath } from '../files.js';
import { forFormat } from '../report/escape.js';

/** A whole number ≥ min for an option such as --top or --limit. */
export function parseCount(option: string, s: string, min = 1): number {
  if (!/^\d+$/.test(s) || Number(s) < min) throw new UsageError(`${option} expects a whole number of at least ${min} (got ${JSON.stringify(s)})`);
  return Number(s);
}

interface FindCyclesOpts { format: string; minSize: string; limit: string; all?: boolean; out?: string }

export function registerFindCycles(program: Command): void {
  program
    .command('find-cycles')
    .description('find the reference cycles in a heap snapshot: garbage, garbage with finalizers, uncollectable or live (and what holds them), grouped by shape')
    .argument('<snapshot>', 'heap snapshot file (.json, friendly or columnar layout)')
    .option('--format <format>', `output format: ${CYCLE_FORMATS.join(', ')}`, 'table')
    .option('--min-size <n>', 'only cycles of at least n objects', '1')
    .option('--limit <n>', 'show at most n cycle shapes', '20')
    .option('--all', 'also list the interpreter\'s own live cycles (class ↔ __mro__, descriptors, modules ↔ builtin functions, ctypes), summarised in one line otherwise')
    .option('--out <file>', 'write the report to a file (written whole, or not at all)')
    .addHelpText('after', `
Examples:
  gcdiag find-cycles fixtures/snapshots/cycles.json
  gcdiag find-cycles heap.json --min-size 3 --limit 5
  gcdiag find-cycles heap.json --all
  gcdiag find-cycles heap.json --format dot --out cycles.dot && dot -Tsvg cycles.dot > cycles.svg
  gcdiag find-cycles heap.json --format json | jq '.groups[] | select(.class == "uncollectable")'`)
    .action(async (file: string, opts: FindCyclesOpts) => {
      checkOutPath(opts.out, '--out', [file]);
      const format = pickFormat<CycleFormat>(opts.format, CYCLE_FORMATS);
      const minSize = parseCount('--min-size', opts.minSize);
      const limit = parseCount('--limit', opts.limit);
      const result = findCycles(await loadSnapshot(file), { minSize, limit, all: opts.all === true });
      writeOutput(cycleReporters[format](forFormat(format, result)), opts.out);
    });
}
