// Model versus real CPython, item by item: the five things the model promises
// to get exactly right, plus every observation the trace asked for.
import type { ReplayResult } from '../replay/replay.js';
import type { OracleResult } from './run.js';
import type { PyValue } from '../model/pyformat.js';

export interface ComparisonRow {
  item: string;
  model: string;
  cpython: string;
  same: boolean;
}

export interface Comparison {
  python: string;
  profile: string;
  rows: ComparisonRow[];
  differences: number;
}

/** JSON-comparable form: tuples become lists. */
export function plain(v: PyValue | unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    if ('tuple' in v && Array.isArray((v as { tuple: unknown[] }).tuple)) return (v as { tuple: unknown[] }).tuple.map(plain);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

function show(v: unknown): string {
  return JSON.stringify(v);
}

function callKey(c: { kind: string; obj?: string; text?: string | null }): string {
  // weakref.finalize and print records are identified by what they print.
  if (c.kind === 'finalize' || c.kind === 'print') return `${c.kind}: ${c.text ?? ''}`;
  return `${c.kind} ${c.obj ?? '?'}${c.text ? ` "${c.text}"` : ''}`;
}

export function compareResults(model: ReplayResult, real: OracleResult & { ok: true }, baseline: number): Comparison {
  const rows: ComparisonRow[] = [];
  const add = (item: string, m: unknown, c: unknown) => {
    const ms = show(m);
    const cs = show(c);
    rows.push({ item, model: ms, cpython: cs, same: ms === cs });
  };
  const collects = model.observations.filter((o) => o.what === 'collect').map((o) => o.value);
  add('gc.collect() results', collects, real.collects);
  const mCalls = model.calls.map(callKey);
  const cCalls = real.calls.map(callKey);
  const n = Math.max(mCalls.length, cCalls.length);
  for (let i = 0; i < n; i++) add(`call ${i + 1}`, mCalls[i] ?? null, cCalls[i] ?? null);
  const mObs = model.observations.filter((o) => o.what !== 'collect');
  const cObs = real.observations.filter((o) => o.what !== 'collect');
  for (let i = 0; i < Math.max(mObs.length, cObs.length); i++) {
    const mo = mObs[i];
    const co = cObs[i];
    const what = mo?.what ?? co?.what ?? '?';
    let mv = mo ? plain(mo.value) : null;
    if (mo && what === 'freeze_count') mv = (mv as number) - baseline;
    add(`observe ${what} (#${i + 1})`, mv, co ? co.value : null);
  }
  const e = model.end;
  add('end gc.get_count()', e.count, real.end.count);
  e.stats.forEach((s, g) => add(`end gc.get_stats()[${g}]`, [s.collections, s.collected, s.uncollectable], real.end.stats[g]));
  add('end gc.garbage', e.garbage, real.end.garbage);
  add('end gc.get_threshold()', e.threshold, real.end.threshold);
  add('end gc.isenabled()', e.enabled, real.end.enabled);
  add('end gc.get_freeze_count()', e.freezeCount - baseline, real.end.freezeCount);
  return { python: real.python, profile: model.python.profile, rows, differences: rows.filter((r) => !r.same).length };
}
