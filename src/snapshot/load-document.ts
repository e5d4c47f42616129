// A snapshot parsed whole (small files): identity checks first, so a file of the
// wrong kind or version gets a plain answer, then the zod schema, then columns.
import { InputError } from '../errors.js';
import { describeZodError } from '../trace/errors.js';
import type { HeapGraph } from './graph.js';
import { SNAPSHOT_FORMAT, FriendlySnapshot, ColumnarSnapshot, type SnapshotHeader } from './schema.js';
import { FriendlyBuilder } from './load-friendly.js';
import { ColumnarBuilder } from './load-columnar.js';
import type { ObjectColumnName, EdgeColumnName } from './load-columns.js';

export type Layout = 'friendly' | 'columnar';
const IDENTITY = ['format', 'version', 'layout'] as const;

/**
 * What an identity field held, in a few words: never the whole value (a fuzzed
 * 10,000-deep array there overflowed JSON.stringify's stack, and a big one
 * would not make a one-line error).
 */
function gotText(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'got an array';
  if (value !== null && typeof value === 'object') return 'got an object';
  const text = JSON.stringify(value);
  return `got ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
}

/** Check format, version or layout as soon as its value is known. */
export function checkIdentityField(file: string, key: string, value: unknown): void {
  const got = gotText(value);
  if (key === 'format' && value !== SNAPSHOT_FORMAT) {
    throw new InputError(file, '$.format', `expected "${SNAPSHOT_FORMAT}" (${got}): not a gcdiag snapshot`);
  }
  if (key === 'version' && value !== 1) {
    throw new InputError(file, '$.version', `expected snapshot format version 1 (${got}): written by another gcdiag version?`);
  }
  if (key === 'layout' && value !== 'friendly' && value !== 'columnar') {
    throw new InputError(file, '$.layout', `expected "friendly" or "columnar" (${got})`);
  }
}

export function checkIdentity(file: string, doc: unknown): Layout {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new InputError(file, '$', 'expected a JSON object (a gcdiag snapshot)');
  const d = doc as Record<string, unknown>;
  for (const k of IDENTITY) checkIdentityField(file, k, d[k]);
  return d.layout as Layout;
}

const HEADER_KEYS = Object.keys(FriendlySnapshot.shape).filter((k) => !['layout', 'objects', 'edges', 'roots'].includes(k));

/** The header fields of a validated snapshot (whichever layout). */
export function headerOf(d: Record<string, unknown>): SnapshotHeader {
  const h: Record<string, unknown> = {};
  for (const k of HEADER_KEYS) if (d[k] !== undefined) h[k] = d[k];
  return h as SnapshotHeader;
}

export function zodFailure(file: string, err: import('zod').ZodError, root = '$'): InputError {
  const { where, expected } = describeZodError(err, root);
  return new InputError(file, where, expected);
}

export function graphFromDocument(file: string, doc: unknown, fileBytes?: number): HeapGraph {
  if (checkIdentity(file, doc) === 'friendly') {
    const r = FriendlySnapshot.safeParse(doc);
    if (!r.success) throw zodFailure(file, r.error);
    const b = new FriendlyBuilder(file);
    for (const o of r.data.objects) b.addObject(o);
    for (const e of r.data.edges) b.addEdge(e);
    return b.finish({ header: headerOf(r.data), roots: r.data.roots });
  }
  const r = ColumnarSnapshot.safeParse(doc);
  if (!r.success) throw zodFailure(file, r.error);
  const d = r.data;
  const b = new ColumnarBuilder(file, fileBytes);
  b.objects.count = d.objects.count;
  b.edges.count = d.edges.count;
  for (const name of Object.keys(d.objects) as (ObjectColumnName | 'count')[]) {
    if (name === 'count') continue;
    const col = b.objects.open(name);
    for (const v of d.objects[name]!) col.push(v);
  }
  for (const name of Object.keys(d.edges) as (EdgeColumnName | 'count')[]) {
    if (name === 'count') continue;
    const col = b.edges.open(name);
    for (const v of d.edges[name]) col.push(v);
  }
  return b.finish({ header: headerOf(d), strings: d.strings, roots: d.roots });
}
