// The collector's state when a snapshot was taken is part of the diagnosis:
// with the collector disabled (gc.disable(), or gc.set_threshold(0)) no
// collection runs by itself, so cyclic garbage stays; objects gc.freeze()
// moved to the permanent generation are examined by no collection, gc.collect()
// included, until gc.unfreeze(); changed thresholds change how often
// collections run. Every report says so (src/report/collector-note.ts).
import type { SnapshotHeader } from '../snapshot/schema.js';
import { profileFor } from '../model/profiles.js';

export interface CollectorState {
  enabled: boolean;
  thresholds: number[];
  /** The version's defaults (from its model profile); null for a version gcdiag has no profile for. */
  defaultThresholds: number[] | null;
  /** Objects in the permanent generation (gc.get_freeze_count()). */
  freezeCount: number;
  /** Collections run by themselves: enabled, and threshold 0 is not 0 (which turns them off). */
  automatic: boolean;
  /** One sentence per departure from a default collector; none when it is the default one. */
  notes: string[];
}

const tuple = (t: readonly number[]) => `(${t.join(', ')})`;

export function collectorState(h: SnapshotHeader): CollectorState {
  const { enabled, thresholds, freezeCount } = h.gc;
  const defaults = profileFor(h.python.version)?.thresholds ?? null;
  const automatic = enabled && thresholds[0] > 0;
  const notes: string[] = [];
  if (!enabled) notes.push('the collector was disabled (gc.disable()): no collection runs by itself, so cyclic garbage stays until gc.collect() or gc.enable()');
  else if (!automatic) notes.push('threshold 0 is 0 (gc.set_threshold(0)): no collection runs by itself, so cyclic garbage stays until gc.collect()');
  if (freezeCount > 0) {
    notes.push(`${freezeCount.toLocaleString('en-US')} object${freezeCount === 1 ? ' was' : 's were'} frozen (gc.freeze()): no collection examines them, gc.collect() included, until gc.unfreeze(); cycles among them are never freed`);
  }
  if (defaults && thresholds[0] > 0 && thresholds.some((t, k) => t !== defaults[k])) {
    const pace = thresholds[0] > defaults[0] ? 'the youngest generation is collected less often' : thresholds[0] < defaults[0] ? 'the youngest generation is collected more often' : 'older generations are collected at another pace';
    notes.push(`thresholds ${tuple(thresholds)}, not Python ${h.python.version}'s default ${tuple(defaults)} (gc.set_threshold()): ${pace}`);
  }
  return { enabled, thresholds: [...thresholds], defaultThresholds: defaults ? [...defaults] : null, freezeCount, automatic, notes };
}

const NEXT = 'the next full collection frees it';
const OFF = 'no collection runs by itself (the collector is off)';

/**
 * What becomes of cyclic garbage: "the next full collection frees it", but
 * with no automatic collection nothing does until someone calls gc.collect().
 */
export function garbageFate(s: CollectorState): string {
  return s.automatic ? NEXT : `gc.collect() frees it, but ${OFF}`;
}

/** A verdict's reason, promising no collection that will not come. */
export function withCollector(reason: string, s: CollectorState): string {
  if (s.automatic) return reason;
  if (reason.includes(NEXT)) return reason.replace(NEXT, garbageFate(s));
  return reason.includes('a full collection') ? `${reason}; ${OFF}` : reason;
}
