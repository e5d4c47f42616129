// npm run bench: replay throughput (model alone, and from an NDJSON file), memory
// per live object, and (with --big) a 2 GB NDJSON trace replayed in streaming.
import { createWriteStream, existsSync, statSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchEvents, ndjsonLines, BENCH_HEADER } from './workload.js';
import { Replayer } from '../replay/replay.js';
import { openTrace } from '../trace/load.js';
import { packageRoot } from '../oracle/paths.js';
import type { Event } from '../trace/schema.js';

const args = process.argv.slice(2);
const EVENTS = Number(args.find((a) => a.startsWith('--events='))?.slice(9) ?? 10_000_000);
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

/** The model alone: events made in memory in batches, generation time subtracted. */
function modelThroughput(n: number, python: string): string {
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
  return `${python}: ${mps(count, total - gen)} (${count} events, ${r.rt.collections.length} collections)`;
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

console.log(`model replay, ${EVENTS} events of mostly short-lived objects:`);
for (const py of ['3.11', '3.12', '3.14.2']) console.log(`  ${modelThroughput(EVENTS, py)}`);
console.log(`NDJSON file, ${EVENTS} events: ${await fileThroughput(EVENTS)}`);
console.log(`memory: ${memoryPerObject(1_000_000)}`);
if (args.includes('--big')) console.log(`2 GiB NDJSON in streaming: ${await bigFile()}`);
else console.log('(add --big to replay a generated 2 GiB NDJSON trace in streaming)');
