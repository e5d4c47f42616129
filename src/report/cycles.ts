// Reporters for `gcdiag find-cycles`: one function per format over CyclesResult.
import { CYCLE_CLASSES, type CyclesResult, type CycleGroup } from '../analysis/cycles.js';
import { table, heading, bytes } from './format.js';
import { cycleText, pathText, count, shortType } from './why-path.js';
import { cyclesDot } from './cycles-dot.js';
import { CLASS_TEXT, groupTitle } from './cycles-title.js';

export const CYCLE_FORMATS = ['table', 'json', 'dot'] as const;
export type CycleFormat = (typeof CYCLE_FORMATS)[number];

const TYPES_SHOWN = 4;

function typesText(gr: CycleGroup): string {
  const shown = gr.types.slice(0, TYPES_SHOWN).map((t) => `${count(t.count)} ${shortType(t.type)}`);
  const more = gr.types.length - TYPES_SHOWN;
  return more > 0 ? `${shown.join(', ')}, … ${more} more types` : shown.join(', ');
}

function cyclesTable(r: CyclesResult): string {
  const cycles = CYCLE_CLASSES.reduce((n, c) => n + r.totals[c].components, 0);
  const shapes = r.groups.length + r.omitted;
  const out = [
    heading(`Reference cycles in ${r.file}`),
    `Python ${r.python}${r.pep442 ? '' : ' (before PEP 442: __del__ in a cycle makes it uncollectable)'}: ${count(cycles)} cycles in ${count(shapes)} shapes${r.minSize > 1 ? ` (of ${r.minSize}+ objects)` : ''}`,
    table(['class', 'cycles', 'objects', 'bytes'], CYCLE_CLASSES.map((c) => [CLASS_TEXT[c], count(r.totals[c].components), count(r.totals[c].objects), bytes(r.totals[c].bytes)]),
      ['left', 'right', 'right', 'right']),
  ];
  if (r.groups.length === 0) return [...out, '', 'No reference cycles.'].join('\n');
  out.push('', heading('Cycles by shape: what the collector will not free first, then biggest'));
  out.push(table(['#', 'class', 'copies', 'objects each', 'bytes (all copies)', 'types in one copy'],
    r.groups.map((gr, k) => [k + 1, CLASS_TEXT[gr.class], count(gr.count), count(gr.members), bytes(gr.bytes), typesText(gr)]),
    ['right', 'left', 'right', 'right', 'right', 'left']));
  if (r.omitted) out.push(`(${count(r.omitted)} more shape${r.omitted === 1 ? '' : 's'} not shown: see --limit)`);
  r.groups.forEach((gr, k) => {
    out.push('', `${groupTitle(k, gr)}: ${gr.reason}`);
    out.push(`  cycle:   ${cycleText(gr.drawing.cycle)}`);
    if (gr.heldBy) out.push(`  held by: ${pathText(gr.heldBy)}`);
    out.push(`  ids:     ${gr.sampleIds.join(', ')}${gr.count > gr.sampleIds.length ? ', …' : ''}`);
  });
  return out.join('\n');
}

function cyclesJson(r: CyclesResult): string {
  return JSON.stringify(r, null, 2);
}

export const cycleReporters = {
  table: cyclesTable,
  json: cyclesJson,
  dot: cyclesDot,
} satisfies Record<CycleFormat, (r: CyclesResult) => string>;
