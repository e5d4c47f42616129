// JSON numbers for the incremental tokenizer: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
// Integers of up to 15 digits (ids, sizes, indices: nearly every number in a
// snapshot) are accumulated from the bytes; anything else is parsed from its text.

/** step: 9 start, 0 after "-", 2 a lone "0", 3 integer digits, 4 after ".", 5 fraction digits, 6 after "e", 7 after the exponent sign, 8 exponent digits. */
export interface NumberState {
  step: number;
  value: number;
  digits: number;
  negative: boolean;
  /** Still an integer of at most 15 digits (exact in a double, no text kept). */
  simple: boolean;
  /** The number's text so far once it is no longer simple. */
  text: string;
}

export const NUMBER_DONE = new Set([2, 3, 5, 8]);

export function startNumber(s: NumberState): void {
  s.step = 9;
  s.value = 0;
  s.digits = 0;
  s.negative = false;
  s.simple = true;
  s.text = '';
}

function leaveSimple(s: NumberState): void {
  s.simple = false;
  s.text = (s.negative ? '-' : '') + (s.digits === 0 ? '' : String(s.value));
}

/**
 * Consume number bytes from chunk[i]. Returns the index of the first byte after
 * the number (chunk.length if it may continue in the next chunk), or -(pos + 1)
 * for a byte at pos that breaks the grammar.
 */
export function continueNumber(s: NumberState, chunk: Buffer, i: number): number {
  const n = chunk.length;
  let start = i;
  for (; i < n; i++) {
    const c = chunk[i];
    if (c >= 0x30 && c <= 0x39) {
      switch (s.step) {
        case 9: case 0: s.step = c === 0x30 ? 2 : 3; break;
        case 2: return -(i + 1); // no leading zeros
        case 4: s.step = 5; break;
        case 6: case 7: s.step = 8; break;
        default: break;
      }
      if (s.simple) {
        if (s.digits === 15) { leaveSimple(s); start = i; } else { s.value = s.value * 10 + (c - 0x30); s.digits++; }
      }
      continue;
    }
    if (c === 0x2d && s.step === 9) { s.negative = true; s.step = 0; continue; }
    if (c === 0x2e) {
      if (s.step !== 2 && s.step !== 3) return -(i + 1);
      if (s.simple) { leaveSimple(s); start = i; }
      s.step = 4;
      continue;
    }
    if (c === 0x65 || c === 0x45) {
      if (s.step !== 2 && s.step !== 3 && s.step !== 5) return -(i + 1);
      if (s.simple) { leaveSimple(s); start = i; }
      s.step = 6;
      continue;
    }
    if ((c === 0x2b || c === 0x2d) && s.step === 6) { s.step = 7; continue; }
    break;
  }
  if (!s.simple) s.text += chunk.toString('latin1', start, i);
  return i;
}
