// Input and output paths checked up front, so a missing file, a directory or an
// unwritable --out is a one-line usage error (exit 2), not an internal error
// halfway through the work, and --out never destroys a file it should not.
import { statSync, lstatSync, accessSync, constants, type Stats } from 'node:fs';
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

/**
 * --out: absent or "-" is stdout; anything else must name a new file or an
 * existing writable regular file in an existing, writable folder, and not one of
 * the command's input files (checked before any work, again just before writing).
 * A symbolic link is refused rather than followed: a link planted where the user
 * writes would otherwise redirect the report onto a file of the link's choosing.
 */
export function checkOutPath(out: string | undefined, flag = '--out', inputs: readonly string[] = []): void {
  if (out === undefined || out === '-') return;
  if (out === '') throw new UsageError(`${flag} needs a file name (or - for standard output)`);
  const st = lstatSync(out, { throwIfNoEntry: false });
  if (st) checkOutTarget(out, st, flag);
  const dir = dirname(resolve(out));
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${flag} ${out}: the folder ${dir} does not exist`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${out}: the folder ${dir} is not writable`);
  }
  if (!st) return;
  for (const input of inputs) {
    const inSt = input === '-' ? undefined : statSync(input, { throwIfNoEntry: false });
    if (inSt && inSt.dev === st.dev && inSt.ino === st.ino) {
      throw new UsageError(`${flag} ${out} is the input file ${input}: writing it would destroy the input`);
    }
  }
}

/** What an existing --out may be: a writable regular file, nothing else (see checkOutPath). */
export function checkOutTarget(out: string, st: Stats, flag = '--out'): void {
  if (st.isSymbolicLink()) throw new UsageError(`${flag} ${out} is a symbolic link: refusing to write through it (name the file it points to)`);
  if (st.isDirectory()) throw new UsageError(`${flag} ${out} is a directory: give a file name`);
  if (!st.isFile()) throw new UsageError(`${flag} ${out} is ${kindOf(st)}, not a regular file: refusing to replace it (- writes to standard output)`);
  // The mode bits as well as access(): root may write anything, but a file
  // nobody may write was made read-only on purpose.
  let writable = (st.mode & 0o222) !== 0;
  try {
    accessSync(out, constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw new UsageError(`${flag} ${out} is read-only: refusing to replace it`);
}

function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}
