// Which suppression entry blocks which object of a full snapshot, and which
// roots are not followed (suppressions.ts says how each entry is recognised).
import type { HeapGraph } from '../snapshot/graph.js';
import type { Suppression, Matcher } from './suppressions.js';
import { moduleMatches } from './suppressions.js';
import { isStdlibModule } from './stdlib-modules.js';

export interface Blocks {
  /** 1 + the index of the entry that blocks the object, 0 for none. */
  blocked: Uint8Array;
  /** Per root: 1 + the entry whose root it is, 0 for a root to follow. */
  skippedRoot: Uint8Array;
}

const moduleOfRoot = (name: string): string | null => (name.startsWith('module ') ? name.slice(7) : null);
const moduleOfType = (type: string): string => (type.includes('.') ? type.slice(0, type.lastIndexOf('.')) : '');

export function suppressionBlocks(g: HeapGraph, entries: readonly Suppression[]): Blocks {
  const blocked = new Uint8Array(g.n);
  const skippedRoot = new Uint8Array(g.roots.length);
  // Label and type matchers of every entry go into two tables (string index → mark), applied in one pass each.
  const byLabel = new Uint8Array(g.strings.length);
  const byType = new Uint8Array(g.strings.length);
  entries.forEach((s, k) => {
    for (const m of s.snapshot) apply(g, m, k + 1, blocked, skippedRoot, byLabel, byType);
  });
  if (byType.some((x) => x !== 0)) for (let v = 0; v < g.n; v++) if (byType[g.type[v]] && !blocked[v]) blocked[v] = byType[g.type[v]];
  if (byLabel.some((x) => x !== 0)) {
    const { edgeTo, edgeLabel } = g;
    for (let e = 0; e < edgeTo.length; e++) {
      const mark = byLabel[edgeLabel[e]];
      if (mark && !blocked[edgeTo[e]]) blocked[edgeTo[e]] = mark;
    }
  }
  return { blocked, skippedRoot };
}

const matchesAny = (module: string, patterns: readonly string[]) => patterns.some((p) => moduleMatches(module, p, isStdlibModule));

/** Give `mark` to the string indices whose text satisfies test (the first entry to claim one keeps it). */
function markStrings(g: HeapGraph, table: Uint8Array, mark: number, test: (s: string) => boolean): void {
  for (let i = 1; i < g.strings.length; i++) if (!table[i] && test(g.strings[i])) table[i] = mark;
}

function apply(g: HeapGraph, m: Matcher, mark: number, blocked: Uint8Array, skippedRoot: Uint8Array, byLabel: Uint8Array, byType: Uint8Array): void {
  if ('roots' in m) {
    g.roots.forEach((r, i) => {
      const mod = moduleOfRoot(r.name);
      if (r.kind === 'module' && mod !== null && matchesAny(mod, m.modules)) skippedRoot[i] = mark;
    });
    markStrings(g, byType, mark, (s) => matchesAny(moduleOfType(s), m.modules));
    return;
  }
  if (m.cache === 'global') {
    for (const r of g.roots) {
      const mod = moduleOfRoot(r.name);
      if (r.kind !== 'module' || mod === null || !matchesAny(mod, m.modules)) continue;
      for (const to of r.to) {
        if (m.names && !m.names.includes(to.label)) continue;
        if (m.type && g.strings[g.type[to.index]] !== m.type) continue;
        if (!blocked[to.index]) blocked[to.index] = mark;
        if (m.follow) for (const v of followed(g, to.index, m.follow)) if (!blocked[v]) blocked[v] = mark;
      }
    }
  } else if (m.cache === 'label') {
    markStrings(g, byLabel, mark, (s) => m.labels.includes(s));
  } else {
    markStrings(g, byType, mark, (s) => m.types.includes(s));
  }
}

/** The objects reached from v by references labelled steps[0], then steps[1], … ('*' matches any label). */
function followed(g: HeapGraph, v: number, steps: readonly string[]): number[] {
  let at = [v];
  for (const step of steps) {
    const next: number[] = [];
    for (const u of at) {
      for (let e = g.firstEdge[u]; e < g.firstEdge[u + 1]; e++) if (step === '*' || g.strings[g.edgeLabel[e]] === step) next.push(g.edgeTo[e]);
    }
    at = next;
  }
  return at;
}
