// find-cycles as Graphviz DOT: one cluster per cycle shape, in the report's
// order (the program's own shapes first), drawing one copy with its
// references. A cluster's frame says what the collector does with it (red:
// uncollectable, orange: garbage with finalizers, blue: garbage, grey: live);
// a node's fill says its Python type, the same colour for the same type in
// every cluster. The interpreter's own shapes are one note unless --all.
// Render with `dot -Tsvg cycles.dot > cycles.svg`.
import type { CycleClass, CyclesResult } from '../analysis/cycles.js';
import { groupTitle } from './cycles-title.js';
import { shortType, count } from './why-path.js';
import { bytes, hexId } from './format.js';

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const FRAME: Record<CycleClass, string> = {
  uncollectable: '#d62728', 'garbage-finalizers': '#ff7f0e', garbage: '#1f77b4', live: '#7f7f7f',
};
/** Light fills (Set3), by type; a type keeps its colour across clusters. */
const FILLS = ['#8dd3c7', '#ffffb3', '#bebada', '#fb8072', '#80b1d3', '#fdb462', '#b3de69', '#fccde5', '#d9d9d9', '#bc80bd', '#ccebc5', '#ffed6f'];

export function cyclesDot(r: CyclesResult): string {
  const out = ['digraph cycles {', '  rankdir=LR;', '  compound=true;', '  node [shape=box, style="rounded,filled", fontname="monospace"];',
    '  edge [fontname="monospace", fontsize=10];'];
  const fill = new Map<string, string>();
  const fillOf = (type: string) => {
    if (!fill.has(type)) fill.set(type, FILLS[fill.size % FILLS.length]);
    return fill.get(type)!;
  };
  // With rankdir=LR dot stacks clusters bottom-up in the order they are written: written last to first, #1 is on top.
  const order = r.groups.map((gr, k) => ({ gr, k })).reverse();
  for (const { gr, k } of order) {
    const node = (id: number) => quote(`g${k + 1}_${id}`);
    const keeps = gr.keeps?.objects ? `; keeps ${count(gr.keeps.objects)} objects in no cycle` : '';
    const partial = gr.drawing.complete ? '' : ` (${gr.drawing.nodes.length} of ${count(gr.members)} objects drawn)`;
    out.push(`  subgraph cluster_${k + 1} {`,
      `    label=${quote(`${groupTitle(k, gr)} (${gr.origin}), ${bytes(gr.bytes)}: ${gr.reason}${keeps}${partial}`)};`,
      `    color=${quote(FRAME[gr.class])}; penwidth=2; fontname="monospace"; labeljust=l;`);
    for (const n of gr.drawing.nodes) out.push(`    ${node(n.id)} [label=${quote(`${shortType(n.type)}\n${hexId(n.id)}`)}, fillcolor=${quote(fillOf(n.type))}];`);
    for (const e of gr.drawing.edges) out.push(`    ${node(e.from)} -> ${node(e.to)}${e.label ? ` [label=${quote(e.label)}]` : ''};`);
    out.push('  }');
  }
  const i = r.internal;
  if (i.shapes > 0 && !i.listed) {
    out.push(`  internal [shape=note, style=solid, label=${quote(`+ ${count(i.cycles)} live interpreter cycles in ${count(i.shapes)} shapes (${bytes(i.bytes)}):\nclasses ↔ __mro__, descriptors, modules ↔ builtins, ctypes\n(gcdiag find-cycles --all --format dot draws them)`)}];`);
  }
  out.push('}');
  return out.join('\n');
}
