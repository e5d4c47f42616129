// The candidate syntax of `gcdiag tune --thresholds`, the --grid, and the two
// reference candidates (the input's own policy, the version's default).
//   700,10,10           gc.set_threshold(700, 10, 10) (missing t1/t2: the version's defaults)
//   0                   gc.set_threshold(0): no automatic collections
//   freeze@warmup       gc.freeze() at the program's mark "warmup" (default thresholds)
//   freeze@200000       gc.freeze() after 200,000 counted allocations
//   5000,20,20+freeze@warmup   both
//   disable+collect/100000     gc.disable(), then gc.collect() every 100,000 counted allocations
import { UsageError } from '../errors.js';
import type { Candidate, CandidateSpec, FreezePoint, Thresholds } from './types.js';

const C_INT_MAX = 2147483647;
const SYNTAX = 'T0[,T1[,T2]], 0, freeze@MARK, freeze@N, T0,T1,T2+freeze@MARK or disable+collect/N';

function bad(text: string, why: string): UsageError {
  return new UsageError(`--thresholds: candidate ${JSON.stringify(text)}: ${why} (candidates are ${SYNTAX})`);
}

function count(text: string, s: string, what: string): number {
  if (!/^\d+$/.test(s)) {
    const why = /^-/.test(s) ? 'is negative' : /^\d*\.\d*$/.test(s) ? 'is not an integer' : 'is not a number';
    throw bad(text, `${what} ${JSON.stringify(s)} ${why}`);
  }
  const n = Number(s);
  if (n > C_INT_MAX) throw bad(text, `${what} ${s} is larger than a C int (${C_INT_MAX}), which gc.set_threshold takes`);
  return n;
}

function thresholds(text: string, s: string, defaults: Thresholds): Thresholds {
  const parts = s.split(',');
  if (parts.length > 3) throw bad(text, `${parts.length} thresholds given, gc.set_threshold takes 1 to 3`);
  if (parts.some((p) => p.trim() === '')) throw bad(text, 'an empty threshold');
  const t = [...defaults] as Thresholds;
  parts.forEach((p, i) => { t[i] = count(text, p.trim(), `threshold ${i}`); });
  return t;
}

function freezePoint(text: string, s: string): FreezePoint {
  if (s === '') throw bad(text, 'freeze@ needs a mark name or a number of allocations');
  return /^\d+$/.test(s) ? { allocations: count(text, s, 'the freeze point') } : { mark: s };
}

export function specLabel(spec: CandidateSpec): string {
  if (spec.kind === 'off') return '0';
  if (spec.kind === 'disable-collect') return `disable+collect/${spec.every}`;
  const t = spec.thresholds.join(',');
  if (!spec.freeze) return t;
  const at = 'mark' in spec.freeze ? spec.freeze.mark : String(spec.freeze.allocations);
  return `${t}+freeze@${at}`;
}

/** One candidate as written on the command line; `defaults` fill missing thresholds. */
export function parseCandidate(text: string, defaults: Thresholds): CandidateSpec {
  const s = text.trim();
  const dc = /^disable\+collect\/(.*)$/.exec(s);
  if (dc) {
    const every = count(text, dc[1], 'the collect interval');
    if (every === 0) throw bad(text, 'the collect interval must be at least 1 allocation');
    return { kind: 'disable-collect', every };
  }
  if (s.startsWith('freeze@')) return { kind: 'thresholds', thresholds: [...defaults], freeze: freezePoint(text, s.slice(7)) };
  const [t, fz, ...more] = s.split('+');
  if (more.length || (fz !== undefined && !fz.startsWith('freeze@'))) throw bad(text, 'only "+freeze@MARK" may follow the thresholds');
  const th = thresholds(text, t, defaults);
  if (th[0] === 0) {
    if (fz !== undefined) throw bad(text, 'freezing with automatic collection off changes nothing the simulator measures');
    return { kind: 'off' };
  }
  return fz === undefined ? { kind: 'thresholds', thresholds: th } : { kind: 'thresholds', thresholds: th, freeze: freezePoint(text, fz.slice(7)) };
}

/**
 * The user's candidates. With a collector that ignores t2 (3.14.0-3.14.4), two
 * candidates that differ only in t2 are refused: the user expected t2 to matter.
 */
export function parseCandidates(texts: string[], defaults: Thresholds, t2Ignored: boolean): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Map<string, string>();
  for (const text of texts) {
    for (const one of text.split(/\s+/).filter(Boolean)) {
      const spec = parseCandidate(one, defaults);
      if (t2Ignored && spec.kind === 'thresholds') {
        const key = `${spec.thresholds[0]},${spec.thresholds[1]}|${JSON.stringify(spec.freeze ?? null)}`;
        const other = seen.get(key);
        if (other !== undefined && other !== specLabel(spec)) {
          throw bad(one, `differs from ${JSON.stringify(other)} only in t2, which the incremental collector of CPython 3.14.0-3.14.4 ignores`);
        }
        seen.set(key, specLabel(spec));
      }
      out.push({ label: specLabel(spec), spec, role: 'user' });
    }
  }
  return out;
}

/** --grid: t0 from 700 to 100,000 on a log scale x t1 in 5..100 x t2 in {10, 100}: 100 candidates. */
export function gridCandidates(t2Ignored: boolean): Candidate[] {
  const t0s = [700, 1200, 2000, 3500, 6000, 10000, 17000, 30000, 55000, 100000];
  const t1s = [5, 10, 20, 50, 100];
  const t2s = t2Ignored ? [10] : [10, 100];
  const out: Candidate[] = [];
  for (const t0 of t0s) {
    for (const t1 of t1s) {
      for (const t2 of t2s) {
        const spec: CandidateSpec = { kind: 'thresholds', thresholds: [t0, t1, t2] };
        out.push({ label: specLabel(spec), spec, role: 'grid' });
      }
    }
  }
  return out;
}

/** The input's own policy first, then the version's default, then the rest without duplicates. */
export function withReferences(recorded: Thresholds, defaults: Thresholds, rest: Candidate[], ownVersion: boolean, ownLabel?: string): Candidate[] {
  const out: Candidate[] = [];
  const add = (c: Candidate): void => {
    const i = out.findIndex((o) => o.label === c.label);
    if (i < 0) out.push(c);
  };
  const spec = (t: Thresholds): CandidateSpec => (t[0] === 0 ? { kind: 'off' } : { kind: 'thresholds', thresholds: [...t] });
  // On another version the "recorded" policy is only a reference point, not a reproduction.
  // A program that sets its own thresholds is shown "as run" (its own calls), apart from the same thresholds set once.
  add({ label: ownLabel ?? specLabel(spec(recorded)), spec: spec(recorded), role: ownVersion ? 'recorded' : 'user' });
  add({ label: specLabel(spec(defaults)), spec: spec(defaults), role: 'default' });
  for (const c of rest) add(c);
  return out;
}
