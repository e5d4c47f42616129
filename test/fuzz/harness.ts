// The fuzz loop: each input is a seed input mutated (mutate.ts), written to a
// file, and given to one analysing command in one format, run in-process. What
// must hold (check.ts) is recorded per input with the seed that rebuilds it.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Rng } from './rng.js';
import { mutate, toNdjson } from './mutate.js';
import { runInProcess, type CliResult } from './in-process.js';
import { checkRun, checkReaders } from './check.js';
import type { Seed } from './corpus.js';

export interface Finding { input: number; seed: string; args: string[]; what: string; problem: string; file: string }

export interface FuzzStats {
  inputs: number;
  runs: number;
  byCode: Record<string, number>;
  byCommand: Record<string, number>;
  readerChecks: number;
  findings: Finding[];
  slowest: { ms: number; args: string[] };
  /** A few refusals, to see what the mutations run into. */
  refusals: string[];
}

const SNAPSHOT_FORMATS = { 'find-cycles': ['table', 'json', 'dot'], why: ['table', 'json'], 'snapshot-diff': ['table', 'json', 'markdown'], gate: ['table', 'json', 'markdown', 'junit', 'github'] } as const;
const PYTHONS = ['2.7', '3.8', '3.10', '3.11', '3.12', '3.13', '3.14.0'];

/** The command line for one input (file: the mutated input; original: the seed written as it is). */
function commandFor(rng: Rng, s: Seed, file: string, original: string): string[] {
  if (s.kind === 'recording') return ['tune', file, '--format', rng.pick(['table', 'json', 'markdown'])];
  if (s.kind === 'trace') {
    if (rng.chance(0.15)) return ['tune', file, '--format', rng.pick(['table', 'json', 'markdown'])];
    const args = ['replay', file, '--format', rng.pick(['table', 'json'])];
    if (rng.chance(0.3)) args.push('--python', rng.pick(PYTHONS));
    return args;
  }
  const cmd = rng.pick(Object.keys(SNAPSHOT_FORMATS) as (keyof typeof SNAPSHOT_FORMATS)[]);
  const format = rng.pick(SNAPSHOT_FORMATS[cmd]);
  switch (cmd) {
    case 'why': {
      const q = rng.chance(0.5) && s.ids.length ? ['--id', String(rng.pick(s.ids))] : ['--type', rng.pick(s.types.length ? s.types : ['dict'])];
      return ['why', file, ...q, '--format', format];
    }
    case 'snapshot-diff': return ['snapshot-diff', ...(rng.chance(0.5) ? [original, file] : [file, original]), '--format', format];
    case 'gate': return ['gate', original, file, original, '--format', format];
    default: return ['find-cycles', file, '--format', format];
  }
}

export interface FuzzOptions {
  seeds: Seed[];
  inputs: number;
  baseSeed: number;
  /** Check the two snapshot readers agree on this share of snapshot inputs. */
  readerShare?: number;
  /** Log inputs slower than this many ms (and keep them in the temporary folder). */
  slowLog?: number;
  /** The index of the first input (runs split into chunks continue where the last stopped). */
  first?: number;
}

