// The recording simulator: every candidate in lockstep over ONE streaming pass
// of the recording. Path items are buffered only up to the next recorded
// collection (a gen-0 window; flushed at FLUSH_ITEMS), so memory is bounded by
// the window and the number of candidates, never by the recording's length.
import type { Profile } from '../model/profiles.js';
import type { RecordingHeader, EndEvent, GcEvent } from '../recording/schema.js';
import type { LinedEvent } from '../recording/read.js';
import { InputError } from '../errors.js';
import type { Candidate, Series } from './types.js';
import { Window, fills } from './window.js';
import { CandidateSim, type CandidateTotals } from './candidate-sim.js';

/** A window longer than this (gc disabled for a long stretch) is run in parts, with estimated rates. */
export const FLUSH_ITEMS = 1 << 18;

export interface SimRun {
  candidate: Candidate;
  profile: Profile;
}

export interface SimOutput {
  totals: CandidateTotals[];
  series: Series[];
  allocations: number;
  end: EndEvent;
  /** Sum of the recorded `examined` (null if any collection lacks it) and of the recorded CPU time in collections. */
  recordedExamined: number | null;
  recordedGcNs: number;
  marks: Set<string>;
  setThresholdCalls: number;
}

function kindsOf(header: RecordingHeader): number {
  return 2 + (header.start.freelists.tuple?.length ?? 0);
}

export async function simulateRecording(file: string, header: RecordingHeader, events: AsyncIterable<LinedEvent[]>, runs: SimRun[]): Promise<SimOutput> {
  const kinds = kindsOf(header);
  const cap = header.freelist_capacity ?? { list: 80, dict: 80, tuple: 2000 };
  const recordedCaps = Array.from({ length: kinds }, (_, k) => (k === 0 ? cap.list : k === 1 ? cap.dict : cap.tuple));
  const ll = header.start.long_lived_total === null || header.start.long_lived_pending === null ? null : header.start.long_lived_total + header.start.long_lived_pending;
  const w = new Window(kinds, recordedCaps, fills(header.start.freelists, kinds), ll);
  const sims = runs.map((r) => new CandidateSim(r.candidate, r.profile, header, kinds));
  let recordedExamined: number | null = 0;
  let recordedGcNs = 0;
  const marks = new Set<string>();
  let setThresholdCalls = 0;
  let end: EndEvent | null = null;

  const runWindow = (close: GcEvent | null): void => {
    w.begin(close);
    for (const s of sims) s.run(w);
    w.end();
  };

  for await (const batch of events) {
    for (const ev of batch) {
      switch (ev.op) {
        case 'path': {
          const d = ev.d;
          for (let k = 0; k < d.length; k++) {
            w.push(d[k]);
            if (w.n >= FLUSH_ITEMS) runWindow(null);
          }
          break;
        }
        case 'gc':
          recordedExamined = ev.examined === null || recordedExamined === null ? null : recordedExamined + ev.examined;
          recordedGcNs += ev.cpu_ns;
          runWindow(ev);
          break;
        case 'end':
          end = ev;
          break;
        default:
          if (ev.op === 'mark') marks.add(ev.name);
          if (ev.op === 'set_threshold') setThresholdCalls++;
          w.controls.push({ pos: w.n, ev });
      }
    }
  }
  if (!end) throw new InputError(file, 'end of file', 'no "end" line: the recording is truncated');
  runWindow(null);
  const iEnd = w.iStart;
  const totals = sims.map((s) => s.finish(w, iEnd));
  const step = Math.max(...sims.map((s) => s.tally.series.currentStep));
  return {
    totals, series: sims.map((s) => s.tally.series.finish(step, iEnd)), allocations: iEnd, end,
    recordedExamined, recordedGcNs, marks, setThresholdCalls,
  };
}
