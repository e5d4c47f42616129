// npm run bench: replay throughput (model alone, and from an NDJSON file), memory
// per live object, and (with --big) a 2 GB NDJSON trace replayed in streaming.
// Each model figure comes from a fresh process per version (a replay is one
// process, with its own JIT), run --runs times (default 3): best and median.
import { createWriteStream, existsSync, statSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchEvents, ndjsonLines, BENCH_HEADER } from './workload.js';
import { Replayer } from '../replay/replay.js';
import { openTrace } from '../trace/load.js';
import { packageRoot } from '../oracle/paths.js';
import type { Event } from '../trace/schema.js';

const args = process.argv.slice(2);
const EVENTS = Number(args.find((a) => a.startsWith('--events='))?.slice(9) ?? 10_000_000);
const RUNS = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const CHILD = args.find((a) => a.startsWith('--model-only='))?.slice(13);
const dataDir = join(packageRoot(), '.bench-data');

function mps(n: number, ms: number): string {
  return `${(n / ms / 1000).toFixed(2)} M events/s`;
}

async function writeNdjson(file: string, lines: Iterable<string>): Promise<void> {
  const ws = createWriteStream(file);
  let buf: string[] = [];
  for (const l of lines) {
    buf.push(l);
    if (buf.length >= 20000) {
      if (!ws.write(`${buf.join('\n')}\n`)) await new Promise<void>((r) => ws.once('drain', () => r()));
      buf = [];
    }
  }
  ws.write(`${buf.join('\n')}\n`);
  await new Promise<void>((r) => ws.end(() => r()));
}

/** The model alone: events made in memory in batches, generation time subtracted. Returns events/ms. */
function modelThroughput(n: number, python: string): { rate: number; count: number; collections: number } {
  const batch: Event[] = [];
  let t0 = performance.now();
  let count = 0;
  for (const ev of benchEvents(n)) { batch.push(ev); if (batch.length === 10000) { count += batch.length; batch.length = 0; } }
  count += batch.length;
  batch.length = 0;
  const gen = performance.now() - t0;
  const r = new Replayer('bench', BENCH_HEADER, { python });
  t0 = performance.now();
  for (const ev of benchEvents(n)) { batch.push(ev); if (batch.length === 10000) { for (const e of batch) r.apply(e); batch.length = 0; } }
  for (const e of batch) r.apply(e);
  const total = performance.now() - t0;
  return { rate: count / (total - gen), count, collections: r.rt.collections.length };
}

/** modelThroughput in RUNS fresh processes: best and median. */
function modelRuns(n: number, python: string): string {
  const rates: number[] = [];
  let last = { count: 0, collections: 0 };
  for (let k = 0; k < RUNS; k++) {
    const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), `--model-only=${python}`, `--events=${n}`], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`benchmark child failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout) as { rate: number; count: number; collections: number };
    rates.push(r.rate);
    last = r;
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)];
  return `${python}: best ${mps(rates[rates.length - 1], 1)}, median ${mps(median, 1)} over ${RUNS} processes (${last.count} events, ${last.collections} collections)`;
}

async function fileThroughput(n: number): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `bench-${n}.ndjson`);
  if (!existsSync(file)) await writeNdjson(file, ndjsonLines(n));
  const t0 = performance.now();
  const src = await openTrace(file);
  const r = new Replayer(file, src.header, { python: '3.11' });
  await r.applyAll(src.events());
  const ms = performance.now() - t0;
  return `${mps(r.count, ms)} (${r.count} events, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB, read + parse + replay)`;
}

/** Bytes per live object: keep n objects alive (held by a list), measure heap + typed arrays. */
function memoryPerObject(n: number): string {
  global.gc?.();
  const before = process.memoryUsage();
  const r = new Replayer('mem', BENCH_HEADER, { python: '3.11' });
  r.apply({ op: 'new', id: 'keep', type: 'list', bind: 'keep' });
  for (let i = 0; i < n; i++) {
    r.apply({ op: 'new', id: i, type: 'Request', bind: 'x' });
    r.apply({ op: 'append', obj: 'keep', to: i });
  }
  global.gc?.();
  const after = process.memoryUsage();
  const bytes = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  return `${(bytes / r.rt.live).toFixed(0)} bytes per live object (${r.rt.live} live objects${global.gc ? '' : '; run with --expose-gc for a steadier figure'})`;
}

async function bigFile(): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'big.ndjson');
  const target = 2 * 2 ** 30;
  if (!existsSync(file) || statSync(file).size < target) {
    const perEvent = 50;
    await writeNdjson(file, ndjsonLines(Math.ceil(target / perEvent), 7));
  }
  const t0 = performance.now();
  const src = await openTrace(file);
  const r = new Replayer(file, src.header, { python: '3.12' });
  let peak = 0;
  for await (const { events, lines } of src.events()) {
    for (let i = 0; i < events.length; i++) r.apply(events[i], lines?.[i]);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const ms = performance.now() - t0;
  return `${(statSync(file).size / 2 ** 30).toFixed(2)} GiB, ${r.count} events in ${(ms / 1000).toFixed(1)} s (${mps(r.count, ms)}), peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`;
}

if (CHILD) {
  process.stdout.write(JSON.stringify(modelThroughput(EVENTS, CHILD)));
  process.exit(0);
}

console.log(`model replay, ${EVENTS} events of mostly short-lived objects:`);
for (const py of ['3.11', '3.12', '3.14.2']) console.log(`  ${modelRuns(EVENTS, py)}`);
console.log(`NDJSON file, ${EVENTS} events: ${await fileThroughput(EVENTS)}`);
console.log(`memory: ${memoryPerObject(1_000_000)}`);
if (args.includes('--big')) console.log(`2 GiB NDJSON in streaming: ${await bigFile()}`);
else console.log('(add --big to replay a generated 2 GiB NDJSON trace in streaming)');
