// Every JSON report: a "format" and "version" first, valid against the schema
// shipped in schema/, camelCase keys, values (not JSON text) in --against rows.
import { test, expect } from 'vitest';
import type { z } from 'zod';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcdiag } from '../helpers/cli.js';
import { DiffReport } from '../../src/report/schemas/diff.js';
import { CyclesReport } from '../../src/report/schemas/cycles.js';
import { WhyReport } from '../../src/report/schemas/why.js';
import { ReplayReport, AgainstReport } from '../../src/report/schemas/replay.js';
import { TuneReport } from '../../src/report/schemas/tune.js';

const S = 'fixtures/snapshots';
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

/** Keys of every object in v, except inside values that hold the program's own data. */
function keys(v: unknown, out: string[] = [], opaque = new Set(['value', 'model', 'cpython'])): string[] {
  if (Array.isArray(v)) for (const x of v) keys(x, out, opaque);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      if (!opaque.has(k)) keys(x, out, opaque);
    }
  }
  return out;
}

const CASES: [string, string[], z.ZodObject][] = [
  ['gcdiag-snapshot-diff', ['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`], DiffReport],
  ['gcdiag-find-cycles', ['find-cycles', `${S}/cycles.json`], CyclesReport],
  ['gcdiag-why', ['why', `${S}/traps.json`, '--type', 'Connection'], WhyReport],
  ['gcdiag-why', ['why', `${S}/cycles.json`, '--id', '321'], WhyReport],
  ['gcdiag-replay', ['replay', 'fixtures/traces/tutorial-12.1-cycle-saveall.json'], ReplayReport],
  ['gcdiag-replay-against', ['replay', '--against', 'python3', 'fixtures/traces/tutorial-5-cycles.json'], AgainstReport],
  ['gcdiag-tune', ['tune', 'fixtures/traces/automatic-collections.json', '--thresholds', '100,10,10', '0', 'disable+collect/300'], TuneReport],
];

test.each(CASES)('%s: format and version first, the schema holds, camelCase keys', (format, args, schema) => {
  const r = gcdiag([...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(Object.keys(j).slice(0, 2)).toEqual(['format', 'version']);
  expect(j).toMatchObject({ format, version: 1 });
  schema.strict().parse(j);
  expect(keys(j).filter((k) => !CAMEL.test(k))).toEqual([]);
  if (format === 'gcdiag-replay-against') {
    const rows = (j as z.infer<typeof AgainstReport>).comparison.rows;
    expect(rows.find((row) => row.item === 'end gc.get_count()')?.model).toEqual([0, 0, 0]);
    expect(rows.every((row) => typeof row.model !== 'string' || !/^[[{"]/.test(row.model))).toBe(true);
  }
});

test('ids: decimal and hex name the same object; tables print hex only', () => {
  const dec = gcdiag(['why', `${S}/cycles.json`, '--id', '321']);
  const hex = gcdiag(['why', `${S}/cycles.json`, '--id', '0x141']);
  const upper = gcdiag(['why', `${S}/cycles.json`, '--id', '0X141']);
  expect(dec.code).toBe(0);
  expect(hex.stdout).toBe(dec.stdout);
  expect(upper.stdout).toBe(dec.stdout);
  expect(dec.stdout).toMatch(/Why is app\.Node 0x141 alive\?/);
  for (const run of [dec, gcdiag(['why', `${S}/cycles.json`, '--type', 'Node']), gcdiag(['find-cycles', `${S}/cycles.json`])]) {
    expect(run.stdout).not.toMatch(/\bid \d/);
    expect(run.stdout).toMatch(/0x[0-9a-f]+/);
  }
  expect(gcdiag(['why', `${S}/cycles.json`, '--id', '0xZZ']).code).toBe(2);
});

test('a class object is named as the class it is: from an instance\'s type reference, else a module global', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcdiag-types-'));
  const file = join(dir, 'classes.json');
  const head = JSON.parse(readFileSync(`${S}/cycles.json`, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({
    ...head,
    roots: [{ name: 'module app.web', kind: 'module', to: [{ id: 10, label: 'Registry' }, { id: 11, label: 'current' }] }],
    objects: [
      { id: 10, type: 'builtins.type', size: 1072, refcount: 2, gen: 2 },
      { id: 11, type: 'app.web.Request', size: 48, refcount: 2, gen: 2 },
      { id: 12, type: 'builtins.type', size: 1072, refcount: 2, gen: 2 },
      { id: 13, type: 'builtins.dict', size: 232, refcount: 1, gen: 2 },
    ],
    edges: [{ from: 11, to: 12, label: '', kind: 'type' }, { from: 10, to: 13, label: '__dict__', kind: 'attr' }, { from: 12, to: 11, label: 'last', kind: 'attr' }],
  }));
  expect(gcdiag(['why', file, '--id', '12']).stdout).toMatch(/^Why is type app\.web\.Request alive\?/);
  const dict = gcdiag(['why', file, '--id', '0xd']);
  expect(dict.stdout).toMatch(/immediate dominator │ type app\.web\.Registry/);
  const j = JSON.parse(gcdiag(['why', file, '--id', '13', '--format', 'json']).stdout) as z.infer<typeof WhyReport>;
  expect(j.object?.dominator).toEqual({ id: 10, type: 'builtins.type', name: 'app.web.Registry' });
  WhyReport.parse(j);
});
