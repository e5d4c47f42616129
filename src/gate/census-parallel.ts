// The censuses of a series of full snapshots, the first half counted in a
// worker thread while this thread counts the second half (and keeps the last
// graph for retainer paths, the one before for telling new objects from old):
// on two cores, ten 1M-object snapshots take the time of five. Small files, or
// one core, go one at a time here.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { loadSnapshot, type LoadOptions } from '../snapshot/load.js';
import type { HeapGraph } from '../snapshot/graph.js';
import { receivedError, type SentError } from '../analysis/facts-transfer.js';
import { PARALLEL_ABOVE } from '../analysis/facts-parallel.js';
import { snapshotCensus } from './snapshot-census.js';
import { previousOf, type Previous } from './explain.js';
import type { Suppression } from './suppressions.js';
import type { Census } from './census.js';

export interface CountedSeries { censuses: Census[]; previous: Previous | null; last: { g: HeapGraph; fate: Uint8Array } }

export async function countSeries(files: string[], entries: Suppression[], disabled: string[], load: LoadOptions = {}, parallelAbove = PARALLEL_ABOVE): Promise<CountedSeries> {
  const big = files.every((f) => (statSync(f, { throwIfNoEntry: false })?.size ?? 0) > parallelAbove);
  const split = big && files.length >= 3 && availableParallelism() >= 2 ? Math.floor(files.length / 2) : 0;
  const inWorker = split ? countInWorker(files.slice(0, split), load, disabled) : Promise.resolve([]);
  const here = countHere(files.slice(split), entries, load);
  const [a, b] = await Promise.allSettled([inWorker, here]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return { ...b.value, censuses: [...a.value, ...b.value.censuses] };
}

async function countHere(files: string[], entries: Suppression[], load: LoadOptions): Promise<CountedSeries> {
  const censuses: Census[] = [];
  let previous: Previous | null = null;
  let last: CountedSeries['last'] | null = null;
  for (const [i, file] of files.entries()) {
    const g = await loadSnapshot(file, load);
    const { census, fate } = snapshotCensus(g, entries);
    censuses.push(census);
    if (i === files.length - 2) previous = previousOf(g);
    if (i === files.length - 1) last = { g, fate };
  }
  return { censuses, previous, last: last! };
}

function countInWorker(files: string[], load: LoadOptions, disabled: string[]): Promise<Census[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./census-worker.js', import.meta.url), { workerData: { files, load, disabled } });
    let answered = false;
    worker.once('message', (m: { censuses: Census[] } | { error: SentError }) => {
      answered = true;
      if ('censuses' in m) resolve(m.censuses);
      else reject(receivedError(m.error));
    });
    worker.once('error', (e) => { answered = true; reject(e); });
    worker.once('exit', (code) => { if (!answered) reject(new Error(`the worker counting ${files[0]} … stopped (exit code ${code})`)); });
  });
}
