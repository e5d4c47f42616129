// gh-91636 (3.14.4+): after finalizers ran, weakrefs to objects that are still
// garbage are cleared once more, without callbacks: a finalizer may have made new ones.
import type { Runtime } from '../model/runtime.js';
import { clearWeakref } from '../model/weakrefs.js';

export function clearWeakrefsOf(rt: Runtime, head: number): void {
  const h = rt.heap;
  for (let o = h.next[head]; o !== head; o = h.next[o]) {
    const list = rt.weakrefsTo.get(o);
    while (list && list.length > 0) clearWeakref(rt, list[0], false);
  }
}
