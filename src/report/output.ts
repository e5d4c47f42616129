// Writing results: stdout, or a file written whole, so a failed run never leaves
// half an output behind and never writes anywhere but the named file. The text
// goes to a new temporary file beside the target, created exclusively under an
// unpredictable name (a file or link planted there cannot redirect the write),
// then renamed over the target.
import { openSync, writeFileSync, closeSync, fchmodSync, renameSync, rmSync, lstatSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { checkOutTarget } from '../files.js';
import { stopProgress } from './progress.js';

export function writeOutput(text: string, out?: string): void {
  stopProgress();
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (out === undefined || out === '-') {
    process.stdout.write(body);
    return;
  }
  if (out === '') throw new UsageError('--out needs a file name (or - for standard output)');
  // Checked before the work began; the file may have changed since.
  const existing = lstatSync(out, { throwIfNoEntry: false });
  if (existing) checkOutTarget(out, existing);
  const tmp = join(dirname(out), `.${basename(out)}.${randomBytes(8).toString('hex')}.tmp`);
  cleanUpOnSignals();
  pending.add(tmp);
  let fd: number | undefined;
  try {
    // 'wx' is O_CREAT | O_EXCL: fails on anything already there, a symbolic link included.
    // 0o666 less the umask for a new file; a replaced file keeps its permissions.
    fd = openSync(tmp, 'wx', 0o666);
    if (existing) fchmodSync(fd, existing.mode & 0o777);
    writeFileSync(fd, body);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, out);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write --out ${out} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    pending.delete(tmp);
  }
}

/** Temporary files being written (normally none: the write is synchronous). */
const pending = new Set<string>();
let armed = false;

/**
 * On exit and on SIGINT, SIGTERM or SIGHUP, remove any temporary file, then die of
 * the signal as if unhandled. A signal that comes during the (synchronous) write is
 * handled after it, so no catchable signal can leave a temporary file behind.
 */
function cleanUpOnSignals(): void {
  if (armed) return;
  armed = true;
  const removeAll = () => {
    for (const f of pending) rmSync(f, { force: true });
    pending.clear();
  };
  process.on('exit', removeAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      removeAll();
      process.off(sig, onSignal);
      // Others listening (capture forwards signals to its child) decide for themselves.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}
