// Benchmark of table output at scale (not a timed test): a trace that prints N
// lines, as N print events (N rows) and as one print of N lines (one cell of N
// lines), replayed and reported as JSON and as a table (unlimited width, as in
// a pipe) in a fresh process each, plus the calls table fitted to 80 columns.
// Wall and CPU time per phase, peak RSS and the load average. Table output must
// stay linear: before table-draw.ts, 20,000 lines took 19 s and 100,000 never ended.
//   npm run bench:table [-- --lines 20000,100000] [--cli-table3 2000]
// --cli-table3 N also times cli-table3 itself on the N-row and N-line tables, for contrast.
// Internally: --run FILE SHAPE N runs one case in this process and prints its JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { openTrace } from '../trace/load.js';
import { Replayer } from '../replay/replay.js';
import { replayReporters } from '../report/replay.js';
import { table } from '../report/format.js';

const argv = process.argv;
const arg = (name: string): string | undefined => (argv.indexOf(name) > 0 ? argv[argv.indexOf(name) + 1] : undefined);
type Shape = 'rows' | 'cell';
type Phase = [name: string, wallS: number, cpuS: number];

function timed<T>(phases: Phase[], name: string, f: () => T): T {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  phases.push([name, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6]);
  return r;
}

function traceText(shape: Shape, n: number): string {
  const events = shape === 'rows'
    ? [{ op: 'repeat', times: n, body: [{ op: 'print', text: 'step' }] }]
    : [{ op: 'print', text: Array.from({ length: n }, (_, i) => `line ${i}`).join('\n') }];
  return JSON.stringify({ format: 'gcdiag-trace', version: 1, types: {}, events });
}

if (arg('--run')) {
  const [file, shape, n] = argv.slice(argv.indexOf('--run') + 1);
  const phases: Phase[] = [];
  const src = await openTrace(file);
  const replayer = new Replayer(file, src.header, {});
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await replayer.applyAll(src.events());
  const r = replayer.finish();
  const c = process.cpuUsage(c0);
  phases.push(['replay (model)', (performance.now() - t0) / 1000, (c.user + c.system) / 1e6]);
  const json = timed(phases, 'report --format json', () => replayReporters.json(r));
  const tbl = timed(phases, 'report --format table (pipe: unlimited width)', () => replayReporters.table(r));
  const rows = r.calls.map((c) => [c.event, c.kind, c.obj ?? '', c.text ?? '']);
  const fitted = timed(phases, 'calls table fitted to 80 columns', () => table(['event', 'kind', 'object', 'text'], rows, { width: 80 }));
  if (arg('--cli-table3')) {
    timed(phases, 'the same calls table drawn by cli-table3', () => {
      const t = new Table({ head: ['event', 'kind', 'object', 'text'], style: { head: [], border: [], compact: true } });
      for (const row of rows) t.push(row.map(String));
      return t.toString();
    });
  }
  const lines = (s: string) => s.split('\n').length;
  process.stdout.write(`${JSON.stringify({ shape, n: Number(n), phases, lines: [lines(json), lines(tbl), lines(fitted)], rssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
  process.exit(0);
}

const dir = '.bench-data';
mkdirSync(dir, { recursive: true });
const self = fileURLToPath(import.meta.url);
const counts = (arg('--lines') ?? '20000,100000').split(',').map(Number);
const old = arg('--cli-table3');
const cases: [Shape, number, boolean][] = [];
if (old) for (const shape of ['rows', 'cell'] as Shape[]) cases.push([shape, Number(old), true]);
for (const n of counts) for (const shape of ['rows', 'cell'] as Shape[]) cases.push([shape, n, false]);

console.log(`table benchmark (node ${process.version}); load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; columns: wall, cpu`);
for (const [shape, n, withOld] of cases) {
  const file = join(dir, `table-${shape}-${n}.json`);
  writeFileSync(file, traceText(shape, n));
  const out = execFileSync(process.execPath, [self, '--run', file, shape, String(n), ...(withOld ? ['--cli-table3', '1'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { phases: Phase[]; lines: number[]; rssMiB: number };
  console.log(`\n${n} printed lines as ${shape === 'rows' ? `${n} rows` : `one cell of ${n} lines`} (table: ${r.lines[1]} lines; peak RSS ${r.rssMiB.toFixed(0)} MiB)`);
  for (const [name, wall, cpu] of r.phases) console.log(`  ${name.padEnd(48)} ${wall.toFixed(2).padStart(7)} s ${cpu.toFixed(2).padStart(7)} s`);
}
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
