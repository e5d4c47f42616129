// find-cycles as Graphviz DOT: one cluster per cycle shape, drawing one copy
// with its references (render with `dot -Tsvg cycles.dot > cycles.svg`).
import type { CyclesResult } from '../analysis/cycles.js';
import { groupTitle } from './cycles-title.js';
import { shortType, count } from './why-path.js';
import { hexId } from './format.js';

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function cyclesDot(r: CyclesResult): string {
  const out = ['digraph cycles {', '  rankdir=LR;', '  node [shape=box, fontname="monospace"];', '  edge [fontname="monospace", fontsize=10];'];
  r.groups.forEach((gr, k) => {
    const node = (id: number) => quote(`g${k + 1}_${id}`);
    const keeps = gr.keeps?.objects ? `; keeps ${count(gr.keeps.objects)} objects in no cycle` : '';
    out.push(`  subgraph cluster_${k + 1} {`, `    label=${quote(`${groupTitle(k, gr)}: ${gr.reason}${keeps}`)};`);
    for (const n of gr.drawing.nodes) out.push(`    ${node(n.id)} [label=${quote(`${shortType(n.type)}\n${hexId(n.id)}`)}];`);
    for (const e of gr.drawing.edges) out.push(`    ${node(e.from)} -> ${node(e.to)}${e.label ? ` [label=${quote(e.label)}]` : ''};`);
    out.push('  }');
  });
  out.push('}');
  return out.join('\n');
}
