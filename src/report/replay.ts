// Reporters for `gcdiag replay`: one function per format over ReplayResult.
import type { ReplayResult } from '../replay/replay.js';
import { table, kvTable, heading, bytes, tuple, fitLines, type ColumnSpec } from './format.js';
import type { ReplayReport } from './schemas/replay.js';

export const REPLAY_FORMATS = ['table', 'json'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

const CALL_SPECS: ColumnSpec[] = [{ priority: 0 }, { priority: 1 }, { priority: 2, min: 12 }, { priority: 3, overflow: 'wrap', min: 20, required: true }];

function replayTable(r: ReplayResult): string {
  const out: string[] = [];
  out.push(`${r.file}: ${r.events} events on the CPython ${r.python.profile} model (${r.python.versions}, ${r.python.collector}), thresholds ${tuple(r.thresholds)}`);
  if (r.description) out.push(r.description);
  out.push('', heading(`Collections (${r.collections.length})`));
  if (r.collections.length === 0) out.push('none');
  else {
    out.push(table(['#', 'event', 'gen', 'trigger', 'examined', 'collected', 'uncollectable', 'finalizers'],
      r.collections.map((c, i) => [i + 1, c.event, c.step ? `${c.generation} ${c.step}` : c.generation, c.trigger,
        c.examined, c.collected, c.uncollectable, c.finalizers]),
      ['right', 'right', 'left', 'left', 'right', 'right', 'right', 'right']));
  }
  const calls = r.calls;
  out.push('', heading(`Finalizers, callbacks and output, in call order (${calls.length})`));
  if (calls.length === 0) out.push('none');
  else out.push(table(['event', 'kind', 'object', 'text'], calls.map((c) => [c.event, c.kind, c.obj ?? '', c.text ?? '']), { columns: CALL_SPECS }));
  const e = r.end;
  out.push('', heading('End state'));
  const stats = e.stats.map((s, g) => `gen${g}: ${s.collections} collections, ${s.collected} collected, ${s.uncollectable} uncollectable`);
  out.push(kvTable([
    ['gc.get_count()', tuple(e.count)],
    ['gc.get_threshold()', tuple(e.threshold)],
    ['gc.get_stats()', stats.join('\n')],
    ['gc.isenabled()', e.enabled ? 'True' : 'False'],
    ['gc.garbage', e.garbage.length ? `${e.garbage.length}: ${e.garbage.slice(0, 10).join(', ')}${e.garbage.length > 10 ? ', …' : ''}` : '[]'],
    ['gc.get_freeze_count()', e.freezeCount],
    ['tracked per generation', tuple(e.generations)],
    ['live objects', `${e.liveObjects} (${bytes(e.liveBytes)})`],
    ['peak', `${e.peakObjects} objects, ${bytes(e.peakBytes)}`],
  ]));
  if (e.liveByType.length) {
    out.push('', heading('Live objects by type'));
    out.push(table(['type', 'count'], e.liveByType.slice(0, 20).map((t) => [t.type, t.count]), { align: ['left', 'right'], columns: [{ overflow: 'type', min: 16, required: true }, { required: true }] }));
  }
  return fitLines(out.join('\n'));
}

function replayJson(r: ReplayResult): string {
  const report: ReplayReport = { format: 'gcdiag-replay', version: 1, ...r };
  return JSON.stringify(report, null, 2);
}

export const replayReporters = {
  table: replayTable,
  json: replayJson,
} satisfies Record<ReplayFormat, (r: ReplayResult) => string>;
