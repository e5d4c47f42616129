// Whether two snapshots come from one process, from their headers. Only then
// does an id name the same object in both (an id is an address, and every run
// of a program lays its heap out anew). Captures record a per-process token
// (`process`, unique per process even when pids repeat, as in containers where
// every run is pid 1); older captures only the pid, which differs between
// runs on one machine, mostly. Hand-written snapshots record neither: one
// process is assumed, as before.
import type { SnapshotHeader } from '../snapshot/schema.js';

export interface ProcessCheck {
  same: boolean;
  /** How it was decided, e.g. "pids 412 and 977". */
  evidence: string;
}

export function sameProcess(before: SnapshotHeader, after: SnapshotHeader): ProcessCheck {
  if (before.process !== undefined && after.process !== undefined) {
    return before.process === after.process
      ? { same: true, evidence: 'one process token' }
      : { same: false, evidence: before.pid !== undefined && before.pid === after.pid ? `same pid ${before.pid}, different process tokens` : 'different process tokens' };
  }
  if (before.pid !== undefined && after.pid !== undefined) {
    return before.pid === after.pid ? { same: true, evidence: `pid ${before.pid} in both` } : { same: false, evidence: `pids ${before.pid} and ${after.pid}` };
  }
  return { same: true, evidence: 'no process recorded' };
}
