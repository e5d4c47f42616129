// Input and output paths checked up front, so a missing file, a directory or an
// unwritable --out is a one-line usage error (exit 2), not an internal error
// halfway through the work, and --out never destroys a file it should not.
import { statSync, lstatSync, accessSync, readFileSync, constants, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
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
  // Refused up front rather than read: a FIFO with no writer blocks forever and
  // /dev/zero never ends; a regular file has a size the readers can plan by.
  if (!st.isFile()) throw new InputError(file, '', `is ${kindOf(st)}, not a regular file (save the data to a file first)`);
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

/**
 * A whole input file as text: a regular file only (a FIFO would block, /dev/zero
 * never ends), one optional UTF-8 byte order mark dropped, and invalid UTF-8
 * refused with its byte offset rather than silently replaced by U+FFFD.
 */
export function readInputText(file: string): string {
  inputFileSize(file);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(file, '', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return decodeInput(file, buf);
}

const BOM_LENGTH = 3;

export function hasBom(buf: Uint8Array): boolean {
  return buf.length >= BOM_LENGTH && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** Bytes as text (see readInputText); `base` is the file offset of buf[0], for the message. */
export function decodeInput(file: string, buf: Buffer, base = 0): string {
  const start = base === 0 && hasBom(buf) ? BOM_LENGTH : 0;
  checkUtf8(file, buf, start, buf.length, base);
  return buf.toString('utf8', start);
}

/** Refuse invalid UTF-8 in buf[s, e) with the file offset (buf[0] is at `base`). */
export function checkUtf8(file: string, buf: Uint8Array, s: number, e: number, base = 0): void {
  if (isUtf8(buf.subarray(s, e))) return;
  const bad = s + invalidUtf8At(buf.subarray(s, e));
  throw new InputError(file, `byte ${base + bad}`, `expected UTF-8 text (got the invalid byte 0x${buf[bad].toString(16).padStart(2, '0')})`);
}

/** The index of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function invalidUtf8At(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}
