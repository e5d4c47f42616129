// An incremental JSON tokenizer: bytes in, in chunks split anywhere (inside a
// number, a string, a multi-byte character or an escape), events out. Snapshots
// too big to JSON.parse are read with it, so their integer columns go straight
// into typed arrays and the text is never held whole. Grammar: RFC 8259.
import { InputError } from '../errors.js';
import { continueNumber, startNumber, NUMBER_DONE, type NumberState } from './json-stream-number.js';
import { continueString, startString, type StringState } from './json-stream-string.js';

/** What a consumer of the token stream implements; any method may throw. */
export interface JsonEvents {
  openObject(): void;
  openArray(): void;
  /** End of the innermost open object or array. */
  close(): void;
  key(name: string): void;
  string(s: string): void;
  number(n: number): void;
  literal(v: boolean | null): void;
}

const enum S { Value, ValueOrEnd, KeyOrEnd, Key, Colon, After, End, Number, String, Literal }
const BOM = [0xef, 0xbb, 0xbf];
const PATH_ENDS = 8;
const OBJECT = 1;
const ARRAY = 2;
const LITERALS: Record<number, [string, boolean | null]> = { 0x74: ['true', true], 0x66: ['false', false], 0x6e: ['null', null] };

export class JsonTokenizer {
  private state = S.Value;
  /** Open containers (OBJECT/ARRAY) and, per level, the current key or element index. */
  private kinds: number[] = [];
  private at: (string | number | null)[] = []; // null: an object's next key is not read yet
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private started = false;
  /** Bytes of the byte order mark seen (3: done with it). */
  private bom = 0;
  private readonly num: NumberState = { step: 0, value: 0, digits: 0, negative: false, simple: true, text: '' };
  private readonly str: StringState = { isKey: false, parts: '', bytes: [], escape: 0, unit: 0, hexLeft: 0 };
  private literal = '';
  private literalValue: boolean | null = null;
  private literalPos = 0;

  /**
   * Where the integer fast path sends numbers while the consumer is filling a
   * column (saves a call per number); null: through events.number.
   */
  numbers: { push(v: number): void } | null = null;

  constructor(readonly file: string, private readonly events: JsonEvents) {}

  get depth(): number {
    return this.kinds.length;
  }

  /** "$.objects.id[12]": where the current token is. */
  path(): string {
    let out = '$';
    const at = this.at;
    for (let d = 0; d < at.length; d++) {
      // A 10,000-deep document must not make a 50 kB message: the outer and inner ends.
      if (d === PATH_ENDS && at.length > 2 * PATH_ENDS) { out += `…(${at.length - 2 * PATH_ENDS} levels)…`; d = at.length - PATH_ENDS; }
      const k = at[d];
      if (k !== null) out += typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
    }
    return out;
  }

