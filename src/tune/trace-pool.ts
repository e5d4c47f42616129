// Object-trace candidates in parallel: with two or more cores and a trace big
// enough that a worker's start-up (~0.3 s: loading the model and the trace
// again) is small beside one replay, half of the candidates run in a worker
// thread while this thread runs the other half. Results come back in order.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Event } from '../trace/schema.js';
import type { TraceSource } from '../trace/load.js';
import type { Profile } from '../model/profiles.js';
import { receivedError, type SentError } from '../analysis/facts-transfer.js';
import { replayCandidate, type TraceRun } from './trace-tune.js';
import type { Candidate, Thresholds } from './types.js';

/** Events (repeat bodies expanded) below which one thread does all: measured in the README. */
export const PARALLEL_EVENTS = 200_000;

export interface TraceJob {
  file: string;
  profile: Profile;
  defaults: Thresholds;
  recorded: Thresholds;
}

function size(events: Event[]): number {
  let n = 0;
  for (const e of events) n += e.op === 'repeat' ? e.times * e.body.length : 1;
  return n;
}

export async function replayCandidates(src: Pick<TraceSource, 'header'>, events: Event[], cands: Candidate[], job: TraceJob, parallel = true): Promise<TraceRun[]> {
  const here = (cs: Candidate[]): TraceRun[] => cs.map((c) => replayCandidate(job.file, src, events, c, job.profile, job.defaults, job.recorded));
  if (!parallel || cands.length < 2 || availableParallelism() < 2 || size(events) < PARALLEL_EVENTS) return here(cands);
  const half = Math.floor(cands.length / 2);
  const away = inWorker(cands.slice(0, half), job);
  let mine: TraceRun[];
  try {
    mine = here(cands.slice(half));
  } catch (e) {
    await away.catch(() => undefined);
    throw e;
  }
  return [...(await away), ...mine];
}

function inWorker(cands: Candidate[], job: TraceJob): Promise<TraceRun[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./trace-worker.js', import.meta.url), { workerData: { cands, job } });
    let answered = false;
    worker.once('message', (m: { runs: TraceRun[] } | { error: SentError }) => {
      answered = true;
      if ('runs' in m) resolve(m.runs);
      else reject(receivedError(m.error));
    });
    worker.once('error', (e) => { answered = true; reject(e); });
    worker.once('exit', (code) => { if (!answered) reject(new Error(`the worker replaying ${job.file} stopped (exit code ${code})`)); });
  });
}
