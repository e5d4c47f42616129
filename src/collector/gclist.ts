// Intrusive doubly-linked object lists with a sentinel head, as CPython's
// PyGC_Head lists (gc_list_* in Modules/gcmodule.c / Python/gc.c). Order matters:
// it decides finalizer and tp_clear order.
import type { Heap } from '../model/heap.js';

export function listInit(h: Heap, head: number): void {
  h.next[head] = head;
  h.prev[head] = head;
}

export function listIsEmpty(h: Heap, head: number): boolean {
  return h.next[head] === head;
}

/** gc_list_append: link `o` (not in any list) at the tail. */
export function listAppend(h: Heap, o: number, head: number): void {
  const last = h.prev[head];
  h.next[last] = o;
  h.prev[o] = last;
  h.next[o] = head;
  h.prev[head] = o;
}

/** gc_list_remove: unlink `o` from whatever list holds it. */
export function listRemove(h: Heap, o: number): void {
  const p = h.prev[o];
  const n = h.next[o];
  h.next[p] = n;
  h.prev[n] = p;
  h.next[o] = -1;
  h.prev[o] = -1;
}

/** gc_list_move: unlink `o` and append it to the tail of `head`. */
export function listMove(h: Heap, o: number, head: number): void {
  const p = h.prev[o];
  const n = h.next[o];
  h.next[p] = n;
  h.prev[n] = p;
  listAppend(h, o, head);
}

/** gc_list_merge: append all of `from` to the tail of `to`; `from` becomes empty. */
export function listMerge(h: Heap, from: number, to: number): void {
  if (listIsEmpty(h, from)) return;
  const toLast = h.prev[to];
  const first = h.next[from];
  const last = h.prev[from];
  h.next[toLast] = first;
  h.prev[first] = toLast;
  h.next[last] = to;
  h.prev[to] = last;
  listInit(h, from);
}

/** gc_list_size: O(n), as in CPython. */
export function listSize(h: Heap, head: number): number {
  let n = 0;
  for (let o = h.next[head]; o !== head; o = h.next[o]) n++;
  return n;
}

export function listToArray(h: Heap, head: number): number[] {
  const out: number[] = [];
  for (let o = h.next[head]; o !== head; o = h.next[o]) out.push(o);
  return out;
}
