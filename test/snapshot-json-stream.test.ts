import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { JsonTokenizer } from '../src/snapshot/json-stream.js';
import { ValueBuilder } from '../src/snapshot/json-stream-value.js';
import { InputError } from '../src/errors.js';

/** Parse `text` fed in pieces cut at `cuts` (byte offsets). */
function parseInPieces(text: string, cuts: number[] = []): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const b = new ValueBuilder();
  const t = new JsonTokenizer('doc.json', b);
  let prev = 0;
  for (const c of [...cuts].sort((x, y) => x - y).concat(bytes.length)) {
    // A fresh copy per piece: the tokenizer must not keep views into a reused buffer.
    t.write(Buffer.from(bytes.subarray(prev, c)));
    prev = c;
  }
  t.end();
  return b.result;
}

function errorOf(text: string, cuts: number[] = []): string {
  try {
    parseInPieces(text, cuts);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('incremental JSON tokenizer', () => {
  const doc = '{"a": [1, -20, 3.5e-2, 0, 1234567890123456789, true, null], "é\\u00e9\\uD83D\\uDE00": "x\\n\\"y\\"€😀", "o": {}, "l": [], "n": -0.0}';

  it('parses the same value as JSON.parse wherever the chunks are cut', () => {
    const expected = JSON.parse(doc);
    const len = Buffer.byteLength(doc);
    for (let cut = 0; cut <= len; cut++) expect(parseInPieces(doc, [cut])).toEqual(expected);
    // every byte in its own chunk
    expect(parseInPieces(doc, Array.from({ length: len }, (_, i) => i))).toEqual(expected);
  });

  it('agrees with JSON.parse on arbitrary JSON values and arbitrary cuts (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.array(fc.nat()), fc.boolean(), (v, rawCuts, pretty) => {
      const text = JSON.stringify(v, null, pretty ? 2 : undefined);
      const len = Buffer.byteLength(text);
      const cuts = rawCuts.map((c) => c % (len + 1));
      expect(parseInPieces(text, cuts)).toEqual(JSON.parse(text));
    }), { numRuns: 300 });
  });

  it('keeps "__proto__" and "constructor" as plain keys', () => {
    const v = parseInPieces('{"__proto__": {"polluted": 1}, "constructor": "c"}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports where a document is truncated, with line, column and JSON path', () => {
    expect(errorOf('{\n  "objects": {"id": [1, 2')).toBe('doc.json: line 2, column 26 (in $.objects.id[1]): expected , or ], got the end of the file (truncated?)');
    expect(errorOf('{"a": "abc')).toMatch(/line 1, column 11 \(in \$\.a\): expected the closing quote of a string/);
    expect(errorOf('')).toBe('doc.json: line 1, column 1: expected a JSON value, got an empty file');
    expect(errorOf('[1, 2', [4])).toMatch(/expected , or \], got the end of the file/);
    expect(errorOf('{"a": tru')).toMatch(/expected "true", got the end of the file/);
    expect(errorOf('[-')).toMatch(/expected a digit/);
  });

  it('reports malformed tokens at their place', () => {
    expect(errorOf('{"a": [1, 2,]}')).toBe('doc.json: line 1, column 13 (in $.a[2]): expected a value, got "]"');
    expect(errorOf('{"a" 1}')).toBe('doc.json: line 1, column 6 (in $.a): expected :, got "1"');
    expect(errorOf('{"a": 1,}')).toMatch(/expected a key \(a quoted string\), got "}"/);
    expect(errorOf('[01]')).toMatch(/column 3 .*expected a digit/);
    expect(errorOf('[1.]')).toMatch(/column 4 .*expected a digit to complete the number/);
    expect(errorOf('{"a": [1}')).toMatch(/expected , or \], got "}"/);
    expect(errorOf('["a\tb"]')).toMatch(/raw control characters/);
    expect(errorOf('["\\x"]')).toMatch(/expected an escape/);
    expect(errorOf('["\\u12G4"]')).toMatch(/hex digit/);
    expect(errorOf('{} {}')).toMatch(/column 4: expected the end of the file \(one JSON value only\), got "{"/);
    expect(errorOf('[nul]')).toMatch(/expected "null"/);
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(parseInPieces('\ufeff[1]', [1])).toEqual([1]);
    expect(parseInPieces('\ufeff[1]', [2, 3])).toEqual([1]);
  });
});
