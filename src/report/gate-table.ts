// `gcdiag gate --format table`: the verdict, then per series the types that
// grew (failing first) and why the failing ones are held.
import type { GateResult, SeriesResult, TypeFinding } from '../gate/result.js';
import { table, heading, bytes } from './format.js';
import { signedBytes } from './diff.js';
import { count, signed } from './why-path.js';
import * as text from './gate-text.js';

const SHOWN = 15;

function row(f: TypeFinding): string[] {
  // One cell fits 80 columns: "+3 ×4" when every run grew alike, else the range.
  const perRun = (d: number[], fmt: (n: number) => string) => {
    const lo = Math.min(...d);
    const hi = Math.max(...d);
    if (d.length === 1) return fmt(lo);
    return lo === hi ? `${fmt(lo)} ×${d.length}` : `${fmt(lo)} … ${fmt(hi)}`;
  };
  return [f.failed ? `✗ ${f.type}` : f.type, f.verdict, count(f.counts[f.counts.length - 1]), perRun(f.countDeltas, signed), bytes(f.bytes[f.bytes.length - 1]), perRun(f.bytesDeltas, signedBytes)];
}

function series(s: SeriesResult): string[] {
  const out = [heading(`${s.failed ? 'FAILED' : 'passed'}: ${text.seriesName(s)}`), text.seriesAbout(s)];
  const shown = [...s.findings.filter((f) => f.failed), ...s.findings.filter((f) => !f.failed).slice(0, SHOWN)];
  if (shown.length) {
    out.push(table(['type', 'verdict', 'objects', 'Δ/run', 'bytes', 'Δ bytes/run'], shown.map(row), ['left', 'left', 'right', 'right', 'right', 'right']));
  }
  const hidden = s.findings.length - shown.length;
  out.push(`${count(s.gated)} types gated${hidden > 0 ? `, ${count(hidden)} more that grew without failing (see --format json)` : ''}, ${count(s.passed.length)} steady${s.ignored ? `, ${count(s.ignored)} left out (config ignores, suppression list)` : ''}`);
  for (const f of s.findings.filter((x) => x.failed)) {
    out.push('', `✗ ${f.type}: ${text.findingText(f)}`);
    const p = text.pathLine(f);
    if (p) out.push(`  held by:      ${p}`);
    const site = text.siteLine(f);
    if (site) out.push(`  allocated at: ${site}`);
  }
  for (const [label, line] of [['✗ uncollectable', text.uncollectableLine(s)], ['✗ total', text.totalLine(s)], [s.garbage.failed ? '✗ cyclic garbage' : '⚠ cyclic garbage', text.garbageLine(s)]] as const) {
    if (line) out.push('', `${label}: ${line}`);
  }
  const sup = text.suppressedLine(s);
  if (sup) out.push('', `Set aside by the suppression list (objects in the last full snapshot): ${sup}`);
  if (s.kind === 'typestats') out.push('', 'Typestats have no retainers: the pytest plugin cleared the interpreter caches before counting; the suppression list\'s other types are left out (--format json lists each entry)');
  if (s.notes.length) out.push('', ...s.notes.map((n) => `• ${n}`));
  return out;
}

export function gateTable(r: GateResult): string {
  const out = [heading(text.verdictLine(r))];
  for (const s of r.series) out.push('', ...series(s));
  out.push('', `config: ${r.config ?? 'none (defaults: no growth allowed, the default suppression list)'}; suppression list v${r.suppressionList.version}: ${r.suppressionList.entries.map((e) => e.id).join(', ')}`);
  return out.join('\n');
}
