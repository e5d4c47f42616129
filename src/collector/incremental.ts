// The incremental collector of CPython 3.14.0-3.14.4 (Python/gc.c): young
// collections, increments over the old generation's two spaces, full collections.
import type { Runtime } from '../model/runtime.js';

export function incrementalAutomatic(_rt: Runtime): void {
  throw new Error('the 3.14.0-3.14.4 incremental collector is not modelled yet');
}

export function incrementalManual(_rt: Runtime, _generation: number): number {
  throw new Error('the 3.14.0-3.14.4 incremental collector is not modelled yet');
}

export function incrementalFreeze(_rt: Runtime): void {
  throw new Error('the 3.14.0-3.14.4 incremental collector is not modelled yet');
}

export function incrementalUnfreeze(_rt: Runtime): void {
  throw new Error('the 3.14.0-3.14.4 incremental collector is not modelled yet');
}
