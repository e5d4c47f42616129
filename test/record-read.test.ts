// The recording reader: hand-made recordings, good and bad, plain and gzip'd.
import { test, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openRecording, type LinedEvent } from '../src/recording/read.js';
import { InputError } from '../src/errors.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'gcdiag-record-read-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fl = { list: 3, dict: 0, tuple: [1, 2, 0] };
const header = {
  format: 'gcdiag-recording', version: 1, python: '3.11.7', implementation: 'CPython', argv: ['app.py', 'x'],
  thresholds: [700, 10, 10], enabled: true, sampler: 'setprofile', exact: true, reason: null,
  start: { count: [5, 1, 0], long_lived_total: 100, long_lived_pending: 4, freelists: fl, freeze_count: 0 },
  stats: [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
};
const gc = {
  op: 'gc', gen: 0, manual: false, count: [701, 1, 0], long_lived: [100, 4], long_lived_after: [100, 4],
  collected: 3, uncollectable: 0, examined: 701, freelists: fl, freelists_after: { ...fl, list: 6 }, after: 1, cpu_ns: 1000, t_ns: 5000,
};
const end = { op: 'end', stats: [[1, 3, 0], [0, 0, 0], [0, 0, 0]], count: [1, 2, 0], wall_s: 0.5, cpu_s: 0.4, max_rss_kb: 9000, exit_code: 0 };
const good = [header, { op: 'path', d: [3, -1, 694] }, gc, { op: 'mark', name: 'warmup' }, { op: 'set_threshold', thresholds: [1000, 10, 10] }, { op: 'disable' }, end];

function write(name: string, lines: unknown[], opts: { gzip?: boolean; raw?: string } = {}): string {
  const text = opts.raw ?? lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const file = join(dir, name);
  writeFileSync(file, opts.gzip ? gzipSync(text) : text);
  return file;
}

async function all(file: string): Promise<{ header: unknown; events: LinedEvent[]; batches: number }> {
  const rec = await openRecording(file);
  const events: LinedEvent[] = [];
  let batches = 0;
  for await (const b of rec.events()) { events.push(...b); batches++; }
  return { header: rec.header, events, batches };
}

async function failure(file: string): Promise<string> {
  try {
    await all(file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

test('a recording reads back with the line of each event', async () => {
  const { header, events } = await all(write('good.ndjson', good));
  expect((header as { thresholds: number[] }).thresholds).toEqual([700, 10, 10]);
  expect(events.map((e) => [e.op, e.line])).toEqual([['path', 2], ['gc', 3], ['mark', 4], ['set_threshold', 5], ['disable', 6], ['end', 7]]);
  expect(events[0]).toMatchObject({ d: [3, -1, 694] });
  expect(events[1]).toMatchObject({ gen: 0, collected: 3, freelists_after: { list: 6 } });
});

test('gzip: by name and by magic bytes', async () => {
  const a = await all(write('good.ndjson.gz', good, { gzip: true }));
  const b = await all(write('good-gz-noext', good, { gzip: true }));
  expect(a.events.map((e) => e.op)).toEqual(good.slice(1).map((l) => (l as { op: string }).op));
  expect(b.events).toEqual(a.events);
});

test('blank lines are skipped and the line numbers stay right', async () => {
  const { events } = await all(write('blank.ndjson', [header, '', { op: 'path', d: [1] }, '  ', end]));
  expect(events.map((e) => e.line)).toEqual([3, 5]);
});

test('a large recording streams in several batches', async () => {
  const path = { op: 'path', d: Array.from({ length: 4096 }, (_, i) => (i % 7) - 3) };
  const lines: unknown[] = [header];
  for (let i = 0; i < 600; i++) lines.push(path, gc);
  lines.push(end);
  const { events, batches } = await all(write('big.ndjson.gz', lines, { gzip: true }));
  expect(events.length).toBe(1201);
  expect(batches).toBeGreaterThan(1);
  expect(events[1200].line).toBe(1202);
});

test('not a recording: one line naming the file and line 1', async () => {
  expect(await failure(write('trace.json', [{ format: 'gcdiag-trace', version: 1 }]))).toMatch(/trace\.json: line 1: not a gcdiag recording/);
  expect(await failure(write('garbage.txt', [], { raw: 'hello\n' }))).toMatch(/garbage\.txt: line 1: not valid JSON/);
  expect(await failure(write('empty.ndjson', [], { raw: '' }))).toMatch(/empty\.ndjson: empty file/);
  expect(await failure(write('nogz.gz', [], { raw: 'not gzip at all\n' }))).toMatch(/nogz\.gz: gzip data: not a valid gzip file/);
});

test('a bad header field names its JSON path', async () => {
  const bad = { ...header, thresholds: [700, 10] };
  expect(await failure(write('h.ndjson', [bad, end]))).toMatch(/h\.ndjson: line 1 \$\.thresholds: .*3/);
  const sampler = { ...header, sampler: 'settrace' };
  expect(await failure(write('h2.ndjson', [sampler, end]))).toMatch(/line 1 \$\.sampler/);
});

test('a bad event line names the file and the line', async () => {
  expect(await failure(write('op.ndjson', [header, { op: 'path', d: [1] }, { op: 'nope' }, end])))
    .toMatch(/op\.ndjson: line 3 \$\.op: unknown or missing "op" \(expected one of: path, gc,/);
  expect(await failure(write('d.ndjson', [header, { op: 'path', d: [1, 2.5] }, end]))).toMatch(/d\.ndjson: line 2 \$\.d\[1\]: .*int/i);
  const { collected: _c, ...noCollected } = gc;
  expect(await failure(write('gc.ndjson', [header, noCollected, end]))).toMatch(/gc\.ndjson: line 2 \$\.collected/);
  expect(await failure(write('gen.ndjson', [header, { ...gc, gen: 3 }, end]))).toMatch(/line 2 \$\.gen/);
  expect(await failure(write('json.ndjson', [header, '{"op":"path","d":[1,', end]))).toMatch(/json\.ndjson: line 2: not valid JSON/);
});

test('truncated recordings and lines after the end are errors', async () => {
  expect(await failure(write('trunc.ndjson', [header, { op: 'path', d: [1] }]))).toMatch(/trunc\.ndjson: end of file: no "end" line/);
  expect(await failure(write('after.ndjson', [header, end, { op: 'path', d: [1] }]))).toMatch(/after\.ndjson: line 3: a line after the "end" line/);
  const text = [header, { op: 'path', d: [1] }, end].map((l) => JSON.stringify(l)).join('\n');
  const gz = gzipSync(text);
  const cut = join(dir, 'cut.ndjson.gz');
  writeFileSync(cut, gz.subarray(0, gz.length - 12));
  expect(await failure(cut)).toMatch(/cut\.ndjson\.gz: /);
});

test('a missing file is an input error', async () => {
  await expect(openRecording(join(dir, 'missing.ndjson'))).rejects.toThrow(/missing\.ndjson: no such file/);
});
