// Reporters for `gcdiag find-cycles`: one function per format over CyclesResult.
import { CYCLE_CLASSES, type CyclesResult, type Origin, type TypeCount } from '../analysis/cycles.js';
import { table, heading, bytes, hexId, fitLines, type ColumnSpec } from './format.js';
import type { CyclesReport } from './schemas/cycles.js';
import { collectorLines } from './collector-note.js';
import { cycleText, pathText, count, shortType } from './why-path.js';
import { cyclesDot } from './cycles-dot.js';
import { CLASS_TEXT, groupTitle } from './cycles-title.js';

export const CYCLE_FORMATS = ['table', 'json', 'dot'] as const;
export type CycleFormat = (typeof CYCLE_FORMATS)[number];

const TYPES_SHOWN = 4;

function typesText(types: TypeCount[]): string {
  const shown = types.slice(0, TYPES_SHOWN).map((t) => `${count(t.count)} ${shortType(t.type)}`);
  const more = types.length - TYPES_SHOWN;
  return more > 0 ? `${shown.join(', ')}, … ${more} more types` : shown.join(', ');
}

/** Narrow terminals keep which shape, its class, copies and types; the sizes go first. */
const SHAPE_SPECS: ColumnSpec[] = [
  { priority: 0 }, { priority: 1, overflow: 'wrap', min: 13 }, { priority: 7 }, { priority: 2 }, { priority: 6 }, { priority: 5 }, { priority: 4 },
  { priority: 3, overflow: 'wrap', min: 27 },
];

const ORIGIN_TEXT: Record<Origin, string> = { program: 'program', stdlib: 'stdlib', interpreter: 'interpreter' };

/** One line for the interpreter's own shapes, which are not listed unless --all. */
function internalLine(r: CyclesResult): string[] {
  const i = r.internal;
  if (i.shapes === 0) return [];
  const what = `${count(i.cycles)} live cycles in ${count(i.shapes)} shapes (${count(i.objects)} objects, ${bytes(i.bytes)}) are the interpreter's own: classes ↔ __mro__, descriptors, modules ↔ builtin functions, ctypes types`;
  return [i.listed ? `${what}; listed last.` : `${what}; not listed (--all lists them).`];
}
const CLASS_SPECS: ColumnSpec[] = [{ priority: 0, overflow: 'wrap', min: 13 }, { priority: 2 }, { priority: 1 }, { priority: 4 }, { priority: 3 }];

const dash = (n: number | undefined) => (n === undefined ? '—' : count(n));

function freedLine(r: CyclesResult): string[] {
  const freed = (['garbage-finalizers', 'garbage'] as const).map((c) => r.totals[c]);
  const objects = freed.reduce((n, t) => n + t.objects, 0);
  if (objects === 0) return [];
  const outside = freed.reduce((n, t) => n + t.outsideCycles, 0);
  const bytesFreed = freed.reduce((n, t) => n + t.bytes, 0);
  const what = outside === 0 ? 'all in cycles' : `${count(objects - outside)} in cycles and ${count(outside)} in no cycle that only those cycles keep`;
  return [`A full collection frees ${count(objects)} objects (${bytes(bytesFreed)}): ${what}.`];
}

function cyclesTable(r: CyclesResult): string {
  const cycles = CYCLE_CLASSES.reduce((n, c) => n + r.totals[c].components, 0);
  const out = [
    heading(`Reference cycles in ${r.file}`),
    `Python ${r.python}${r.pep442 ? '' : ' (before PEP 442: __del__ in a cycle makes it uncollectable)'}: ${count(cycles)} cycles in ${count(r.shapes)} shapes${r.minSize > 1 ? ` (listed: shapes of ${r.minSize}+ objects)` : ''}`,
    ...collectorLines(r.collector, 'table'),
    ...freedLine(r),
    table(['class', 'cycles', 'objects', 'of them in no cycle', 'bytes'], CYCLE_CLASSES.map((c) => {
      const t = r.totals[c];
      return [CLASS_TEXT[c], count(t.components), count(t.objects), c === 'live' ? '—' : count(t.outsideCycles), bytes(t.bytes)];
    }), { align: ['left', 'right', 'right', 'right', 'right'], columns: CLASS_SPECS }),
    ...internalLine(r),
  ];
  if (r.groups.length === 0 && r.unowned.length === 0) return fitLines([...out, '', r.shapes === 0 ? 'No reference cycles.' : r.shapes === r.internal.shapes && !r.internal.listed ? 'No reference cycles of the program\'s own.' : 'No cycle shapes listed.', ...notListed(r)].join('\n'));
  out.push('', heading('Cycles by shape: the program\'s own first; then what the collector will not free, then biggest'));
  out.push('(found without following an object\'s reference to its type or a function\'s to its module globals, which would tie every instance to its module; garbage or not follows every reference)');
  out.push(table(['#', 'class', 'whose', 'copies', 'objects each', 'kept by them', 'bytes (all copies + kept)', 'types in one copy'],
    r.groups.map((gr, k) => [k + 1, CLASS_TEXT[gr.class], ORIGIN_TEXT[gr.origin], count(gr.count), count(gr.members), dash(gr.keeps?.objects), bytes(gr.bytes + (gr.keeps?.bytes ?? 0)), typesText(gr.types)]),
    { align: ['right', 'left', 'left', 'right', 'right', 'right', 'right', 'left'], columns: SHAPE_SPECS }));
  out.push(...notListed(r));
  for (const u of r.unowned) out.push(`Not in any shape: ${count(u.objects)} ${CLASS_TEXT[u.class]} objects (${bytes(u.bytes)}), ${typesText(u.types)}: ${u.reason}`);
  r.groups.forEach((gr, k) => {
    out.push('', `${groupTitle(k, gr)}: ${gr.reason}`);
    out.push(`  cycle:   ${cycleText(gr.drawing.cycle)}`);
    if (gr.keeps && gr.keeps.objects > 0) out.push(`  keeps:   ${typesText(gr.keeps.types)} (${bytes(gr.keeps.bytes)}) in no cycle, that only these cycles keep`);
    if (gr.heldBy) out.push(`  held by: ${pathText(gr.heldBy)}`);
    out.push(`  ids:     ${gr.sampleIds.map(hexId).join(', ')}${gr.count > gr.sampleIds.length ? ', …' : ''}`);
  });
  return fitLines(out.join('\n'));
}

function notListed(r: CyclesResult): string[] {
  const out: string[] = [];
  if (r.omitted) out.push(`(${count(r.omitted)} more shape${r.omitted === 1 ? '' : 's'} not shown: see --limit)`);
  if (r.smaller) out.push(`(${count(r.smaller)} shape${r.smaller === 1 ? '' : 's'} of fewer than ${r.minSize} objects not listed, counted in the totals: see --min-size)`);
  return out;
}

function cyclesJson(r: CyclesResult): string {
  const t = r.totals;
  const totals = { uncollectable: t.uncollectable, garbageFinalizers: t['garbage-finalizers'], garbage: t.garbage, live: t.live };
  const report: CyclesReport = { format: 'gcdiag-find-cycles', version: 1, ...r, totals };
  return JSON.stringify(report, null, 2);
}

export const cycleReporters = {
  table: cyclesTable,
  json: cyclesJson,
  dot: cyclesDot,
} satisfies Record<CycleFormat, (r: CyclesResult) => string>;
