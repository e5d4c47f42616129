// A class object's own name. A snapshot names each object's type, so a class
// is just "builtins.type" (or its metaclass); which class it is shows in who
// refers to it: an instance's reference to its class (edge kind "type") names
// it exactly, else a module global does (module app.models → Request).
import type { HeapGraph } from '../snapshot/graph.js';
import type { ReverseEdges } from './reverse.js';
import { EDGE_KINDS } from '../snapshot/schema.js';

const TYPE_EDGE = EDGE_KINDS.indexOf('type');

export function typeObjectName(g: HeapGraph, rev: ReverseEdges, v: number): string | undefined {
  for (let i = rev.firstIn[v]; i < rev.firstIn[v + 1]; i++) {
    const u = rev.inFrom[i];
    for (let e = g.firstEdge[u]; e < g.firstEdge[u + 1]; e++) {
      if (g.edgeTo[e] === v && g.edgeKind[e] === TYPE_EDGE) return g.strings[g.type[u]];
    }
  }
  if (g.strings[g.type[v]] !== 'builtins.type') return undefined;
  for (const r of g.roots) {
    if (r.kind !== 'module') continue;
    const global = r.to.find((t) => t.index === v && t.label);
    if (global) return `${r.name.replace(/^module /, '')}.${global.label}`;
  }
  return undefined;
}
