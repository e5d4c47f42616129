// Worker thread entry: load and count a run of snapshots, send back their
// censuses (see census-parallel.ts). The graphs stay here and are dropped.
import { parentPort, workerData } from 'node:worker_threads';
import { loadSnapshot, type LoadOptions } from '../snapshot/load.js';
import { sentError } from '../analysis/facts-transfer.js';
import { snapshotCensus } from './snapshot-census.js';
import { activeSuppressions } from './suppressions.js';

const { files, load, disabled } = workerData as { files: string[]; load: LoadOptions; disabled: string[] };
try {
  const entries = activeSuppressions(disabled);
  const censuses = [];
  for (const f of files) censuses.push(snapshotCensus(await loadSnapshot(f, load), entries).census);
  parentPort!.postMessage({ censuses });
} catch (e) {
  parentPort!.postMessage({ error: sentError(e) });
}