/** The seeds written to files (snapshot-diff and gate compare a mutated input with its seed as it was). */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'gcdiag-fuzz-'));
  private readonly small: Seed[];
  private readonly big: Seed[];
  private readonly originals = new Map<Seed, string>();

  constructor(seeds: Seed[]) {
    // Seeds that take seconds as they are (tutorial 12.4 makes 1.5 million lists) go with the big ones.
    const heavy = (s: Seed) => s.big || /"times":\s*\d{6,}/.test(s.text);
    this.small = seeds.filter((s) => !heavy(s));
    this.big = seeds.filter(heavy);
    seeds.forEach((s, k) => {
      const f = join(this.dir, `seed-${k}.${s.kind === 'recording' ? 'ndjson' : 'json'}`);
      writeFileSync(f, s.text);
      this.originals.set(s, f);
    });
  }

  /** Input i of a run: the same (base, i) always gives the same input and command line. */
  input(baseSeed: number, i: number, slot = i % 4): FuzzInput {
    const rng = new Rng((baseSeed * 1_000_003 + i) >>> 0);
    const s = this.big.length && rng.chance(0.02) ? rng.pick(this.big) : rng.pick(this.small);
    const ndjson = s.kind === 'recording' || (s.kind === 'trace' && rng.chance(0.4));
    const m = mutate(rng, s.text, ndjson, s.kind === 'recording');
    const file = join(this.dir, `input-${slot}.${ndjson ? 'ndjson' : 'json'}`);
    writeFileSync(file, m.bytes);
    return { seed: s, rng, file, bytes: m.bytes, what: `${s.name}: ${m.what}`, args: commandFor(rng, s, file, this.originals.get(s)!) };
  }

  keep(i: number, input: FuzzInput): string {
    const f = join(this.dir, `failing-${i}${input.file.endsWith('.ndjson') ? '.ndjson' : '.json'}`);
    writeFileSync(f, input.bytes);
    return f;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface FuzzInput { seed: Seed; rng: Rng; file: string; bytes: Buffer; what: string; args: string[] }

export async function fuzz(o: FuzzOptions): Promise<FuzzStats> {
  const ws = new Workspace(o.seeds);
  const stats: FuzzStats = { inputs: 0, runs: 0, byCode: {}, byCommand: {}, readerChecks: 0, findings: [], slowest: { ms: 0, args: [] }, refusals: [] };
  try {
    for (let i = o.first ?? 0; i < (o.first ?? 0) + o.inputs; i++) {
      const input = ws.input(o.baseSeed, i);
      const { args, rng, seed: s } = input;
      stats.inputs++;
      const found = (problem: string) => {
        stats.findings.push({ input: i, seed: `${o.baseSeed}:${i}`, args, what: input.what, problem, file: ws.keep(i, input) });
      };
      let r: CliResult;
      try {
        r = await runInProcess(args);
      } catch (e) {
        found(`the CLI threw: ${(e as Error).message}`);
        continue;
      }
      stats.runs++;
      stats.byCode[r.code] = (stats.byCode[r.code] ?? 0) + 1;
      stats.byCommand[args[0]] = (stats.byCommand[args[0]] ?? 0) + 1;
      if (r.ms > stats.slowest.ms) stats.slowest = { ms: r.ms, args };
      if (o.slowLog && r.ms > o.slowLog) console.log(`slow ${Math.round(r.ms)} ms: input ${o.baseSeed}:${i} ${args.join(' ')} (kept at ${ws.keep(i, input)})`);
      if (r.code === 2 && stats.refusals.length < 60) stats.refusals.push(`${args[0]} ${s.name}: ${r.stderr.trim().slice(0, 200)}`);
      const problem = checkRun(args, input.file, r);
      if (problem) found(problem);
      if (s.kind === 'trace' && args[0] === 'replay' && input.file.endsWith('.json') && rng.chance(o.readerShare ?? 0.5)) {
        const disagree = await checkTraceForms(ws, input, r);
        if (disagree) { stats.readerChecks++; found(disagree); } else if (disagree === null) stats.readerChecks++;
      }
      if (s.kind === 'snapshot' && rng.chance(o.readerShare ?? 0.5)) {
        stats.readerChecks++;
        const disagree = await checkReaders(input.file, 1 + rng.int(4096));
        if (disagree) found(disagree);
      }
    }
  } finally {
    if (!stats.findings.length) ws.remove();
  }
  return stats;
}

/**
 * A JSON trace and the same trace as NDJSON replay alike: both refuse, or both
 * print the same report (the file name aside). undefined: not a trace document.
 */
async function checkTraceForms(ws: Workspace, input: FuzzInput, asJson: CliResult): Promise<string | null | undefined> {
  let doc: unknown;
  try {
    // fatal: invalid UTF-8 (which the readers refuse) must not become U+FFFD and a valid NDJSON twin.
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(input.bytes));
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || !Array.isArray((doc as { events?: unknown }).events)) return undefined;
  const nd = join(ws.dir, 'same-trace.ndjson');
  try {
    writeFileSync(nd, toNdjson(doc as Parameters<typeof toNdjson>[0]));
  } catch {
    return undefined; // too deep for JSON.stringify (a 10,000-deep value): the JSON run has said enough
  }
  const r = await runInProcess(input.args.map((a) => (a === input.file ? nd : a)));
  const same = (x: string) => x.split(nd).join(input.file);
  if ((asJson.code === 2) !== (r.code === 2)) return `JSON trace exit ${asJson.code}, the same as NDJSON exit ${r.code}: ${(asJson.stderr || r.stderr).trim().slice(0, 200)}`;
  if (asJson.code === 0 && same(r.stdout) !== asJson.stdout) return 'the same trace as JSON and as NDJSON replays differently';
  return null;
}

/** What a failure says: how to rebuild each failing input. */
export function describeFindings(stats: FuzzStats, baseSeed: number): string {
  const lines = stats.findings.slice(0, 20).map((f) => `  input ${f.input} (FUZZ_SEED=${baseSeed}, ${f.what}): gcdiag ${f.args.join(' ')}\n    ${f.problem}\n    kept at ${f.file}`);
  return `${stats.findings.length} of ${stats.inputs} fuzz inputs broke a rule (rerun with FUZZ_SEED=${baseSeed}):\n${lines.join('\n')}`;
}
