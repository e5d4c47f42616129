// The gcdiag command line: commands register themselves; one handler maps
// errors to exit codes (2 bad usage or input, 3 internal) without stack traces.
import { Command, CommanderError } from 'commander';
import { registerReplay } from './commands/replay.js';
import { registerSnapshotDiff } from './commands/snapshot-diff.js';
import { registerFindCycles } from './commands/find-cycles.js';
import { registerWhy } from './commands/why.js';
import { registerCapture } from './commands/capture.js';
import { registerRecord } from './commands/record.js';
import { registerTune } from './commands/tune.js';
import { InputError, UsageError, EXIT_BAD_INPUT, EXIT_INTERNAL } from './errors.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('gcdiag')
    .description('Find out why a Python process keeps memory: a model of CPython\'s garbage collector that matches real CPython, trace replay, heap snapshots, cycles and retainers.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerReplay(program);
  registerSnapshotDiff(program);
  registerFindCycles(program);
  registerWhy(program);
  registerCapture(program);
  registerRecord(program);
  registerTune(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.exitCode = handleError(e);
  }
}

export function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    // 'commander.help': `gcdiag help` (exit code 0), or help shown because no
    // command was given (exit code 1): that one is a usage error.
    if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    return EXIT_BAD_INPUT; // commander already printed the message
  }
  if (e instanceof InputError || e instanceof UsageError) {
    process.stderr.write(`gcdiag: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`gcdiag: internal error: ${msg}\n(please report this with the input that caused it; GCDIAG_DEBUG=1 shows the stack)\n`);
  if (process.env.GCDIAG_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return EXIT_INTERNAL;
}
