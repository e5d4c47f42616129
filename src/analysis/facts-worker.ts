// Worker thread entry: load one snapshot, compute its facts, send them back
// with their buffers transferred (see facts-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadSnapshot, type LoadOptions } from '../snapshot/load.js';
import { graphFacts } from './graph-facts.js';
import { factBuffers, sentError } from './facts-transfer.js';

const { file, options } = workerData as { file: string; options: LoadOptions };
try {
  const facts = graphFacts(await loadSnapshot(file, options));
  parentPort!.postMessage({ facts }, factBuffers(facts));
} catch (e) {
  parentPort!.postMessage({ error: sentError(e) });
}
