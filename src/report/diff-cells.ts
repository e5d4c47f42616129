// Cells of the snapshot-diff type table, shared by the table and Markdown reporters.
import type { DiffRow, DiffSort, SnapshotSummary } from '../analysis/diff.js';
import { bytes } from './format.js';
import { count, signed } from './why-path.js';

export const COLUMNS = ['count before', 'count after', 'Δ count', 'bytes before', 'bytes after', 'Δ bytes', 'new', 'gone', 'Δ retained'];

export const SORT_TITLE: Record<DiffSort, string> = { retained: 'Δ retained', count: 'Δ count', bytes: 'Δ bytes' };

export function signedBytes(n: number): string {
  return n > 0 ? `+${bytes(n)}` : n < 0 ? `-${bytes(-n)}` : '0';
}

export function cells(r: DiffRow): string[] {
  return [count(r.countBefore), count(r.countAfter), signed(r.countDelta), bytes(r.bytesBefore), bytes(r.bytesAfter),
    signedBytes(r.bytesDelta), count(r.new), count(r.gone), signedBytes(r.retainedDelta)];
}

export function about(s: SnapshotSummary): string {
  const what = [s.label && JSON.stringify(s.label), s.time, `Python ${s.python}`, `${count(s.objects)} objects`, bytes(s.bytes)].filter(Boolean);
  return `${s.file} (${what.join(', ')})`;
}
