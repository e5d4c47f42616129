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
  entries.forEach((s, k) => {
    for (const m of s.snapshot) apply(g, m, k + 1, blocked, skippedRoot);
  });
  return { blocked, skippedRoot };
}

const matchesAny = (module: string, patterns: readonly string[]) => patterns.some((p) => moduleMatches(module, p, isStdlibModule));

/** String indices whose text satisfies test. */
function stringsWhere(g: HeapGraph, test: (s: string) => boolean): Uint8Array {
  const out = new Uint8Array(g.strings.length);
  for (let i = 1; i < g.strings.length; i++) if (test(g.strings[i])) out[i] = 1;
  return out;
}

function blockTypes(g: HeapGraph, types: Uint8Array, mark: number, blocked: Uint8Array): void {
  for (let v = 0; v < g.n; v++) if (types[g.type[v]] && !blocked[v]) blocked[v] = mark;
}

function apply(g: HeapGraph, m: Matcher, mark: number, blocked: Uint8Array, skippedRoot: Uint8Array): void {
  if ('roots' in m) {
    g.roots.forEach((r, i) => {
      const mod = moduleOfRoot(r.name);
      if (r.kind === 'module' && mod !== null && matchesAny(mod, m.modules)) skippedRoot[i] = mark;
    });
    blockTypes(g, stringsWhere(g, (s) => matchesAny(moduleOfType(s), m.modules)), mark, blocked);
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
    const labels = stringsWhere(g, (s) => m.labels.includes(s));
    for (let e = 0; e < g.edgeTo.length; e++) if (labels[g.edgeLabel[e]] && !blocked[g.edgeTo[e]]) blocked[g.edgeTo[e]] = mark;
  } else {
    blockTypes(g, stringsWhere(g, (s) => m.types.includes(s)), mark, blocked);
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
