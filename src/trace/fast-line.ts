// A byte-level reader for the event lines that make up big NDJSON traces: a flat
// JSON object whose values are plain strings, integers, null or arrays of those.
// It makes no intermediate strings (keys are matched as bytes, values interned),
// which is what lets replay keep up with millions of events per second. Anything
// else - escapes, nested objects, booleans, floats - returns undefined, and the
// caller falls back to JSON.parse and the zod schema (which also words errors).
import type { Event } from './schema.js';

const Q = 34; // "
const COLON = 58;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACK = 91;
const RBRACK = 93;
const MINUS = 45;
const BACKSLASH = 92;

/** Strings seen before are returned as the same JS string (values repeat constantly: ops, types, variables). */
class Interner {
  private table: (string | undefined)[] = new Array(4096);

  get(buf: Uint8Array, s: number, e: number): string | undefined {
    let h = 2166136261;
    for (let i = s; i < e; i++) {
      const c = buf[i];
      if (c >= 128) return undefined; // non-ASCII: let the slow path decode it
      h = Math.imul(h ^ c, 16777619);
    }
    const slot = (h >>> 0) & 4095;
    const cached = this.table[slot];
    if (cached !== undefined && cached.length === e - s) {
      let same = true;
      for (let i = 0; i < cached.length; i++) if (cached.charCodeAt(i) !== buf[s + i]) { same = false; break; }
      if (same) return cached;
    }
    let str = '';
    for (let i = s; i < e; i++) str += String.fromCharCode(buf[i]);
    if (e - s <= 64) this.table[slot] = str;
    return str;
  }
}

const interner = new Interner();

// Known keys, matched as bytes (no key strings are made).
const K_OP = 1, K_ID = 2, K_TYPE = 4, K_BIND = 8, K_VAR = 16, K_TO = 32, K_VARS = 64, K_OBJ = 128, K_FIELD = 256;

