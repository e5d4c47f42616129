// Graph facts across a worker thread boundary: every typed array's buffer is
// moved, not copied (postMessage's transfer list), and what structured clone
// cannot carry is restored on arrival: the id table's class, and the typed
// errors the CLI maps to exit codes.
import type { GraphFacts } from './graph-facts.js';
import { IdTable } from '../snapshot/load-ids.js';
import { InputError } from '../errors.js';

/** The buffers of every typed array the facts hold (each once: some arrays are views of one buffer). */
export function factBuffers(f: GraphFacts): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const part of [f.graph, f.graph.idIndex, f.tree, f.reverse, f.dominators]) {
    if (!part) continue;
    for (const v of Object.values(part)) if (ArrayBuffer.isView(v)) out.add(v.buffer as ArrayBuffer);
  }
  return [...out];
}

/** Facts as they arrive from a worker, made whole again. */
export function revivedFacts(f: GraphFacts): GraphFacts {
  if (f.graph.idIndex) Object.setPrototypeOf(f.graph.idIndex, IdTable.prototype);
  return f;
}

export type SentError = { input: true; file: string; where: string; expected: string } | { input: false; message: string; stack?: string };

export function sentError(e: unknown): SentError {
  if (e instanceof InputError) return { input: true, file: e.file, where: e.where, expected: e.expected };
  return e instanceof Error ? { input: false, message: e.message, stack: e.stack } : { input: false, message: String(e) };
}

export function receivedError(e: SentError): Error {
  if (e.input) return new InputError(e.file, e.where, e.expected);
  const out = new Error(e.message);
  if (e.stack) out.stack = e.stack;
  return out;
}