  write(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    if (n > 0) this.started = true;
    while (this.bom < 3 && i < n) {
      // An optional UTF-8 byte order mark, possibly split across chunks.
      if (chunk[i] === BOM[this.bom]) { i++; if (++this.bom === 3) this.lineStart = 3; } else if (this.bom === 0) this.bom = 3;
      else throw this.error(this.offset + i, 'a value (a broken byte order mark?)');
    }
    while (i < n) {
      const st = this.state;
      if (st === S.Number) i = this.numberFrom(chunk, i);
      else if (st === S.String) i = this.stringFrom(chunk, i);
      else if (st === S.Literal) i = this.literalFrom(chunk, i);
      else {
        const c = chunk[i];
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          if (c === 0x0a) { this.line++; this.lineStart = this.offset + i + 1; }
          i++;
        } else if (c === 0x2c && st === S.After && this.kinds[this.kinds.length - 1] === ARRAY) {
          (this.at[this.at.length - 1] as number)++; // next array element: the commonest byte after digits
          this.state = S.Value;
          i++;
        } else if ((st === S.Value || st === S.ValueOrEnd) && (c === 0x2d || (c >= 0x30 && c <= 0x39)) && this.kinds[this.kinds.length - 1] === ARRAY) {
          const end = this.integerRun(chunk, i);
          i = end > i ? end : this.structural(c, chunk, i);
        } else i = this.structural(c, chunk, i);
      }
    }
    this.offset += n;
  }

  /**
   * The fast path for what big snapshots are made of, runs of short integers in
   * an array ("12,7,140234567891234,…"): parse and emit each without going
   * through the state machine. Returns where it stopped (i itself if the first
   * number needs the general path: too long, a fraction, or cut by the chunk end).
   */
  private integerRun(chunk: Buffer, i: number): number {
    const n = chunk.length;
    const events = this.events;
    const column = this.numbers;
    const at = this.at;
    const top = at.length - 1;
    let index = at[top] as number;
    for (;;) {
      let j = i;
      const negative = chunk[j] === 0x2d;
      if (negative) j++;
      const first = j;
      let v = 0;
      while (j < n) {
        const d = chunk[j];
        if (d < 0x30 || d > 0x39) break;
        v = v * 10 + (d - 0x30);
        j++;
      }
      const digits = j - first;
      if (j === n || digits === 0 || digits > 15 || (digits > 1 && chunk[first] === 0x30)) return i;
      const t = chunk[j];
      if (t !== 0x2c && t !== 0x5d && t !== 0x7d && t !== 0x20 && t !== 0x0a && t !== 0x0d && t !== 0x09) return i;
      this.state = S.After;
      if (column !== null) column.push(negative ? -v : v);
      else events.number(negative ? -v : v);
      i = j;
      if (t !== 0x2c) return i;
      at[top] = ++index;
      this.state = S.Value;
      i++;
      if (i === n) return i;
      const c = chunk[i];
      if (c !== 0x2d && (c < 0x30 || c > 0x39)) return i;
    }
  }

  /** The input is complete: a truncated document is an error here. */
  end(): void {
    if (this.state === S.Number) this.finishNumber(this.offset);
    if (this.state === S.End) return;
    const what = !this.started ? 'a JSON value, got an empty file'
      : this.state === S.String ? 'the closing quote of a string, got the end of the file'
        : `${this.expected()}, got the end of the file (truncated?)`;
    throw this.error(this.offset, what);
  }

  private structural(c: number, chunk: Buffer, i: number): number {
    switch (this.state) {
      case S.ValueOrEnd:
      case S.Value:
        if (c === 0x5d && this.state === S.ValueOrEnd) return this.close(i);
        return this.value(c, chunk, i);
      case S.KeyOrEnd:
      case S.Key:
        if (c === 0x7d && this.state === S.KeyOrEnd) return this.close(i);
        if (c !== 0x22) throw this.unexpected(chunk, i);
        startString(this.str, true);
        this.state = S.String;
        return i + 1;
      case S.Colon:
        if (c !== 0x3a) throw this.unexpected(chunk, i);
        this.state = S.Value;
        return i + 1;
      case S.After: {
        const top = this.kinds[this.kinds.length - 1];
        if (c === 0x2c) {
          if (top === ARRAY) { (this.at[this.at.length - 1] as number)++; this.state = S.Value; } else { this.at[this.at.length - 1] = null; this.state = S.Key; }
          return i + 1;
        }
        if (c === 0x7d && top === OBJECT) return this.close(i);
        if (c === 0x5d && top === ARRAY) return this.close(i);
        throw this.unexpected(chunk, i);
      }
      default:
        throw this.unexpected(chunk, i);
    }
  }

  private value(c: number, chunk: Buffer, i: number): number {
    if (c === 0x7b) {
      this.kinds.push(OBJECT);
      this.at.push(null);
      this.state = S.KeyOrEnd;
      this.events.openObject();
      return i + 1;
    }
    if (c === 0x5b) {
      this.kinds.push(ARRAY);
      this.at.push(0);
      this.state = S.ValueOrEnd;
      this.events.openArray();
      return i + 1;
    }
    if (c === 0x22) {
      startString(this.str, false);
      this.state = S.String;
      return i + 1;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      startNumber(this.num);
      this.state = S.Number;
      return this.numberFrom(chunk, i);
    }
    const lit = LITERALS[c];
    if (lit) {
      [this.literal, this.literalValue] = lit;
      this.literalPos = 0;
      this.state = S.Literal;
      return this.literalFrom(chunk, i);
    }
    throw this.unexpected(chunk, i);
  }

  private close(i: number): number {
    this.kinds.pop();
    this.at.pop();
    this.state = this.kinds.length === 0 ? S.End : S.After;
    this.events.close();
    return i + 1;
  }

  private afterValue(): void {
    this.state = this.kinds.length === 0 ? S.End : S.After;
  }

  private numberFrom(chunk: Buffer, i: number): number {
    const end = continueNumber(this.num, chunk, i);
    if (end < 0) throw this.error(this.offset + -end - 1, 'a digit (JSON numbers look like -12, 3.5 or 1e9)');
    if (end < chunk.length) this.finishNumber(this.offset + end);
    return end;
  }

  private finishNumber(pos: number): void {
    const s = this.num;
    if (!NUMBER_DONE.has(s.step)) throw this.error(pos, 'a digit to complete the number');
    const v = s.simple ? (s.negative ? -s.value : s.value) : Number(s.text);
    this.afterValue();
    this.events.number(v);
  }

  private stringFrom(chunk: Buffer, i: number): number {
    const r = continueString(this.str, chunk, i);
    if (typeof r === 'object') {
      const at = this.offset + r.at;
      throw this.error(at, r.utf8 ? `${r.expected} (the byte at file offset ${at} is not part of a UTF-8 character)` : r.expected, true);
    }
    if (r < 0) return chunk.length; // the string continues in the next chunk
    const s = this.str;
    const text = s.parts;
    s.parts = '';
    if (s.isKey) {
      this.at[this.at.length - 1] = text;
      this.state = S.Colon;
      this.events.key(text);
    } else {
      this.afterValue();
      this.events.string(text);
    }
    return r;
  }

  private literalFrom(chunk: Buffer, i: number): number {
    const word = this.literal;
    while (i < chunk.length && this.literalPos < word.length) {
      if (chunk[i] !== word.charCodeAt(this.literalPos)) throw this.error(this.offset + i, `"${word}"`);
      i++;
      this.literalPos++;
    }
    if (this.literalPos === word.length) {
      this.afterValue();
      this.events.literal(this.literalValue);
    }
    return i;
  }

  private expected(): string {
    const top = this.kinds[this.kinds.length - 1];
    switch (this.state) {
      case S.Value: return 'a value';
      case S.ValueOrEnd: return 'a value or ]';
      case S.KeyOrEnd: return 'a key (a quoted string) or }';
      case S.Key: return 'a key (a quoted string)';
      case S.Colon: return ':';
      case S.After: return top === ARRAY ? ', or ]' : ', or }';
      case S.Literal: return `"${this.literal}"`;
      case S.Number: return 'a digit';
      default: return 'the end of the file (one JSON value only)';
    }
  }

  private unexpected(chunk: Buffer, i: number): InputError {
    const c = chunk[i];
    const got = c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16).padStart(2, '0')}`;
    return this.error(this.offset + i, `expected ${this.expected()}, got ${got}`, true);
  }

  private error(pos: number, what: string, full = false): InputError {
    const place = `line ${this.line}, column ${pos - this.lineStart + 1}${this.at.length ? ` (in ${this.path()})` : ''}`;
    return new InputError(this.file, place, full ? what : `expected ${what}`);
  }
}
