// The valid inputs the fuzz harness mutates: every fixture trace, every fixture
// snapshot in both layouts, and (when python3 is there) a snapshot and a
// recording captured from a real interpreter.
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { FriendlySnapshot } from '../../src/snapshot/schema.js';
import { toColumnar } from '../snapshot-builder.js';
import { ROOT } from '../helpers/cli.js';

export type SeedKind = 'trace' | 'snapshot' | 'recording';

export interface Seed {
  kind: SeedKind;
  name: string;
  text: string;
  /** Snapshots: ids and type names to ask `why` about. */
  ids: number[];
  types: string[];
  /** Real captures are big: mutated less often. */
  big: boolean;
}

const seed = (kind: SeedKind, name: string, text: string, big = false): Seed => {
  const ids: number[] = [];
  const types: string[] = [];
  if (kind === 'snapshot') {
    const d = JSON.parse(text);
    if (d.layout === 'friendly') for (const o of d.objects.slice(0, 50)) { ids.push(o.id); types.push(o.type); }
    else { ids.push(...d.objects.id.slice(0, 50)); types.push(...d.objects.type.slice(0, 50).map((t: number) => d.strings[t])); }
  }
  return { kind, name, text, ids, types, big };
};

/**
 * Not a seed: the tutorial's measured-tuning trace runs 4.5 M repeat steps (10.7 s
 * of CPU under the 3.14.0 model alone, at load 3), so its mutations measured the
 * model's speed against the 20-s limit (one took 44 s in-process beside other
 * tests, fuzz seed 649398), not how the readers take bad input. The tutorial
 * tests replay it whole.
 */
const TOO_SLOW = new Set(['fixtures/traces/tutorial-12.4-measured-tuning.json']);

export function fixtureSeeds(): Seed[] {
  const out: Seed[] = [];
  for (const dir of ['fixtures/traces', 'fixtures/traces/refused', 'fixtures/traces/known-gaps']) {
    for (const f of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith('.json') && !TOO_SLOW.has(`${dir}/${n}`)).sort()) out.push(seed('trace', `${dir}/${f}`, readFileSync(join(ROOT, dir, f), 'utf8')));
  }
  for (const f of readdirSync(join(ROOT, 'fixtures/snapshots')).filter((n) => n.endsWith('.json')).sort()) {
    const text = readFileSync(join(ROOT, 'fixtures/snapshots', f), 'utf8');
    out.push(seed('snapshot', `fixtures/snapshots/${f}`, text));
    out.push(seed('snapshot', `fixtures/snapshots/${f} (columnar)`, JSON.stringify(toColumnar(FriendlySnapshot.parse(JSON.parse(text))))));
  }
  return out;
}

const PROGRAM = 'import gc\nclass Node:\n    def __init__(self):\n        self.me = self\nkeep = [Node() for _ in range(50)]\nfor _ in range(20):\n    Node()\n';

/** A real snapshot and recording from python3 (none when it is missing: the caller says so). */
export function capturedSeeds(): Seed[] {
  const probe = spawnSync('python3', ['--version']);
  if (probe.status !== 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'gcdiag-fuzz-seed-'));
  const prog = join(dir, 'prog.py');
  writeFileSync(prog, PROGRAM);
  const cli = join(ROOT, 'bin', 'gcdiag.js');
  const out: Seed[] = [];
  const snap = join(dir, 'real.json');
  spawnSync(process.execPath, [cli, 'capture', '--out', snap, '--', prog], { encoding: 'utf8' });
  if (existsSync(snap)) out.push(seed('snapshot', 'captured from python3', readFileSync(snap, 'utf8'), true));
  const rec = join(dir, 'real.ndjson');
  spawnSync(process.execPath, [cli, 'record', '--out', rec, '--', 'python3', prog], { encoding: 'utf8' });
  if (existsSync(rec)) out.push(seed('recording', 'recorded from python3', readFileSync(rec, 'utf8'))); // a few lines: small
  return out;
}

