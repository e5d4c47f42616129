// Worker thread entry: read the object trace again and replay some candidates
// (see trace-pool.ts); the results are plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { openTrace } from '../trace/load.js';
import type { Event } from '../trace/schema.js';
import { sentError } from '../analysis/facts-transfer.js';
import { replayCandidate } from './trace-tune.js';
import type { Candidate } from './types.js';
import type { TraceJob } from './trace-pool.js';

const { cands, job } = workerData as { cands: Candidate[]; job: TraceJob };
try {
  const src = await openTrace(job.file);
  const events: Event[] = [];
  for await (const b of src.events()) for (const e of b.events) events.push(e);
  const runs = cands.map((c) => replayCandidate(job.file, src, events, c, job.profile, job.defaults, job.recorded));
  parentPort!.postMessage({ runs });
} catch (e) {
  parentPort!.postMessage({ error: sentError(e) });
}
