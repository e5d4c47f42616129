// gcdiag gate, the core: inputs → series → censuses → verdicts, with retainer
// paths for failing types. Returns data; the command prints it.
import { loadSnapshot, type LoadOptions } from '../snapshot/load.js';
import { InputError, UsageError } from '../errors.js';
import { snapshotsNeeded } from './rule.js';
import { planSeries, type SeriesPlan } from './inputs.js';
import { snapshotCensus } from './snapshot-census.js';
import { evaluateSeries } from './evaluate.js';
import { explainFindings } from './explain.js';
import { countSeries } from './census-parallel.js';
import { rulesFor } from './rules.js';
import { activeSuppressions, SUPPRESSION_LIST_VERSION, type Suppression, type Matcher } from './suppressions.js';
import type { LoadedConfig } from './config.js';
import type { GateResult, SeriesResult } from './result.js';

export interface GateOptions {
  /** --warmup (wins over the config and what typestats files declare). */
  warmup?: number;
  config: LoadedConfig;
  failOnGarbage?: boolean;
  load?: LoadOptions;
  /** Count a series in two threads when every file is bigger than this (default: census-parallel's). */
  parallelAbove?: number;
}

export async function runGate(files: string[], opts: GateOptions): Promise<GateResult> {
  if (files.length < 2) throw new UsageError(`gate needs at least two snapshots (a baseline and a current one, or a series); got ${files.length}`);
  const entries = activeSuppressions(opts.config.config.disableSuppressions);
  const series: SeriesResult[] = [];
  for (const plan of planSeries(files)) series.push(plan.kind === 'typestats' ? await typestatsSeries(plan, entries, opts) : await snapshotSeries(plan.files, entries, opts));
  return {
    format: 'gcdiag-gate', version: 1, config: opts.config.file,
    suppressionList: { version: SUPPRESSION_LIST_VERSION, entries: entries.map((s) => ({ id: s.id, why: s.why, snapshot: snapshotText(s), typestats: typestatsText(s) })) },
    series, failed: series.some((s) => s.failed),
  };
}

/** How full snapshots recognise the entry's caches, in words. */
export function snapshotText(s: Suppression): string {
  const one = (m: Matcher): string => {
    if ('roots' in m) return `every global of ${m.modules.join(', ')} (not followed as roots), and objects of types defined there`;
    if (m.cache === 'global') {
      const mods = m.modules.map((x) => (x === 'stdlib' ? 'standard-library modules' : x)).join(', ');
      const names = m.names ? m.names.join(', ') : 'every global';
      return `${names} of ${mods}${m.type ? ` (of type ${m.type})` : ''}${m.follow ? `, and what they hold by ${m.follow.join(' → ')}` : ''}`;
    }
    return m.cache === 'label' ? `what references labelled ${m.labels.join(', ')} point to` : `objects of type ${m.types.join(', ')}`;
  };
  return `not counted: what only these hold: ${s.snapshot.map(one).join('; ')}`;
}

export function typestatsText(s: Suppression): string {
  return 'cleared' in s.typestats ? `cleared by the pytest plugin before counting: ${s.typestats.cleared}` : `types left out: ${s.typestats.ignoreTypes.join(', ')} (${s.typestats.because})`;
}

function warmupFor(opts: GateOptions, declared: number | null): number {
  return opts.warmup ?? opts.config.config.warmup ?? declared ?? 1;
}

function checkLength(count: number, warmup: number, test: string | null): void {
  const need = snapshotsNeeded(warmup);
  if (count < need) {
    const what = test ? ` for ${test}` : '';
    throw new UsageError(`${count} snapshot${count === 1 ? '' : 's'}${what} with ${warmup} warm-up${warmup === 1 ? '' : 's'}: the rule needs at least ${need} (the warm-ups, then at least one measured run)`);
  }
}

const minor = (v: string) => v.split('.').slice(0, 2).join('.');

function checkVersion(file: string, version: string, first: { file: string; python: string }, where: string): void {
  if (minor(version) === minor(first.python)) return;
  throw new InputError(file, where, `Python ${version}, but ${first.file} is Python ${first.python}: one series must come from one Python version (object sizes and the interpreter's own objects differ between versions, so counts and bytes do not compare)`);
}

async function typestatsSeries(plan: Extract<SeriesPlan, { kind: 'typestats' }>, entries: Suppression[], opts: GateOptions): Promise<SeriesResult> {
  const { censuses, test } = plan;
  const warmup = warmupFor(opts, censuses[0].warmup);
  checkLength(censuses.length, warmup, test);
  for (const c of censuses) checkVersion(c.file, c.python, censuses[0], '$.python');
  const ignore = entries.flatMap((s) => ('ignoreTypes' in s.typestats ? s.typestats.ignoreTypes : []));
  const result = evaluateSeries({ test, censuses, warmup, rules: rulesFor(opts.config.config, test, ignore, opts.failOnGarbage) });
  if (plan.full) {
    const g = await loadSnapshot(plan.full, opts.load);
    checkVersion(plan.full, g.header.python.version, censuses[0], '$.python.version');
    const { fate, census } = snapshotCensus(g, entries);
    explainFindings(g, fate, result.findings, null);
    result.fullSnapshot = plan.full;
    result.suppressed = [...census.suppressed].map(([id, objects]) => ({ id, objects }));
  }
  return result;
}

async function snapshotSeries(files: string[], entries: Suppression[], opts: GateOptions): Promise<SeriesResult> {
  const warmup = warmupFor(opts, null);
  checkLength(files.length, warmup, null);
  const { censuses, previous, last } = await countSeries(files, entries, opts.config.config.disableSuppressions ?? [], opts.load, opts.parallelAbove);
  for (const c of censuses.slice(1)) checkVersion(c.file, c.python, censuses[0], '$.python.version');
  const result = evaluateSeries({ test: null, censuses, warmup, rules: rulesFor(opts.config.config, null, [], opts.failOnGarbage) });
  const [before, now] = censuses.slice(-2);
  const samePid = before.pid !== null && before.pid === now.pid;
  explainFindings(last.g, last.fate, result.findings, samePid ? previous : null);
  result.fullSnapshot = files[files.length - 1];
  return result;
}
