// JSON strings for the incremental tokenizer. Raw UTF-8 runs are decoded only
// once complete (a chunk may end inside a multi-byte character); escapes are
// appended as UTF-16 code units, so \uD83D\uDE00 pairs (and JSON.parse's lone
// surrogates) come out as JSON.parse would make them. Raw bytes must be UTF-8.
import { isUtf8 } from 'node:buffer';
import { invalidUtf8At } from '../files.js';

export interface StringState {
  isKey: boolean;
  /** Decoded text so far. */
  parts: string;
  /** Raw bytes of the current run, not yet decoded (they may end mid-character). */
  bytes: Buffer[];
  /** 0 none, 1 after a backslash, 2 inside \uXXXX. */
  escape: number;
  unit: number;
  hexLeft: number;
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t',
};

export function startString(s: StringState, isKey: boolean): void {
  s.isKey = isKey;
  s.parts = '';
  s.bytes.length = 0;
  s.escape = 0;
}

/** A string that is not UTF-8: refused (not replaced by U+FFFD), at its chunk position. */
export interface BadUtf8 { at: number; expected: string; utf8: true }

const badUtf8 = (at: number): BadUtf8 => ({ at, expected: 'expected UTF-8 text', utf8: true });

/** Decode the run, which ends at chunk position `end`; invalid UTF-8 is an error at its place. */
function flushRun(s: StringState, end: number): BadUtf8 | undefined {
  if (s.bytes.length === 0) return undefined;
  const run = s.bytes.length === 1 ? s.bytes[0] : Buffer.concat(s.bytes);
  s.bytes.length = 0;
  if (!isUtf8(run)) return badUtf8(end - run.length + invalidUtf8At(run));
  s.parts += run.toString('utf8');
  return undefined;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * Consume string bytes from chunk[i]. Returns the index after the closing quote
 * (the text is then in s.parts), -1 if the string continues in the next chunk,
 * or a grammar error at a chunk position.
 */
export function continueString(s: StringState, chunk: Buffer, i: number): number | { at: number; expected: string; utf8?: true } {
  const n = chunk.length;
  while (i < n) {
    if (s.escape === 1) {
      const c = chunk[i];
      if (c === 0x75) { s.escape = 2; s.unit = 0; s.hexLeft = 4; i++; continue; }
      const e = SIMPLE_ESCAPES[c];
      if (e === undefined) return { at: i, expected: 'expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)' };
      s.parts += e;
      s.escape = 0;
      i++;
      continue;
    }
    if (s.escape === 2) {
      const h = hexValue(chunk[i]);
      if (h < 0) return { at: i, expected: 'expected a hex digit in a \\uXXXX escape' };
      s.unit = s.unit * 16 + h;
      i++;
      if (--s.hexLeft === 0) { s.parts += String.fromCharCode(s.unit); s.escape = 0; }
      continue;
    }
    let j = i;
    let c = 0;
    let high = 0;
    while (j < n) {
      c = chunk[j];
      if (c === 0x22 || c === 0x5c || c < 0x20) break;
      high |= c;
      j++;
    }
    if (j === n) {
      if (j > i) s.bytes.push(Buffer.from(chunk.subarray(i, j))); // copy: the reader reuses its buffer
      return -1;
    }
    if (c < 0x20) return { at: j, expected: 'expected no raw control characters in a string (escape them, e.g. \\n)' };
    if (c === 0x22 && s.bytes.length === 0) {
      if (high & 0x80 && !isUtf8(chunk.subarray(i, j))) return badUtf8(i + invalidUtf8At(chunk.subarray(i, j)));
      s.parts += chunk.toString('utf8', i, j);
      return j + 1;
    }
    if (j > i) s.bytes.push(chunk.subarray(i, j));
    const bad = flushRun(s, j);
    if (bad) return bad;
    if (c === 0x22) return j + 1;
    s.escape = 1;
    i = j + 1;
  }
  return -1;
}
