// Input and output paths checked up front, so a missing file, a directory or an
// unwritable --out is a one-line usage error (exit 2), not an internal error
// halfway through the work.
import { statSync, accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, UsageError } from './errors.js';

/** The size of a readable regular file, or an InputError naming what is wrong. */
export function inputFileSize(file: string): number {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, '', code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? 'error'})`);
  }
  if (st.isDirectory()) throw new InputError(file, '', 'is a directory, expected a file');
  if (!st.isFile()) throw new InputError(file, '', 'is not a regular file');
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new InputError(file, '', 'cannot read the file (permission denied)');
  }
  return st.size;
}

/** --out must name a file in an existing, writable folder (checked before any work). */
export function checkOutPath(out: string | undefined, flag = '--out'): void {
  if (!out || out === '-') return;
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${flag} ${out} is a directory: give a file name`);
  const dir = dirname(resolve(out));
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${flag} ${out}: the folder ${dir} does not exist`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${out}: the folder ${dir} is not writable`);
  }
}