function keyAt(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  const c0 = buf[s];
  const eq = (word: string) => {
    for (let k = 1; k < n; k++) if (buf[s + k] !== word.charCodeAt(k)) return false;
    return true;
  };
  switch (n) {
    case 2:
      if (c0 === 111 && buf[s + 1] === 112) return K_OP; // op
      if (c0 === 105 && buf[s + 1] === 100) return K_ID; // id
      if (c0 === 116 && buf[s + 1] === 111) return K_TO; // to
      return 0;
    case 3:
      if (c0 === 118 && eq('var')) return K_VAR;
      if (c0 === 111 && eq('obj')) return K_OBJ;
      return 0;
    case 4:
      if (c0 === 116 && eq('type')) return K_TYPE;
      if (c0 === 98 && eq('bind')) return K_BIND;
      if (c0 === 118 && eq('vars')) return K_VARS;
      return 0;
    case 5:
      return c0 === 102 && eq('field') ? K_FIELD : 0;
    default:
      return 0;
  }
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

const isId = (v: unknown): v is string | number =>
  (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && v >= 0);

/**
 * Parse buf[s, e) as one event line; undefined when it needs the general parser.
 * Accepts only new/bind/unbind/set lines of exactly the shapes the schema allows
 * (the same subset as quickEvent; a property test checks both against zod).
 */
export function fastEvent(buf: Uint8Array, s: number, e: number): Event | undefined {
  let i = s;
  while (i < e && isWs(buf[i])) i++;
  if (buf[i++] !== LBRACE) return undefined;
  let seen = 0;
  let op: unknown, id: unknown, type: unknown, bind: unknown, varName: unknown, to: unknown, vars: unknown, obj: unknown, field: unknown;
  for (;;) {
    while (i < e && isWs(buf[i])) i++;
    if (buf[i] === RBRACE) { i++; break; }
    if (buf[i++] !== Q) return undefined;
    const ks = i;
    while (i < e && buf[i] !== Q) { if (buf[i] === BACKSLASH) return undefined; i++; }
    const key = keyAt(buf, ks, i);
    if (key === 0 || (seen & key)) return undefined; // unknown or repeated key: slow path
    seen |= key;
    i++;
    while (i < e && isWs(buf[i])) i++;
    if (buf[i++] !== COLON) return undefined;
    while (i < e && isWs(buf[i])) i++;
    const v = readValue(buf, i, e);
    if (v === FAIL) return undefined;
    switch (key) {
      case K_OP: op = v; break;
      case K_ID: id = v; break;
      case K_TYPE: type = v; break;
      case K_BIND: bind = v; break;
      case K_VAR: varName = v; break;
      case K_TO: to = v; break;
      case K_VARS: vars = v; break;
      case K_OBJ: obj = v; break;
      default: field = v;
    }
    i = readEnd;
    while (i < e && isWs(buf[i])) i++;
    if (buf[i] === COMMA) { i++; continue; }
    if (buf[i] === RBRACE) { i++; break; }
    return undefined;
  }
  while (i < e && isWs(buf[i])) i++;
  if (i !== e) return undefined;
  switch (op) {
    case 'new':
      if ((seen & ~(K_OP | K_ID | K_TYPE | K_BIND)) || !isId(id) || typeof type !== 'string' || type.length === 0) return undefined;
      if (seen & K_BIND) return typeof bind === 'string' ? { op, id, type, bind } : undefined;
      return { op, id, type };
    case 'bind':
      if (seen !== (K_OP | K_VAR | K_TO) || typeof varName !== 'string' || varName.length === 0 || (to !== null && !isId(to))) return undefined;
      return { op, var: varName, to };
    case 'unbind':
      if (seen !== (K_OP | K_VARS) || !Array.isArray(vars) || vars.length === 0) return undefined;
      for (const v of vars) if (typeof v !== 'string' || v.length === 0) return undefined;
      return { op, vars: vars as string[] };
    case 'set':
      if (seen !== (K_OP | K_OBJ | K_FIELD | K_TO) || !isId(obj) || (to !== null && !isId(to))) return undefined;
      if (typeof field !== 'string' && !(typeof field === 'number' && field >= 0)) return undefined;
      return { op, obj, field, to };
    default:
      return undefined;
  }
}

/** Returned by readValue when the value needs the general parser. */
const FAIL = Symbol('fail');
/** Where readValue stopped (a module variable: no result object per value). */
let readEnd = 0;

/** depth: arrays nest one level here (items lists); deeper goes the slow way, which refuses it in one line. */
function readValue(buf: Uint8Array, i: number, e: number, depth = 0): unknown {
  const c = buf[i];
  if (c === Q) {
    const s = i + 1;
    let j = s;
    while (j < e && buf[j] !== Q) { if (buf[j] === BACKSLASH || buf[j] < 32) return FAIL; j++; }
    if (j >= e) return FAIL;
    const str = interner.get(buf, s, j);
    if (str === undefined) return FAIL;
    readEnd = j + 1;
    return str;
  }
  if (c === MINUS || (c >= 48 && c <= 57)) {
    let j = c === MINUS ? i + 1 : i;
    let n = 0;
    const d0 = j;
    while (j < e && buf[j] >= 48 && buf[j] <= 57) { n = n * 10 + (buf[j] - 48); j++; }
    if (j === d0 || j - d0 > 15 || (buf[d0] === 48 && j - d0 > 1)) return FAIL; // not a plain safe integer
    const next = buf[j];
    if (next === 46 || next === 101 || next === 69) return FAIL; // . e E: floats go the slow way
    readEnd = j;
    return c === MINUS ? -n : n;
  }
  if (c === 110 && buf[i + 1] === 117 && buf[i + 2] === 108 && buf[i + 3] === 108) { readEnd = i + 4; return null; }
  if (c === LBRACK) {
    if (depth > 1) return FAIL; // a 10,000-deep array would overflow the stack
    const items: unknown[] = [];
    let j = i + 1;
    for (;;) {
      while (j < e && isWs(buf[j])) j++;
      if (buf[j] === RBRACK) { readEnd = j + 1; return items; }
      const v = readValue(buf, j, e, depth + 1);
      if (v === FAIL || (v !== null && typeof v === 'object')) return FAIL;
      items.push(v);
      j = readEnd;
      while (j < e && isWs(buf[j])) j++;
      if (buf[j] === COMMA) { j++; continue; }
      if (buf[j] === RBRACK) { readEnd = j + 1; return items; }
      return FAIL;
    }
  }
  return FAIL;
}
