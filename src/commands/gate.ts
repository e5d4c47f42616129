// gcdiag gate SNAPSHOT SNAPSHOT [...]: parse options, read the config, gate
// the series, hand the result to a reporter; exit 1 when the gate fails.
import type { Command } from 'commander';
import { runGate } from '../gate/gate.js';
import { findConfig } from '../gate/config.js';
import { gateReporters, GATE_FORMATS, type GateFormat } from '../report/gate.js';
import { writeOutput } from '../report/output.js';
import { EXIT_FINDINGS, UsageError } from '../errors.js';
import { pickFormat } from './options.js';
import { checkOutPath } from '../files.js';
import { forFormat } from '../report/escape.js';

interface GateOpts { warmup?: string; config?: string; failOnGarbage?: boolean; exitCode: boolean; format: string; out?: string }

function parseWarmup(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) > 1000) throw new UsageError(`--warmup expects a whole number of warm-up snapshots, 0 to 1000 (got ${JSON.stringify(s)})`);
  return Number(s);
}

export function registerGate(program: Command): void {
  program
    .command('gate')
    .description('CI leak gate: fail when a type grows in every run after the warm-ups (CPython\'s regrtest -R rule, per type, on counts and bytes), or past its budget between a baseline and a current snapshot')
    .argument('<snapshots...>', 'full snapshots (gcdiag capture), or typestats files (the pytest plugin\'s run-NN.json), in run order')
    .option('--warmup <n>', 'snapshots taken after warm-up runs, not measured (default: the config, what the typestats files say, else 1)')
    .option('--config <file>', 'budgets and ignores (default: ./gcdiag.config.json, else [tool.gcdiag] in ./pyproject.toml)')
    .option('--fail-on-garbage', 'fail when each run leaves cyclic garbage (by default a warning: a full collection frees it)')
    .option('--no-exit-code', 'exit 0 even when the gate fails (report only)')
    .option('--format <format>', `output format: ${GATE_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report to a file (written whole, or not at all)')
    .addHelpText('after', `
Examples:
  gcdiag gate fixtures/snapshots/cache-before.json fixtures/snapshots/cache-after.json
  gcdiag gate run-01.json run-02.json run-03.json run-04.json run-05.json
  gcdiag gate leaks/*/run-*.json --format junit --out gcdiag-junit.xml
  gcdiag gate leaks/*/run-*.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  gcdiag gate baseline.json current.json --config gcdiag.config.json
  gcdiag gate --warmup 2 --fail-on-garbage run-*.json

Two snapshots are a baseline and a current one (per-type budgets, default 0);
three or more are a series: after the warm-ups, a type leaks when its count or
bytes grow in every measured run; growth that goes up and down "fluctuates
(fine)". Cyclic garbage is not a leak; uncollectable objects always fail.
Exit codes: 0 passed, 1 failed, 2 bad input.`)
    .action(async (files: string[], opts: GateOpts) => {
      checkOutPath(opts.out, '--out', files);
      const format = pickFormat<GateFormat>(opts.format, GATE_FORMATS);
      const warmup = parseWarmup(opts.warmup);
      const config = findConfig(opts.config, process.cwd());
      const result = await runGate(files, { warmup, config, failOnGarbage: opts.failOnGarbage ?? false });
      writeOutput(gateReporters[format](forFormat(format, result)), opts.out);
      if (result.failed && opts.exitCode) process.exitCode = EXIT_FINDINGS;
    });
}
