// Writing results: stdout, or a file written whole (temp file + rename), so a
// failed run never leaves half an output behind.
import { writeFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { stopProgress } from './progress.js';

export function writeOutput(text: string, out?: string): void {
  stopProgress();
  if (!out || out === '-') {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text.endsWith('\n') ? text : `${text}\n`);
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    // The folder was checked before the work began; it may have gone since.
    throw new UsageError(`cannot write --out ${out} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
