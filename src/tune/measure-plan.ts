// `gcdiag tune --measure` options turned into what to run: the interpreter and
// the program (after --), and the candidates. Bad values are usage errors.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { parseCandidates } from './candidates.js';
import { profileFor } from '../model/profiles.js';
import type { Thresholds } from './types.js';
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
  /** Candidate lists as given to --thresholds (tune's syntax: 700,10,10  0  freeze@MARK  disable+collect/N …). */
  thresholds?: string[];
  /** --freeze-at MARK|N: adds gc.freeze() at that point, at the default thresholds. */
  freezeAt?: string;
}

function positive(flag: string, s: string): number {
  if (!/^\d+$/.test(s) || Number(s) <= 0 || !Number.isSafeInteger(Number(s))) {
    throw new UsageError(`${flag} expects a positive integer (got ${JSON.stringify(s)})`);
  }
  return Number(s);
}

/** The candidates, with missing thresholds filled from the interpreter's defaults (700,10,10; 2000,10,10 on 3.13). */
export function planCandidates(f: MeasureCandidateFlags, python: string): MeasureCandidate[] {
  const profile = profileFor(python);
  const defaults = [...(profile?.thresholds ?? [700, 10, 10])] as Thresholds;
  const texts = [...(f.thresholds ?? [])];
  if (f.freezeAt !== undefined) texts.push(`freeze@${f.freezeAt}`);
  const list = parseCandidates(texts, defaults, false);
  if (list.length === 0) throw new UsageError('--measure needs candidates: --thresholds T0,T1,T2 [T0,T1,T2 …] (or 0, freeze@MARK, disable+collect/N)');
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.label)) throw new UsageError(`--thresholds: candidate ${c.label} is given twice`);
    seen.add(c.label);
  }
  return list.map(({ label, spec }) => ({ label, spec }));
}

export function planRuns(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = positive('--runs', s);
  if (n > 1000) throw new UsageError(`--runs expects at most 1000 (got ${n})`);
  return n;
}
