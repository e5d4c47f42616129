// Reporters for `gcdiag why`: one function per format over WhyResult.
import type { WhyResult, WhyObject } from '../analysis/why.js';
import { collectorLines } from './collector-note.js';
import { garbageFate } from '../analysis/collector-state.js';
import type { Trap } from '../analysis/traps.js';
import { table, kvTable, heading, bytes, hexId, fitLines, type ColumnSpec } from './format.js';
import type { WhyReport } from './schemas/why.js';
import { pathText, count, trapText } from './why-path.js';
import { untraversedLines } from './untraversed.js';
import { siteText } from './site.js';

export const WHY_FORMATS = ['table', 'json'] as const;
export type WhyFormat = (typeof WHY_FORMATS)[number];

/** An object as the reports name it: `type app.Request` for a class, else its type and hex id. */
function objectText(o: { id: number; type: string; name?: string }): string {
  return o.name ? `type ${o.name}` : `${o.type} ${hexId(o.id)}`;
}

function dominatorText(o: WhyObject): string {
  if (o.held === 'unreachable') return 'none (unreachable)';
  return o.dominator ? objectText(o.dominator) : 'none (held by the roots: no single object owns it)';
}

function heldText(r: WhyResult, o: WhyObject): string {
  if (o.held !== 'unreachable') return '';
  return o.garbage ? `unreachable: cyclic garbage, ${garbageFate(r.collector)}` : 'unreachable, yet not garbage to the collector (untracked, or held by an object outside the graph)';
}

function trapLines(traps: Trap[]): string[] {
  if (!traps.length) return [];
  return ['', heading('Known traps'), ...traps.flatMap((t) => trapText(t))];
}

/** "allocated at" (tracemalloc snapshots): the site, or the commonest sites ×count. */
function sitesRow(r: WhyResult): [string, string][] {
  if (!r.sites.length) return [];
  const text = r.count === 1 ? siteText(r.sites[0].site) : r.sites.map((s) => `${siteText(s.site)} ×${count(s.count)}`).join(', ');
  return [['allocated at', text]];
}

function whyObjectTable(r: WhyResult, o: WhyObject): string[] {
  const out = [
    heading(`Why is ${objectText(o)} alive? (${r.file})`),
    ...collectorLines(r.collector, 'table'),
    kvTable([
      ['type', o.type], ['id', hexId(o.id)], ['size', bytes(o.size)], ['refcount', o.refcount], ['generation', o.gen],
      ['retained size', `${bytes(o.retained)} (what freeing it would free)`], ['immediate dominator', dominatorText(o)],
      ...sitesRow(r),
    ]),
    '',
  ];
  if (r.paths.length === 0) out.push(heldText(r, o) || 'no retainer path found');
  else out.push(heading('Shortest retainer paths (one per root reference)'), ...r.paths.map((p, k) => `${k + 1}. ${pathText(p)}`));
  return out;
}

function whyTypeTable(r: WhyResult): string[] {
  const h = r.heldBy;
  const out = [
    heading(`Why ${r.count === 1 ? 'is' : 'are'} ${count(r.count)} ${r.types.join(', ')} object${r.count === 1 ? '' : 's'} alive? (${r.file})`),
    ...collectorLines(r.collector, 'table'),
    kvTable([
      ['objects', count(r.count)], ['shallow size', bytes(r.bytes)], ['retained size', `${bytes(r.retained)} (what freeing them all would free)`],
      ['held by', `roots ${count(h.root)}, gc.garbage ${count(h['gc.garbage'])}, outside the snapshot ${count(h.outside)}, unreachable ${count(h.unreachable)}${h.unreachable ? ` (${count(r.unreachableGarbage)} are cyclic garbage)` : ''}`],
      ...sitesRow(r),
    ]),
    '', heading('Retainer paths by shape, most objects first'),
    ...r.clusters.map((c) => `×${count(c.count)}  ${pathText(c.path)}`),
  ];
  if (r.largest.length) {
    out.push('', heading('Largest retained sizes'));
    out.push(table(['id', 'type', 'size', 'retained', 'immediate dominator'],
      r.largest.map((o) => [hexId(o.id), o.name ? `type ${o.name}` : o.type, bytes(o.size), bytes(o.retained), dominatorText(o)]),
      { align: ['right', 'left', 'right', 'right', 'left'], columns: LARGEST_SPECS }));
  }
  return out;
}

const LARGEST_SPECS: ColumnSpec[] = [{ priority: 0 }, { priority: 1, overflow: 'type', min: 14 }, { priority: 4 }, { priority: 2 }, { priority: 3, overflow: 'wrap', min: 20 }];

function whyTable(r: WhyResult): string {
  return fitLines([...(r.object ? whyObjectTable(r, r.object) : whyTypeTable(r)), ...trapLines(r.traps), ...untraversedLines(r.untraversed)].join('\n'));
}

function whyJson(r: WhyResult): string {
  const h = r.heldBy;
  const heldBy = { root: h.root, gcGarbage: h['gc.garbage'], outside: h.outside, unreachable: h.unreachable };
  const report: WhyReport = { format: 'gcdiag-why', version: 1, ...r, heldBy };
  return JSON.stringify(report, null, 2);
}

export const whyReporters = {
  table: whyTable,
  json: whyJson,
} satisfies Record<WhyFormat, (r: WhyResult) => string>;
