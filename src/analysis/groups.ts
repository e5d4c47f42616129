// Grouping objects by type, by module (the type name up to its last dot:
// "app.models.Request" → "app.models"; builtins are "builtins") or by
// allocation site (tracemalloc's "file:line"), with one group numbering shared
// by several snapshots.
import type { HeapGraph } from '../snapshot/graph.js';

export const GROUP_BYS = ['type', 'module', 'site'] as const;

/** The group of objects a tracemalloc snapshot has no site for. */
export const UNKNOWN_SITE = '(unknown site)';
export type GroupBy = (typeof GROUP_BYS)[number];

export function groupName(type: string, by: Exclude<GroupBy, 'site'>): string {
  if (by === 'type') return type;
  const dot = type.lastIndexOf('.');
  return dot > 0 ? type.slice(0, dot) : '(no module)';
}

export class Groups {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(readonly by: GroupBy) {}

  /** Group of every object of g. */
  assign(g: HeapGraph): Int32Array {
    const ofString = new Int32Array(g.strings.length).fill(-1);
    const out = new Int32Array(g.n);
    const by = this.by;
    const key = by === 'site' ? g.site : g.type;
    for (let v = 0; v < g.n; v++) {
      const t = key[v];
      if (ofString[t] < 0) ofString[t] = this.add(by === 'site' ? (t === 0 ? UNKNOWN_SITE : g.strings[t]) : groupName(g.strings[t], by));
      out[v] = ofString[t];
    }
    return out;
  }

  private add(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
}
