// Consistency checks of the model's heap, for tests and --debug runs: every
// reference count equals the references that exist, no live object points at a
// freed one, and every tracked object sits in exactly one generation list.
import { F_ALIVE, F_TRACKED, F_HEAD, F_IMMORTAL } from './heap.js';
import type { Runtime } from './runtime.js';

export function heapProblems(rt: Runtime, max = 10): string[] {
  const h = rt.heap;
  const problems: string[] = [];
  const report = (s: string) => { if (problems.length < max) problems.push(s); };
  const expected = new Int32Array(h.top);
  const alive = (o: number) => o >= 0 && (h.flags[o] & F_ALIVE) !== 0;
  let live = 0;
  for (let o = 0; o < h.top; o++) {
    if (!alive(o)) continue;
    live++;
    const n = h.edges.len[o];
    for (let i = 0; i < n; i++) {
      const r = h.edges.get(o, i);
      if (r < 0) continue;
      if (!alive(r)) report(`${rt.label(o)} refers to freed object #${r}`);
      else expected[r]++;
    }
  }
  for (const v of rt.vars.values_()) if (v >= 0) expected[v]++;
  for (const o of rt.resurrected) expected[o]++;
  for (const o of rt.gc.garbage) expected[o]++;
  for (const [fin, e] of rt.finalizeRegistry) { expected[fin]++; expected[e.info]++; }
  for (let o = 0; o < h.top; o++) {
    if (!alive(o) || (h.flags[o] & F_IMMORTAL)) continue;
    const external = rt.typeOf(o).name === '<interpreter>' ? 1 : 0;
    if (h.refcnt[o] !== expected[o] + external) {
      report(`${rt.typeOf(o).name} ${rt.label(o)}: refcount ${h.refcnt[o]} but ${expected[o] + external} references exist`);
    }
  }
  const seen = new Uint8Array(h.top);
  for (const head of [...rt.gc.gen, rt.gc.permanent]) {
    for (let o = h.next[head]; o !== head; o = h.next[o]) {
      if (seen[o]) report(`${rt.label(o)} is in two lists`);
      seen[o] = 1;
      if (!alive(o)) report(`freed object #${o} is still in a generation list`);
    }
  }
  for (let o = 0; o < h.top; o++) {
    if (!alive(o) || (h.flags[o] & F_HEAD)) continue;
    const tracked = (h.flags[o] & F_TRACKED) !== 0;
    if (tracked && !seen[o]) report(`${rt.typeOf(o).name} ${rt.label(o)} is tracked but in no generation list`);
    if (!tracked && seen[o]) report(`${rt.typeOf(o).name} ${rt.label(o)} is untracked but in a generation list`);
  }
  if (live - 1 !== rt.live) report(`live count ${rt.live} but ${live - 1} objects are alive (besides the empty tuple)`);
  return problems;
}
