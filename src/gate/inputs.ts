// The gate's inputs sorted into series: typestats files grouped by test (and
// ordered by run), with the full snapshot beside them (full.json) for
// retainer paths; or full snapshots, one series in the order given.
import { openSync, readSync, closeSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { inputFileSize } from '../files.js';
import { TYPESTATS_FORMAT } from './typestats-schema.js';
import { typestatsCensus } from './typestats.js';
import type { Census } from './census.js';

export const FULL_SNAPSHOT_NAME = 'full.json';

export type SeriesPlan =
  | { kind: 'typestats'; test: string | null; censuses: Census[]; full: string | null }
  | { kind: 'snapshot'; test: null; files: string[] };

/** Whether a file is a typestats file: the format name in its first bytes (the writers put it first). */
export function isTypestats(file: string): boolean {
  inputFileSize(file);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').includes(`"${TYPESTATS_FORMAT}"`);
  } finally {
    closeSync(fd);
  }
}

export function planSeries(files: string[]): SeriesPlan[] {
  const typestats = files.filter(isTypestats);
  if (!typestats.length) return [{ kind: 'snapshot', test: null, files }];
  const snapshots = files.filter((f) => !typestats.includes(f));
  const groups = new Map<string, Census[]>();
  for (const f of typestats) {
    const c = typestatsCensus(f, readFileSync(f, 'utf8'));
    const key = c.test ?? `dir:${resolve(dirname(f))}`;
    const g = groups.get(key);
    if (g) g.push(c); else groups.set(key, [c]);
  }
  const plans: SeriesPlan[] = [];
  for (const censuses of groups.values()) {
    censuses.sort((a, b) => a.run! - b.run!);
    for (let i = 1; i < censuses.length; i++) {
      if (censuses[i].run === censuses[i - 1].run) throw new InputError(censuses[i].file, '$.run', `run ${censuses[i].run} of this test is also in ${censuses[i - 1].file}`);
    }
    const dirs = new Set(censuses.map((c) => resolve(dirname(c.file))));
    const given = snapshots.filter((s) => dirs.has(resolve(dirname(s))));
    const beside = [...dirs].map((d) => join(d, FULL_SNAPSHOT_NAME)).filter(existsSync);
    plans.push({ kind: 'typestats', test: censuses[0].test, censuses, full: given[0] ?? beside[0] ?? null });
  }
  for (const s of snapshots) {
    if (!plans.some((p) => p.kind === 'typestats' && p.full === s)) {
      throw new UsageError(`${s} is a full snapshot among typestats files, but not beside any of them: a series is all typestats (with ${FULL_SNAPSHOT_NAME} in their folder for retainer paths) or all full snapshots`);
    }
  }
  return plans;
}
