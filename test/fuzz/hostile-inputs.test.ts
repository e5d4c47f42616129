// Each hostile input of issue 10 (section 2), run through the CLI: one line on
// stderr naming the file and place, exit 2, or handled; never a hang, a crash or
// a wrong answer. The ones that could block (a FIFO, /dev/zero) run as child
// processes with a timeout, so a regression fails here instead of hanging.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess, type CliResult } from './in-process.js';
import { loadSnapshot } from '../../src/snapshot/load.js';
import { FriendlySnapshot } from '../../src/snapshot/schema.js';
import { SnapshotBuilder, toColumnar } from '../snapshot-builder.js';
import { ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gcdiag-hostile-'));
const file = (name: string, body: string | Buffer) => {
  const f = join(dir, name);
  writeFileSync(f, body);
  return f;
};
const trace = (events: unknown[], types: Record<string, unknown> = {}) => JSON.stringify({ format: 'gcdiag-trace', version: 1, types, events });
const cycles = readFileSync(join(ROOT, 'fixtures/snapshots/cycles.json'), 'utf8');
const freeze = readFileSync(join(ROOT, 'fixtures/traces/freeze.json'), 'utf8');

/** Exit 2, one line "gcdiag: FILE: …" matching `what`, nothing on stdout. */
function refused(r: CliResult, f: string, what: RegExp): void {
  expect(r.stderr.split('\n')).toHaveLength(2);
  expect(r.stderr).toMatch(/^gcdiag: /);
  expect(r.stderr).toContain(f);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('names from input are data, never JavaScript object keys', () => {
  it('refuses "__proto__" as a type, field, value or method name, with its JSON path (zod drops it from records)', async () => {
    // JSON.parse makes "__proto__" an own key, as a file would; an object literal would not.
    const cases: [string, RegExp][] = [
      [trace([], { PROTO: 1 }), /\$\.types\.__proto__: a key named "__proto__"/],
      [trace([{ op: 'new', id: 1, type: 'N', fields: { PROTO: null } }], { N: {} }), /\$\.events\[0\]\.fields\.__proto__/],
      [trace([{ op: 'new', id: 1, type: 'N', values: { PROTO: 1 } }], { N: {} }), /\$\.events\[0\]\.values\.__proto__/],
      [trace([], { N: { methods: { PROTO: { print: 'x' } } } }), /\$\.types\.N\.methods\.__proto__/],
    ];
    for (const [k, [text, what]] of cases.entries()) {
      const f = file(`proto-${k}.json`, text.replace('"PROTO"', '"__proto__"'));
      refused(await runInProcess(['replay', f]), f, what);
      const nd = file(`proto-${k}.ndjson`, `${text.replace('"PROTO"', '"__proto__"').replace(/,"events":\[(.*)\]\}$/, '}\n$1')}\n`);
      refused(await runInProcess(['replay', nd]), nd, /__proto__: a key named "__proto__"/);
    }
  });

  it('fields named "constructor" and "toString" behave as any other names (one resolved to Object\'s function before)', async () => {
    const run = async (names: [string, string]) => {
      const [c, t] = names;
      const f = file(`names-${c}.json`, trace([
        { op: 'new', id: 'b', type: 'N', bind: 'b' },
        { op: 'new', id: 'a', type: 'N', bind: 'a', fields: { [t]: 'b', x: 'b' } },
        { op: 'observe', what: 'refcount', obj: 'b' },
        { op: 'unbind', vars: ['a', 'b'] }, { op: 'collect', print: 'collected {}' },
      ], { N: { fields: [c, t, 'x'] } }));
      const r = await runInProcess(['replay', f, '--format', 'json']);
      expect(r.stderr).toBe('');
      const { observations, calls } = JSON.parse(r.stdout);
      return { observations, calls };
    };
    expect(await run(['constructor', 'toString'])).toEqual(await run(['p', 'q']));
  });

  it('"{self.constructor}" in a print template is no JavaScript function', async () => {
    const f = file('self-ctor.json', trace([
      { op: 'new', id: 'a', type: 'N', bind: 'a', values: { x: 1 } }, { op: 'unbind', vars: ['a'] },
    ], { N: { del: { print: 'del {self.constructor} {self.toString} {self.x}' } } }));
    const r = await runInProcess(['replay', f, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/function|native code/);
    expect(JSON.parse(r.stdout).calls[0].text).toBe('del {self.constructor} {self.toString} 1');
  });

  it('finalize with a method named "constructor" finds no inherited function', async () => {
    const f = file('method-ctor.json', trace([
      { op: 'new', id: 'a', type: 'N', bind: 'a' },
      { op: 'finalize', id: 'f', target: 'a', func: { method: 'constructor', self: 'a' } },
      { op: 'unbind', vars: ['a'] },
    ], { N: { methods: { close: { print: 'closed' } } } }));
    const r = await runInProcess(['replay', f, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('inconsistent snapshots are refused', () => {
  const doc = () => JSON.parse(cycles);
  it('a reference count below the references recorded to the object', async () => {
    const d = doc();
    const target = d.edges[0].to;
    d.objects.find((o: { id: number }) => o.id === target).refcount = 0;
    const f = file('low-refcount.json', JSON.stringify(d));
    for (const cmd of [['find-cycles', f], ['why', f, '--id', String(target)], ['snapshot-diff', f, f]]) {
      refused(await runInProcess(cmd), f, new RegExp(`object id ${target} .*expected a reference count of at least 1, .*\\(got 0\\): an inconsistent snapshot`));
    }
  });

  it('a root that refers to an object whose reference count is 0', async () => {
    const s = new SnapshotBuilder();
    const a = s.obj('app.Node', { refcount: 0 });
    s.root('module app', 'module', [a, 'X']);
    const f = file('root-garbage.json', JSON.stringify(s.doc()));
    refused(await runInProcess(['find-cycles', f]), f, /\$\.roots\[0\]\.to\[0\]: expected a live object/);
  });

  it('a tracked flag that contradicts the generation (columnar)', async () => {
    const d = toColumnar(FriendlySnapshot.parse(JSON.parse(cycles)));
    d.objects.flags[0] &= ~2;
    const f = file('tracked.json', JSON.stringify(d));
    refused(await runInProcess(['find-cycles', f]), f, /\$\.objects entry 0\): expected the tracked flag/);
  });
});

describe('names and labels with escapes or newlines are shown escaped', () => {
  const EVIL = '\u001b]0;pwned\u0007\u001b[2J\u202eX\nY\r';
  let f: string;
  let before: string;
  beforeAll(() => {
    const d = JSON.parse(cycles);
    for (const o of d.objects) o.type += EVIL;
    for (const e of d.edges) e.label = `${e.label ?? 'l'}${EVIL}`;
    for (const r of d.roots) r.name += EVIL;
    f = file('evil.json', JSON.stringify(d));
    before = file('evil-before.json', cycles);
  });
  const raw = /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/;
  it.each([
    ['find-cycles', 'table'], ['find-cycles', 'dot'], ['why', 'table'], ['snapshot-diff', 'table'], ['snapshot-diff', 'markdown'],
    ['gate', 'table'], ['gate', 'markdown'], ['gate', 'github'], ['gate', 'junit'],
  ])('%s --format %s', async (cmd, format) => {
    const args = cmd === 'why' ? [cmd, f, '--id', '200'] : cmd === 'find-cycles' ? [cmd, f] : [cmd, before, f];
    const r = await runInProcess([...args, '--format', format]);
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(r.stdout).not.toMatch(raw);
    expect(r.stdout).not.toMatch(/^Y/m); // no line forged by a newline in a name
    expect(r.stdout).toMatch(/\\+x1b\\*\]0;pwned\\+x07/); // escaped (Markdown and DOT escape the backslash again)
  });
  it('JSON output keeps the names exactly', async () => {
    const r = await runInProcess(['find-cycles', f, '--format', 'json']);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(EVIL).slice(1, -1));
  });
  it('error messages stay on one line', async () => {
    const r = await runInProcess(['why', f, '--type', 'Node']);
    refused(r, f, /similar: app\.Node\\x1b\]0;pwned\\x07.*\\nY\\r/);
  });
});

describe('numbers, depth and encodings', () => {
  const columnar = () => toColumnar(FriendlySnapshot.parse(JSON.parse(cycles)));
  const bothReaders = async (f: string) => {
    const out: string[] = [];
    for (const streamAbove of [Infinity, 0]) {
      try {
        await loadSnapshot(f, { streamAbove, chunkSize: 7 });
        out.push('accepted');
      } catch (e) {
        out.push(`refused: ${(e as Error).message.split(': ')[1]}`);
      }
    }
    return out;
  };

  it.each([2 ** 32, 2 ** 40])('a columnar count of %d: one line, no giant allocation', async (count) => {
    const d = columnar() as unknown as { objects: { count: number } };
    d.objects.count = count;
    const f = file(`count-${count}.json`, JSON.stringify(d));
    refused(await runInProcess(['find-cycles', f]), f, new RegExp(`expected ${count} entries`));
    expect(await bothReaders(f)).toEqual(['refused: $.objects.id', 'refused: $.objects.id']);
  });

  it.each([2 ** 53, 1e300])('a reference count of %d is refused by both readers (the streaming one accepted it)', async (rc) => {
    for (const layout of ['friendly', 'columnar']) {
      const d = layout === 'friendly' ? JSON.parse(cycles) : columnar();
      if (layout === 'friendly') d.objects[0].refcount = rc; else d.objects.refcount[0] = rc;
      const f = file(`rc-${layout}-${rc}.json`, JSON.stringify(d).replace(/"refcount":(\[)?9007199254740992|"refcount":(\[)?1e\+300/, (m) => m.replace('1e+300', '1e300')));
      const results = await bothReaders(f);
      expect(results[0]).toMatch(/^refused/);
      expect(results[1]).toMatch(/^refused/);
    }
  });

  it('immortal reference counts (2^32 - 1 on 3.12) are accepted by both readers', async () => {
    const d = columnar();
    d.objects.refcount[0] = 2 ** 32 - 1;
    d.objects.flags[0] |= 32;
    const f = file('immortal.json', JSON.stringify(d));
    expect(await bothReaders(f)).toEqual(['accepted', 'accepted']);
  });

  it('10,000-deep nested JSON: one short line from every reader', async () => {
    const deep = `${'['.repeat(10_000)}0${']'.repeat(10_000)}`;
    const snap = file('deep-snap.json', cycles.replace('"label": "cycles of every kind"', `"label": ${deep}`));
    const tr = file('deep-trace.json', freeze.replace(/"events"\s*:\s*\[/, `"events": [${deep},`));
    const nd = file('deep-trace.ndjson', `${JSON.stringify({ format: 'gcdiag-trace', version: 1 })}\n${deep}\n`);
    // Inside an event line, where the byte-level reader recursed until the stack overflowed (found by the fuzz run).
    const ndInside = file('deep-inside.ndjson', `${JSON.stringify({ format: 'gcdiag-trace', version: 1 })}\n{"op":"unbind","vars":${deep}}\n`);
    for (const [f, cmd] of [[snap, 'find-cycles'], [tr, 'replay'], [nd, 'replay'], [ndInside, 'replay']]) {
      const r = await runInProcess([cmd, f]);
      refused(r, f, /./);
      expect(r.stderr.length).toBeLessThan(400);
    }
    expect((await bothReaders(snap)).every((x) => x.startsWith('refused'))).toBe(true);
  });

  it('a deep or long value in format, version or layout is named in a few words (JSON.stringify of it overflowed the stack: exit 3, found by the fuzz run)', async () => {
    const deep = `${'['.repeat(10_000)}0${']'.repeat(10_000)}`;
    for (const [key, value] of [['layout', deep], ['version', deep], ['format', JSON.stringify('x'.repeat(100_000))]]) {
      const f = file(`deep-${key}.json`, cycles.replace(/"layout"\s*:\s*"[a-z]+"/, key === 'layout' ? `"layout": ${value}` : `"layout": "friendly", "${key}": ${value}`));
      const r = await runInProcess(['why', f, '--id', '1']);
      refused(r, f, new RegExp(`\\$\\.${key}: expected`));
      expect(r.stderr.length).toBeLessThan(300);
    }
  });

  it('one byte order mark is accepted in traces (JSON and NDJSON) as in snapshots; two are refused', async () => {
    const nd = Buffer.from(`${JSON.stringify({ format: 'gcdiag-trace', version: 1 })}\n{"op":"collect"}\n`);
    for (const [name, body] of [['bom.json', Buffer.from(freeze)], ['bom.ndjson', nd]] as const) {
      const one = file(`one-${name}`, Buffer.concat([BOM, body]));
      const r = await runInProcess(['replay', one, '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const two = file(`two-${name}`, Buffer.concat([BOM, BOM, body]));
      refused(await runInProcess(['replay', two]), two, /./);
    }
    const snap = file('two-bom-snap.json', Buffer.concat([BOM, BOM, Buffer.from(cycles)]));
    refused(await runInProcess(['find-cycles', snap]), snap, /line 1, column 1: expected a value/);
  });

  it('invalid UTF-8 is refused with its byte offset, not replaced (traces and both snapshot readers)', async () => {
    const at = cycles.indexOf('ROOT');
    const snap = file('bad-utf8.json', Buffer.concat([Buffer.from(cycles.slice(0, at)), Buffer.from([0xff]), Buffer.from(cycles.slice(at))]));
    for (const streamAbove of [Infinity, 0]) {
      await expect(loadSnapshot(snap, { streamAbove, chunkSize: 5 })).rejects.toThrow(new RegExp(`expected UTF-8 text \\(the byte at file offset ${at} `));
    }
    const t = Buffer.from(freeze);
    const k = freeze.indexOf('"events"');
    const tr = file('bad-utf8-trace.json', Buffer.concat([t.subarray(0, k), Buffer.from('"description":"a\xc3(b",', 'latin1'), t.subarray(k)]));
    refused(await runInProcess(['replay', tr]), tr, new RegExp(`byte ${k + 16}: expected UTF-8 text`));
    const head = Buffer.from(`${JSON.stringify({ format: 'gcdiag-trace', version: 1 })}\n{"op":"print","text":"`);
    // 0xED 0xA0 0x80 would be a surrogate (U+D800): not UTF-8, though a lax decoder takes it.
    const nd = file('bad-utf8.ndjson', Buffer.concat([head, Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n')]));
    refused(await runInProcess(['replay', nd]), nd, new RegExp(`byte ${head.length}: expected UTF-8 text`));
  });

  it('a print template with 16,000 newlines replays, shown as one escaped line in the table', async () => {
    const f = file('newlines.json', trace([{ op: 'new', id: 'a', type: 'N', bind: 'a' }, { op: 'unbind', vars: ['a'] }], { N: { del: { print: 'line\n'.repeat(16_000) } } }));
    const r = await runInProcess(['replay', f]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeLessThan(40);
    const j = await runInProcess(['replay', f, '--format', 'json']);
    expect(JSON.parse(j.stdout).calls[0].text).toBe('line\n'.repeat(16_000));
  });

  it('a repeat of 2^40 iterations is refused (it ran for days)', async () => {
    const f = file('repeat.json', trace([{ op: 'repeat', times: 2 ** 40, body: [{ op: 'collect' }] }]));
    refused(await runInProcess(['replay', f]), f, /\$\.events\[0\]\.times: Too big: expected number to be <=100000000/);
  });
});

describe('files that are not regular files are refused up front (spawned, with a timeout)', () => {
  const fifo = join(dir, 'fifo');
  beforeAll(() => {
    spawnSync('mkfifo', [fifo]);
  });
  const spawned = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gcdiag.js'), ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: 0, cpuMs: 0 };
  };
  it.each([
    ['find-cycles'], ['why', '--id', '1'], ['snapshot-diff', 'SELF'], ['gate', 'SELF'], ['replay'], ['tune'],
  ])('a FIFO with no writer: %s', (cmd, ...rest) => {
    if (!existsSync(fifo)) return; // mkfifo missing: nothing to test
    const args = [cmd, fifo, ...rest.map((a) => (a === 'SELF' ? fifo : a))];
    refused(spawned(args), fifo, /is a FIFO, not a regular file/);
  });
  it.each([['find-cycles'], ['replay']])('/dev/zero: %s', (cmd) => {
    refused(spawned([cmd, '/dev/zero']), '/dev/zero', /is a character device, not a regular file/);
  });
});

describe('recordings read like traces', () => {
  // The smallest recording the reader takes: a header and the end event (as `gcdiag record` writes them).
  const header = { format: 'gcdiag-recording', version: 1, python: '3.11.7', implementation: 'CPython', argv: ['x.py'], thresholds: [700, 10, 10], enabled: true, sampler: 'setprofile', exact: true, reason: null,
    start: { count: [0, 0, 0], long_lived_total: 0, long_lived_pending: 0, freelists: { list: 0, dict: 0, tuple: [0] }, freeze_count: 0 },
    stats: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], freelist_capacity: { list: 80, dict: 80, tuple: 2000 } };
  const end = { op: 'end', stats: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], count: [0, 0, 0], wall_s: 0.01, cpu_s: 0.01, max_rss_kb: 1, exit_code: 0 };
  const body = (extra = '') => Buffer.from(`${JSON.stringify({ ...header, argv: [`x${extra}.py`] })}\n${JSON.stringify(end)}\n`);

  it('one byte order mark is skipped', async () => {
    const plain = await runInProcess(['tune', file('rec.ndjson', body()), '--format', 'json']);
    expect([plain.code, plain.stderr]).toEqual([0, '']);
    const f = file('rec-bom.ndjson', Buffer.concat([BOM, body()]));
    const r = await runInProcess(['tune', f, '--format', 'json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('invalid UTF-8 is refused with its offset, also when the file ends inside a character', async () => {
    const b = body('\u00e9');
    const at = b.indexOf(0xc3);
    const bad = Buffer.from(b);
    bad[at + 1] = 0x28;
    const f = file('rec-bad.ndjson', bad);
    refused(await runInProcess(['tune', f]), f, new RegExp(`byte ${at}: expected UTF-8 text`));
    const cut = file('rec-cut.ndjson', Buffer.concat([body(), Buffer.from([0xc3])]));
    refused(await runInProcess(['tune', cut]), cut, /the file ends inside a character/);
  });

  it('a path delta beyond the C int counter\'s range is refused by item (2^53 - 1 made tune simulate collections for days)', async () => {
    const withPath = (d: number[]) => Buffer.from([header, { op: 'path', d }, end].map((x) => JSON.stringify(x)).join('\n') + '\n');
    const ok = await runInProcess(['tune', file('rec-max.ndjson', withPath([1, 2 ** 31 - 1, -(2 ** 31 - 1)])), '--format', 'json']);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    for (const big of [2 ** 31, 2 ** 53 - 1, -(2 ** 40)]) {
      const f = file('rec-big.ndjson', withPath([1, big]));
      refused(await runInProcess(['tune', f]), f, /line 2 \$\.d\[1\]: .*2147483647/);
    }
  });
});
