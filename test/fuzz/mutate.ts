// Mutations of valid inputs (traces, snapshots, recordings): structural ones on
// the parsed JSON (a value swapped for a hostile one, a key renamed to
// "__proto__", an entry dropped or repeated), then sometimes byte-level ones on
// the text (a byte order mark, invalid UTF-8, a cut). Each is what a reader
// meets in the wild or from someone who means harm.
import type { Rng } from './rng.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Slot { parent: Json[] | Record<string, Json>; key: string | number }

const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'x', 'op', 'id', 'count', 'events', 'objects', 'edges', 'label', 'print'];
// Deep values are spliced into the text (JSON.stringify itself overflows at 10,000 levels).
const DEEP_ARRAY = '\u0000deep-array\u0000';
const DEEP_OBJECT = '\u0000deep-object\u0000';
const deepText = (text: string) => text
  .replaceAll(JSON.stringify(DEEP_ARRAY), `${'['.repeat(10_000)}0${']'.repeat(10_000)}`)
  .replaceAll(JSON.stringify(DEEP_OBJECT), `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`);
const STRINGS = ['', '__proto__', 'constructor', 'toString', 'a\u001b[2J\u001b]0;t\u0007b', 'x\ny\r\nz', '\u202egnp.exe', '\ud800', '{self.constructor}', '{self.toString}',
  '{}', '{{', '}}', '{', 'a{0}b', '{self.x!r}', 'x'.repeat(3000), 'é', '\u0000', 'builtins.dict', 'list', 'dict', 'Node'];
const NUMBERS = [0, -1, 1, 2, 3, 0.5, -0.5, 1e-7, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 40, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e300, -1e300, 6, 7, 255, 256, 700, 10];

function hostile(rng: Rng, old: Json): Json {
  const r = rng.int(20);
  if (r < 6) return rng.pick(NUMBERS);
  if (r < 11) return rng.pick(STRINGS);
  if (r === 11) return rng.pick([null, true, false]);
  if (r === 12) return [];
  if (r === 13) return {};
  if (r === 14) return rng.chance(0.5) ? DEEP_ARRAY : DEEP_OBJECT;
  if (r === 15) return 'line\n'.repeat(16_000);
  if (typeof old === 'number') return rng.pick([old + 1, old - 1, old * 2, -old, old + 0.5, old * 2 ** 32]);
  if (typeof old === 'string') return old + rng.pick(['\n', '\u001b[31m', '\u0085', '"', '\\', '__proto__']);
  if (Array.isArray(old)) return [...old, ...old];
  return old;
}

/** Every value position in the document (iteratively: a mutation may have made it 10,000 deep). */
function slots(doc: Json): Slot[] {
  const out: Slot[] = [];
  const stack: Json[] = [doc];
  while (stack.length && out.length < 200_000) {
    const v = stack.pop()!;
    if (Array.isArray(v)) v.forEach((x, i) => { out.push({ parent: v, key: i }); stack.push(x); });
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) { out.push({ parent: v, key: k }); stack.push(v[k]); }
  }
  return out;
}

function put(parent: Slot['parent'], key: string | number, value: Json): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function renameKey(o: Record<string, Json>, from: string, to: string): void {
  const entries = Object.keys(o).map((k) => [k === from ? to : k, o[k]] as const);
  for (const k of Object.keys(o)) delete o[k];
  for (const [k, v] of entries) put(o, k, v);
}

/** A change that keeps the document's shape: a scalar swapped for another of its kind from the same document, or nudged. */
function mildOnce(rng: Rng, doc: Json, all: Slot[]): Json {
  const at = (s: Slot) => (s.parent as Record<string | number, Json>)[s.key];
  const scalars = all.filter((s) => typeof at(s) === 'number' || typeof at(s) === 'string');
  if (!scalars.length) return doc;
  const target = rng.pick(scalars);
  const old = at(target);
  // Another value under the same key (an id for an id, a type for a type): the document stays plausible.
  const name = (s: Slot) => (Array.isArray(s.parent) ? '[]' : String(s.key));
  const same = scalars.filter((s) => typeof at(s) === typeof old && name(s) === name(target));
  const value = typeof old === 'number' && rng.chance(0.5) ? rng.pick([old + 1, old - 1, 0, 1, old * 10]) : at(rng.pick(same));
  put(target.parent, target.key, value);
  return doc;
}

