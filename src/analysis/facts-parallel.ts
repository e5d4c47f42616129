// Load several snapshots and compute their facts (retainer tree, dominators)
// at once: each but the last in a worker thread, the last on this thread, so
// snapshot-diff's two heaps take the time of one on a machine with two cores.
// The typed arrays come back by transfer (no copy). Errors are reported as a
// one-at-a-time load would: the first file's first.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { loadSnapshot, type LoadOptions } from '../snapshot/load.js';
import { graphFacts, type GraphFacts } from './graph-facts.js';
import { revivedFacts, receivedError, type SentError } from './facts-transfer.js';

/** Below this size (each file) a worker's start-up costs more than it saves. */
export const PARALLEL_ABOVE = 16 * 1024 * 1024;

export interface FactsOptions extends LoadOptions {
  /** Use worker threads when every file is bigger than this many bytes (default PARALLEL_ABOVE; Infinity: never). */
  parallelAbove?: number;
}

export async function loadFacts(files: string[], opts: FactsOptions = {}): Promise<GraphFacts[]> {
  const { parallelAbove = PARALLEL_ABOVE, ...load } = opts;
  if (files.length < 2 || availableParallelism() < 2 || !(await allAbove(files, parallelAbove))) {
    const out: GraphFacts[] = [];
    for (const f of files) out.push(graphFacts(await loadSnapshot(f, load)));
    return out;
  }
  const inWorkers = files.slice(0, -1).map((f) => factsInWorker(f, load));
  const here = loadSnapshot(files[files.length - 1], load).then(graphFacts);
  const settled = await Promise.allSettled([...inWorkers, here]);
  return settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
}

async function allAbove(files: string[], bytes: number): Promise<boolean> {
  if (!Number.isFinite(bytes)) return false;
  // A file that cannot be read is reported by the loader, one file at a time.
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => -1)));
  return sizes.every((s) => s > bytes);
}

function factsInWorker(file: string, options: LoadOptions): Promise<GraphFacts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./facts-worker.js', import.meta.url), { workerData: { file, options } });
    let answered = false;
    worker.once('message', (m: { facts: GraphFacts } | { error: SentError }) => {
      answered = true;
      if ('facts' in m) resolve(revivedFacts(m.facts));
      else reject(receivedError(m.error));
    });
    worker.once('error', (e) => { answered = true; reject(e); });
    worker.once('exit', (code) => { if (!answered) reject(new Error(`the worker loading ${file} stopped (exit code ${code})`)); });
  });
}
