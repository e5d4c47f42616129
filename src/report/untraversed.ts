// Text for memory held through C fields the collector does not traverse,
// per holder (shared by why and any report that lists holders).
import type { HiddenHolding } from '../analysis/untraversed.js';
import { heading, bytes, hexId } from './format.js';
import { count, shortType } from './why-path.js';

export function untraversedLines(holdings: HiddenHolding[] | undefined): string[] {
  if (!holdings?.length) return [];
  const out = ['', heading('Held through C fields the collector does not traverse (sys.getsizeof of the holder leaves it out)')];
  for (const h of holdings) {
    const who = `${shortType(h.holder.type)} ${hexId(h.holder.id)}`;
    if (h.objects.length) {
      const what = h.objects.map((o) => `${shortType(o.type)} ${hexId(o.id)}`).join(', ');
      out.push(`${who}: ${bytes(h.bytes)} in ${what} and what only ${h.objects.length === 1 ? 'it keeps' : 'they keep'} (otherwise counted as held from outside the snapshot)`);
    }
    if (h.chars !== undefined) out.push(`${who}: at least ${bytes(h.chars)} of text in no snapshot (${count(h.chars)} characters written, by tell())`);
  }
  return out;
}
