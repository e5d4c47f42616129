// The collector's state (analysis/collector-state.ts) as every report shows it:
// one warning line per departure from a default collector, under the title,
// in table and markdown alike; JSON reports carry the state itself.
import type { CollectorState } from '../analysis/collector-state.js';
import { mdText } from './markdown.js';

export type NoteStyle = 'table' | 'markdown';

/** Lines for one snapshot's collector (none when it is the default one). */
export function collectorLines(s: CollectorState, style: NoteStyle): string[] {
  return snapshotsLines([['', s]], style);
}

/**
 * Lines for several snapshots' collectors, e.g. [['before', s1], ['after', s2]]:
 * a note both share is said once, for both.
 */
export function snapshotsLines(states: [string, CollectorState][], style: NoteStyle): string[] {
  const seen = new Map<string, string[]>();
  for (const [who, s] of states) for (const n of s.notes) seen.set(n, [...(seen.get(n) ?? []), who]);
  const out: string[] = [];
  for (const [note, who] of seen) {
    const whose = who[0] === '' ? '' : who.length === states.length && states.length > 1 ? 'both snapshots: ' : `${who.join(' and ')} snapshot: `;
    out.push(style === 'markdown' ? `> ⚠ **collector:** ${mdText(whose + note)}` : `⚠ collector: ${whose}${note}`);
  }
  return out;
}
