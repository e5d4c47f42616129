// The gcdiag command line: commands register themselves; one handler maps
// errors to exit codes (2 bad usage or input, 3 internal) without stack traces.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerReplay } from './commands/replay.js';
import { registerSnapshotDiff } from './commands/snapshot-diff.js';
import { registerFindCycles } from './commands/find-cycles.js';
import { registerWhy } from './commands/why.js';
import { registerCapture } from './commands/capture.js';
import { registerGate } from './commands/gate.js';
import { registerRecord } from './commands/record.js';
import { registerTune } from './commands/tune.js';
import { InputError, UsageError, EXIT_BAD_INPUT, EXIT_INTERNAL } from './errors.js';
import { packageRoot } from './oracle/paths.js';
import { configureOutput } from './report/terminal.js';
import { startProgress, stopProgress } from './report/progress.js';
import { bundledPaths } from './help-paths.js';

/** Commands whose own output (a child process's) a progress line would garble. */
const NO_PROGRESS = new Set(['capture', 'record']);

export function buildProgram(): Command {
  const root = packageRoot();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const program = new Command();
  program
    .name('gcdiag')
    .description('Find out why a Python process keeps memory: a model of CPython\'s garbage collector that matches real CPython, trace replay, heap snapshots, cycles and retainers.')
    .version(version)
    .option('--no-color', 'no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them)')
    // Each command's --help lists --no-color too: it works after the command name.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(bundledPaths(s, root)),
      writeErr: (s) => process.stderr.write(s),
    })
    .hook('preAction', (_program, action) => {
      const opts = action.opts() as { out?: unknown };
      configureOutput({ color: program.opts().color as boolean, out: typeof opts.out === 'string' ? opts.out : undefined });
      if (!NO_PROGRESS.has(action.name())) startProgress(`gcdiag ${action.name()} ${action.args.join(' ')}: working`);
    });
  registerReplay(program);
  registerSnapshotDiff(program);
  registerFindCycles(program);
  registerWhy(program);
  registerCapture(program);
  registerGate(program);
  registerRecord(program);
  registerTune(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/**
 * `gcdiag … | head`: the reader has gone, which is no error; stop quietly. Any
 * other failure to write stdout (a full disk) is one line, as --out's would be.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      if (stream === process.stdout) process.stderr.write(`gcdiag: cannot write to standard output (${e.code ?? e.message})\n`);
      process.exit(EXIT_BAD_INPUT);
    });
  }
}

export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe();
  process.exitCode = await run(argv);
}

/**
 * One command line, in this process: resolves to its exit code (commands that
 * decide their own, as gate does, set process.exitCode). main() is this plus the
 * closed-pipe handling; tests (the fuzz harness) call it thousands of times.
 */
export async function run(argv: string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    return handleError(e);
  } finally {
    stopProgress();
    process.exitCode = undefined;
  }
}

export function handleError(e: unknown): number {
  stopProgress();
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
  process.stderr.write(`gcdiag: internal error: ${msg}\n(a bug in gcdiag: please report it with the command and its input, as "Reporting a bug" in gcdiag's README says; GCDIAG_DEBUG=1 shows the stack)\n`);
  if (process.env.GCDIAG_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return EXIT_INTERNAL;
}
