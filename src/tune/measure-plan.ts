// `gcdiag tune --measure` options turned into what to run: the interpreter and
// the program (after --), and the candidates. Bad values are usage errors.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { parseThresholds } from '../commands/options.js';
import type { MeasureCandidate } from './measure-types.js';
import type { MeasureTarget } from './measure-run.js';

/** python, python3, python3.12, or a path to one. */
function isInterpreterName(arg: string): boolean {
  return /^python(\d+(\.\d+)*)?$/.test(basename(arg));
}

/** `-- python3 app.py args`, `-- app.py args`, `-- python3 -m pkg args` (interpreter default: python). */
export function planTarget(program: string[], python = 'python3'): MeasureTarget {
  let argv = [...program];
  if (argv.length && isInterpreterName(argv[0])) {
    python = argv[0];
    argv = argv.slice(1);
  }
  if (argv.length === 0) throw new UsageError('--measure needs a program: gcdiag tune --measure --thresholds 700,10,10 -- python3 app.py [args...]');
  if (argv[0] === '-m') {
    if (argv.length < 2) throw new UsageError('-m needs a module name');
  } else if (!existsSync(argv[0]) || !statSync(argv[0]).isFile()) {
    throw new UsageError(`script not found: ${argv[0]}`);
  }
  return { python, argv };
}

export interface MeasureCandidateFlags {
  thresholds?: string[];
  /** gc.freeze() at this mark (a gcdiag_capture.record.mark(name) call). */
  freezeAt?: string;
  /** gc.freeze() after this many counted allocations. */
  freezeAfter?: string;
  /** gc.disable() and gc.collect() every N counted allocations. */
  collectEvery?: string;
}

function positive(flag: string, s: string): number {
  if (!/^\d+$/.test(s) || Number(s) <= 0 || !Number.isSafeInteger(Number(s))) {
    throw new UsageError(`${flag} expects a positive integer (got ${JSON.stringify(s)})`);
  }
  return Number(s);
}

export function planCandidates(f: MeasureCandidateFlags): MeasureCandidate[] {
  const list: MeasureCandidate[] = (f.thresholds ?? []).map((s) => {
    const t = parseThresholds(s);
    return { label: t.join(','), setup: { kind: 'thresholds', thresholds: t } };
  });
  if (f.freezeAt !== undefined) {
    if (!f.freezeAt) throw new UsageError('--freeze-at expects a mark name');
    list.push({ label: `freeze@${f.freezeAt}`, setup: { kind: 'freeze', at: { mark: f.freezeAt } } });
  }
  if (f.freezeAfter !== undefined) {
    const n = positive('--freeze-after', f.freezeAfter);
    list.push({ label: `freeze@${n}`, setup: { kind: 'freeze', at: { allocations: n } } });
  }
  if (f.collectEvery !== undefined) {
    const n = positive('--collect-every', f.collectEvery);
    list.push({ label: `collect/${n}`, setup: { kind: 'collect-every', every: n } });
  }
  if (list.length === 0) throw new UsageError('--measure needs candidates: --thresholds T0,T1,T2 [T0,T1,T2 …] (or --freeze-at, --collect-every)');
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.label)) throw new UsageError(`candidate ${c.label} is given twice`);
    seen.add(c.label);
  }
  return list;
}

export function planRuns(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = positive('--runs', s);
  if (n > 1000) throw new UsageError(`--runs expects at most 1000 (got ${n})`);
  return n;
}
