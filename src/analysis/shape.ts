// The shape of a cycle, so 10,000 copies of one leak count as one: a
// Weisfeiler-Lehman colour refinement over the component (colour = type, then
// repeatedly the colour plus the sorted colours and labels of its references
// inside the component). Isomorphic copies always get the same key; different
// shapes rarely share one. Labels that carry data (list indices, dict keys) are
// reduced to their kind: dict[('/item/7', 7)] and dict[('/item/8', 8)] are one shape.
import type { HeapGraph } from '../snapshot/graph.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import type { Components } from './scc.js';

/** Above this many members a component is keyed by its type histogram (WL rounds would cost too much for a key that is unique anyway). */
const REFINE_UP_TO = 1000;
const ROUNDS = 4;
const DATA_KINDS = new Set(['item', 'key', 'value']);

export class ShapeKeys {
  private readonly colours = new Map<string, number>();
  /** Object index → position in the component being keyed (-1 elsewhere). */
  private readonly local: Int32Array;
  /** Shape key of each component seen, by its exact description. */
  private readonly refined = new Map<string, string>();
  /** Whether each EDGE_KINDS entry carries data (its label is left out of the shape). */
  private readonly dataKind = Uint8Array.from(EDGE_KINDS, (k) => (DATA_KINDS.has(k) ? 1 : 0));
  /** Members per type (string index) while a big component is keyed; zero between calls. */
  private readonly typeCount: Int32Array;

  constructor(private readonly g: HeapGraph, private readonly comps: Components) {
    this.local = new Int32Array(g.n).fill(-1);
    this.typeCount = new Int32Array(g.strings.length);
  }

  private colour(s: string): number {
    let c = this.colours.get(s);
    if (c === undefined) {
      c = this.colours.size;
      this.colours.set(s, c);
    }
    return c;
  }

  /** Whether the components were found without reference e (then it is no part of a shape either). */
  private cut(e: number): boolean {
    return this.comps.cut !== null && this.comps.cut[e] !== 0;
  }

  /** The reference label as far as the shape is concerned. */
  edgeSignature(e: number): string {
    const kind = EDGE_KINDS[this.g.edgeKind[e]];
    return DATA_KINDS.has(kind) ? kind : `${kind}:${this.g.strings[this.g.edgeLabel[e]]}`;
  }

  key(c: number): string {
    const { g, comps } = this;
    const from = comps.start[c];
    const size = comps.start[c + 1] - from;
    const members = comps.members.subarray(from, from + size);
    if (size > REFINE_UP_TO) return this.histogramKey(members);
    for (let k = 0; k < size; k++) this.local[members[k]] = k;
    // The component exactly as stored (types, then references among members in
    // order): copies of one leak usually come out of Tarjan alike, and then
    // share one refinement.
    let exact = `${size}`;
    for (let k = 0; k < size; k++) exact += `,${g.type[members[k]]}`;
    for (let k = 0; k < size; k++) {
      const v = members[k];
      for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
        const w = this.local[g.edgeTo[e]];
        if (w >= 0 && !this.cut(e)) exact += this.dataKind[g.edgeKind[e]] ? `|${k}>${w}:${g.edgeKind[e]}` : `|${k}>${w}:${g.edgeKind[e]}:${g.edgeLabel[e]}`;
      }
    }
    let key = this.refined.get(exact);
    if (key === undefined) {
      key = this.refine(members);
      this.refined.set(exact, key);
    }
    for (let k = 0; k < size; k++) this.local[members[k]] = -1;
    return key;
  }

  /** Weisfeiler-Lehman rounds over a component whose members have their `local` positions set. */
  private refine(members: Uint32Array): string {
    const g = this.g;
    const size = members.length;
    const inside: [number, string, number][] = []; // (from local, signature, to local)
    for (let k = 0; k < size; k++) {
      const v = members[k];
      for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
        const w = this.local[g.edgeTo[e]];
        if (w >= 0 && !this.cut(e)) inside.push([k, this.edgeSignature(e), w]);
      }
    }
    let colour = Array.from(members, (v) => this.colour(`t${g.type[v]}`));
    for (let round = 0; round < Math.min(size, ROUNDS); round++) {
      const out: string[][] = colour.map(() => []);
      const into: string[][] = colour.map(() => []);
      for (const [a, sig, b] of inside) {
        out[a].push(`${sig}>${colour[b]}`);
        into[b].push(`${sig}<${colour[a]}`);
      }
      colour = colour.map((col, k) => this.colour(`${col}|${out[k].sort().join(',')}|${into[k].sort().join(',')}`));
    }
    return `${size}/${inside.length}/${colour.sort((a, b) => a - b).join('.')}`;
  }

  private histogramKey(members: Uint32Array): string {
    const count = this.typeCount;
    for (let k = 0; k < members.length; k++) count[this.g.type[members[k]]]++;
    let key = `big/${members.length}/`;
    let sep = '';
    for (let t = 0; t < count.length; t++) {
      if (count[t] === 0) continue;
      key += `${sep}${t}x${count[t]}`;
      sep = '.';
      count[t] = 0;
    }
    return key;
  }
}