function mutateOnce(rng: Rng, doc: Json): Json {
  const all = slots(doc);
  if (all.length === 0) return hostile(rng, doc);
  if (rng.chance(0.45)) return mildOnce(rng, doc, all);
  const { parent, key } = rng.pick(all);
  const old = (parent as Record<string | number, Json>)[key];
  switch (rng.int(8)) {
    case 0: case 1: case 2:
      put(parent, key, hostile(rng, old));
      break;
    case 3: // drop it
      if (Array.isArray(parent)) parent.splice(key as number, 1); else delete (parent as Record<string, Json>)[key as string];
      break;
    case 4: // repeat it, or cut the array short
      if (Array.isArray(parent)) {
        if (rng.chance(0.5)) parent.splice(key as number, 0, structuredClone(old)); else parent.length = key as number;
      } else put(parent, rng.pick(KEYS), structuredClone(old));
      break;
    case 5: // rename the key
      if (!Array.isArray(parent)) renameKey(parent, key as string, rng.pick(KEYS)); else put(parent, key, hostile(rng, old));
      break;
    case 6: // another value of the same document here (an id, a type name, a count)
    {
      const other = rng.pick(all);
      put(parent, key, structuredClone((other.parent as Record<string | number, Json>)[other.key]));
    }
      break;
    default: // a nearby number, or a string with something appended
      put(parent, key, typeof old === 'number' || typeof old === 'string' ? hostile(rng, old) : rng.pick(NUMBERS));
  }
  return doc;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function mutateBytes(rng: Rng, b: Buffer): Buffer {
  const at = rng.int(b.length + 1);
  switch (rng.int(7)) {
    case 0: return Buffer.concat([BOM, b]);
    case 1: return Buffer.concat([BOM, BOM, b]);
    case 2: return Buffer.concat([b.subarray(0, at), Buffer.from([rng.pick([0xff, 0xc3, 0x80, 0xed, 0xf4, 0xc0])]), b.subarray(at + (rng.chance(0.5) ? 1 : 0))]);
    case 3: return b.subarray(0, at); // truncated
    case 4: return Buffer.concat([b.subarray(0, at), Buffer.from(rng.pick(['{', '}', '[', ']', ',', '"', ':', '1', '\n', '-', 'e', '\\u00', 'nul']), 'latin1'), b.subarray(at)]);
    case 5: return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + rng.int(8)))]);
    default: return Buffer.concat([b, Buffer.from('\n')]);
  }
}

export interface Mutated { bytes: Buffer; what: string }

/**
 * One mutated document: 1-3 structural changes, then (one time in five) a
 * byte-level one. `ndjson`: written as a header line and one line per event.
 */
export function mutate(rng: Rng, seedText: string, ndjson = false, seedIsNdjson = false): Mutated {
  // An NDJSON seed (a recording) is mutated as the array of its lines.
  let doc = (seedIsNdjson ? seedText.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) : JSON.parse(seedText)) as Json;
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) doc = mutateOnce(rng, doc);
  const text = seedIsNdjson && Array.isArray(doc) ? `${doc.map((x) => JSON.stringify(x)).join('\n')}\n` : ndjson ? toNdjson(doc) : JSON.stringify(doc);
  let bytes: Buffer = Buffer.from(deepText(text), 'utf8');
  let what = `${n} structural`;
  if (rng.chance(0.2)) {
    bytes = mutateBytes(rng, bytes);
    what += ' + bytes';
  }
  return { bytes, what };
}

/** A JSON trace as NDJSON (what is not a trace object is written as one line). */
export function toNdjson(doc: Json): string {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !Array.isArray(doc.events)) return `${JSON.stringify(doc)}\n`;
  const header: Record<string, Json> = {};
  for (const k of Object.keys(doc)) if (k !== 'events') put(header, k, doc[k]);
  return `${[header, ...doc.events].map((x) => JSON.stringify(x)).join('\n')}\n`;
}
