// Sentences shared by the gate's reporters: one line per finding, the series'
// heading, garbage and uncollectable lines. Plain text; each reporter escapes
// it for its own format.
import type { GateResult, SeriesResult, TypeFinding } from '../gate/result.js';
import { bytes } from './format.js';
import { signedBytes } from './diff.js';
import { pathText } from './why-path.js';
import { count, signed } from './why-path.js';

export function seriesName(s: SeriesResult): string {
  return s.test ?? (s.files.length > 2 ? `${s.files[0]} … ${s.files[s.files.length - 1]}` : s.files.join(' → '));
}

export function seriesAbout(s: SeriesResult): string {
  const what = s.kind === 'typestats' ? 'typestats snapshots' : 'full snapshots';
  const rule = s.mode === 'pair'
    ? 'baseline and current compared with per-type budgets'
    : `${s.warmup} warm-up${s.warmup === 1 ? '' : 's'}, then the regrtest -R rule (a type leaks when it grows in every measured run)`;
  return `${s.files.length} ${what}, Python ${s.python}: ${rule}`;
}

const list = (xs: number[], f: (n: number) => string) => xs.map(f).join(' ');

/** "leaks (objects and bytes grew in every measured run): objects +1 +1 +1, bytes +88 B +88 B +152 B; 251 → 254 objects, 30.5 KiB" */
export function findingText(f: TypeFinding): string {
  const last = f.counts.length - 1;
  const span = `${count(f.counts[0])} → ${count(f.counts[last])} objects, ${bytes(f.bytes[last])}`;
  if (f.verdict === 'over budget' || f.verdict === 'within budget') {
    return `${f.verdict}: ${signed(f.growth.count)} objects (budget ${count(f.budget.count)}), ${signedBytes(f.growth.bytes)} (budget ${bytes(f.budget.bytes)}); ${span}`;
  }
  const grew = [f.countTrend === 'leaks' ? 'objects' : '', f.bytesTrend === 'leaks' ? 'bytes' : ''].filter(Boolean).join(' and ');
  const head = f.verdict === 'leaks' ? `leaks (${grew} grew in every measured run)` : 'fluctuates (fine)';
  const budget = f.budget.count || f.budget.bytes ? `; allowed per run: ${count(f.budget.count)} objects, ${bytes(f.budget.bytes)}` : '';
  return `${head}: objects ${list(f.countDeltas, signed)}, bytes ${list(f.bytesDeltas, signedBytes)}; ${span}${budget}`;
}

export function pathLine(f: TypeFinding): string | null {
  if (!f.path) return null;
  const who = f.path.newOnly ? 'new instances' : 'instances; the group closest in size to the growth';
  return `${pathText(f.path.path)}  (${count(f.path.instances)} of ${count(f.path.of)} ${who})`;
}

export function siteLine(f: TypeFinding): string | null {
  return f.site ? `${f.site.site} (${count(f.site.count)} of them)` : null;
}

export function garbageLine(s: SeriesResult): string | null {
  if (!s.garbage.growing) return null;
  const { objects, cycles } = s.garbage.perRun;
  const made = cycles !== null ? `creates ${count(cycles)} cycle${cycles === 1 ? '' : 's'} per run (${count(objects)} objects)` : `creates ${count(objects)} objects of cyclic garbage per run`;
  return `${made}: a full collection frees them, so this is not a leak${s.garbage.failed ? ' — failing because of --fail-on-garbage' : ' (warning; --fail-on-garbage fails on it)'}`;
}

export function uncollectableLine(s: SeriesResult): string | null {
  if (!s.uncollectable.failed) return null;
  const types = s.uncollectable.types.slice(0, 5).map((t) => `${t.type} ×${count(t.count)}`).join(', ');
  return `${count(s.uncollectable.objects)} uncollectable objects (gc.garbage, or legacy tp_del cycles a collection would move there)${types ? `: ${types}` : ''}`;
}

export function totalLine(s: SeriesResult): string | null {
  if (s.totalBytes.budget === null) return null;
  return `total bytes ${signedBytes(s.totalBytes.growth)} (budget ${bytes(s.totalBytes.budget)})${s.totalBytes.failed ? ': over budget' : ''}`;
}

export function verdictLine(r: GateResult): string {
  const failing = r.series.reduce((n, s) => n + s.findings.filter((f) => f.failed).length, 0);
  const bad = r.series.filter((s) => s.failed).length;
  if (!r.failed) return `gate passed: no leaks in ${r.series.length} series (${r.series.reduce((n, s) => n + s.gated, 0).toLocaleString('en-US')} types gated)`;
  const why = [
    failing ? `${failing} ${r.series.every((s) => s.mode === 'pair') ? 'type' : 'leaking type'}${failing === 1 ? '' : 's'}${r.series.every((s) => s.mode === 'pair') ? ' over budget' : ''}` : '',
    r.series.some((s) => s.uncollectable.failed) ? 'uncollectable objects' : '',
    r.series.some((s) => s.totalBytes.failed) ? 'total bytes over budget' : '',
    r.series.some((s) => s.garbage.failed) ? 'cyclic garbage (--fail-on-garbage)' : '',
  ].filter(Boolean);
  return `gate FAILED: ${why.join(', ')} in ${bad} of ${r.series.length} series`;
}

export function suppressedLine(s: SeriesResult): string | null {
  if (!s.suppressed.length) return null;
  return s.suppressed.map((x) => `${x.id} ${count(x.objects)}`).join(', ');
}
